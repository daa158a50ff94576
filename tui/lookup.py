"""What is heard at a given time: the line, the word inside it, or a region not in the transcript.

The lookups the player runs on every clock tick, as pure logic over an
:class:`~aligner.result.Alignment` (no Textual, no audio; tested on their own in
``tests/test_tui_lookup.py``). A line is current while the clock is inside its span; in a short
pause after it (less than :data:`MAX_HOLD` seconds, and before the next line starts) it stays
current so the highlight does not flicker between sentences. Lines marked ``not_in_audio`` are
never current. Inside the current line the current word is the last one that has started.

:func:`chapter_at` finds the chapter playing (chapters come already re-timed to the lines they
point at: :attr:`aligner.result.Alignment.chapters`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from aligner.result import AlignedLine, Alignment, LineStatus, Region
from aligner.transcript import Chapter

#: How long a line stays highlighted in the silence after it (seconds).
MAX_HOLD = 1.5


@dataclass(frozen=True)
class Heard:
    """What is being heard at one moment (indices into the alignment; None: nothing)."""

    line: int | None = None
    word: int | None = None
    region: int | None = None  # index into ``alignment.extra_regions``


@dataclass(frozen=True)
class _Span:
    start: float
    end: float
    index: int


def _timed(al: AlignedLine) -> bool:
    return al.start is not None and al.status is not LineStatus.NOT_IN_AUDIO


class Timeline:
    """Time -> line / word / region lookups for one alignment (``bisect`` over the starts)."""

    def __init__(self, alignment: Alignment) -> None:
        self.alignment = alignment
        spans = [
            _Span(al.start, max(al.start, al.end if al.end is not None else al.start), i)
            for i, al in enumerate(alignment.lines)
            if al.start is not None and _timed(al)
        ]
        spans.sort(key=lambda s: (s.start, s.index))
        self._spans = spans
        self._starts = [s.start for s in spans]
        self._regions = sorted(enumerate(alignment.extra_regions), key=lambda r: r[1].start)
        self._order = {s.index: k for k, s in enumerate(spans)}
        self._word_starts: dict[int, list[float]] = {}

    def __len__(self) -> int:
        return len(self._spans)

    def line_at(self, t: float) -> int | None:
        """Index (into ``alignment.lines``) of the line spoken at ``t``, or None."""
        k = bisect.bisect_right(self._starts, t) - 1
        if k < 0:
            return None
        span = self._spans[k]
        if t < span.end:
            return span.index
        next_start = self._starts[k + 1] if k + 1 < len(self._starts) else float("inf")
        if t < min(span.end + MAX_HOLD, next_start) and self.region_index_at(t) is None:
            return span.index
        return None

    def word_at(self, line: int, t: float) -> int | None:
        """Index of the word of line ``line`` being spoken at ``t`` (the last one started)."""
        starts = self._word_starts.get(line)
        if starts is None:
            starts = [w.start for w in self.alignment.lines[line].words]
            self._word_starts[line] = starts
        k = bisect.bisect_right(starts, t) - 1
        return k if k >= 0 else None

    def region_index_at(self, t: float) -> int | None:
        """Index (into ``alignment.extra_regions``) of the region playing at ``t``, if any."""
        for i, region in self._regions:
            if region.start <= t < region.end:
                return i
        return None

    def region_at(self, t: float) -> Region | None:
        """The extra region (speech or music not in the transcript) playing at ``t``, if any."""
        i = self.region_index_at(t)
        return None if i is None else self.alignment.extra_regions[i]

    def heard_at(self, t: float) -> Heard:
        """The line and word spoken at ``t``; else the region playing there; else nothing."""
        line = self.line_at(t)
        if line is not None:
            return Heard(line=line, word=self.word_at(line, t))
        return Heard(region=self.region_index_at(t))

    def start_of(self, index: int) -> float | None:
        """Where playback should go to hear line ``index`` (None for lines with no time)."""
        k = self._order.get(index)
        return None if k is None else self._spans[k].start

    def neighbour(self, t: float, step: int) -> int | None:
        """The timed line ``step`` lines after (or before, if negative) the one at ``t``.

        ``[``/``]`` use it; from inside a gap, "previous" is the line before the gap.
        """
        if not self._spans:
            return None
        k = bisect.bisect_right(self._starts, t) - 1
        if step < 0 and k >= 0 and t - self._spans[k].start > 2.0:
            # Like a CD player: "previous" first goes back to the start of the current line.
            step += 1
        k = max(0, min(len(self._spans) - 1, k + step))
        return self._spans[k].index

    def start_range(self, index: int) -> tuple[float, float]:
        """Where line ``index`` may start and stay between its neighbours: after the start of
        the previous timed line (or 0) and before the start of the next one (or the end)."""
        lines = self.alignment.lines
        before = [al.start for al in lines[:index] if _timed(al)]
        after = [al.start for al in lines[index + 1 :] if _timed(al)]
        lo = before[-1] if before else 0.0
        end = self.alignment.duration if self.alignment.duration else float("inf")
        hi = after[0] if after else end
        return (lo or 0.0, hi or end)


def chapter_at(chapters: tuple[Chapter, ...], t: float) -> int | None:
    """Index of the chapter playing at ``t`` in (sorted) ``chapters``, or None before the first."""
    k = bisect.bisect_right([c.start for c in chapters], t) - 1
    return k if k >= 0 else None


__all__ = [
    "MAX_HOLD",
    "Heard",
    "Timeline",
    "chapter_at",
]
