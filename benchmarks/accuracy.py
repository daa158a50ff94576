"""Accuracy benchmark: run the real ``podalign align`` and score its WebVTT against the truth.

Why: what users get is the caption file, so the score comes from the WebVTT (cues matched to
truth sentences by their words), plus the podalign JSON for line statuses (is the turn that was
left out of the audio flagged ``not_in_audio``?). Thresholds are those of issue 5.

    python -m benchmarks.accuracy                       # quick: shared podsim-mini, page transcript
    python -m benchmarks.accuracy --mode full --variant all
    python -m benchmarks.accuracy --mode full --variant srt-drift --keep /tmp/acc

Modes: ``quick`` (``shared/audio/podsim-mini.opus`` with its truth), ``full`` (the episode
of ``make_episode.py``, synthesized first if not cached) and ``real`` (the real-speech episode
of ``real_episode.py``; ``--audio flac|mp3-16k|mp3-44k`` picks its encoding, ``--order long``
its longer running order, ``--order xl`` the longest). Variants of the
transcript handed to podalign: ``page`` (the published markdown page), ``srt-drift``
(captions whose clock runs x1.015 + 9 s), ``plain`` (plain text, no names, no times). Exit 0
whatever the figures; 1 only if podalign produced no output.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.score import Scores, parse_vtt, score
from benchmarks.truth import Truth, drifting_srt, plain_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT_DIR = ROOT / "benchmarks" / "out"
VARIANTS = ("page", "srt-drift", "plain")
#: The cache namespace of finished alignments (``aligner.pipeline.ALIGNMENTS_NS``).
ALIGNMENTS_NS = "alignments"


@dataclass(frozen=True)
class Case:
    """One benchmark input: audio, truth, and the transcript file for each variant."""

    name: str
    audio: Path
    truth: Truth
    transcripts: dict[str, Path]
    reference: Path | None = None  # the lossless master, where ``--truth onset-checked`` listens


def quick_case() -> Case:
    """``podsim-mini``: 200 s, music + read intro, 8 turns; variants derived from its truth."""
    from aligner.formats import read_transcript

    audio = SHARED / "audio" / "podsim-mini.opus"
    page = SHARED / "examples" / "podsim-mini.md"
    truth = Truth.load(SHARED / "examples" / "podsim-mini.truth.json")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    srt = OUT_DIR / "podsim-mini.drift.srt"
    srt.write_text(drifting_srt(truth), encoding="utf-8")
    plain = OUT_DIR / "podsim-mini.plain.txt"
    turns = read_transcript(page).turns
    plain.write_text(plain_text([p for t in turns for p in t.paragraphs]), encoding="utf-8")
    return Case(
        "quick (podsim-mini)", audio, truth, {"page": page, "srt-drift": srt, "plain": plain}
    )


def full_case(seed: int, turns: int | None, engine: str = "piper") -> Case:
    """The generated long episode (synthesized now if it is not cached yet)."""
    from benchmarks.make_episode import DEFAULT_TRANSCRIPT, ensure_episode

    paths, truth = ensure_episode(DEFAULT_TRANSCRIPT, seed=seed, turns=turns, engine=engine)
    page = DEFAULT_TRANSCRIPT
    if turns is not None:
        page = paths.plain  # a page cut to N turns does not exist; plain text stands in
    return Case(
        f"full ({paths.audio.name}, {truth.duration / 60:.1f} min)",
        paths.audio,
        truth,
        {"page": page, "srt-drift": paths.srt, "plain": paths.plain},
    )


def real_case(audio: str, order: str = "default", mix: int = 0) -> Case:
    """The real-speech episode (``real_episode.py``, running ``order``, re-mixed: ``mix``) in
    one of its encodings."""
    from aligner.formats import read_transcript
    from benchmarks.real_episode import ensure_episode

    paths, truth = ensure_episode(order=order, mix=mix)
    file = {"flac": paths.flac, "mp3-16k": paths.mp3_16k, "mp3-44k": paths.mp3_44k}[audio]
    srt = paths.page.with_suffix(".drift.srt")
    srt.write_text(drifting_srt(truth), encoding="utf-8")
    plain = paths.page.with_suffix(".plain.txt")
    turns = read_transcript(paths.page).turns
    plain.write_text(plain_text([p for t in turns for p in t.paragraphs]), encoding="utf-8")
    return Case(
        f"real ({file.name}, {truth.duration / 60:.1f} min)",
        file,
        truth,
        {"page": paths.page, "srt-drift": srt, "plain": plain},
        paths.flac,
    )


@dataclass(frozen=True)
class Run:
    variant: str
    transcript: Path
    seconds: float
    returncode: int
    stderr_tail: str
    scores: Scores | None


def score_outputs(case: Case, variant: str, vtt: Path, js: Path) -> Scores:
    """Score an existing WebVTT (and podalign JSON, if there) against ``case``'s truth."""
    cues = parse_vtt(vtt.read_text(encoding="utf-8"))
    lines = json.loads(js.read_text(encoding="utf-8")).get("lines") if js.exists() else None
    return score(case.truth, cues, lines)


