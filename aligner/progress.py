"""How long stages report progress and get cancelled, without printing anything.

A long stage is a generator function: it ``yield``s :class:`Progress` events and ``return``s its
result. The caller decides how to show progress (rich in the CLI, widgets in the TUI) and can
cancel the stage simply by closing the generator (``gen.close()`` raises ``GeneratorExit`` at the
stage's current ``yield``, so ``finally`` blocks and context managers clean up). :func:`drive`
runs a stage to completion, forwarding events to a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    """One progress event from a stage.

    ``done`` and ``total`` share a unit named by ``unit`` (``"s"`` of audio, ``"B"`` of bytes,
    ``"lines"``...); ``total`` is ``None`` when unknown. ``warning``: the message reports a
    problem with the input the user should see even without progress (a truncated file).
    """

    stage: str
    done: float = 0.0
    total: float | None = None
    unit: str = ""
    message: str = ""
    warning: bool = False

    @property
    def fraction(self) -> float | None:
        if self.total is None or self.total <= 0:
            return None
        return max(0.0, min(1.0, self.done / self.total))


Stage = Generator[Progress, None, T]
ProgressCallback = Callable[[Progress], None]


def drive(stage: Stage[T], on_progress: ProgressCallback | None = None) -> T:
    """Run ``stage`` to completion, passing each event to ``on_progress``; return its result."""
    try:
        while True:
            event = next(stage)
            if on_progress is not None:
                on_progress(event)
    except StopIteration as stop:
        result: T = stop.value
        return result
    finally:
        stage.close()


def delegate(stage: Stage[T], *, cancel: Callable[[], bool] | None = None) -> Stage[T]:
    """Re-yield ``stage``'s events (``result = yield from delegate(sub)``), optionally checking
    ``cancel`` between events and closing the sub-stage if it returns True."""
    from aligner.errors import Cancelled

    try:
        while True:
            try:
                event = next(stage)
            except StopIteration as stop:
                result: T = stop.value
                return result
            if cancel is not None and cancel():
                raise Cancelled("cancelled")
            yield event
    finally:
        stage.close()
