"""Fault injection: ``podalign align`` on cuts of podsim-mini is SIGKILLed at random
moments, again and again, and the next run that is let finish must produce exactly a clean run's
output.

Two modes share the budget: with the published transcript, on the talk alone (32–64.5 s: kills
land in hashing, decoding, model loading, forced alignment and output writing), and without one,
on the first 64.5 s (kills land in Whisper's transcription, which checkpoints every segment and
resumes; the cut has three decoding windows, so a kill there usually leaves finished windows to
resume from). Kill times are
drawn (seeded) over the whole length of a clean run, measured first. After every kill, every
cache entry is checked against its own hash: a killed writer may leave a temp file, never a
corrupt entry under its final name, and any output file that exists is complete. A resumed
transcription continues in the state a clean run would be in (aligner.transcription.resume), so
in both modes the outputs must be byte-identical to a clean run's. Finally a corrupted cache
entry is shown to be recomputed, never read.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hardening_support import Running, verify_cache
from podsim_cut import SHORT_SECONDS, SHORT_TURNS, TALK_START, Episode, make_cut

pytestmark = pytest.mark.slow  # kills CLI subprocesses at random moments, minutes of work

SEED = 20261129
OUTPUTS = ("out.vtt", "out.json")
#: (mode, kills, kills in a row before a run is let finish): 16 + 4 = 20 kills, and at least
#: 2 + 2 runs let finish after kills (more where a run finished before its kill).
PLAN = (("transcript", 16, 8), ("whisper", 4, 2))


@pytest.fixture(scope="module")
def episodes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Episode]:
    """The audio of each mode: with a transcript the talk alone (the intro would cost a Whisper
    pass on every run and add no stage), without one music, intro and talk."""
    folder = tmp_path_factory.mktemp("episode")
    (folder / "talk").mkdir()
    (folder / "all").mkdir()
    return {
        "transcript": make_cut(folder / "talk", SHORT_SECONDS, SHORT_TURNS, TALK_START),
        "whisper": make_cut(folder / "all", SHORT_SECONDS, SHORT_TURNS),
    }


def _args(ep: Episode, mode: str, out: Path) -> list:
    args: list = ["align", ep.audio]
    if mode == "transcript":
        args += ["--transcript", ep.transcript]
    return [*args, *(x for name in OUTPUTS for x in ("-o", out / name))]


@dataclass(frozen=True)
class Clean:
    seconds: float
    outputs: dict[str, bytes]
    cache: Path  # the clean run's cache, kept for the corrupted-entry test


def _complete(
    ep: Episode, mode: str, cache: Path, work: Path, out: Path
) -> tuple[float, dict[str, bytes]]:
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    run = Running(_args(ep, mode, out), cache, cwd=work)
    rc = run.finish(timeout=600)
    assert rc == 0, run.stderr
    return time.monotonic() - started, {n: (out / n).read_bytes() for n in OUTPUTS}


@pytest.fixture(scope="module")
def clean(
    episodes: dict[str, Episode], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Clean]:
    """A clean, uninterrupted run of each mode in an empty cache: its time and outputs."""
    found = {}
    for mode, _, _ in PLAN:
        work = tmp_path_factory.mktemp(f"clean-{mode}")
        seconds, outputs = _complete(episodes[mode], mode, work / "cache", work, work / "out")
        found[mode] = Clean(seconds, outputs, work / "cache")
    return found


def _stage(lines: list[str]) -> str:
    """The stage a run was in, from the progress messages it had printed."""
    stage = "startup"
    for line in lines:
        head = line.split(":", 1)[0].strip()
        if head in {"hash", "decode", "model", "transcribe", "align", "download"}:
            stage = head
    if any(ln.startswith("wrote ") for ln in lines):
        stage = "writing"
    return stage


def test_sigkill_at_random_moments_never_corrupts_anything(
    episodes: dict[str, Episode], clean: dict[str, Clean], tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    kills: list[tuple[str, float, str]] = []
    leftovers = completions = 0
    for mode, target, in_a_row in PLAN:
        reference = clean[mode]
        landed = attempts = streak = 0
        work = cache = out = tmp_path
        fresh = True
        while landed < target:
            attempts += 1
            assert attempts <= 3 * target, f"too few kills landed: {kills}"
            if fresh:  # a new, empty cache: the next kills land on a cold run
                work = tmp_path / f"{mode}-{attempts}"
                work.mkdir()
                cache, out = work / "cache", work / "out"
                out.mkdir()
                fresh, streak = False, 0
            at = rng.uniform(0.05, 0.95) * reference.seconds
            run = Running(_args(episodes[mode], mode, out), cache, cwd=work)
            time.sleep(max(0.0, at - (time.monotonic() - run.started)))
            finished = run.proc.poll() is not None
            run.kill()
            report = verify_cache(cache)
            assert not report.bad, f"after a kill at {at:.2f}s ({mode}): {report.bad}"
            leftovers += len(report.temp_files)
            if finished:  # this run completed before its kill: it must equal a clean run
                assert run.proc.returncode == 0, run.stderr
                kills.append((mode, round(at, 2), "finished"))
            else:
                landed += 1
                streak += 1
                kills.append((mode, round(at, 2), _stage(run.lines)))
                for name in OUTPUTS:  # an output is either absent or complete
                    if (out / name).exists():
                        assert (out / name).read_bytes() == reference.outputs[name], name
                if streak < in_a_row and landed < target:
                    continue
                _complete(episodes[mode], mode, cache, work, out)  # the next run, let finish
            for name in OUTPUTS:
                got = (out / name).read_bytes()
                assert got == reference.outputs[name], f"{mode}: {name} differs from a clean run's"
            report = verify_cache(cache)
            assert not report.bad, report.bad
            assert report.entries.get("alignments") == 1
            if mode == "whisper":
                assert report.entries.get("transcriptions") == 1 and not report.partials
            completions += 1
            fresh = True

    killed = [k for k in kills if k[2] != "finished"]
    assert len(killed) >= 20, kills
    stages = {(mode, stage) for mode, _, stage in killed}
    # kills landed in the expensive stages, not just at startup
    assert ("transcript", "align") in stages, kills
    assert ("whisper", "transcribe") in stages, kills
    print(
        f"\n{len(killed)} kills, {completions} completed runs compared; stages: {sorted(stages)}; "
        f"temp files left by kills: {leftovers}\n{kills}"
    )


def test_a_corrupted_entry_is_recomputed_not_read(
    episodes: dict[str, Episode], clean: dict[str, Clean], tmp_path: Path
) -> None:
    """Flip one byte inside a finished alignment entry: the next run recomputes it."""
    reference = clean["transcript"]
    cache, out = tmp_path / "cache", tmp_path / "out"
    shutil.copytree(reference.cache, cache)  # a finished alignment, as a clean run left it
    (entry,) = (cache / "alignments").glob("*.json")
    raw = bytearray(entry.read_bytes())
    at = raw.index(b'"text"', raw.index(b"\n")) + 9  # inside a line's text, past the header
    raw[at] = ord("X") if raw[at] != ord("X") else ord("Y")
    entry.write_bytes(bytes(raw))
    assert verify_cache(cache).bad  # the checker sees it
    _, outputs = _complete(episodes["transcript"], "transcript", cache, tmp_path, out)
    assert outputs == reference.outputs
    assert not verify_cache(cache).bad  # rewritten, verified
