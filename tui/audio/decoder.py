"""Content-timed PCM for the player: PyAV frames resampled and labelled with their time.

:func:`iter_pcm` decodes from a content time using the frames' own times (``frame.time``, the
timeline :mod:`aligner.decoding.decode` uses, so what the aligner timed is what is heard);
:func:`decode_range` cuts a span for clips; :class:`Decoder` is the player's background thread
that keeps about :data:`AHEAD_SECONDS` of chunks queued from the current seek target. Files are
opened with :func:`aligner.decoding.decode.open_best_audio`, like the decoder for alignment.
At a speed other than 1x the thread's chunks go through :func:`tui.audio.tempo.stretch` (pitch
kept), still labelled with the content time they start at.
"""

from __future__ import annotations

import collections
import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from aligner.decoding.decode import open_best_audio
from aligner.decoding.timeline import timed_frames
from tui.audio.device import CHANNELS, RATE
from tui.audio.tempo import stretch

#: How much decoded audio the decoder thread keeps queued ahead.
AHEAD_SECONDS = 1.0


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
    using the frames' media times, so the first sample yielded is at ``start`` (or at the first
    sample that exists after it).
    """
    import av

    resampler = av.AudioResampler(format="flt", layout=layout, rate=rate)
    nch = 2 if layout == "stereo" else 1
    t_out: float | None = None
    for frame, t_frame in timed_frames(container, stream, max(0.0, start), rewind=True):
        if t_out is None:
            t_out = t_frame
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
    container, stream, _duration = open_best_audio(Path(path))
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


class Decoder:
    """Decoder thread: keeps ~AHEAD_SECONDS of chunks queued from the current seek target."""

    def __init__(self, path: Path) -> None:
        self.container, self.stream, self.duration = open_best_audio(path)
        self._cond = threading.Condition()
        self._queue: collections.deque[tuple[int, float, np.ndarray]] = collections.deque()
        self._queued_frames = 0
        self.generation = 0
        self._target = 0.0
        self._speed = 1.0  # playback speed of the current generation (tui.audio.tempo)
        self.eof_generation = -1
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="podalign-decoder", daemon=True)
        self._thread.start()

    def seek(self, t: float, speed: float | None = None) -> None:
        """Decode from content ``t`` (at ``speed``, pitch kept; None: the speed so far)."""
        with self._cond:
            self.generation += 1
            self._target = max(0.0, t)
            if speed is not None:
                self._speed = speed
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
                generation, target, speed = self.generation, self._target, self._speed
            try:
                pcm = iter_pcm(self.container, self.stream, target)
                for t, samples in stretch(pcm, speed, rate=RATE, channels=CHANNELS):
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


__all__ = ["AHEAD_SECONDS", "Decoder", "decode_range", "iter_pcm"]
