"""Selection, search and side panels on the player screen.

Moving and extending the selection, paging by hand, the ``/`` search bar with next/previous
match, and the side panel (chapters or the re-transcription diff), as a mixin of
:class:`~tui.screens.player.PlayerScreen`. None of it changes what is playing. Which side panel
is open is the screen's ``side_panel`` reactive; :meth:`SelectionAndSearch.watch_side_panel`
shows it (and tells the corrections when the diff leaves the screen).
"""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from tui.corrections import Notice
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

    # -- search --------------------------------------------------------------------------------
    def action_search(self) -> None:
        bar = self.search_bar
        bar.add_class("-open")
        bar.focus()

    def on_search_bar_done(self, message: SearchBar.Done) -> None:
        bar = self.search_bar
        bar.remove_class("-open")
        view = self.transcript
        view.focus()
        if not message.accepted:
            self.clear_search()
            return
        matches = view.search(message.query)
        self.refresh_bindings()
        if not matches:
            self.say(Notice(f"no line contains {message.query!r}", "warning"))
            return
        view.next_match(1)
        n = len(matches)
        self.say(Notice(f"{n} matching lines: n / N for next / previous, enter plays, esc clears"))

    def clear_search(self) -> None:
        """Close the search: the query and its lit matches go."""
        self.search_bar.value = ""
        self.transcript.search("")
        self.refresh_bindings()

    def action_search_next(self, direction: int) -> None:
        self.transcript.next_match(direction)

    # -- the side panel ------------------------------------------------------------------------
    def action_chapters(self) -> None:
        if self.side_panel == "chapters":
            self.action_close_panel()
            return
        self.side_panel = "chapters"
        self.chapters.highlight_playing()
        self.chapters.focus()

    def action_close_panel(self) -> None:
        """Esc: close the search bar or the side panel, and clear the search's matches."""
        self.side_panel = None
        if self.search_bar.has_class("-open"):
            self.search_bar.remove_class("-open")
        self.clear_search()
        self.transcript.focus()

    def watch_side_panel(self, panel: str | None) -> None:
        side = self.query_one("#side", ContentSwitcher)
        if panel is None:
            side.remove_class("-open")
        else:
            side.current = panel
            side.add_class("-open")
        if panel != "diff":
            self.corrections.diff_hidden()
        if panel != "chapters" and self.chapters.has_focus:
            self.transcript.focus()


__all__ = ["SelectionAndSearch"]
