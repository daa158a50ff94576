"""How long after the player hands audio to the device it is heard: the output latency.

:mod:`tui.audio.playback` already models miniaudio's own buffer (each period is heard when
the periods handed before it have played). What sits behind that buffer (the backend's and
the hardware's buffers) only the device knows: :func:`output_latency` reads it where miniaudio
reports it, i.e. where the binding exposes the device's internal period size and count (the
pyminiaudio builds of today expose neither, so it is 0 there); the null backend has none. A
listener whose output is known to lag (Bluetooth) can say by how much with
``PODALIGN_AUDIO_LATENCY_MS``, which wins over the reported figure.
"""

from __future__ import annotations

import contextlib
import os

from aligner.errors import UsageError

#: Environment variable: the output latency in milliseconds, overriding what the device reports.
ENV_LATENCY = "PODALIGN_AUDIO_LATENCY_MS"
#: Latencies above this are not believed (seconds).
MAX_LATENCY = 2.0


def reported_latency(device: object) -> float:
    """Seconds of buffering behind the callback that miniaudio reports for ``device`` (0 when
    it reports nothing, and for the null backend)."""
    if getattr(device, "backend", "") == "Null":
        return 0.0
    raw = getattr(device, "_device", None)
    playback = None
    with contextlib.suppress(AttributeError, TypeError):
        playback = raw.playback  # type: ignore[union-attr]
    if playback is None:
        return 0.0
    try:
        frames = int(playback.internalPeriodSizeInFrames)
        periods = int(playback.internalPeriods)
        rate = int(playback.internalSampleRate)
    except (AttributeError, TypeError, ValueError):
        return 0.0
    if frames <= 0 or periods <= 1 or rate <= 0:
        return 0.0
    # One period is the one being filled, which the player's FIFO model already counts.
    return min(MAX_LATENCY, (periods - 1) * frames / rate)


def latency_override(environ: dict[str, str] | None = None) -> float | None:
    """``PODALIGN_AUDIO_LATENCY_MS`` in seconds, None when unset (UsageError when not a number
    of milliseconds between 0 and 2000)."""
    value = (environ if environ is not None else os.environ).get(ENV_LATENCY, "").strip()
    if not value:
        return None
    try:
        ms = float(value)
    except ValueError:
        ms = -1.0
    if not 0 <= ms <= MAX_LATENCY * 1000:
        raise UsageError(
            f"{ENV_LATENCY}={value!r}: give the output latency in milliseconds (0 to 2000)"
        )
    return ms / 1000


def output_latency(device: object, environ: dict[str, str] | None = None) -> float:
    """Seconds between a period leaving the player's FIFO model and being heard."""
    override = latency_override(environ)
    return override if override is not None else reported_latency(device)


__all__ = [
    "ENV_LATENCY",
    "MAX_LATENCY",
    "latency_override",
    "output_latency",
    "reported_latency",
]
