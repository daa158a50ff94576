"""The chapters side panel: the episode's chapter marks; choosing one seeks there.

Chapters come from the transcript page or the media metadata (see :class:`tui.services.Episode`).
The chapter being heard is marked as playback moves.
"""

from __future__ import annotations

import bisect

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from aligner.transcript import Chapter
from tui.eta import format_clock


class ChaptersPanel(OptionList):
    """Chapter list; ``enter`` posts :class:`ChaptersPanel.Jump`."""

    class Jump(Message):
        def __init__(self, start: float) -> None:
            super().__init__()
            self.start = start

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chapters: tuple[Chapter, ...] = ()
        self.border_title = "Chapters"

    def set_chapters(self, chapters: tuple[Chapter, ...]) -> None:
        self.chapters = tuple(sorted(chapters, key=lambda c: c.start))
        self.clear_options()
        if not self.chapters:
            self.add_option(Option("no chapters in this episode", disabled=True))
            return
        self.add_options(
            Option(f"{format_clock(c.start)}  {c.title}", id=f"ch{i}")
            for i, c in enumerate(self.chapters)
        )

    def chapter_at(self, t: float) -> int | None:
        k = bisect.bisect_right([c.start for c in self.chapters], t) - 1
        return k if k >= 0 else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.chapters and event.option_index < len(self.chapters):
            self.post_message(self.Jump(self.chapters[event.option_index].start))
