"""Bad input, table-driven: every case runs the real ``podalign`` CLI in a subprocess.

For each case: the exit code (2 for usage errors, 1 for failures, 130 for Ctrl-C), exactly one
``podalign: error: ...`` line naming the problem and what to do (the last line on stderr), no
traceback (``--debug`` shows one), no output file or temp file left in the output folder, and
the cache intact: every entry that was there is byte-for-byte unchanged, every entry verifies
against its own hash, and no temp file is left behind.

Each case starts from a copy of a cache seeded with one real alignment (``jfk.flac`` and its
transcript), so a case that corrupted or dropped a finished result would be caught.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from hardening_support import (
    JFK_TEXT,
    SHARED,
    Running,
    check_one_line_error,
    cli_argv,
    cli_env,
    long_opus,
    pdf_bytes,
    png_bytes,
    snapshot,
    tones,
    verify_cache,
    write_audio,
)

JFK = SHARED / "audio" / "jfk.flac"
PODSIM = SHARED / "audio" / "podsim-mini.opus"
PODSIM_MD = SHARED / "examples" / "podsim-mini.md"


# -- a local web server: a slow episode, an HTML page with no media ------------------------------


class _Handler(BaseHTTPRequestHandler):
    episode = PODSIM.read_bytes() if PODSIM.exists() else b""

    def log_message(self, *args: object) -> None:
        pass

    def _head(self, ctype: str, length: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_HEAD(self) -> None:
        if self.path.startswith(("/slow/", "/stall/")):
            self._head("audio/ogg", len(self.episode))
        else:
            self._head("text/html; charset=utf-8", 0)

    def do_GET(self) -> None:
        if self.path.startswith(("/slow/", "/stall/")):
            # /slow/: ~40 KB/s (15 s for the episode); /stall/: 64 KB, then ~2 KB/s
            self._head("audio/ogg", len(self.episode))
            slow = self.path.startswith("/slow/")
            try:
                for i in range(0, len(self.episode), 4096):
                    self.wfile.write(self.episode[i : i + 4096])
                    self.wfile.flush()
                    time.sleep(0.1 if slow or i < 65536 else 2.0)
            except OSError:
                pass
            return
        page = (
            b"<!doctype html><html><head><title>Show notes</title></head><body>"
            + (b"<p>No audio or video here, just words.</p>" * 20)
            + b"</body></html>"
        )
        self._head("text/html; charset=utf-8", len(page))
        self.wfile.write(page)


@pytest.fixture(scope="module")
def web() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


# -- the seeded cache and each case's sandbox ------------------------------------------------


@pytest.fixture(scope="session")
def seeded_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache holding one finished alignment (jfk.flac + its transcript), made by the CLI."""
    work = tmp_path_factory.mktemp("seed")
    cache = work / "cache"
    transcript = work / "jfk.txt"
    transcript.write_text(JFK_TEXT + "\n", encoding="utf-8")
    proc = subprocess.run(
        cli_argv(["align", JFK, "--transcript", transcript, "-o", work / "seed.vtt", "-q"]),
        cwd=work,
        env=cli_env(cache),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert verify_cache(cache).entries.get("alignments") == 1
    return cache


@dataclass
class Ctx:
    """A case's sandbox: ``work`` (cwd), ``out`` (empty output folder), ``cache`` (a copy of the
    seeded cache), ``web`` (the local server's base URL)."""

    work: Path
    out: Path
    cache: Path
    web: str
    env: dict[str, str] = field(default_factory=dict)

    def file(self, name: str, content: bytes | str) -> Path:
        path = self.work / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    def jfk_transcript(self, text: str = JFK_TEXT) -> Path:
        return self.file("jfk.txt", text + "\n")

    def align(self, source: object, transcript: object | None = "jfk", *extra: object) -> list:
        """``align SOURCE [--transcript T] -o out/out.vtt -o out/out.json EXTRA...``."""
        args: list = ["align", source]
        if transcript == "jfk":
            transcript = self.jfk_transcript()
        if transcript is not None:
            args += ["--transcript", transcript]
        return [*args, "-o", self.out / "out.vtt", "-o", self.out / "out.json", *extra]


@pytest.fixture
def ctx(tmp_path: Path, seeded_cache: Path, web: str) -> Ctx:
    cache = tmp_path / "cache"
    shutil.copytree(seeded_cache, cache)
    out = tmp_path / "out"
    out.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    return Ctx(work=work, out=out, cache=cache, web=web)


# -- inputs ------------------------------------------------------------------------------------


def _audio(ctx: Ctx, name: str, samples: np.ndarray) -> Path:
    return write_audio(ctx.work / name, samples)


def _truncated(ctx: Ctx, keep: float) -> Path:
    raw = JFK.read_bytes()
    return ctx.file("half-downloaded.flac", raw[: int(len(raw) * keep)])


def _corrupt(ctx: Ctx) -> Path:
    raw = JFK.read_bytes()
    noise = np.random.default_rng(7).bytes(len(raw) - 8192)
    return ctx.file("corrupt.flac", raw[:8192] + noise)


def _ten_mb(ctx: Ctx) -> Path:
    para = f"**Host** [00:00:00]: {JFK_TEXT} " + " ".join(["words of another talk"] * 40) + "\n\n"
    return ctx.file("huge.md", para * (10 * 1024 * 1024 // len(para) + 1))


def _one_line_5000_words(ctx: Ctx) -> Path:
    words = (JFK_TEXT.replace(",", "").replace(".", "") + " ").split()
    line = " ".join(words[i % len(words)] for i in range(5000))
    return ctx.file("one-line.txt", line + "\n")


UNICODE_TEXT = (
    "**Ведущий 🎙️** [00:00:00]: And so, my fellow Americans 🇺🇸, ask not what your country "
    "can do for you, ask what you can do for your country. (שָׁלוֹם — مرحبا) ✨\n"
)


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
        lambda c: c.align(_truncated(c, 0.002)),
        1,
        r"half-downloaded\.flac.*(truncated|damaged|not a media file|no samples|cannot decode)",
    ),
    Case(
        "truncated-halfway",
        lambda c: c.align(_truncated(c, 0.5)),
        1,
        r"matches little|truncated|damaged",
        stderr_also=r"(truncated|damaged|ends early|cut short)",
    ),
    Case(
        "corrupt-audio",
        lambda c: c.align(_corrupt(c)),
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
        lambda c: c.align(_audio(c, "silence.flac", np.zeros(16000 * 20, np.float32))),
        1,
        r"no speech|matches little",
    ),
    Case(
        "music-with-transcript",
        lambda c: c.align(_audio(c, "music.flac", tones(20))),
        1,
        r"no speech|matches little",
    ),
    Case(
        "silence-without-transcript",
        lambda c: c.align(_audio(c, "silence.flac", np.zeros(16000 * 20, np.float32)), None),
        1,
        r"silence\.flac.*no speech|no speech.*silence\.flac",
    ),
    Case(
        "music-without-transcript",
        lambda c: c.align(_audio(c, "music.flac", tones(20)), None),
        1,
        r"no speech",
    ),
    Case(
        "under-one-second",
        lambda c: c.align(_audio(c, "blip.flac", tones(0.6))),
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
        lambda c: c.align(JFK, _ten_mb(c)),
        1,
        r"matches little",
        timeout=180,
        max_rss_mb=2500,
    ),
    Case(
        "one-line-of-5000-words",
        lambda c: c.align(JFK, _one_line_5000_words(c)),
        1,
        r"matches little",
        timeout=180,
    ),
    # --- URLs -------------------------------------------------------------------------------
    Case(
        "unreachable-url",
        lambda c: c.align(f"http://127.0.0.1:{_closed_port()}/episode.mp3"),
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
    Case(
        "unknown-device",
        lambda c: c.align(JFK, "jfk", "--device", "tpu"),
        2,
        r"--device.*tpu",
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
    Case("unknown-option", lambda c: [*c.align(JFK), "--frobnicate"], 2, r"--frobnicate"),
]


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    # CPython ignores SIGXFSZ, so an over-limit write fails with EFBIG like a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _run(case: Case, ctx: Ctx, argv: list) -> tuple[int, str, float]:
    """Run the CLI, returning (exit code, stderr, peak RSS in MB)."""
    preexec = (
        partial(_limit_file_size, case.limit_file_size)
        if case.limit_file_size is not None
        else None
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


def _alignment_entries(cache: Path) -> set[str]:
    folder = cache / "alignments"
    return {p.name for p in folder.glob("*.json")} if folder.is_dir() else set()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, ctx: Ctx) -> None:
    if case.fresh_cache:
        shutil.rmtree(ctx.cache)
    argv = case.args(ctx)
    before = snapshot(ctx.cache)
    aligned_before = _alignment_entries(ctx.cache)
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
        assert _alignment_entries(ctx.cache) == aligned_before, (
            "the output problem was found only after aligning; check outputs before the work"
        )
    if case.max_rss_mb is not None:
        assert rss <= case.max_rss_mb, f"peak RSS {rss:.0f} MB > {case.max_rss_mb} MB"


def test_debug_shows_the_traceback(ctx: Ctx) -> None:
    argv = ["--debug", *ctx.align(ctx.work / "nope.mp3")]
    proc = subprocess.run(
        cli_argv(argv),
        cwd=ctx.work,
        env=cli_env(ctx.cache),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "SourceError" in proc.stderr, proc.stderr


# -- valid but unusual input: it must simply work ------------------------------------------------


def test_unicode_emoji_and_rtl_text_survive(ctx: Ctx) -> None:
    transcript = ctx.file("unicode.md", UNICODE_TEXT)
    proc = subprocess.run(
        cli_argv(
            [*ctx.align(JFK, transcript), "-o", ctx.out / "out.srt", "-o", ctx.out / "out.md"]
        ),
        cwd=ctx.work,
        env=cli_env(ctx.cache),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    for name in ("out.vtt", "out.srt", "out.json", "out.md"):
        text = (ctx.out / name).read_text(encoding="utf-8")
        for piece in ("🇺🇸", "שָׁלוֹם", "مرحبا", "✨", "Ведущий 🎙️"):
            assert piece in text, (name, piece, text[:500])
    vtt = (ctx.out / "out.vtt").read_text(encoding="utf-8")
    start = re.search(r"(\d\d):(\d\d)\.(\d\d\d) -->", vtt)
    assert start and int(start.group(2)) < 2, vtt  # placed on the speech, not somewhere odd


def test_a_3_hour_file_decodes_in_flat_memory(tmp_path: Path) -> None:
    """Open (hash) and decode a 3-hour file in a subprocess; peak RSS stays near the output."""
    path = long_opus(tmp_path / "three-hours.opus", 3.0)
    code = (
        "import resource, sys\n"
        "from aligner.decoding.decode import decode_audio\n"
        "from aligner.progress import drive\n"
        "from aligner.sources import open_source\n"
        "media = drive(open_source(sys.argv[1]))\n"
        "audio = drive(decode_audio(media.path))\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(audio.shape[0], audio.dtype, audio.nbytes, peak)\n"
    )
    proc = subprocess.run(
        [*cli_argv([])[:1], "-c", code, str(path)],
        env=cli_env(tmp_path / "cache"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    n, dtype, nbytes, peak = proc.stdout.split()
    assert dtype == "float32" and abs(int(n) - 3 * 3600 * 16000) <= 16000
    buffer = 3 * 3600 * 16000 * 4  # the 16 kHz float32 result itself: ~691 MB
    assert int(nbytes) <= buffer * 1.001
    assert int(peak) <= 1.5 * buffer, f"peak RSS {int(peak) / 2**20:.0f} MiB for a 659 MiB buffer"


# -- Ctrl-C --------------------------------------------------------------------------------------


def _interrupt(run: Running, when: Callable[[], bool], timeout: float, what: str) -> int:
    assert run.wait_for(when, timeout), f"never reached {what}; stderr:\n{run.stderr}"
    assert run.proc.poll() is None, f"finished before the interrupt; stderr:\n{run.stderr}"
    run.proc.send_signal(signal.SIGINT)
    return run.finish(timeout=60)


def _check_interrupted(rc: int, run: Running, ctx: Ctx, before: dict[str, str]) -> None:
    check_one_line_error((rc, run.stderr), 130, r"interrupt", advice=False)
    assert not os.listdir(ctx.out), "an output or temp file was left behind"
    after = snapshot(ctx.cache)
    assert all(after.get(k) == v for k, v in before.items()), "finished cache entries changed"
    report = verify_cache(ctx.cache)
    assert not report.bad and not report.temp_files, report


def test_ctrl_c_during_download(ctx: Ctx) -> None:
    before = snapshot(ctx.cache)
    run = Running(ctx.align(f"{ctx.web}/slow/episode.opus"), ctx.cache, cwd=ctx.work)
    downloads = ctx.cache / "downloads"
    rc = _interrupt(
        run,
        lambda: (
            downloads.is_dir()
            and any(p.stat().st_size > 30000 for p in downloads.rglob("*") if p.is_file())
        ),
        60,
        "the download",
    )
    _check_interrupted(rc, run, ctx, before)
    assert not (ctx.cache / "media").is_dir() or not os.listdir(ctx.cache / "media")


def test_ctrl_c_during_transcription(ctx: Ctx) -> None:
    before = snapshot(ctx.cache)
    run = Running(ctx.align(PODSIM, None), ctx.cache, cwd=ctx.work)
    partial = ctx.cache / "transcriptions"
    rc = _interrupt(
        run,
        lambda: (
            partial.is_dir() and any(p.stat().st_size > 0 for p in partial.glob("*.partial.jsonl"))
        ),
        120,
        "the transcription",
    )
    _check_interrupted(rc, run, ctx, before)
    assert not list(partial.glob("*.json")), "the transcription finished before the interrupt"
    assert verify_cache(ctx.cache).partials, "the checkpoint of the finished segments was dropped"


def test_ctrl_c_during_alignment(ctx: Ctx) -> None:
    before = snapshot(ctx.cache)
    run = Running(ctx.align(PODSIM, PODSIM_MD), ctx.cache, cwd=ctx.work)
    rc = _interrupt(run, lambda: run.saw(r"^align: \d+ words"), 120, "the alignment")
    _check_interrupted(rc, run, ctx, before)
    assert len(_alignment_entries(ctx.cache)) == 1, "the alignment finished before the interrupt"
