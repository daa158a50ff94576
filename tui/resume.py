"""Remembering where the listener stopped, per episode, in the cache store.

Stored as a small JSON entry (namespace ``resume``, key = the audio's sha256). A position in the
first few seconds or in the last seconds of the episode is not worth resuming: the next ``play``
starts from the beginning.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from aligner.errors import CacheError

NAMESPACE = "resume"
#: Positions before this are not resumed (seconds).
MIN_RESUME = 5.0
#: Positions this close to the end count as "finished" (seconds).
END_MARGIN = 10.0


class JsonStore(Protocol):
    def read_json(self, ns: str, key: str) -> dict[str, Any] | None: ...

    def write_json(self, ns: str, key: str, data: dict[str, Any], label: str = "") -> Any: ...


def worth_resuming(position: float, duration: float | None) -> bool:
    if position < MIN_RESUME:
        return False
    return duration is None or position < duration - END_MARGIN


class ResumeStore:
    def __init__(self, store: JsonStore) -> None:
        self._store = store

    def load(self, key: str) -> float | None:
        """The saved position of episode ``key`` if it is worth resuming, else None."""
        try:
            data = self._store.read_json(NAMESPACE, key)
        except (OSError, ValueError):
            return None
        if not data:
            return None
        try:
            position = float(data["position"])
            duration = data.get("duration")
            duration = float(duration) if duration is not None else None
        except (KeyError, TypeError, ValueError):
            return None
        return position if worth_resuming(position, duration) else None

    def save(self, key: str, position: float, duration: float | None) -> None:
        data = {"position": round(position, 3), "duration": duration, "saved": time.time()}
        try:
            self._store.write_json(NAMESPACE, key, data, label="resume position")
        except OSError as exc:
            raise CacheError(f"cannot save the resume position in the cache ({exc})") from None
