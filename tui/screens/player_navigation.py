"""Selection, search and side panels on the player screen.

Moving and extending the selection, paging by hand, the ``/`` search bar with next/previous
match, and opening/closing the side panel (chapters or the re-transcription diff), as a mixin
of :class:`~tui.screens.player.PlayerScreen`. None of it changes what is playing.
"""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from tui.screens.player_parts import PlayerParts
from tui.widgets.search_bar import SearchBar


class SelectionAndSearch(PlayerParts):
    """Selection moves, incremental search, the side panel."""

    def action_move(self, delta: int) -> None:
        self.transcript.move_selection(delta)

    def action_extend(self, delta: int) -> None:
        self.transcript.move_selection(delta, extend=True)

    def action_page(self, direction: int) -> None:
        self.transcript.page(direction)

    def action_search(self) -> None:
        if self.episode is None:
            return
        bar = self.search_bar
        bar.add_class("-open")
        bar.focus()

    def on_search_bar_done(self, message: SearchBar.Done) -> None:
        bar = self.search_bar
        bar.remove_class("-open")
        view = self.transcript
        view.focus()
        if not message.accepted:
            bar.value = ""
            view.set_query("")
            return
        matches = view.set_query(message.query)
        if not matches:
            self.notify(f"no line contains {message.query!r}", severity="warning")
            return
        view.next_match(1)
        self.notify(f"{len(matches)} matching lines: n / N for next / previous, enter plays")

    def action_search_next(self, direction: int) -> None:
        if self.transcript.next_match(direction) is None and self.transcript.query:
            self.notify(f"no line contains {self.transcript.query!r}", severity="warning")

    def action_chapters(self) -> None:
        side = self.query_one("#side", ContentSwitcher)
        if side.has_class("-open") and side.current == "chapters":
            self.action_close_panel()
            return
        side.current = "chapters"
        side.add_class("-open")
        self.chapters.focus()

    def action_close_panel(self) -> None:
        self.query_one("#side", ContentSwitcher).remove_class("-open")
        if self.search_bar.has_class("-open"):
            self.on_search_bar_done(SearchBar.Done(self.search_bar.value, accepted=False))
        self.transcript.focus()

    def open_side(self, panel: str) -> None:
        """Show ``panel`` (``"chapters"`` or ``"diff"``) in the side panel."""
        side = self.query_one("#side", ContentSwitcher)
        side.current = panel
        side.add_class("-open")


__all__ = ["SelectionAndSearch"]
