"""Line openings that the alignment path pressed into no time before a pause.

Where a line follows a pause (a change of speaker, a new turn), the alignment path has to be
somewhere during the pause. Often it holds the previous line's last word over part of it, then
runs through the line's first word in no time and stretches the second word over the rest of
the pause and the first sounds of the line ("Aligner." 527.44-529.0, "But" 529.0-529.0, "the"
529.0-530.02, where the reader starts at 529.73). The line's start then lies in the silence, and
the onset snap (:mod:`aligner.alignment.assemble`), which reads a first word pressed into no
time as one spoken earlier, searches earlier still, back into the previous line.

:func:`open_pressed_lines` looks at the audio of the stretch instead: when it begins with a
pause and its sound comes later (:func:`aligner.alignment.stretches.word_in_stretch` says
``"tail"``), the line's first two words are where that sound is. Where the stretch begins with
sound (the first word is spoken there, then a pause), nothing moves. Pure numpy on the decoded
samples, once per line start, after the walk (:mod:`aligner.alignment.walk`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aligner.alignment.assemble import WordTiming, spoken_seconds
from aligner.alignment.onsets import energy_db
from aligner.alignment.stretches import word_in_stretch

#: A first word shorter than this (s) was pressed into no time by the path.
PRESSED_SECONDS = 0.04
#: The second word is stretched when it lasts more than this many times its spoken length ...
STRETCH_FACTOR = 2.0
#: ... and the stretch's sound must begin at least this long (s) after its start: a pause ...
MIN_PAUSE = 0.3
#: ... this many dB below the sound's loudest frame.
PAUSE_DB = 12.0


def open_pressed_lines(
    audio: np.ndarray,
    words: Sequence[str],
    line_of: Sequence[int],
    timings: list[WordTiming],
) -> int:
    """Move each line's first two words onto the sound of the stretch when the first was
    pressed into no time at the start of the second's stretch over a pause (see the module
    docstring); return how many lines moved."""
    moved = 0
    for i in range(len(words) - 1):
        if i > 0 and line_of[i - 1] == line_of[i]:
            continue  # not a line's first word
        if line_of[i + 1] != line_of[i]:
            continue  # a one-word line: nothing after it in the line to tell
        w0, w1 = timings[i], timings[i + 1]
        if w0.start is None or w0.end is None or w1.start is None or w1.end is None:
            continue
        if w0.end - w0.start >= PRESSED_SECONDS or w1.start - w0.end > PRESSED_SECONDS:
            continue
        spoken0, spoken1 = spoken_seconds(words[i]), spoken_seconds(words[i + 1])
        if w1.end - w1.start <= STRETCH_FACTOR * spoken1:
            continue
        start, end, where = word_in_stretch(audio, w0.start, w1.end, spoken0 + spoken1)
        if where != "tail" or start - w0.start < MIN_PAUSE or end - start < 0.05:
            continue
        if not _quiet_before(audio, w0.start, start, end):
            continue
        split = start + min(spoken0, 0.5 * (end - start))
        timings[i] = WordTiming(start, split, w0.probability)
        timings[i + 1] = WordTiming(split, w1.end, w1.probability)
        moved += 1
    return moved


def _quiet_before(audio: np.ndarray, start: float, onset: float, end: float) -> bool:
    """Whether [start, onset) is a pause before the sound of [onset, end]."""
    pause, _ = energy_db(audio, start, onset - 0.02)
    sound, _ = energy_db(audio, onset, end)
    return bool(len(pause) and len(sound) and pause.max() <= sound.max() - PAUSE_DB)


__all__ = ["open_pressed_lines"]
