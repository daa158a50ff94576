"""The real audio player: PyAV decodes, miniaudio plays, and the position is known by content.

A decoder thread reads the file with PyAV from the current seek target, resamples to 48 kHz
stereo float32 and queues chunks labelled with their *content* time (``frame.time``, the same
timeline :mod:`aligner.decoding.decode` uses). miniaudio's device thread pulls frames from that
queue
through a generator; every period it records which content it handed to the device and when
that content will be heard (a FIFO model of the device buffer). :meth:`AudioPlayer.position`
reads that record, so after a seek, an underrun or a pause the position is the content being
heard, not an estimate from frame counts.

With no sound device (or ``PODALIGN_AUDIO=null``) miniaudio's null backend consumes audio in
real time, so the clock still runs and the TUI says "silent mode". ALSA/JACK print pages of
errors to stderr when no device opens; stderr (fd 2) is redirected to /dev/null around device
init so that noise never reaches the terminal.

This module keeps the position bookkeeping (:class:`AudioPlayer`); the decoding lives in
:mod:`tui.audio.decoder` and the device in :mod:`tui.audio.device`, whose public names are
re-exported here.
"""

from __future__ import annotations

import collections
import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tui.audio.decoder import Decoder, decode_range, iter_pcm
from tui.audio.device import CHANNELS, RATE, open_device, quiet_stderr
from tui.audio.latency import output_latency
from tui.audio.tempo import clamp_speed
from tui.player import NULL_BACKEND, BackendName, clamp_volume


@dataclass(frozen=True)
class _Heard:
    """One device period: heard from wall time ``at``; content ``t`` .. ``t + length``, at
    ``speed`` content seconds per second heard."""

    at: float
    t: float
    length: float
    speed: float = 1.0


