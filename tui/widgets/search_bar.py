"""The ``/`` search input: incremental search over the transcript's lines."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Posts :class:`SearchBar.Changed` as the query is typed and ``Done`` on enter/escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close search", show=False)
    ]

    class Done(Message):
        def __init__(self, query: str, accepted: bool) -> None:
            super().__init__()
            self.query = query
            self.accepted = accepted

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search the transcript (enter: jump, esc: close)", id=id)

    def action_cancel(self) -> None:
        self.post_message(self.Done(self.value, accepted=False))

    async def action_submit(self) -> None:
        self.post_message(self.Done(self.value, accepted=True))
