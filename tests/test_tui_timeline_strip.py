"""The timeline strip: cell layout as data (heard part, regions, chapter ticks, the dot), a
click seeking to the cell's time (or the chapter start in it), refreshes only on cell change."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from tui.widgets.timeline_strip import (
    CHAPTER,
    EXTRA,
    PLAYED,
    POSITION,
    TRACK,
    TimelineStrip,
    cell_of,
    strip_cells,
)


def test_cells_mark_heard_part_regions_chapters_and_position() -> None:
    # 20 cells over 200 s: 10 s per cell.
    cells = strip_cells(
        20, 200.0, 55.0, chapters=[0.0, 32.9, 157.2], regions=[(0, 14), (14.6, 31.4)]
    )
    assert len(cells) == 20
    assert cells[5] == POSITION
    assert cells[0] == CHAPTER and cells[3] == CHAPTER and cells[15] == CHAPTER
    assert cells[1] == EXTRA and cells[2] == EXTRA  # 10-20 s, 20-30 s: the intro
    assert cells[4] == PLAYED  # 40-50 s: heard, in the transcript
    assert cells[6:15] == [TRACK] * 9 and cells[16:] == [TRACK] * 4
    # A region shorter than a cell still shows; none past the end, nothing without a duration.
    assert strip_cells(20, 200.0, None, regions=[(101.0, 103.0)])[10] == EXTRA
    assert strip_cells(5, None, 3.0) == [TRACK] * 5
    assert cell_of(200.0, 20, 200.0) == 19 and cell_of(-1, 20, 200.0) == 0


class StripApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seeks: list[float] = []

    def compose(self) -> ComposeResult:
        yield TimelineStrip(id="strip")

    def on_timeline_strip_seek(self, message: TimelineStrip.Seek) -> None:
        self.seeks.append(message.t)


async def test_click_seeks_to_the_cell_or_the_chapter_in_it() -> None:
    app = StripApp()
    async with app.run_test(size=(40, 3)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_content(200.0, chapters=[32.9], regions=[(0.0, 31.4)])
        strip.set_position(0.0)
        await pilot.pause()
        assert strip.render_line(0).text[0] == "●"
        await pilot.click("#strip", offset=(20, 0))  # cell 20 of 40: 100-105 s
        await pilot.click("#strip", offset=(6, 0))  # cell 6 holds the chapter at 32.9 s
        await pilot.pause()
        assert app.seeks == pytest.approx([102.5, 32.9])


async def test_the_strip_refreshes_only_when_the_dot_changes_cell() -> None:
    app = StripApp()
    async with app.run_test(size=(40, 3)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_content(200.0)
        strip.set_position(10.0)
        await pilot.pause()
        calls = []
        strip.refresh = lambda *a, **k: calls.append(1)  # type: ignore[method-assign]
        for t in (10.5, 11.0, 12.0, 14.9):  # all in cell 2 (10-15 s)
            strip.set_position(t)
        assert calls == []
        strip.set_position(15.0)
        assert calls == [1]
