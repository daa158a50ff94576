"""Where the player screen reads "now" from: the audio player's position, or a fake for tests.

The screen never asks the operating system for the time: it polls a :class:`Clock`. In real use
that is :class:`PlayerClock` (the position of the audio being heard, so the highlight follows the
sound even after a seek or an underrun); tests pass a :class:`FakeClock` and advance it by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from tui.player import Player


@runtime_checkable
class Clock(Protocol):
    def position(self) -> float:
        """Seconds of content being heard now."""
        ...


class PlayerClock:
    """The real clock: whatever the player is playing."""

    def __init__(self, player: Player) -> None:
        self._player = player

    def position(self) -> float:
        return self._player.position()


class FakeClock:
    """A clock that only moves when told to (``advance``/``set``)."""

    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def position(self) -> float:
        return self.t

    def set(self, t: float) -> None:
        self.t = max(0.0, t)

    def advance(self, dt: float) -> None:
        self.t = max(0.0, self.t + dt)
