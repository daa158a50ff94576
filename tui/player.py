"""What the player screen needs from an audio player, and a scriptable stand-in for tests.

The real implementation is :class:`tui.playback.AudioPlayer` (PyAV -> miniaudio). The app only
talks to this protocol, so tests inject :class:`FakePlayer` and drive time with a
:class:`tui.clock.FakeClock`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from tui.clock import FakeClock

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

    Shared by :class:`FakePlayer` and :class:`tui.playback.AudioPlayer` so "silent" means the
    same thing for both: playing to miniaudio's null backend.
    """

    _backend: str

    @property
    def backend(self) -> str:
        return self._backend

    @property
    def silent(self) -> bool:
        return self._backend == NULL_BACKEND


class FakePlayer(BackendName):
    """A :class:`Player` that records commands; with a :class:`FakeClock`, seeks move the clock.

    Nothing advances by itself: tests call ``clock.advance(dt)``.
    """

    def __init__(
        self, clock: FakeClock | None = None, *, backend: str = NULL_BACKEND, duration: float = 0
    ) -> None:
        self.clock = clock if clock is not None else FakeClock()
        self._backend = backend
        self._duration = duration or None
        self.playing = False
        self.volume = 1.0
        self.loaded: Path | None = None
        self.seeks: list[float] = []
        self.closed = False

    @property
    def duration(self) -> float | None:
        return self._duration

    def set_volume(self, volume: float) -> None:
        self.volume = clamp_volume(volume)

    def load(self, path: Path) -> None:
        self.loaded = Path(path)
        self.playing = False
        self.clock.set(0.0)

    def play(self) -> None:
        self.playing = True

    def pause(self) -> None:
        self.playing = False

    def seek(self, t: float) -> None:
        t = max(0.0, t)
        self.seeks.append(t)
        self.clock.set(t)

    def position(self) -> float:
        return self.clock.position()

    def close(self) -> None:
        self.closed = True
        self.playing = False
