"""The ``/`` search input: incremental search over the transcript's lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Posts ``Input.Changed`` as the query is typed and :class:`SearchBar.Done` on enter/esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close search", show=False)
    ]

    @dataclass
    class Done(Message):
        """The search was submitted (``accepted``) or cancelled."""

        query: str
        accepted: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search the transcript (enter: jump, esc: close)", id=id)

    def action_cancel(self) -> None:
        self.post_message(self.Done(self.value, accepted=False))

    async def action_submit(self) -> None:
        self.post_message(self.Done(self.value, accepted=True))
