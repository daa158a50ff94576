"""Remembering the last playback speed, beside the resume positions in the cache store.

One small JSON entry (namespace ``resume``, so ``podalign cache clear`` keeps it as it keeps the
positions; key :data:`KEY`). The speed is the listener's, not the episode's: the next ``play`` of
any episode starts at it unless ``--speed`` says otherwise. A missing or damaged entry reads as
"nothing remembered".
"""

from __future__ import annotations

import time

from aligner.errors import CacheError
from tui.audio.tempo import MAX_SPEED, MIN_SPEED, clamp_speed
from tui.resume import NAMESPACE, JsonStore

#: The entry's key inside the ``resume`` namespace (never a sha256, so no episode clashes).
KEY = "last-speed"


class SpeedMemory:
    def __init__(self, store: JsonStore) -> None:
        self._store = store

    def load(self) -> float | None:
        """The last speed used (on the 0.25 grid), or None."""
        try:
            data = self._store.read_json(NAMESPACE, KEY)
        except (OSError, ValueError):
            return None
        try:
            speed = float(data["speed"]) if data else None
        except (KeyError, TypeError, ValueError):
            return None
        if speed is None or not MIN_SPEED <= speed <= MAX_SPEED:
            return None
        return clamp_speed(speed)

    def save(self, speed: float) -> None:
        data = {"speed": clamp_speed(speed), "saved": time.time()}
        try:
            self._store.write_json(NAMESPACE, KEY, data, label="last playback speed")
        except OSError as exc:
            raise CacheError(f"cannot save the playback speed in the cache ({exc})") from None


__all__ = ["KEY", "SpeedMemory"]
