"""Speed benchmark: ``podalign align`` end to end against plain faster-whisper, in one run.

Why: podalign promises to fix a transcript's timestamps in less time than merely transcribing
the episode. Both sides run as separate processes on the same audio, one after the other, with
the same model, device and compute type (``aligner.transcription.models.load_whisper`` builds the
baseline's
``WhisperModel`` exactly as podalign does):

  (a) ``WhisperModel.transcribe(audio, word_timestamps=True, beam_size=1)``, fully consumed;
  (b) ``podalign align AUDIO --transcript T -o out.vtt -o out.json`` with an empty
      ``PODALIGN_CACHE``, then again with that cache filled (the cached re-run).

It prints wall times, the ratio b/a, audio duration / wall time (x real time) and each process's
peak RSS (``os.wait4`` rusage of that child alone).

    python -m benchmarks.speed                 # quick: shared podsim-mini (200 s)
    python -m benchmarks.speed --mode full     # the generated long episode
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: The bar of issue 12 on the hour (issue 5's was 0.50): podalign's wall time / faster-whisper's.
RATIO_BAR = 0.30


@dataclass(frozen=True)
class Timed:
    label: str
    wall: float
    max_rss_mb: float
    returncode: int
    note: str = ""
    cpu: float = 0.0  # user + system seconds of the child (steadier than wall on a busy machine)


def run_child(label: str, cmd: list[str], env: dict[str, str]) -> Timed:
    """Run ``cmd``; wall time and the peak RSS of that process tree's largest member."""
    print(f"$ {shlex.join(cmd)}", file=sys.stderr, flush=True)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Timed(label, wall, usage.ru_maxrss / 1024, proc.returncode, out.strip(), cpu)


