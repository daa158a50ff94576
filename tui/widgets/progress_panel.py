"""The view shown while the pipeline works: each stage, its progress, percent and ETA.

Fed :class:`aligner.progress.Progress` events (via the screen's worker messages); renders a
table with one row per stage seen so far. Deterministic (no spinners, no wall-clock reads) so
it can be snapshot-tested: the ETA comes from :class:`tui.eta.EtaEstimator`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from aligner.progress import Progress
from tui.eta import format_clock

BAR_WIDTH = 32


@dataclass
class _StageState:
    event: Progress
    eta: float | None = None
    finished: bool = False


def _amount(event: Progress) -> str:
    if event.unit == "s":
        done = format_clock(event.done)
        return done if event.total is None else f"{done} / {format_clock(event.total)}"
    if event.unit == "B":
        done = f"{event.done / 1e6:.1f} MB"
        return done if event.total is None else f"{done} / {event.total / 1e6:.1f} MB"
    unit = f" {event.unit}" if event.unit else ""
    if event.total is None:
        return f"{event.done:g}{unit}"
    return f"{event.done:g} / {event.total:g}{unit}"


class ProgressPanel(Static):
    """Stage-by-stage progress (see module docstring)."""

    def __init__(self, source: str, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.source = source
        self.stages: dict[str, _StageState] = {}
        self.error: str | None = None
        self._redraw()

    def advance(self, event: Progress, eta: float | None) -> None:
        for name, state in self.stages.items():
            if name != event.stage:
                state.finished = True
        state = self.stages.get(event.stage)
        if state is None:
            self.stages[event.stage] = _StageState(event, eta)
        else:
            state.event, state.eta, state.finished = event, eta, False
        self._redraw()

    def fail(self, message: str) -> None:
        self.error = message
        self._redraw()

    def _redraw(self) -> None:
        table = Table.grid(padding=(0, 2))
        table.add_column(width=2)
        table.add_column(min_width=12)
        table.add_column(width=BAR_WIDTH)
        table.add_column(justify="right", min_width=5)
        table.add_column(no_wrap=True, overflow="ellipsis")
        for name, state in self.stages.items():
            event = state.event
            fraction = event.fraction
            if state.finished:
                mark, bar, pct = Text("✓", "green"), Text(""), Text("done", "green")
            else:
                mark = Text("▸", "bold")
                if fraction is None:
                    bar, pct = Text(""), Text("")
                else:
                    bar = ProgressBar(total=1.0, completed=fraction, width=BAR_WIDTH)
                    pct = Text(f"{fraction * 100:3.0f}%")
            detail = Text(_amount(event), "dim")
            if not state.finished and state.eta is not None:
                detail.append(f"  ETA {format_clock(state.eta)}", "bold")
            if event.message and not state.finished:
                detail.append(f"  {event.message}", "italic")
            table.add_row(mark, Text(name, "bold"), bar, pct, detail)
        parts: list[object] = [Text.assemble(("Preparing ", "bold"), (self.source, "italic")), ""]
        if not self.stages and self.error is None:
            parts.append(Text("starting…", "dim"))
        parts.append(table)
        if self.error is not None:
            parts += ["", Text(f"✗ {self.error}", "bold red"), Text("press q to quit", "dim")]
        self.update(Group(*parts))  # type: ignore[arg-type]
