"""The ``?`` overlay: every key of the player, generated from :mod:`tui.keys`."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import HELP, PLAYER_BINDINGS


def _keys(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(k.replace("_", " ") for k in binding.key.split(","))


def help_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for binding in PLAYER_BINDINGS:
        table.add_row(_keys(binding), HELP.get(binding.action, binding.description))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=False)
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_table())

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys (esc closes)"
