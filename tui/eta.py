"""Estimating the time left in a pipeline stage from its progress events.

Pure logic with an injectable clock so tests (and snapshot tests) are deterministic. The rate is
measured from the moment a stage first reports, so a stage that starts slowly (model loading) is
not extrapolated from its first instant.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aligner.basics.timefmt import player_clock
from aligner.progress import Progress

#: Do not guess before this much of a stage has been observed (seconds).
MIN_ELAPSED = 1.0


class EtaEstimator:
    """Feed it each :class:`Progress`; it answers seconds left in the current stage (or None)."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._stage: str | None = None
        self._t0 = 0.0
        self._done0 = 0.0

    def update(self, event: Progress) -> float | None:
        now = self._now()
        if event.stage != self._stage or event.done < self._done0:
            self._stage, self._t0, self._done0 = event.stage, now, event.done
            return None
        if event.total is None or event.total <= 0:
            return None
        elapsed = now - self._t0
        gained = event.done - self._done0
        if elapsed < MIN_ELAPSED or gained <= 0:
            return None
        remaining = max(0.0, event.total - event.done)
        return remaining * elapsed / gained


def format_clock(seconds: float | None) -> str:
    """``83.4`` -> ``"01:23"``; an hour or more -> ``"1:02:03"``; None -> ``"--:--"``."""
    return player_clock(seconds)
