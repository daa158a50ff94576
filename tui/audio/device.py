"""Opening the sound output: the default device, else miniaudio's silent null backend.

Kept apart from the player's position bookkeeping (:mod:`tui.audio.playback`) because it is all
about the host: which device opens, ``PODALIGN_AUDIO=null`` forcing silence, and keeping the
pages of errors ALSA/JACK print to fd 2 when no device opens away from the terminal
(:func:`quiet_stderr`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from aligner.errors import PodalignError

#: Output format handed to the device (miniaudio converts to the hardware's own).
RATE = 48000
CHANNELS = 2
#: Device period: the granularity of the position record (and half the buffer latency).
PERIOD_MS = 20
#: Environment variable: ``null`` forces the silent backend.
ENV_AUDIO = "PODALIGN_AUDIO"


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send fd 2 to /dev/null for the duration (C libraries write there directly)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def open_device(force_null: bool | None = None):
    """Open the default playback device, else miniaudio's null backend. Returns the device."""
    import miniaudio

    if force_null is None:
        force_null = os.environ.get(ENV_AUDIO, "").strip().lower() == "null"
    kwargs = dict(
        output_format=miniaudio.SampleFormat.FLOAT32,
        nchannels=CHANNELS,
        sample_rate=RATE,
        buffersize_msec=PERIOD_MS,
        app_name="podalign",
    )
    with quiet_stderr():
        if not force_null:
            try:
                return miniaudio.PlaybackDevice(**kwargs)
            except miniaudio.MiniaudioError:
                pass
        try:
            return miniaudio.PlaybackDevice(backends=[miniaudio.Backend.NULL], **kwargs)
        except miniaudio.MiniaudioError as exc:
            raise PodalignError(
                f"cannot open any audio output, not even a silent one ({exc}); "
                "check the miniaudio installation"
            ) from None


__all__ = ["CHANNELS", "ENV_AUDIO", "PERIOD_MS", "RATE", "open_device", "quiet_stderr"]