def _outputs(workdir: Path, variant: str) -> tuple[Path, Path]:
    return workdir / f"{variant}.vtt", workdir / f"{variant}.json"


def run_align(
    case: Case, variant: str, workdir: Path, podalign: list[str], extra: list[str], env: dict
) -> Run:
    """``podalign align AUDIO --transcript T -o out.vtt -o out.json``, then score the outputs."""
    transcript = case.transcripts[variant]
    vtt, js = _outputs(workdir, variant)
    if not podalign:  # --score-only: the outputs of an earlier run
        if not vtt.exists():
            return Run(variant, transcript, 0.0, 1, f"{vtt} does not exist", None)
        return Run(variant, transcript, 0.0, 0, "", score_outputs(case, variant, vtt, js))
    for p in (vtt, js):
        p.unlink(missing_ok=True)
    cmd = [
        *podalign,
        "align",
        str(case.audio),
        "--transcript",
        str(transcript),
        "-o",
        str(vtt),
        "-o",
        str(js),
        *extra,
    ]
    print(f"$ {shlex.join(cmd)}", file=sys.stderr, flush=True)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - t0
    tail = "\n".join(proc.stderr.strip().splitlines()[-3:])
    if proc.returncode != 0 or not vtt.exists():
        return Run(variant, transcript, seconds, proc.returncode, tail, None)
    scores = score_outputs(case, variant, vtt, js)
    return Run(variant, transcript, seconds, proc.returncode, tail, scores)


def _pct(x: float) -> str:
    return f"{100 * x:6.1f} %"


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("  ok" if ok else "  MISS")


