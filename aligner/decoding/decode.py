"""Decode any audio or video file PyAV can open to 16 kHz mono float32, the input Whisper wants.

Decoding streams: decoded frames wait in an ``av.AudioFifo`` and are resampled
:data:`CHUNK_SECONDS` at a time into a single growing output buffer, so memory stays at the size
of the output (≈ 230 MB an hour, ≈ 690 MB for 3 hours) and the file is read once. Resampling
in chunks gives the same samples, bit for bit, as frame by frame (the resampler streams), at a
fraction of the per-call cost: an Opus file has 50 frames a second, and resampling them one by
one took as long as decoding them.

Timeline: sample ``i`` of the result is media time ``i / SAMPLE_RATE`` on ffmpeg's timeline, the
one browsers, podcast apps and the player (``tui/audio_decoder.py``) count in: frames come from
:func:`aligner.decoding.timeline.timed_frames` (presentation time minus the file's start time;
codec priming dropped by the decoders), so a word at ``t`` seconds here is heard at ``t`` seconds
there. An mp3's encoder delay, which PyAV stamps as the stream start, is *not* kept as leading
silence. If the first frame starts after 0 (a video's audio starting after its video) the gap is
filled with silence; samples before 0 are dropped. Gaps inside the stream are not filled:
decoded samples are laid end to end after the first frame.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aligner.basics.audio import SAMPLE_RATE
from aligner.decoding.timeline import file_origin, timed_frames
from aligner.errors import DecodeError
from aligner.progress import Progress, Stage

#: Decoded audio resampled in one call (seconds at the source rate).
CHUNK_SECONDS = 4


@dataclass(frozen=True)
class AudioInfo:
    """What :func:`probe` learns about a file's best audio stream without decoding it."""

    duration: float | None
    codec: str
    sample_rate: int
    channels: int
    container: str
    start_time: float = 0.0
    bit_rate: int | None = None
    has_video: bool = False


def _open(path: str | Path):
    import av

    p = Path(path)
    if not p.exists():
        raise DecodeError(f"{p}: no such file")
    if p.is_dir():
        raise DecodeError(f"{p}: is a directory, not an audio or video file")
    if p.stat().st_size == 0:
        raise DecodeError(f"{p.name}: the file is empty (0 bytes); fetch or export it again")
    try:
        container = av.open(os.fspath(p), mode="r")
    except av.FFmpegError as exc:
        raise DecodeError(
            f"{p.name}: not a media file PyAV can open ({_reason(exc)}); "
            "give an audio or video file"
        ) from None
    if not container.streams.audio:
        container.close()
        raise DecodeError(f"{p.name}: has no audio stream; give a file with sound")
    return container


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return " ".join(str(text).split())[:120]


def _best_audio(container):
    try:
        return container.streams.best("audio")
    except Exception:  # pragma: no cover - older PyAV
        return max(container.streams.audio, key=lambda s: (s.channels or 0, s.rate or 0))


def _duration(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


def open_best_audio(path: str | Path):
    """Open ``path`` with PyAV and pick its best audio stream: ``(container, stream, duration)``.

    For readers that decode on their own terms (the player's decoder thread, clips); the caller
    closes the container. ``duration`` is in seconds, None when the file does not say. Raises
    :class:`DecodeError` (one line) for missing, empty, unreadable or audio-less files.
    """
    container = _open(path)
    try:
        stream = _best_audio(container)
        return container, stream, _duration(container, stream)
    except BaseException:
        container.close()
        raise


def probe(path: str | Path) -> AudioInfo:
    """Duration, codec, rate and channels of the best audio stream (raises DecodeError)."""
    container = _open(path)
    try:
        stream = _best_audio(container)
        start = 0.0
        if stream.start_time is not None and stream.time_base is not None:
            start = float(stream.start_time * stream.time_base) - file_origin(container)
        return AudioInfo(
            duration=_duration(container, stream),
            codec=stream.codec_context.name,
            sample_rate=int(stream.rate or 0),
            channels=int(stream.channels or 0),
            container=container.format.name,
            start_time=start,
            bit_rate=stream.bit_rate or container.bit_rate or None,
            has_video=bool(container.streams.video),
        )
    finally:
        container.close()


class _Buffer:
    """A float32 buffer that grows geometrically (amortised O(1) appends, one live array)."""

    def __init__(self, capacity: int) -> None:
        self.data = np.zeros(max(capacity, SAMPLE_RATE), dtype=np.float32)
        self.size = 0

    def append(self, samples: np.ndarray) -> None:
        need = self.size + samples.shape[0]
        if need > self.data.shape[0]:
            grown = np.zeros(max(need, int(self.data.shape[0] * 1.5)), dtype=np.float32)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : need] = samples
        self.size = need

    def pad(self, n: int) -> None:
        self.append(np.zeros(n, dtype=np.float32))

    def result(self) -> np.ndarray:
        if self.data.shape[0] - self.size > SAMPLE_RATE * 60:
            return self.data[: self.size].copy()
        return self.data[: self.size]


