"""Bad input, table-driven: every case runs the real ``podalign`` CLI in a subprocess.

For each case: the exit code (2 for usage errors, 1 for failures, 130 for Ctrl-C), exactly one
``podalign: error: ...`` line naming the problem and what to do (the last line on stderr), no
traceback (``--debug`` shows one), no output file or temp file left in the output folder, and
the cache intact: every entry that was there is byte-for-byte unchanged, every entry verifies
against its own hash, and no temp file is left behind.

Each case starts from a copy of a cache seeded with one real alignment (``jfk.flac`` and its
transcript), so a case that corrupted or dropped a finished result would be caught.

Argument errors argparse itself reports (an unknown option, a bad choice) need no subprocess:
they are checked in-process at the end. Ctrl-C is in test_interrupts.py; valid but unusual
input in test_unusual_input.py; the shared fixtures in bad_input_support.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from bad_input_support import (
    JFK,
    JFK_TEXT,
    PODSIM_MD,
    Ctx,
    alignment_entries,
    audio,
    closed_port,
    corrupt,
    limit_file_size,
    one_line_5000_words,
    pdf_bytes,
    png_bytes,
    ten_mb,
    truncated,
)
from hardening_support import check_one_line_error, cli_argv, cli_env, snapshot, verify_cache
from made_inputs import tones

from podalign.cli import main

# The shared fixtures (web, seeded_cache, ctx).
pytest_plugins = ("bad_input_support",)

# -- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input: how to build the command, and what the CLI must answer."""

    id: str
    args: Callable[[Ctx], list]
    code: int
    problem: str  # regex the one-line message must match
    advice: str | None = None  # a stricter "what to do" regex (default: any advice word)
    timeout: float = 120
    preflight: bool = False  # must fail before any alignment work is done
    max_rss_mb: float | None = None
    env: dict[str, str] = field(default_factory=dict)
    limit_file_size: int | None = None  # RLIMIT_FSIZE for the child: a full disk
    fresh_cache: bool = False  # start from an empty cache instead of the seeded one
    stderr_also: str | None = None  # regex another stderr line must match (a warning)