def table(case: Case, runs: list[Run], worst_n: int = 8) -> str:
    """The figures of all runs side by side, with issue 5's bar in the last column."""
    header = f"{'':34}" + "".join(f"{r.variant:>16}" for r in runs) + "   bar"
    rows = [f"accuracy — {case.name}", header, "-" * len(header)]

    def row(label: str, fmt, bar: str = "") -> None:
        cells = []
        for r in runs:
            cells.append(f"{'n/a' if r.scores is None else fmt(r.scores):>16}")
        rows.append(f"{label:34}" + "".join(cells) + f"   {bar}")

    def ok_pct(value, bar: float) -> str:
        return f"{_pct(value)}{_mark(value >= bar)}"

    cells = "".join(f"{f'{r.seconds:.0f} s (rc {r.returncode})':>16}" for r in runs)
    rows.append(f"{'podalign align wall time':34}" + cells)
    row("truth sentences in audio", lambda s: str(s.sentences))
    row("cues in the WebVTT", lambda s: str(s.cues))
    row("coverage (sentence = cue start)", lambda s: ok_pct(s.coverage, 0.98), ">= 98 %")
    row(
        "median |start error|",
        lambda s: f"{1000 * s.abs_quantile(0.5):.0f} ms{_mark(s.abs_quantile(0.5) <= 0.060)}",
        "<= 60 ms",
    )
    row("p90 |start error|", lambda s: f"{1000 * s.abs_quantile(0.9):.0f} ms")
    row("median signed error (bias)", lambda s: f"{1000 * s.bias:+.0f} ms")
    row("starts within 0.3 s", lambda s: ok_pct(s.within(0.3), 0.97), ">= 97 %")
    row("starts within 0.5 s", lambda s: ok_pct(s.within(0.5), 0.99), ">= 99 %")
    row("starts within 1.0 s", lambda s: _pct(s.within(1.0)))
    row(
        "turn starts within 0.5 s",
        lambda s: f"{s.turns_ok}/{s.turns}{_mark(s.turns_ok == s.turns)}",
        "all",
    )
    row(
        "cues on intro/ad/outro/music",
        lambda s: f"{len(s.cues_on_extra)}{_mark(not s.cues_on_extra)}",
        "0",
    )
    row("cues matching no truth text", lambda s: str(s.stray_cues))
    row(
        "left-out sentences given a cue",
        lambda s: (
            "n/a"
            if not s.dropped_sentences
            else f"{s.dropped_with_cue}/{s.dropped_sentences}{_mark(s.dropped_with_cue == 0)}"
        ),
        "0",
    )
    row(
        "left-out turn not_in_audio (JSON)",
        lambda s: (
            "n/a"
            if s.dropped_flagged is None
            else ("yes" if s.dropped_flagged else "NO") + _mark(s.dropped_flagged)
        ),
        "yes",
    )
    row(
        "JSON line statuses",
        lambda s: " ".join(f"{k[:3]}={v}" for k, v in s.status_counts) or "n/a",
    )
    for r in runs:
        rows.extend(_details(case, r, worst_n))
    return "\n".join(rows)


def _details(case: Case, r: Run, worst_n: int) -> list[str]:
    """Lines naming what went wrong in one run: failures, worst starts, cues on extra audio."""
    if r.scores is None:
        return [f"  {r.variant}: podalign failed (rc {r.returncode}): {r.stderr_tail}"]
    out: list[str] = []
    sents = case.truth.sentences

    def where(i: int) -> str:
        s = sents[i]
        return f"at {s.start:8.3f} s  turn {s.turn:3d}.{s.index:<3d} {s.text[:48]!r}"

    worst = sorted(r.scores.placed, key=lambda p: -abs(p[1]))[:worst_n]
    misses = [(i, e) for i, e in worst if abs(e) > 0.3]
    missing = r.scores.uncovered(case.truth)[:worst_n]
    if misses or missing:
        out.append(
            f"  {r.variant}: starts off by > 0.3 s (worst {worst_n}) / sentences no cue starts:"
        )
    out.extend(f"    {e:+7.3f} s {where(i)}" for i, e in misses)
    out.extend(f"    no cue    {where(i)}" for i in missing)
    if r.scores.cues_on_extra:
        shown = "; ".join(f"{w} @{t:.1f}s {x!r}" for w, t, x in r.scores.cues_on_extra[:3])
        out.append(f"  {r.variant}: cues on extra regions: {shown}")
    return out


