"""Where the player screen reads "now" from.

The screen never asks the operating system for the time: it polls a :class:`Clock`. In real use
the clock is the audio player itself (every :class:`~tui.player.Player` has ``position()``: the
content being heard, so the highlight follows the sound even after a seek or an underrun);
tests pass a fake clock (``tests/tui_fakes.py``) and advance it by hand.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    def position(self) -> float:
        """Seconds of content being heard now."""
        ...


__all__ = ["Clock"]
