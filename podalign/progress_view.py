"""Rich progress bars (on stderr) for the core's Progress events, shared by all commands.

Usage::

    with ProgressView() as view:
        media = drive(open_source(url), view)

Each stage name (``download``, ``hash``, ``decode``, ``transcribe``, ...) gets its own bar with
done/total in the stage's unit, speed (MB/s for bytes, "×N realtime" for seconds of audio) and
an ETA. Stage messages (``loading model``, ``resumed ...``) are printed once as log lines above
the bars, so they stay visible after the bars finish.

Bars are drawn only when stderr is a terminal. Otherwise (a pipe, a log file, CI) each stage
prints one short line when it starts (``decode: decoding x.opus``) and nothing else, so logs stay
readable. ``enabled=False`` (``--quiet``) prints no progress at all. A warning (a
:class:`Progress` with ``warning=True``: the input looks truncated...) is printed in every mode.
The view never prints after the ``with`` block, so the CLI's one-line error is always the last
line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

from aligner.basics.timefmt import elapsed_clock
from aligner.progress import Progress

_LABELS = {
    "download": "Downloading",
    "hash": "Hashing",
    "decode": "Decoding",
    "transcribe": "Transcribing",
    "align": "Aligning",
}


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover


def format_amount(done: float, total: float | None, unit: str) -> str:
    """``"1.2 MB / 5.0 MB"``, ``"1:05 / 3:20"`` (unit ``s``) or ``"3 / 10 lines"``."""
    fmt: Callable[[float], str]
    if unit == "B":
        fmt = human_bytes
    elif unit == "s":
        fmt = elapsed_clock
    else:
        fmt = "{:g}".format

    suffix = f" {unit}" if unit not in {"B", "s", ""} else ""
    if total is None:
        return f"{fmt(done)}{suffix}"
    return f"{fmt(done)} / {fmt(total)}{suffix}"


class _AmountColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "")
        return Text(format_amount(task.completed, task.total, unit), style="progress.download")


class _SpeedColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("")
        unit = task.fields.get("unit", "")
        if unit == "B":
            return Text(f"{human_bytes(speed)}/s", style="progress.data.speed")
        if unit == "s":
            return Text(f"×{speed:.1f} realtime", style="progress.data.speed")
        return Text(f"{speed:.1f} {unit}/s", style="progress.data.speed")


class ProgressView:
    """A callable sink for :class:`Progress` events: rich bars on a terminal, else one line per
    stage (see the module docstring)."""

    def __init__(self, console: Console | None = None, *, enabled: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = enabled
        #: Bars on a terminal; one plain line per stage anywhere else.
        self.interactive = self.console.is_terminal
        self.messages: list[str] = []
        self._stages_seen: set[str] = set()
        self._tasks: dict[str, TaskID] = {}
        self._last_message: dict[str, str] = {}
        self._bars = RichProgress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            _AmountColumn(),
            _SpeedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            disable=not (enabled and self.interactive),
            speed_estimate_period=20.0,
        )

    def __enter__(self) -> ProgressView:
        self._started = time.monotonic()
        self._bars.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._bars.stop()

    def __call__(self, event: Progress) -> None:
        if event.message and self._last_message.get(event.stage) != event.message:
            self._last_message[event.stage] = event.message
            self.messages.append(f"{event.stage}: {event.message}")
            if self.enabled and self.interactive:
                line = Text.assemble((f"{event.stage}: ", "dim"), event.message)
                self._bars.console.print(line, highlight=False)
            elif event.warning:  # off a terminal or quiet: a problem with the input still shows
                self.console.print(
                    f"{event.stage}: warning: {event.message}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
        if event.stage not in self._stages_seen:
            self._stages_seen.add(event.stage)
            if self.enabled and not self.interactive and not event.warning:
                label = _LABELS.get(event.stage, event.stage.capitalize()).lower()
                self.console.print(
                    f"{event.stage}: {event.message or label}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
        task = self._tasks.get(event.stage)
        if task is None:
            task = self._bars.add_task(
                _LABELS.get(event.stage, event.stage.capitalize()),
                total=event.total,
                unit=event.unit,
            )
            self._tasks[event.stage] = task
        self._bars.update(task, completed=event.done, total=event.total, unit=event.unit)


__all__ = ["ProgressView", "format_amount", "human_bytes"]
