"""How a real recording becomes a clip of the real-speech episode (``real_episode``).

Why apart: the cut is part of the episode's recipe, fixed so that the audio of every recorded
figure stays the same, while the truth (``real_timings``' word timings) may improve. A piece is
cut around its speech span (its timings' ``cut``), with room tone either side, brought to one
loudness and faded in and out.
"""

from __future__ import annotations

import numpy as np

from benchmarks import synth

SR = synth.SAMPLE_RATE
#: Room tone kept around each piece's first and last word (seconds) ...
MARGIN = 0.5
#: ... faded in and out over this long, so that no splice sounds like an onset.
FADE = 0.3


def cut_clip(
    audio: np.ndarray, span: tuple[float, float], pad: bool = False
) -> tuple[np.ndarray, float]:
    """The piece from MARGIN before its speech ``span`` (the timings' ``cut``: its first word's
    start, its last word's end) to MARGIN after it: (clip, offset s)."""
    first, last = span
    head = tail = 0  # ``pad``: silence for the margin a clip lacks, so no fade eats a word
    if pad:
        head = max(0, round((MARGIN - first) * SR))
        tail = max(0, round((last + MARGIN) * SR) - len(audio))
        audio = np.concatenate([np.zeros(head, np.float32), audio, np.zeros(tail, np.float32)])
    a = max(0, round((first - MARGIN) * SR) + head)
    b = min(len(audio), round((last + MARGIN) * SR) + head)
    clip = audio[a:b].astype(np.float32).copy()
    said = clip[max(0, head - a) : len(clip) - tail] if pad else clip
    rms = float(np.sqrt(np.mean(said.astype(np.float64) ** 2))) or 1.0
    clip *= np.float32(0.08 / rms)  # about -22 dBFS RMS for every voice
    n = min(len(clip) // 2, round(FADE * SR))
    ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))).astype(np.float32)
    clip[:n] *= ramp
    clip[len(clip) - n :] *= ramp[::-1]
    return clip, (a - head) / SR


def speech_span(timings: dict) -> tuple[float, float]:
    """Where a piece's speech is cut around: its timings' ``cut`` (``real_timings``), or, in
    timings written before there was one, its first and last word."""
    if "cut" in timings:
        return float(timings["cut"][0]), float(timings["cut"][1])
    words = timings["words"]
    return float(words[0][1]), float(words[-1][2])


__all__ = ["FADE", "MARGIN", "cut_clip", "speech_span"]