def decode_audio(path: str | Path) -> Stage[np.ndarray]:
    """Decode ``path``'s best audio stream to float32 mono at :data:`SAMPLE_RATE`.

    Yields ``Progress("decode", seconds_done, seconds_total, "s")``; returns the samples.
    Raises :class:`DecodeError` (one line) for missing, empty, corrupt or audio-less files.
    """
    import av

    name = Path(path).name
    container = _open(path)
    try:
        stream = _best_audio(container)
        total = _duration(container, stream)
        buf = _Buffer(int((total or 60.0) * SAMPLE_RATE) + SAMPLE_RATE)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        fifo = av.AudioFifo()
        first = True
        skip = 0  # samples before media time 0 still to drop
        last_report = 0.0
        step = max(1.0, (total or 0.0) / 400)
        yield Progress("decode", 0.0, total, "s", message=f"decoding {name}")
        try:
            for frame, t0 in timed_frames(container, stream):
                if first:
                    first = False
                    if t0 > 0:
                        buf.pad(round(t0 * SAMPLE_RATE))
                    elif t0 < 0:
                        skip = round(-t0 * SAMPLE_RATE)
                if fifo.samples and not _same_format(frame, fifo):
                    skip = _drain(fifo, resampler, buf, skip)
                    fifo = av.AudioFifo()
                frame.pts = None  # the fifo checks timestamps; times came from timed_frames
                fifo.write(frame)
                if fifo.samples < (frame.sample_rate or SAMPLE_RATE) * CHUNK_SECONDS:
                    continue
                skip = _drain(fifo, resampler, buf, skip)
                done = buf.size / SAMPLE_RATE
                if done - last_report >= step:
                    last_report = done
                    yield Progress("decode", done, total, "s")
            skip = _drain(fifo, resampler, buf, skip)
            for out in resampler.resample(None):
                skip = _append(buf, out, skip)
        except av.FFmpegError as exc:
            skip = _drain(fifo, resampler, buf, skip)
            if buf.size == 0:
                raise DecodeError(f"{name}: cannot decode audio ({_reason(exc)})") from None
            # A damaged tail: keep what decoded (the player will stop at the same place).
        if buf.size == 0:
            raise DecodeError(
                f"{name}: the audio stream decoded to no samples (the file is damaged); "
                "fetch or export it again"
            )
        audio = buf.result()
        done = buf.size / SAMPLE_RATE
        message = ""
        if total and done < total - max(1.0, 0.01 * total):
            message = (
                f"{name} ends at {done:.1f} s of the {total:.1f} s it declares: it looks "
                "truncated or damaged; fetch it again to get the rest"
            )
        yield Progress("decode", done, done, "s", message=message, warning=bool(message))
        return audio
    finally:
        container.close()


def _same_format(frame, fifo) -> bool:
    """Whether ``frame`` can join the frames waiting in ``fifo`` (same format, layout, rate)."""
    return (
        frame.format.name == fifo.format.name
        and frame.layout.name == fifo.layout.name
        and frame.sample_rate == fifo.sample_rate
    )


def _drain(fifo, resampler, buf: _Buffer, skip: int) -> int:
    """Resample what waits in ``fifo`` in one call into ``buf``; return the samples to skip."""
    if fifo.samples:
        for out in resampler.resample(fifo.read()):
            skip = _append(buf, out, skip)
    return skip


def _append(buf: _Buffer, frame, skip: int) -> int:
    samples = frame.to_ndarray().reshape(-1)
    if skip:
        cut = min(skip, samples.shape[0])
        samples = samples[cut:]
        skip -= cut
    if samples.shape[0]:
        buf.append(samples)
    return skip


__all__ = ["SAMPLE_RATE", "AudioInfo", "decode_audio", "open_best_audio", "probe"]
