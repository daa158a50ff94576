"""Where a word the alignment path stretched over a long span is really spoken.

The path has to be somewhere all the time, so a word next to sound the transcript does not
have (music, a jingle, an ad) or next to a pause is often stretched over it. Two causes, with
opposite fixes, and the energy envelope tells them apart (:func:`word_in_stretch`): a short
word followed by a pause ("First," "Sorry,") is where the stretch begins; a word after unknown
sound is where it ends. Split from :mod:`aligner.alignment.onsets`, whose level measures it
reads.
"""

from __future__ import annotations

import numpy as np

from aligner.alignment.onsets import FRAME, QUIET_DB, energy_db
from aligner.basics.audio import SAMPLE_RATE


def _sound_runs(db: np.ndarray, floor: float) -> list[tuple[int, int]]:
    """(first, end) frames of the stretches above the floor, joining gaps under 60 ms and
    dropping blips under 40 ms. A run starts where its level comes within 20 dB of its peak
    (a recording's own room tone ahead of a word, above the floor, is not the word)."""
    loud = db >= floor + QUIET_DB
    runs: list[list[int]] = []
    for i in np.flatnonzero(loud):
        if runs and i - runs[-1][1] <= 6:
            runs[-1][1] = int(i) + 1
        else:
            runs.append([int(i), int(i) + 1])
    out = []
    for a, b in runs:
        if b - a < 4:
            continue
        peak = float(np.max(db[a:b]))
        a += int(np.argmax(db[a:b] > peak - 20.0))
        out.append((a, b))
    return out


def word_in_stretch(
    audio: np.ndarray, start: float, end: float, spoken: float
) -> tuple[float, float, str]:
    """Where a word that the alignment path stretched over [start, end] is really spoken.

    A stretched word has two causes with opposite fixes. ``"head"``: a short word followed by
    a pause ("First," "Sorry,"): the path runs on through the pause, the word is where the
    stretch begins. ``"tail"``: unknown sound before the word (music, a jingle, an ad): the path
    sat on it, the word is where the stretch ends. The energy envelope tells them apart: a
    first sound about as long as the word followed by a real pause and at most one more short
    sound (the next word) is the head case; else the
    word is the last sound run (or the last ``spoken`` seconds when music runs into it).
    Returns ``(start, end, "head" | "tail")``.
    """
    db, t0 = energy_db(audio, start, end)
    step = FRAME / SAMPLE_RATE
    if len(db) < 10:
        return start, end, "tail"
    floor = float(np.percentile(db, 10))
    runs = _sound_runs(db, floor) if float(np.max(db)) - floor >= 12.0 else []
    if runs:
        a, b = runs[0]
        pause = (runs[1][0] if len(runs) > 1 else len(db)) - b
        # At most one more short sound (the next word) after the pause: music bars with gaps
        # between them are not a word and its pause.
        alone = len(runs) == 1 or (len(runs) == 2 and (runs[1][1] - runs[1][0]) * step <= 1.0)
        head = a * step <= 0.3 and (b - a) * step <= 2 * spoken + 0.3 and pause * step >= 0.25
        if head and alone:
            return t0 + a * step, t0 + b * step + 0.01, "head"
        a, b = runs[-1]
        if (b - a) * step <= 2 * spoken + 0.5:
            return t0 + a * step + 0.01, end, "tail"
    return max(start, end - spoken), end, "tail"


__all__ = ["word_in_stretch"]
