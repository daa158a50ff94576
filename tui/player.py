"""What the player screen needs from an audio player.

The real implementation is :class:`tui.audio.playback.AudioPlayer` (PyAV -> miniaudio). The app
only talks to this protocol, so tests inject a scriptable player and drive time by hand (the
fakes live in ``tests/tui_fakes.py``). A player is also the screen's :class:`~tui.clock.Clock`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

#: Backend name miniaudio reports for its null (silent) device.
NULL_BACKEND = "Null"

#: Volume range the player accepts (1.0 = unchanged).
MIN_VOLUME, MAX_VOLUME = 0.0, 1.5


@runtime_checkable
class Player(Protocol):
    """Plays one audio file at a time; every time is seconds of content (PyAV frame time)."""

    @property
    def backend(self) -> str:
        """The audio backend's name (``"PulseAudio"``, ``"ALSA"``, ``"Null"``...)."""
        ...

    @property
    def silent(self) -> bool:
        """True when playing to no device (the clock still runs in real time)."""
        ...

    @property
    def playing(self) -> bool: ...

    @property
    def duration(self) -> float | None: ...

    @property
    def volume(self) -> float: ...

    def set_volume(self, volume: float) -> None: ...

    @property
    def speed(self) -> float:
        """Content seconds played per second heard (0.5-3; pitch kept)."""
        ...

    def set_speed(self, speed: float) -> None: ...

    def load(self, path: Path) -> None:
        """Open ``path`` paused at 0 (raises :class:`aligner.errors.DecodeError`)."""
        ...

    def play(self) -> None: ...

    def pause(self) -> None: ...

    def seek(self, t: float) -> None: ...

    def position(self) -> float:
        """Content time being heard now."""
        ...

    def close(self) -> None: ...


def clamp_volume(volume: float) -> float:
    """``volume`` kept inside the range every player accepts."""
    return max(MIN_VOLUME, min(MAX_VOLUME, float(volume)))


class BackendName:
    """``backend`` and ``silent`` for a player that keeps its backend's name in ``_backend``.

    Shared by :class:`tui.audio.playback.AudioPlayer` and the tests' fake player, so "silent"
    means the same thing for both: playing to miniaudio's null backend.
    """

    _backend: str

    @property
    def backend(self) -> str:
        return self._backend

    @property
    def silent(self) -> bool:
        return self._backend == NULL_BACKEND


__all__ = ["MAX_VOLUME", "MIN_VOLUME", "NULL_BACKEND", "BackendName", "Player", "clamp_volume"]
