"""Encode a signal with PyAV into every container and codec podalign reads (for tests).

Shared by the timeline tests (a known test signal) and the multi-format alignment test (real
speech): one encoder, so both test the same files.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

# name, container format, codec, sample rate, channels, with a video stream
FORMATS = [
    ("a16.mp3", "mp3", "libmp3lame", 16000, 1, False),
    ("a44.mp3", "mp3", "libmp3lame", 44100, 2, False),
    ("a.m4a", "ipod", "aac", 44100, 2, False),
    ("a.opus", "ogg", "libopus", 48000, 1, False),
    ("a.ogg", "ogg", "vorbis", 44100, 2, False),
    ("a.flac", "flac", "flac", 44100, 2, False),
    ("a.wav", "wav", "pcm_s16le", 22050, 1, False),
    ("v.mp4", "mp4", "aac", 48000, 2, True),
    ("v.webm", "webm", "libopus", 48000, 2, True),
]


#: Encoder options: the fastest settings (the priming, which is what the tests are about, is the
#: same at every quality); FFmpeg's own Vorbis encoder is marked experimental.
_FAST = {
    "libmp3lame": {"compression_level": "9"},
    "aac": {"aac_coder": "fast"},
    "vorbis": {"strict": "experimental"},
}


def encode(
    path: Path, sig: np.ndarray, fmt: str, codec: str, rate: int, channels: int, video: bool
) -> None:
    """Write mono float32 ``sig`` (already at ``rate``) as ``codec`` in ``fmt`` with PyAV."""
    seconds = len(sig) / rate
    layout = "mono" if channels == 1 else "stereo"
    with av.open(str(path), "w", format=fmt) as out:
        vs = None
        if video:
            vs = out.add_stream("libvpx-vp9" if fmt == "webm" else "mpeg4", rate=10)
            vs.width, vs.height, vs.pix_fmt = 32, 32, "yuv420p"
        a = out.add_stream(codec, rate=rate, options=_FAST.get(codec, {}))
        a.layout = layout
        size = a.codec_context.frame_size or 1024
        sample_fmt = a.codec_context.format.name
        planar = a.codec_context.format.is_planar
        pts = 0
        for i in range(0, len(sig), size):
            chunk = np.tile(np.clip(sig[i : i + size], -1.0, 1.0), (channels, 1))
            if sample_fmt.startswith("s16"):
                chunk = np.round(chunk * 32767).astype(np.int16)
            elif sample_fmt.startswith("s32"):
                chunk = np.round(chunk * 2**31 * 0.99).astype(np.int32)
            if not planar:
                chunk = chunk.T.reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format=sample_fmt, layout=layout)
            frame.sample_rate, frame.pts = rate, pts
            pts += size
            for packet in a.encode(frame):
                out.mux(packet)
        for packet in a.encode(None):
            out.mux(packet)
        if vs is not None:
            for i in range(int(seconds * 10)):
                vf = av.VideoFrame.from_ndarray(
                    np.full((32, 32, 3), (i * 5) % 256, np.uint8), "rgb24"
                )
                vf.pts = i
                for packet in vs.encode(vf):
                    out.mux(packet)
            for packet in vs.encode(None):
                out.mux(packet)
