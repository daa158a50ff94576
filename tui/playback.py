"""The real audio player: PyAV decodes, miniaudio plays, and the position is known by content.

A decoder thread reads the file with PyAV from the current seek target, resamples to 48 kHz
stereo float32 and queues chunks labelled with their *content* time (``frame.time``, the same
timeline :mod:`aligner.decode` uses). miniaudio's device thread pulls frames from that queue
through a generator; every period it records which content it handed to the device and when
that content will be heard (a FIFO model of the device buffer). :meth:`AudioPlayer.position`
reads that record, so after a seek, an underrun or a pause the position is the content being
heard, not an estimate from frame counts.

With no sound device (or ``PODALIGN_AUDIO=null``) miniaudio's null backend consumes audio in
real time, so the clock still runs and the TUI says "silent mode". ALSA/JACK print pages of
errors to stderr when no device opens; stderr (fd 2) is redirected to /dev/null around device
init so that noise never reaches the terminal.
"""

from __future__ import annotations

import collections
import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aligner.errors import DecodeError, PodalignError
from tui.player import MAX_VOLUME, MIN_VOLUME, NULL_BACKEND

#: Output format handed to the device (miniaudio converts to the hardware's own).
RATE = 48000
CHANNELS = 2
#: Device period: the granularity of the position record (and half the buffer latency).
PERIOD_MS = 20
#: How much decoded audio the decoder thread keeps queued ahead.
AHEAD_SECONDS = 1.0
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


def _open_container(path: Path):
    import av

    if not path.is_file():
        raise DecodeError(f"{path}: no such audio file; fetch it again or check the path")
    try:
        container = av.open(os.fspath(path), mode="r")
    except av.FFmpegError as exc:
        raise DecodeError(f"{path.name}: PyAV cannot open it ({exc}); give an audio file") from None
    if not container.streams.audio:
        container.close()
        raise DecodeError(f"{path.name}: has no audio stream; give a file with sound")
    return container, container.streams.best("audio")


def _stream_duration(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


def iter_pcm(
    container,
    stream,
    start: float,
    *,
    rate: int = RATE,
    layout: str = "stereo",
) -> Iterator[tuple[float, np.ndarray]]:
    """Decode from content time ``start``: yield ``(t, samples)`` float32 ``(n, channels)``.

    Seeks the container to the keyframe before ``start``, then drops samples before ``start``
    using the frames' own times, so the first sample yielded is at ``start`` (or at the first
    sample that exists after it).
    """
    import av

    if start > 0 and stream.time_base is not None:
        container.seek(int(start / stream.time_base), stream=stream, backward=True)
    else:
        container.seek(0)
    resampler = av.AudioResampler(format="flt", layout=layout, rate=rate)
    nch = 2 if layout == "stereo" else 1
    t_out: float | None = None
    for frame in container.decode(stream):
        if t_out is None:
            if frame.time is None:
                continue
            t_out = float(frame.time)
        for out in resampler.resample(frame):
            samples = out.to_ndarray().reshape(-1, nch)
            t = t_out
            t_out += samples.shape[0] / rate
            if t_out <= start:
                continue
            if t < start:
                samples = samples[round((start - t) * rate) :]
                t = start
            if samples.shape[0]:
                yield t, samples
    if t_out is not None:
        for out in resampler.resample(None):
            samples = out.to_ndarray().reshape(-1, nch)
            if samples.shape[0] and t_out >= start:
                yield t_out, samples
            t_out += samples.shape[0] / rate


def decode_range(path: Path, start: float, end: float, *, rate: int = 44100) -> np.ndarray:
    """Stereo float32 samples of content ``[start, end)`` (for clips)."""
    container, stream = _open_container(Path(path))
    pieces: list[np.ndarray] = []
    want = max(0, round((end - start) * rate))
    got = 0
    try:
        for _t, samples in iter_pcm(container, stream, start, rate=rate):
            pieces.append(samples[: want - got])
            got += pieces[-1].shape[0]
            if got >= want:
                break
    finally:
        container.close()
    if not pieces:
        return np.zeros((0, CHANNELS), dtype=np.float32)
    return np.concatenate(pieces)


class _Decoder:
    """Decoder thread: keeps ~AHEAD_SECONDS of chunks queued from the current seek target."""

    def __init__(self, path: Path) -> None:
        self.container, self.stream = _open_container(path)
        self.duration = _stream_duration(self.container, self.stream)
        self._cond = threading.Condition()
        self._queue: collections.deque[tuple[int, float, np.ndarray]] = collections.deque()
        self._queued_frames = 0
        self.generation = 0
        self._target = 0.0
        self.eof_generation = -1
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="podalign-decoder", daemon=True)
        self._thread.start()

    def seek(self, t: float) -> None:
        with self._cond:
            self.generation += 1
            self._target = max(0.0, t)
            self._queue.clear()
            self._queued_frames = 0
            self._cond.notify_all()

    @property
    def queued_seconds(self) -> float:
        return self._queued_frames / RATE

    def pop(self, generation: int) -> tuple[float, np.ndarray] | None:
        """Next chunk of ``generation`` (non-blocking; called from the audio thread)."""
        with self._cond:
            while self._queue:
                gen, t, samples = self._queue.popleft()
                self._queued_frames -= samples.shape[0]
                self._cond.notify_all()
                if gen == generation:
                    return t, samples
            return None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=2.0)
        with contextlib.suppress(Exception):
            self.container.close()

    def _run(self) -> None:
        import av

        while True:
            with self._cond:
                if self._closed:
                    return
                generation, target = self.generation, self._target
            try:
                for t, samples in iter_pcm(self.container, self.stream, target):
                    with self._cond:
                        while (
                            not self._closed
                            and self.generation == generation
                            and self._queued_frames >= AHEAD_SECONDS * RATE
                        ):
                            self._cond.wait(0.05)
                        if self._closed or self.generation != generation:
                            break
                        self._queue.append((generation, t, samples))
                        self._queued_frames += samples.shape[0]
                else:
                    with self._cond:
                        if self.generation == generation:
                            self.eof_generation = generation
            except (av.FFmpegError, OSError, ValueError):
                # A damaged tail: stop here, like the decoder for alignment does.
                with self._cond:
                    if self.generation == generation:
                        self.eof_generation = generation
            with self._cond:
                while not self._closed and self.generation == generation:
                    self._cond.wait(0.2)


