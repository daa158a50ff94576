"""The timeline strip: the whole episode in one row; clicking it seeks.

Each cell is an equal share of the episode. The part already heard is drawn heavier than the
rest, regions not in the transcript are shaded, chapter starts are ticks and the position is a
dot. :func:`strip_cells` lays the row out as pure data (tested without an app); the widget
draws it and only refreshes when the dot moves to another cell, the width changes or the
content does, so a clock tick costs nothing most of the time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

TRACK, PLAYED, EXTRA, CHAPTER, POSITION = "track", "played", "extra", "chapter", "position"
GLYPHS = {TRACK: "─", PLAYED: "━", EXTRA: "░", CHAPTER: "┃", POSITION: "●"}


def cell_of(t: float, width: int, duration: float) -> int:
    """The cell (0..width-1) that time ``t`` falls in."""
    if width <= 0 or duration <= 0:
        return 0
    return max(0, min(width - 1, int(t / duration * width)))


def strip_cells(
    width: int,
    duration: float | None,
    position: float | None,
    chapters: Iterable[float] = (),
    regions: Iterable[tuple[float, float]] = (),
) -> list[str]:
    """The kind of each of the ``width`` cells (one of TRACK, PLAYED, EXTRA, CHAPTER, POSITION).

    Later marks win: a region shades its cells, a chapter tick sits on top, the position on top
    of all. A cell is a region cell when the region covers at least half of it (or the region is
    shorter than a cell and starts in it), so a short region still shows.
    """
    if width <= 0:
        return []
    if not duration or duration <= 0:
        return [TRACK] * width
    step = duration / width
    here = cell_of(position, width, duration) if position is not None else -1
    cells = [PLAYED if i < here else TRACK for i in range(width)]
    for start, end in regions:
        if end <= start:
            continue
        first, last = cell_of(start, width, duration), cell_of(end - 1e-9, width, duration)
        for i in range(first, last + 1):
            covered = min(end, (i + 1) * step) - max(start, i * step)
            if covered >= step / 2 or first == last:
                cells[i] = EXTRA
    for start in chapters:
        if 0 <= start < duration:
            cells[cell_of(start, width, duration)] = CHAPTER
    if here >= 0:
        cells[here] = POSITION
    return cells


class TimelineStrip(Widget):
    """One row: the episode; a click posts :class:`TimelineStrip.Seek`."""

    DEFAULT_CSS = """
    TimelineStrip {
        height: 1;
        width: 1fr;
    }
    TimelineStrip > .timeline--track { color: $text-disabled; }
    TimelineStrip > .timeline--played { color: $accent; }
    TimelineStrip > .timeline--extra { color: $warning 70%; }
    TimelineStrip > .timeline--chapter { color: $secondary; text-style: bold; }
    TimelineStrip > .timeline--position { color: $accent-lighten-2; text-style: bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"timeline--{kind}" for kind in (TRACK, PLAYED, EXTRA, CHAPTER, POSITION)
    }

    class Seek(Message):
        """The listener clicked the strip: play from ``t``."""

        def __init__(self, t: float) -> None:
            super().__init__()
            self.t = t

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.duration: float | None = None
        self.position: float | None = None
        self.chapters: tuple[float, ...] = ()
        self.regions: tuple[tuple[float, float], ...] = ()
        self._key: tuple[object, ...] | None = None
        self._strip: Strip | None = None

    def set_content(
        self,
        duration: float | None,
        *,
        chapters: Iterable[float] = (),
        regions: Iterable[tuple[float, float]] = (),
    ) -> None:
        self.duration = duration
        self.chapters = tuple(sorted(chapters))
        self.regions = tuple(regions)
        self._strip = None
        self.refresh()

    def set_position(self, t: float) -> None:
        """Move the dot (refreshes only when it changes cell)."""
        old = self.position
        self.position = t
        width, duration = self.size.width, self.duration or 0.0
        if old is None or cell_of(old, width, duration) != cell_of(t, width, duration):
            self.refresh()

    def time_at(self, x: int) -> float | None:
        """The time a click in cell ``x`` seeks to: a chapter start in that cell, else the
        middle of the cell."""
        width, duration = self.size.width, self.duration
        if not duration or width <= 0 or not 0 <= x < width:
            return None
        for start in self.chapters:
            if cell_of(start, width, duration) == x:
                return start
        return (x + 0.5) / width * duration

    def on_click(self, event: events.Click) -> None:
        t = self.time_at(event.x)
        if t is not None:
            event.stop()
            self.post_message(self.Seek(t))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0:
            return Strip.blank(width, self.rich_style)
        duration = self.duration or 0.0
        here = cell_of(self.position, width, duration) if self.position is not None else None
        key = (width, duration, here)
        if self._strip is not None and key == self._key:
            return self._strip
        cells = strip_cells(width, self.duration, self.position, self.chapters, self.regions)
        styles: dict[str, Style] = {}
        segments: list[Segment] = []
        for kind in cells:
            style = styles.get(kind)
            if style is None:
                style = self.rich_style + self.get_component_rich_style(f"timeline--{kind}")
                styles[kind] = style
            if segments and segments[-1].style is style:
                segments[-1] = Segment(segments[-1].text + GLYPHS[kind], style)
            else:
                segments.append(Segment(GLYPHS[kind], style))
        self._key, self._strip = key, Strip(segments, width)
        return self._strip


__all__ = [
    "CHAPTER",
    "EXTRA",
    "GLYPHS",
    "PLAYED",
    "POSITION",
    "TRACK",
    "TimelineStrip",
    "cell_of",
    "strip_cells",
]