class AudioPlayer(BackendName):
    """The :class:`tui.player.Player` that makes sound (or keeps silent time on the null backend).

    ``device`` may be given (tests, or a pre-opened device); otherwise :func:`open_device` picks
    the default device or the null backend. ``latency``: seconds between a period leaving the
    FIFO model and being heard (default: :func:`tui.audio.latency.output_latency`). At a
    ``speed`` other than 1 the decoder time-stretches (:mod:`tui.audio.tempo`) and each period
    heard advances the position by ``speed`` times its length: the position stays content time.
    """

    def __init__(
        self, device=None, *, force_null: bool | None = None, latency: float | None = None
    ) -> None:
        self._device = device if device is not None else open_device(force_null)
        self._backend: str = getattr(self._device, "backend", NULL_BACKEND)
        self._latency = output_latency(self._device) if latency is None else max(0.0, latency)
        self._speed = 1.0
        self._lock = threading.Lock()
        self._decoder: Decoder | None = None
        self._playing = False
        self._volume = 1.0
        self._buf: np.ndarray | None = None
        self._buf_t = 0.0
        self._generation = 0
        self._delivered = 0.0  # content time just after the last frame handed to the device
        self._anchor = 0.0  # what position() says before any period has been heard
        self._heard: collections.deque[_Heard] = collections.deque(maxlen=64)
        self._next_at: float | None = None
        self._ended = False
        gen = self._feed()
        next(gen)
        self._device.start(gen)

    # -- Player protocol (``backend``/``silent`` come from BackendName) ---------------------
    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def duration(self) -> float | None:
        return self._decoder.duration if self._decoder else None

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def latency(self) -> float:
        return self._latency

    @property
    def buffered(self) -> float:
        """Seconds of audio decoded ahead of the device (0 right after a seek)."""
        decoder = self._decoder
        return decoder.queued_seconds if decoder is not None else 0.0

    @property
    def ended(self) -> bool:
        return self._ended

    def set_volume(self, volume: float) -> None:
        self._volume = clamp_volume(volume)

    def set_speed(self, speed: float) -> None:
        """Play at ``speed`` (0.5-3, pitch kept) from the content being heard now."""
        speed = clamp_speed(speed)
        with self._lock:
            if speed == self._speed:
                return
            t = self._position_at(time.monotonic())
            self._speed = speed
            if self._decoder is not None and not self._ended:
                self._restart_at(t)

    def load(self, path: Path) -> None:
        decoder = Decoder(Path(path))
        with self._lock:
            old, self._decoder = self._decoder, decoder
            self._playing = False
            self._restart_at(0.0)  # at the speed set so far
        if old is not None:
            old.close()

    def play(self) -> None:
        with self._lock:
            if self._decoder is None:
                return
            if self._ended:
                self._restart_at(0.0)
            self._playing = True

    def pause(self) -> None:
        with self._lock:
            self._playing = False

    def seek(self, t: float) -> None:
        with self._lock:
            if self._decoder is None:
                return
            duration = self._decoder.duration
            t = max(0.0, t if duration is None else min(t, duration))
            self._restart_at(t)

    def position(self) -> float:
        now = time.monotonic()
        with self._lock:
            return self._position_at(now)

    def _position_at(self, now: float) -> float:
        heard = None
        for h in reversed(self._heard):
            if h.at <= now:
                heard = h
                break
        if heard is None:
            return self._anchor
        return heard.t + min((now - heard.at) * heard.speed, heard.length)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._device.close()
        with self._lock:
            decoder, self._decoder = self._decoder, None
            self._playing = False
        if decoder is not None:
            decoder.close()

    # -- internals ------------------------------------------------------------------------
    def _reset(self, t: float) -> None:
        self._buf = None
        self._delivered = t
        self._anchor = t
        self._heard.clear()
        self._ended = False

    def _restart_at(self, t: float) -> None:
        assert self._decoder is not None
        self._decoder.seek(t, self._speed)
        self._generation = self._decoder.generation
        self._reset(t)

    def _fill(self, out: np.ndarray) -> tuple[float, float]:
        """Copy queued audio into ``out``; return (content start, content seconds filled)."""
        start = self._delivered
        decoder = self._decoder
        if not self._playing or decoder is None:
            return start, 0.0
        filled = 0
        want = out.shape[0]
        while filled < want:
            if self._buf is None or self._buf.shape[0] == 0:
                chunk = decoder.pop(self._generation)
                if chunk is None:
                    if decoder.eof_generation == self._generation and filled == 0:
                        self._ended = True
                        self._playing = False
                    break
                self._buf_t, self._buf = chunk
                if filled == 0:
                    start = self._buf_t
            n = min(want - filled, self._buf.shape[0])
            out[filled : filled + n] = self._buf[:n]
            self._buf = self._buf[n:]
            self._buf_t += n * self._speed / RATE
            filled += n
        if filled:
            self._delivered = start + filled * self._speed / RATE
        return start, filled * self._speed / RATE

    def _feed(self) -> Iterator[np.ndarray]:
        """The generator miniaudio's device thread pulls periods from."""
        frames = yield np.zeros((0, CHANNELS), dtype=np.float32)
        while True:
            out = np.zeros((frames, CHANNELS), dtype=np.float32)
            try:
                now = time.monotonic()
                with self._lock:
                    t, length = self._fill(out)
                    at = now if self._next_at is None else max(now, self._next_at)
                    self._next_at = at + frames / RATE
                    heard_at = at + self._latency
                    self._heard.append(_Heard(heard_at, t, length, self._speed))
                    volume = self._volume
                if volume != 1.0:
                    np.multiply(out, volume, out=out)
                    np.clip(out, -1.0, 1.0, out=out)
            except Exception:  # pragma: no cover - never let the audio thread die
                out[:] = 0.0
            frames = yield out


__all__ = [
    "CHANNELS",
    "RATE",
    "AudioPlayer",
    "decode_range",
    "iter_pcm",
    "open_device",
    "quiet_stderr",
]
