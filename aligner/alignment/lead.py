"""Which sounds before the path's start a line's first word may begin on: its sound budget.

The alignment path starts a first word late by a fraction of it, never by whole sounds. An
onset before the path's start is the word's own only when the sound between the two is no
more than the word itself takes to say (a filler the transcript leaves out, "um", "uh", a
breath or the previous sentence's end, heard right before the word, is more), when no long
pause parts that sound from the path's start (the word's sound runs up to where the path
starts it; a breath, then a pause, then a word too soft to rise out of a noisy room is the
breath's onset, not the word's), and when the budget also holds up to the path's *second*
word (a path that gave the filler to the first word starts that word on the filler). The
last two need a second word: a one-word line's start is pinned by nothing after it, and the
path may start a lone "Yeah." after the pause that follows it. The onset snap
(:mod:`aligner.alignment.onsets`) asks this of every rise it could take.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aligner.basics.audio import SAMPLE_RATE

FRAME = 160  # the onset snap's 10 ms hops
#: A pause this long (10 ms frames) is surely one, not a stop's closure or a dip between words:
#: the snap prefers longer pauses up to this length, and a sound this far before the path's
#: start is parted from the word.
LONG_QUIET_FRAMES = 30
#: The path starts a word about a tenth of a second late on real voices: the sound before its
#: second word may exceed the first word's budget by this much (seconds).
SECOND_SLACK = 0.15


def frame_at(t: float, t0: float, n: int) -> int:
    """The frame (of ``n`` from ``t0``) that time ``t`` falls on, clamped to [0, n]."""
    return min(n, max(0, round((t - t0) * SAMPLE_RATE / FRAME)))


@dataclass(frozen=True)
class FirstWordLead:
    """The budget over a span's 10 ms frames: ``quiet[k]``, the silent frames before frame
    ``k``; the frames of the path's start (``upto``) and of its second word (``second``)."""

    silent: np.ndarray
    quiet: np.ndarray
    upto: int
    second: int | None
    budget: float  # seconds of sound
    pressed: bool  # the path pressed the word into no time: its start is no guide

    @classmethod
    def over(
        cls,
        silent: np.ndarray,
        t0: float,
        aligned: float,
        budget: float,
        second_start: float | None,
        *,
        pressed: bool,
    ) -> FirstWordLead:
        """The budget over frames ``silent`` (from ``t0``) for a word the path starts at
        ``aligned`` and whose next word it starts at ``second_start``."""

        n = len(silent)
        quiet = np.concatenate(([0], np.cumsum(silent)))
        second = frame_at(second_start, t0, n) if second_start is not None else None
        return cls(silent, quiet, frame_at(aligned, t0, n), second, budget, pressed)

    def sound(self, i: int, k: int) -> float:
        """Seconds of sound from frame ``i`` up to frame ``k``."""
        return max(0, (k - i) - int(self.quiet[k] - self.quiet[i])) * FRAME / SAMPLE_RATE

    def allows(self, i: int, t: float, aligned: float) -> bool:
        """Whether an onset at frame ``i`` (time ``t``) may be the first word's own."""
        if t >= aligned:
            return True
        if self.sound(i, self.upto) > self.budget:
            return False
        if self.second is None:  # a one-word line: nothing after it pins the path's start
            return True
        if not self.pressed and _longest_run(self.silent[i : self.upto]) >= LONG_QUIET_FRAMES:
            return False
        return self.second <= i or self.sound(i, self.second) <= self.budget + SECOND_SLACK


def _longest_run(flags: np.ndarray) -> int:
    """The longest run of true values in ``flags``."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max()) if len(edges) else 0


__all__ = ["LONG_QUIET_FRAMES", "SECOND_SLACK", "FirstWordLead", "frame_at"]
