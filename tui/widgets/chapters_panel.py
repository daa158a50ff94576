"""The chapters side panel: the episode's chapter marks as a list to move in; enter seeks there.

Chapters come from the transcript page (re-timed to where their line was found, see
:func:`tui.lookup.retime_chapters`) or the media metadata (see :class:`tui.services.Episode`).
The chapter being heard is marked (``▶``) as playback moves; the highlight is the user's: up/down
move it while the panel has focus, enter jumps to the highlighted chapter. Opening the panel
puts the highlight on the chapter being heard.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from aligner.transcript import Chapter
from tui.eta import format_clock
from tui.lookup import chapter_at

PLAYING_MARK = "▶ "


class ChaptersPanel(OptionList):
    """Chapter list; ``enter`` posts :class:`ChaptersPanel.Jump` for the highlighted one."""

    @dataclass
    class Jump(Message):
        """Seek to ``start`` (the chosen chapter's time on the audio)."""

        start: float

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chapters: tuple[Chapter, ...] = ()
        self.playing: int | None = None
        self.border_title = "Chapters"

    def set_chapters(self, chapters: tuple[Chapter, ...]) -> None:
        chapters = tuple(sorted(chapters, key=lambda c: c.start))
        if chapters == self.chapters and self.option_count:
            return
        highlighted = self.highlighted
        self.chapters, self.playing = chapters, None
        self.clear_options()
        if not chapters:
            self.add_option(Option("no chapters in this episode", disabled=True))
            return
        self.add_options(Option(self._prompt(i), id=f"ch{i}") for i in range(len(chapters)))
        if highlighted is not None and highlighted < len(chapters):
            self.highlighted = highlighted

    def _prompt(self, index: int) -> str:
        chapter = self.chapters[index]
        mark = PLAYING_MARK if index == self.playing else "  "
        return f"{mark}{format_clock(chapter.start)}  {chapter.title}"

    def chapter_at(self, t: float) -> int | None:
        return chapter_at(self.chapters, t)

    def playing_at(self, t: float) -> None:
        """Mark the chapter heard at ``t`` (the highlight stays where the user put it)."""
        index = self.chapter_at(t)
        if index == self.playing:
            return
        old, self.playing = self.playing, index
        for i in (old, index):
            if i is not None and i < self.option_count:
                self.replace_option_prompt_at_index(i, self._prompt(i))

    def highlight_playing(self) -> None:
        """Put the highlight on the chapter being heard (or the first)."""
        if self.chapters:
            self.highlighted = self.playing if self.playing is not None else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.chapters and event.option_index < len(self.chapters):
            self.post_message(self.Jump(self.chapters[event.option_index].start))