@dataclass(frozen=True)
class _Heard:
    """One device period: heard from wall time ``at``; content ``t`` .. ``t + length``."""

    at: float
    t: float
    length: float


class AudioPlayer:
    """The :class:`tui.player.Player` that makes sound (or keeps silent time on the null backend).

    ``device`` may be given (tests, or a pre-opened device); otherwise :func:`open_device` picks
    the default device or the null backend.
    """

    def __init__(self, device=None, *, force_null: bool | None = None) -> None:
        self._device = device if device is not None else open_device(force_null)
        self._backend: str = getattr(self._device, "backend", NULL_BACKEND)
        self._lock = threading.Lock()
        self._decoder: _Decoder | None = None
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

    # -- Player protocol --------------------------------------------------------------------
    @property
    def backend(self) -> str:
        return self._backend

    @property
    def silent(self) -> bool:
        return self._backend == NULL_BACKEND

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
    def buffered(self) -> float:
        """Seconds of audio decoded ahead of the device (0 right after a seek)."""
        decoder = self._decoder
        return decoder.queued_seconds if decoder is not None else 0.0

    @property
    def ended(self) -> bool:
        return self._ended

    def set_volume(self, volume: float) -> None:
        self._volume = max(MIN_VOLUME, min(MAX_VOLUME, float(volume)))

    def load(self, path: Path) -> None:
        decoder = _Decoder(Path(path))
        with self._lock:
            old, self._decoder = self._decoder, decoder
            self._playing = False
            self._reset(0.0)
            self._generation = decoder.generation
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
            heard = None
            for h in reversed(self._heard):
                if h.at <= now:
                    heard = h
                    break
            if heard is None:
                return self._anchor
            return heard.t + min(now - heard.at, heard.length)

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
        self._decoder.seek(t)
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
            self._buf_t += n / RATE
            filled += n
        if filled:
            self._delivered = start + filled / RATE
        return start, filled / RATE

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
                    self._heard.append(_Heard(at, t, length))
                    volume = self._volume
                if volume != 1.0:
                    np.multiply(out, volume, out=out)
                    np.clip(out, -1.0, 1.0, out=out)
            except Exception:  # pragma: no cover - never let the audio thread die
                out[:] = 0.0
            frames = yield out


__all__ = ["AudioPlayer", "decode_range", "iter_pcm", "open_device", "quiet_stderr"]
