"""One timeline for the aligner and the player: media time as ffmpeg, browsers and podcast apps
count it.

Why this exists: PyAV reports a frame's time as its raw presentation timestamp. Those are not
the seconds a listener sees. An mp3 with a LAME/Xing header is demuxed with its encoder delay as
the stream start (1105 samples, 69 ms at 16 kHz; 25 ms at 44.1 kHz) and its first *audible*
sample is stamped there, while ffmpeg (``ffmpeg -i x.mp3 out.wav``), browsers and podcast apps
put that sample at 0 s. An aligner that counts raw timestamps puts every line of such a file
that much late.

The rule, for every container and codec: **media time = presentation timestamp - the file's
start time** (``container.start_time``, the earliest start of any of its streams; 0 when the
file declares none). Codec priming and padding are dropped by the decoders themselves (mp3
gapless info and skip-samples side data, Opus pre-skip, mp4/m4a edit lists), so for an
audio-only file the first decoded sample is at 0 s, exactly as ffmpeg writes it. When a video
file's audio starts after its video, the audio starts that much after 0 s, where players play
it. Raw ADTS AAC declares no delay, so its 1024 priming samples stay (as in ffmpeg too).

Both :func:`aligner.decoding.decode.decode_audio` (alignment) and ``tui/audio_decoder.py``
(playback, clips) read frames through :func:`timed_frames`, so a word timed at ``t`` here is
heard at ``t`` there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: FFmpeg's AV_TIME_BASE: container start times are in microseconds.
_AV_TIME_BASE = 1_000_000


def file_origin(container: Any) -> float:
    """Seconds of the file's own start (its 0 s on ffmpeg's timeline); 0.0 when undeclared."""
    start = getattr(container, "start_time", None)
    if start is None:
        return 0.0
    return float(start) / _AV_TIME_BASE


def timed_frames(
    container: Any, stream: Any, start: float = 0.0, *, rewind: bool = False
) -> Iterator[tuple[Any, float]]:
    """Decode ``stream`` from media time ``start``: yield ``(frame, t)`` with ``t`` in media time.

    ``t`` is the frame's first sample on ffmpeg's timeline (presentation time minus
    :func:`file_origin`). With ``start > 0`` the container is first sought to the key frame
    before ``start`` (the caller trims the head of the first frames); with ``rewind`` a
    container that was read before is sought back to its beginning for ``start <= 0``.
    Frames without a timestamp get the time that follows on from the previous frame's samples.
    """
    origin = file_origin(container)
    if start > 0 and stream.time_base is not None:
        container.seek(int((start + origin) / stream.time_base), stream=stream, backward=True)
    elif start > 0:  # pragma: no cover - streams always have a time base in practice
        container.seek(int((start + origin) * _AV_TIME_BASE), backward=True)
    elif rewind:
        container.seek(0)
    following: float | None = None
    for frame in container.decode(stream):
        raw = frame.time
        t = float(raw) - origin if raw is not None else following
        if t is None:
            t = 0.0
        rate = frame.sample_rate or stream.rate or 0
        following = t + (frame.samples / rate if rate else 0.0)
        yield frame, t


__all__ = ["file_origin", "timed_frames"]
