"""Where a word the alignment path stretched over a long span is really spoken.

The path has to be somewhere all the time, so a word next to sound the transcript does not
have (music, a jingle, an ad) or next to a pause is often stretched over it. Two causes, with
opposite fixes, and the energy envelope tells them apart (:func:`word_in_stretch`): a short
word followed by a pause ("First," "Sorry,") is where the stretch begins; a word after unknown
sound is where it ends. Split from :mod:`aligner.alignment.onsets`, whose level measures it
reads. A third case, :func:`sound_behind`: the path started a short word after its sound, on
the silence that follows it ("Thanks." after the pause that closes a turn).
"""

from __future__ import annotations

import numpy as np

from aligner.alignment.lead import frame_at
from aligner.alignment.onsets import (
    FRAME,
    MIN_QUIET_FRAMES,
    QUIET_DB,
    energy_db,
    level_rise,
    refine_onset,
)
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


#: The sound a word was started after ends at most this long (s) before the path's start ...
BEHIND = 0.15
#: ... and its sound is the level within this many dB of its loudest frame (a word's vowel),
#: which the path's span for the word never reaches.
SOUND_DB = 15.0


def sound_behind(
    audio: np.ndarray, start: float, end: float, *, earliest: float, budget: float
) -> float | None:
    """Where a first word that the path started after its sound is spoken: the onset of the
    sound that ends right before ``start``, or None.

    The path has to be somewhere during the pause after a short word that ends a turn; it
    sometimes gives the word the pause and not the sound ("Thanks." put on the 1.7 s of silence
    after it). When the noise of a real room keeps that pause above the recording's quiet level,
    :func:`aligner.alignment.onsets.speech_onset` sees no pause before the word and finds
    nothing. The sound is the level (:func:`aligner.alignment.onsets.level_rise`) within
    :data:`SOUND_DB` of the loudest frame of the ``budget`` seconds (the word's own length)
    before ``start``. Taken only when [start, end] never reaches it (a word is not spoken
    there), it ends at most :data:`BEHIND` before ``start``, it begins at or after
    ``earliest`` after a quiet of :data:`MIN_QUIET_FRAMES` (a word of its own, not the end of
    the previous one) and it lasts at most ``budget``.
    """
    if end - start < 0.1 or start - earliest < 0.1:
        return None
    db, _, t0 = level_rise(audio, max(0.0, earliest - 0.2), end)
    step = FRAME / SAMPLE_RATE
    first = frame_at(start, t0, len(db))
    back = max(0, first - int((budget + BEHIND) / step))
    if not 0 < back < first < len(db):
        return None
    sound = db >= float(np.max(db[back:first])) - SOUND_DB
    heard = np.flatnonzero(sound[:first])
    if sound[first:].any() or start - (t0 + (heard[-1] + 1) * step) > BEHIND:
        return None  # the span has the word's sound, or the sound before is not just before
    i, quiet = int(heard[-1]), 0
    while i > 0 and quiet < MIN_QUIET_FRAMES:  # back to the quiet before that sound
        i -= 1
        quiet = quiet + 1 if not sound[i] else 0
    onset = t0 + (i + quiet + 1) * step
    if quiet < MIN_QUIET_FRAMES or onset < earliest or t0 + heard[-1] * step - onset > budget:
        return None
    return max(earliest, refine_onset(audio, onset))


__all__ = ["sound_behind", "word_in_stretch"]
