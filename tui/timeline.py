"""Which line is being spoken at a given time: the lookup the player runs on every clock tick.

Pure logic over an :class:`~aligner.result.Alignment`, tested without audio or Textual. A line is
current while the clock is inside its span; in a short pause after it (less than
:data:`MAX_HOLD` seconds, and before the next line starts) it stays current so the highlight does
not flicker between sentences. Lines marked ``not_in_audio`` are never current.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from aligner.result import Alignment, LineStatus, Region

#: How long a line stays highlighted in the silence after it (seconds).
MAX_HOLD = 1.5


@dataclass(frozen=True)
class _Span:
    start: float
    end: float
    index: int


class Timeline:
    """Time -> line index lookups for one alignment (``bisect`` over the line starts)."""

    def __init__(self, alignment: Alignment) -> None:
        spans = [
            _Span(al.start, max(al.start, al.end if al.end is not None else al.start), i)
            for i, al in enumerate(alignment.lines)
            if al.start is not None and al.status is not LineStatus.NOT_IN_AUDIO
        ]
        spans.sort(key=lambda s: (s.start, s.index))
        self._spans = spans
        self._starts = [s.start for s in spans]
        self._regions = tuple(sorted(alignment.extra_regions, key=lambda r: r.start))
        self._order = {s.index: k for k, s in enumerate(spans)}

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
        if t < min(span.end + MAX_HOLD, next_start) and self.region_at(t) is None:
            return span.index
        return None

    def region_at(self, t: float) -> Region | None:
        """The extra region (speech or music not in the transcript) playing at ``t``, if any."""
        for region in self._regions:
            if region.start <= t < region.end:
                return region
        return None

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