CASES = [
    # --- the audio --------------------------------------------------------------------------
    Case("missing-file", lambda c: c.align(c.work / "nope.mp3"), 1, r"nope\.mp3.*no such file"),
    Case("directory", lambda c: c.align(c.work), 1, r"director|folder"),
    Case("zero-byte-file", lambda c: c.align(c.file("empty.mp3", b"")), 1, r"empty|0 bytes"),
    Case(
        "truncated-to-header",
        lambda c: c.align(truncated(c, 0.002)),
        1,
        r"half-downloaded\.flac.*(truncated|damaged|not a media file|no samples|cannot decode)",
    ),
    Case(
        "truncated-halfway",
        lambda c: c.align(truncated(c, 0.5)),
        1,
        r"matches little|truncated|damaged",
        stderr_also=r"(truncated|damaged|ends early|cut short)",
    ),
    Case(
        "corrupt-audio",
        lambda c: c.align(corrupt(c)),
        1,
        r"corrupt\.flac.*(damaged|corrupt|cannot decode|no samples)",
    ),
    Case(
        "pdf-not-audio",
        lambda c: c.align(c.file("notes.pdf", pdf_bytes())),
        1,
        r"notes\.pdf.*(not a media|no audio|not audio)",
    ),
    Case(
        "png-not-audio",
        lambda c: c.align(c.file("cover.png", png_bytes())),
        1,
        r"cover\.png.*(not a media|no audio|not audio)",
    ),
    Case(
        "silence-with-transcript",
        lambda c: c.align(audio(c, "silence.flac", np.zeros(16000 * 20, np.float32))),
        1,
        r"no speech|matches little",
    ),
    Case(
        "music-with-transcript",
        lambda c: c.align(audio(c, "music.flac", tones(20))),
        1,
        r"no speech|matches little",
    ),
    Case(
        "silence-without-transcript",
        lambda c: c.align(audio(c, "silence.flac", np.zeros(16000 * 20, np.float32)), None),
        1,
        r"silence\.flac.*no speech|no speech.*silence\.flac",
    ),
    Case(
        "music-without-transcript",
        lambda c: c.align(audio(c, "music.flac", tones(20)), None),
        1,
        r"no speech",
    ),
    Case(
        "under-one-second",
        lambda c: c.align(audio(c, "blip.flac", tones(0.6))),
        1,
        r"no speech|matches little|too short",
    ),
    # --- the transcript ---------------------------------------------------------------------
    Case("empty-transcript", lambda c: c.align(JFK, c.file("t.md", b"")), 1, r"t\.md.*empty"),
    Case(
        "blank-transcript",
        lambda c: c.align(JFK, c.file("t.md", " \n\n\t \n")),
        1,
        r"t\.md.*(empty|no text|blank)",
    ),
    Case(
        "binary-transcript",
        lambda c: c.align(JFK, c.file("t.md", np.random.default_rng(3).bytes(4000))),
        1,
        r"t\.md.*binary",
    ),
    Case(
        "transcript-of-another-episode",
        lambda c: c.align(JFK, PODSIM_MD),
        1,
        r"matches little.*\d+\s*%.*--force",
    ),
    Case(
        "timestamps-but-no-text",
        lambda c: c.align(JFK, c.file("t.txt", "[00:00:01]\n[00:00:05]\n[00:00:09]\n")),
        1,
        r"t\.txt.*(no text|no words|only timestamps|timestamps but no text)",
    ),
    Case(
        "srt-cues-without-text",
        lambda c: c.align(
            JFK,
            c.file(
                "t.srt", "1\n00:00:01,000 --> 00:00:04,000\n\n2\n00:00:05,000 --> 00:00:09,000\n\n"
            ),
        ),
        1,
        r"t\.srt.*(no text|no words|empty|no cues)",
    ),
    Case(
        "ten-megabyte-transcript",
        lambda c: c.align(JFK, ten_mb(c)),
        1,
        r"matches little",
        timeout=180,
        max_rss_mb=2500,
    ),
    Case(
        "one-line-of-5000-words",
        lambda c: c.align(JFK, one_line_5000_words(c)),
        1,
        r"matches little",
        timeout=180,
    ),
    # --- URLs -------------------------------------------------------------------------------
    Case(
        "unreachable-url",
        lambda c: c.align(f"http://127.0.0.1:{closed_port()}/episode.mp3"),
        1,
        r"cannot fetch .*episode\.mp3.*(refused|unreachable|connect)",
        advice=r"check|network|connection|try again",
    ),
    Case(
        "unsupported-url-scheme",
        lambda c: c.align("ftp://example.com/episode.mp3"),
        2,
        r"ftp://.*not supported",
    ),
    Case(
        "url-of-a-page-without-media",
        lambda c: c.align(f"{c.web}/show-notes.html"),
        1,
        r"show-notes\.html.*(unsupported url|no media|no audio)",
    ),
    # --- model and device ---------------------------------------------------------------------
    Case(
        "unknown-model",
        lambda c: c.align(JFK, "jfk", "--model", "tiny.xx"),
        2,
        r"unknown model 'tiny\.xx'",
    ),
    Case(
        "unknown-model-checked-before-download",
        lambda c: c.align(f"{c.web}/stall/episode.opus", "jfk", "--model", "tiny.xx"),
        2,
        r"unknown model 'tiny\.xx'",
        timeout=30,
    ),
    Case(
        "cuda-without-gpu",
        lambda c: c.align(JFK, "jfk", "--device", "cuda"),
        1,
        r"cuda.*(no|not).*gpu|gpu.*cuda",
        advice=r"--device (cpu|auto)",
    ),
    # --- outputs ------------------------------------------------------------------------------
    Case(
        "output-folder-missing",
        lambda c: [*c.align(JFK, c.jfk_transcript(JFK_TEXT.upper()))[:4], "-o", c.out / "no/x.vtt"],
        1,
        r"no/x\.vtt.*(does not exist|missing)",
        advice=r"create",
        preflight=True,
    ),
    Case(
        "output-parent-is-a-file",
        lambda c: [
            *c.align(JFK, c.jfk_transcript(JFK_TEXT.upper()))[:4],
            "-o",
            c.file("notes.txt", "x") / "x.vtt",
        ],
        1,
        r"notes\.txt.*not a (folder|directory)",
        preflight=True,
    ),
    Case(
        "output-extension-unknown",
        lambda c: [*c.align(JFK, c.jfk_transcript(JFK_TEXT.upper()))[:4], "-o", c.out / "x.xyz"],
        2,
        r"x\.xyz.*(format|extension)",
        preflight=True,
    ),
    Case(
        # /sys refuses new files even to root (EACCES), unlike a chmod-ed folder
        "output-folder-read-only",
        lambda c: [*c.align(JFK)[:4], "-o", "/sys/podalign-out.vtt"],
        1,
        r"podalign-out\.vtt.*(permission|read-only|not writable)",
    ),
    Case(
        "disk-full-while-writing-output",
        lambda c: c.align(JFK),
        1,
        r"(no space|disk is full|disk full|too large)",
        advice=r"free",
        limit_file_size=0,
    ),
    Case(
        "disk-full-while-writing-the-cache",
        lambda c: c.align(JFK, c.jfk_transcript(JFK_TEXT.upper())),
        1,
        r"(no space|disk is full|disk full|too large)",
        advice=r"free",
        limit_file_size=1500,
    ),
    Case(
        "disk-full-from-the-first-write",
        lambda c: c.align(JFK),
        1,
        r"(no space|disk is full|disk full|too large)",
        advice=r"free",
        limit_file_size=0,
        fresh_cache=True,
    ),
    # --- the command line -----------------------------------------------------------------------
    Case("no-output-given", lambda c: ["align", JFK, "--transcript", c.jfk_transcript()], 2, r"-o"),
]


