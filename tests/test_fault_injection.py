"""Fault injection: ``podalign align`` on podsim-mini is SIGKILLed at random moments, again and
again, and the next run that is let finish must produce exactly a clean run's output.

Two modes share the budget: with the published transcript (kills land in hashing, decoding,
model loading, forced alignment and output writing) and without one (kills land in Whisper's
transcription, which checkpoints every segment and resumes). Kill times are drawn (seeded) over
the whole length of a clean run, measured first. After every kill, every cache entry is checked
against its own hash: a killed writer may leave a temp file, never a corrupt entry under its
final name, and any output file that exists is complete. Finally a corrupted cache entry is
shown to be recomputed, never read.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hardening_support import SHARED, Running, verify_cache

pytestmark = pytest.mark.slow  # kills CLI subprocesses at random moments, minutes of work

PODSIM = SHARED / "audio" / "podsim-mini.opus"
PODSIM_MD = SHARED / "examples" / "podsim-mini.md"
SEED = 20261129
OUTPUTS = ("out.vtt", "out.json")
#: (mode, kills, kills in a row before a run is let finish): 16 + 4 = 20 kills.
PLAN = (("transcript", 16, 4), ("whisper", 4, 2))
#: Whisper's transcription resumes "equal up to Whisper's own determinism": word times in the
#: first resumed window may move by a few hundredths of a second (issue 3). With a transcript
#: the output must be byte-identical; without one, times may differ by this much (seconds).
WHISPER_TIME_TOLERANCE = 0.05
_VTT_TIME = re.compile(r"\d\d:\d\d:\d\d\.\d\d\d")


def _args(mode: str, out: Path) -> list:
    args: list = ["align", PODSIM]
    if mode == "transcript":
        args += ["--transcript", PODSIM_MD]
    return [*args, *(x for name in OUTPUTS for x in ("-o", out / name))]


@dataclass(frozen=True)
class Clean:
    seconds: float
    outputs: dict[str, bytes]


def _complete(mode: str, cache: Path, work: Path, out: Path) -> tuple[float, dict[str, bytes]]:
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    run = Running(_args(mode, out), cache, cwd=work)
    rc = run.finish(timeout=600)
    assert rc == 0, run.stderr
    return time.monotonic() - started, {n: (out / n).read_bytes() for n in OUTPUTS}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Clean]:
    """A clean, uninterrupted run of each mode in an empty cache: its time and outputs."""
    found = {}
    for mode, _, _ in PLAN:
        work = tmp_path_factory.mktemp(f"clean-{mode}")
        seconds, outputs = _complete(mode, work / "cache", work, work / "out")
        found[mode] = Clean(seconds, outputs)
    return found


def _seconds(stamp: str) -> float:
    h, m, rest = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(rest)


def _close(a: object, b: object, tol: float) -> bool:
    """Equal, except that numbers (times, confidences) may differ by ``tol``."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k], tol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= tol
    return a == b


def assert_same_output(mode: str, name: str, got: bytes, want: bytes) -> bool:
    """Assert ``got`` is a clean run's output (see WHISPER_TIME_TOLERANCE); True if exact."""
    if mode == "transcript" or got == want:
        assert got == want, f"{name} differs from a clean run's"
        return True
    tol = WHISPER_TIME_TOLERANCE
    if name.endswith(".json"):
        assert _close(json.loads(got), json.loads(want), tol), f"{name}: beyond {tol}s of clean"
        return False
    text, clean_text = got.decode(), want.decode()
    assert _VTT_TIME.sub("T", text) == _VTT_TIME.sub("T", clean_text), f"{name}: other text"
    times = [_seconds(t) for t in _VTT_TIME.findall(text)]
    clean_times = [_seconds(t) for t in _VTT_TIME.findall(clean_text)]
    assert max(abs(x - y) for x, y in zip(times, clean_times)) <= tol, f"{name}: times moved"
    return False


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
    clean: dict[str, Clean], tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    kills: list[tuple[str, float, str]] = []
    leftovers = completions = inexact = 0
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
            run = Running(_args(mode, out), cache, cwd=work)
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
                _complete(mode, cache, work, out)  # the next run, let finish
            for name in OUTPUTS:
                got = (out / name).read_bytes()
                inexact += not assert_same_output(mode, name, got, reference.outputs[name])
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
        f"temp files left by kills: {leftovers}; outputs equal only within "
        f"{WHISPER_TIME_TOLERANCE}s (resumed transcriptions): {inexact}"
    )


def test_a_corrupted_entry_is_recomputed_not_read(clean: dict[str, Clean], tmp_path: Path) -> None:
    """Flip one byte inside a finished alignment entry: the next run recomputes it."""
    reference = clean["transcript"]
    cache, out = tmp_path / "cache", tmp_path / "out"
    _complete("transcript", cache, tmp_path, out)
    (entry,) = (cache / "alignments").glob("*.json")
    raw = bytearray(entry.read_bytes())
    at = raw.index(b'"text"', raw.index(b"\n")) + 9  # inside a line's text, past the header
    raw[at] = ord("X") if raw[at] != ord("X") else ord("Y")
    entry.write_bytes(bytes(raw))
    assert verify_cache(cache).bad  # the checker sees it
    shutil.rmtree(out)
    _, outputs = _complete("transcript", cache, tmp_path, out)
    assert outputs == reference.outputs
    assert not verify_cache(cache).bad  # rewritten, verified
