"""One timeline for every container and codec, and the same one in the player.

Each file is encoded here with PyAV from one known signal; decoding it must put the signal back
where it was encoded (lag 0), which is where ffmpeg, browsers and podcast apps put it: an mp3's
encoder delay, Opus pre-skip and AAC priming are not heard as a late start. The player's PCM
path (``tui.audio.decoder.iter_pcm``) must give the very samples the aligner decodes, from the
start and after a seek.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.decoding.timeline import file_origin, timed_frames
from aligner.progress import drive
from tests.encode_support import FORMATS, encode
from tui.audio.decoder import iter_pcm

SECONDS = 4.0


def _signal(rate: int) -> np.ndarray:
    """Tone bursts at irregular times over faint noise: any shift of the timeline shows."""
    n = int(SECONDS * rate)
    x = 0.002 * np.random.default_rng(3).standard_normal(n)
    for k, t in enumerate((0.31, 0.97, 1.62, 2.45, 3.1)):
        i, m = int(t * rate), int(0.09 * rate)
        x[i : i + m] += (
            0.5 * np.sin(2 * np.pi * (310 + 90 * k) * np.arange(m) / rate) * np.hanning(m)
        )
    return x.astype(np.float32)


def _lag(decoded: np.ndarray, reference: np.ndarray) -> int:
    """Lag (samples) of ``decoded`` against ``reference`` by cross-correlation."""
    n = len(reference)
    a = np.zeros(2 * n)
    a[:n] = reference
    b = np.zeros(2 * n)
    m = min(n, len(decoded))
    b[:m] = decoded[:m]
    c = np.fft.irfft(np.fft.rfft(b) * np.conj(np.fft.rfft(a)))
    k = int(np.argmax(c))
    return k - 2 * n if k > n else k


@pytest.fixture(scope="module")
def encoded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("timeline")
    files = {}
    for name, fmt, codec, rate, channels, video in FORMATS:
        encode(root / name, _signal(rate), fmt, codec, rate, channels, video)
        files[name] = root / name
    return files


@pytest.mark.parametrize("name", [f[0] for f in FORMATS])
def test_every_format_decodes_onto_the_encoded_timeline(encoded: dict[str, Path], name: str):
    audio = drive(decode_audio(encoded[name]))
    assert _lag(audio, _signal(SAMPLE_RATE)) == 0
    assert abs(len(audio) / SAMPLE_RATE - SECONDS) < 0.1


@pytest.mark.parametrize("name", ["a16.mp3", "a44.mp3"])
def test_mp3_priming_is_stamped_by_pyav_but_not_kept(encoded: dict[str, Path], name: str):
    with av.open(str(encoded[name])) as container:
        stream = container.streams.audio[0]
        origin = file_origin(container)
        assert origin > 0.02  # the LAME delay PyAV reports as the file's start
        _frame, t = next(timed_frames(container, stream))
        assert abs(t) < 1e-6  # ... and the first audible sample is at 0 s of media time


@pytest.mark.parametrize("name", ["a16.mp3", "a44.mp3", "a.m4a", "a.opus", "v.mp4"])
def test_player_pcm_is_the_aligner_timeline(encoded: dict[str, Path], name: str):
    aligner_pcm = drive(decode_audio(encoded[name]))
    for start in (0.0, 1.5):
        with av.open(str(encoded[name])) as container:
            stream = container.streams.best("audio")
            chunks = [
                s[:, 0]
                for t, s in iter_pcm(container, stream, start, rate=SAMPLE_RATE, layout="mono")
            ]
            first_t = next(iter_pcm(container, stream, start, rate=SAMPLE_RATE, layout="mono"))[0]
        played = np.concatenate(chunks)
        assert abs(first_t - start) < 1e-6
        want = aligner_pcm[round(start * SAMPLE_RATE) :]
        n = min(len(played), len(want)) - 2000
        assert _lag(played[:n], want[:n]) == 0