def baseline_child(audio: str, model_name: str | None, device: str) -> int:
    """(a), run inside its own process: load podalign's model and transcribe everything."""
    t0 = time.monotonic()
    from aligner.transcription.models import load_whisper, pick_device, resolve_model

    spec = resolve_model(model_name)
    dev, compute = pick_device(device)
    model = load_whisper(spec, device=dev, compute_type=compute)
    t1 = time.monotonic()
    segments, info = model.transcribe(audio, word_timestamps=True, beam_size=1, language="en")
    n_words = sum(len(s.words or ()) for s in segments)
    t2 = time.monotonic()
    print(
        json.dumps(
            {
                "model": spec.name,
                "device": dev,
                "compute_type": compute,
                "load_s": round(t1 - t0, 2),
                "transcribe_s": round(t2 - t1, 2),
                "duration": info.duration,
                "words": n_words,
            }
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=("quick", "full"), default="quick")
    p.add_argument("--seed", type=int, default=7, help="episode seed (full mode)")
    p.add_argument("--model", default=None, help="model name for both sides (podalign default)")
    p.add_argument("--device", default="auto")
    p.add_argument("--podalign", default=str(Path(sys.executable).parent / "podalign"))
    p.add_argument("--skip-baseline", action="store_true", help="only time podalign")
    p.add_argument(
        "--repeat", type=int, default=1, help="alternate (a) and (b) N times; ratio of the best"
    )
    p.add_argument("--save", type=Path, default=None, help="also write the figures as JSON")
    p.add_argument("--baseline-child", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.baseline_child:
        return baseline_child(args.baseline_child, args.model, args.device)
    # Only the options asked for are handed to podalign (its defaults are what is measured).
    options = (["--device", args.device] if args.device != "auto" else []) + (
        ["--model", args.model] if args.model else []
    )

    from benchmarks.truth import Truth

    if args.mode == "quick":
        audio = SHARED / "audio" / "podsim-mini.opus"
        transcript = SHARED / "examples" / "podsim-mini.md"
        duration = Truth.load(SHARED / "examples" / "podsim-mini.truth.json").duration
    else:
        from benchmarks.make_episode import DEFAULT_TRANSCRIPT, ensure_episode

        paths, truth = ensure_episode(DEFAULT_TRANSCRIPT, seed=args.seed)
        audio, transcript, duration = paths.audio, DEFAULT_TRANSCRIPT, truth.duration
    load = os.getloadavg()
    print(
        f"speed — {audio.name} ({duration / 60:.1f} min), {os.cpu_count()} CPUs, "
        f"load average at start {load[0]:.2f}",
        flush=True,
    )

    env = dict(os.environ)
    base_cmd = [sys.executable, "-m", "benchmarks.speed", "--baseline-child", str(audio)]
    base_cmd += options
    results: list[Timed] = []
    a_runs: list[Timed] = []
    b_runs: list[Timed] = []
    baseline_info: dict = {}
    with tempfile.TemporaryDirectory(prefix="podalign-speed-") as tmp:
        outs = ["-o", str(Path(tmp) / "out.vtt"), "-o", str(Path(tmp) / "out.json")]
        cmd = [args.podalign, "align", str(audio), "--transcript", str(transcript), *outs]
        cmd += options
        for rep in range(args.repeat):
            tag = f" #{rep + 1}" if args.repeat > 1 else ""
            if not args.skip_baseline:
                a = run_child(f"(a) faster-whisper transcribe{tag}", base_cmd, env)
                a_runs.append(a)
                with contextlib.suppress(ValueError, IndexError):
                    baseline_info = json.loads(a.note.splitlines()[-1])
            env["PODALIGN_CACHE"] = str(Path(tmp) / f"cache{rep}")
            b_runs.append(run_child(f"(b) podalign align, empty cache{tag}", cmd, env))
        cached = run_child("(b') podalign align, cached re-run", cmd, env)
    for i, b in enumerate(b_runs):
        results.extend([a_runs[i], b] if i < len(a_runs) else [b])
    results.append(cached)

    rows = [f"{'':40}{'wall':>10}{'cpu':>9}{'x real time':>13}{'peak RSS':>11}{'rc':>4}"]
    for r in results:
        rows.append(
            f"{r.label:40}{r.wall:9.1f}s{r.cpu:8.1f}s{duration / r.wall:12.1f}x"
            f"{r.max_rss_mb:8.0f} MB{r.returncode:4d}"
        )
    print("\n".join(rows))
    if baseline_info:
        print(
            f"baseline: {baseline_info.get('model')} on {baseline_info.get('device')} "
            f"{baseline_info.get('compute_type')}, model load {baseline_info.get('load_s')} s, "
            f"transcribe {baseline_info.get('transcribe_s')} s, {baseline_info.get('words')} words"
        )
    figures: dict = {
        "audio": audio.name,
        "duration": duration,
        "load_average_at_start": load[0],
        "runs": [
            {
                "label": r.label,
                "wall": round(r.wall, 2),
                "cpu": round(r.cpu, 2),
                "rss_mb": round(r.max_rss_mb),
            }
            for r in results
        ],
        "baseline": baseline_info,
    }
    ok_a = [r.wall for r in a_runs if r.returncode == 0]
    ok_b = [r.wall for r in b_runs if r.returncode == 0]
    if ok_a and ok_b:
        ratio = min(ok_b) / min(ok_a)
        figures["ratio"] = round(ratio, 3)
        verdict = "ok" if ratio <= RATIO_BAR else "MISS"
        best = " (best of each)" if args.repeat > 1 else ""
        print(f"ratio b/a{best} = {ratio:.2f}   (bar <= {RATIO_BAR:.2f}, issue 12): {verdict}")
        cpu_a = min(r.cpu for r in a_runs if r.returncode == 0)
        cpu_b = min(r.cpu for r in b_runs if r.returncode == 0)
        figures["cpu_ratio"] = round(cpu_b / cpu_a, 3)
        print(f"cpu-time ratio b/a = {cpu_b / cpu_a:.2f}   (user + system seconds)")
    if ok_b:
        rss = max(r.max_rss_mb for r in b_runs)
        print(f"podalign peak RSS {rss:.0f} MB (bar <= 1024 MB for the hour)")
    for r in results:
        if r.returncode != 0:
            print(f"{r.label} failed with rc {r.returncode}")
    if args.save:
        args.save.write_text(json.dumps(figures, indent=1))
    return 0 if all(r.returncode == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
