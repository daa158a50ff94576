"""Writing the episode as Ogg/Opus and reading audio back, with PyAV only (no system ffmpeg).

The reader here is deliberately independent of :mod:`aligner.decoding.decode`: the spot check uses
it to
show that the truth file matches the *encoded* audio, not just the mix it was made from.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from benchmarks.synth import SAMPLE_RATE


def write_opus(path: Path, audio: np.ndarray, bitrate: int = 40000) -> None:
    """Encode float32 mono ``audio`` at :data:`SAMPLE_RATE` into an Ogg/Opus file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    pcm = np.clip(audio, -1.0, 1.0).astype(np.float32)
    with av.open(str(tmp), "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=48000, layout="mono")
        stream.bit_rate = bitrate
        block = SAMPLE_RATE  # one second per frame handed to the encoder
        for s0 in range(0, len(pcm), block):
            frame = av.AudioFrame.from_ndarray(
                pcm[None, s0 : s0 + block], format="flt", layout="mono"
            )
            frame.sample_rate = SAMPLE_RATE
            frame.pts = s0
            frame.time_base = Fraction(1, SAMPLE_RATE)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    tmp.replace(path)


def read_audio(path: Path) -> np.ndarray:
    """Decode any file PyAV reads into float32 mono at :data:`SAMPLE_RATE`."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks).astype(np.float32)