def _run(case: Case, ctx: Ctx, argv: list) -> tuple[int, str, float]:
    """Run the CLI, returning (exit code, stderr, peak RSS in MB)."""
    preexec = (
        partial(limit_file_size, case.limit_file_size) if case.limit_file_size is not None else None
    )
    env = cli_env(ctx.cache, **case.env)
    proc = subprocess.Popen(
        cli_argv(argv),
        cwd=ctx.work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
    )
    timer = threading.Timer(case.timeout, proc.kill)
    timer.start()
    try:
        stderr = proc.stderr.read() if proc.stderr else ""
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
        proc.returncode = 0  # reaped by wait4
    if os.WIFSIGNALED(status):
        pytest.fail(f"killed by signal {os.WTERMSIG(status)} (timeout {case.timeout}s?):\n{stderr}")
    return os.WEXITSTATUS(status), stderr, usage.ru_maxrss / 1024


@pytest.mark.slow  # every case runs the CLI in a subprocess
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, ctx: Ctx) -> None:
    if case.fresh_cache:
        shutil.rmtree(ctx.cache)
    argv = case.args(ctx)
    before = snapshot(ctx.cache)
    aligned_before = alignment_entries(ctx.cache)
    out_before = sorted(os.listdir(ctx.out))
    work_before = sorted(os.listdir(ctx.work))

    rc, stderr, rss = _run(case, ctx, argv)

    check_one_line_error((rc, stderr), case.code, case.problem, advice=case.advice is None)
    message = stderr.strip().splitlines()[-1]
    if case.advice:
        assert re.search(case.advice, message, re.IGNORECASE), f"no {case.advice!r} in: {message}"
    if case.stderr_also:
        assert re.search(case.stderr_also, stderr, re.IGNORECASE), stderr
    # no partial output anywhere
    assert sorted(os.listdir(ctx.out)) == out_before, "an output or temp file was left behind"
    assert sorted(os.listdir(ctx.work)) == work_before, "a file appeared in the working folder"
    # the cache intact: nothing that was there changed, everything there verifies
    after = snapshot(ctx.cache)
    changed = [k for k, v in before.items() if after.get(k) != v]
    assert not changed, f"cache entries changed or vanished: {changed}"
    report = verify_cache(ctx.cache)
    assert not report.bad, report.bad
    assert not report.temp_files, f"temp files left in the cache: {report.temp_files}"
    if case.preflight:
        assert alignment_entries(ctx.cache) == aligned_before, (
            "the output problem was found only after aligning; check outputs before the work"
        )
    if case.max_rss_mb is not None:
        assert rss <= case.max_rss_mb, f"peak RSS {rss:.0f} MB > {case.max_rss_mb} MB"


# -- argument errors: argparse answers them before any work, so they are checked in-process ------

ARGUMENT_ERRORS = [
    ("unknown-device", ["align", str(JFK), "-o", "x.vtt", "--device", "tpu"], r"--device.*tpu"),
    ("unknown-option", ["align", str(JFK), "-o", "x.vtt", "--frobnicate"], r"--frobnicate"),
    ("missing-source", ["align"], r"SOURCE"),
    ("unknown-command", ["frobnicate"], r"frobnicate"),
    ("bad-quiet-place", ["align", "-q=1", str(JFK)], r"-q"),
    ("export-without-output", ["export", "t.md"], r"-o"),
    (
        "export-bad-format",
        ["export", "t.md", "-o", "x.vtt", "--transcript-format", "docx"],
        r"docx",
    ),
]


@pytest.mark.parametrize(
    ("argv", "problem"), [a[1:] for a in ARGUMENT_ERRORS], ids=[a[0] for a in ARGUMENT_ERRORS]
)
def test_argument_errors_are_one_line_and_exit_2(
    argv: list[str],
    problem: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # where a relative -o x.vtt would land
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    check_one_line_error((exit_info.value.code, err), 2, problem, advice=False)
    assert err.strip().endswith("--help')"), err  # says where to look
    assert not list(tmp_path.iterdir())