def summary(runs: list[Run]) -> dict:
    """Machine-readable figures (for ``--save``)."""
    out: dict = {}
    for r in runs:
        s = r.scores
        out[r.variant] = {"seconds": round(r.seconds, 1), "returncode": r.returncode}
        if s is None:
            continue
        out[r.variant].update(
            coverage=round(s.coverage, 4),
            median_ms=round(1000 * s.abs_quantile(0.5), 1),
            p90_ms=round(1000 * s.abs_quantile(0.9), 1),
            bias_ms=round(1000 * s.bias, 1),
            within_03=round(s.within(0.3), 4),
            within_05=round(s.within(0.5), 4),
            within_10=round(s.within(1.0), 4),
            turns_ok=f"{s.turns_ok}/{s.turns}",
            cues_on_extra=len(s.cues_on_extra),
            dropped_with_cue=s.dropped_with_cue,
            dropped_flagged=s.dropped_flagged,
            statuses=dict(s.status_counts),
        )
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=("quick", "full", "real"), default="quick")
    p.add_argument(
        "--audio", choices=("flac", "mp3-16k", "mp3-44k"), default="mp3-16k", help="(real mode)"
    )
    p.add_argument(
        "--order",
        choices=("default", "long", "xl"),
        default="default",
        help="(real mode) running order: default (3.7 min), long (5.2 min, more voices) or xl "
        "(10.2 min: long + four voices, long read turns)",
    )
    p.add_argument(
        "--variant",
        "--transcript-variant",
        dest="variant",
        choices=(*VARIANTS, "all"),
        default="page",
    )
    p.add_argument("--seed", type=int, default=7, help="episode seed (full mode)")
    p.add_argument(
        "--mix",
        type=int,
        default=0,
        help="(real mode) another mix of the episode: its pauses re-drawn (0: the episode)",
    )
    p.add_argument("--engine", choices=("piper", "espeak"), default="piper", help="(full mode)")
    p.add_argument("--turns", type=int, default=None, help="only the first N turns (full mode)")
    p.add_argument("--keep", type=Path, default=None, help="write podalign's outputs here")
    p.add_argument(
        "--fresh-cache",
        action="store_true",
        help="run with an empty PODALIGN_CACHE (default: benchmarks/out/cache, alignments "
        "dropped before each run, transcriptions reused)",
    )
    p.add_argument("--podalign", default=str(Path(sys.executable).parent / "podalign"))
    p.add_argument(
        "--score-only", action="store_true", help="re-score the outputs in --keep, no podalign"
    )
    p.add_argument(
        "--truth",
        choices=("raw", "onset-checked", "ps-shifted"),
        default="raw",
        help="also score against another truth (benchmarks/truth_audit.py): onset-checked moves "
        "line starts after a clean pause to the sound where they lie in silence; ps-shifted "
        "moves PocketSphinx line starts after a pause 27 ms later",
    )
    p.add_argument("--save", type=Path, default=None, help="also write the figures as JSON")
    p.add_argument("align_args", nargs="*", help="extra arguments for podalign align (after --)")
    args = p.parse_args(argv)
    if args.score_only and args.keep is None:
        p.error("--score-only needs --keep DIR (where an earlier run left its outputs)")

    if args.mode == "real":
        case = real_case(args.audio, args.order, args.mix)
    elif args.mode == "quick":
        case = quick_case()
    else:
        case = full_case(args.seed, args.turns, args.engine)
    variants = list(VARIANTS) if args.variant == "all" else [args.variant]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="podalign-acc-") as tmp:
        workdir = (args.keep or Path(tmp)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        # A cache of our own: transcriptions are reused between runs, alignments never (the
        # aligner changes while its version string does not), unless --fresh-cache empties all.
        cache = Path(tmp) / "cache" if args.fresh_cache else OUT_DIR / "cache"
        env["PODALIGN_CACHE"] = str(cache)
        runs = []
        for v in variants:
            shutil.rmtree(cache / ALIGNMENTS_NS, ignore_errors=True)
            podalign = [] if args.score_only else shlex.split(args.podalign)
            runs.append(run_align(case, v, workdir, podalign, args.align_args, env))
        checked = checked_runs = None
        if args.truth != "raw":
            from benchmarks.truth_audit import alternative_truth

            truth, note = alternative_truth(args.truth, case.truth, case.reference or case.audio)
            checked = dataclasses.replace(case, name=f"{case.name}, {note}", truth=truth)
            checked_runs = [
                dataclasses.replace(
                    r, scores=score_outputs(checked, r.variant, *_outputs(workdir, r.variant))
                )
                if r.scores is not None
                else r
                for r in runs
            ]
    print(table(case, runs))
    if checked is not None and checked_runs is not None:
        print("\n" + table(checked, checked_runs))
    if args.save:
        saved = {"case": case.name, "runs": summary(runs)}
        if checked_runs is not None:
            saved[args.truth] = summary(checked_runs)
        args.save.write_text(json.dumps(saved, indent=1))
    return 0 if all(r.scores is not None for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
