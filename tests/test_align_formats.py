"""The same real speech in every format gets the same line starts (within 10 ms).

60 s of real speech (``shared/audio/jfk.flac``, John F. Kennedy, 1961: five takes laid out with
different pauses and levels, as in an episode) is encoded here with PyAV as flac, mp3 at 16 kHz
and at 44.1 kHz, m4a (AAC), Ogg/Opus, Ogg/Vorbis and mp4 (AAC beside an H.264-less mpeg4 video
stream), then aligned from each file with the real bundled model. Before the timeline fix the
mp3s came out 69 ms and 25 ms late; any codec whose priming or start offset leaks into the
timeline fails here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.align import align
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.formats import parse_transcript
from aligner.progress import drive
from aligner.result import LineStatus
from aligner.transcription.models import load_whisper, resolve_model
from tests.encode_support import encode

TAKE_GAPS = (1.3, 0.8, 2.1, 1.0, 1.6)  # seconds of room tone before each take
TAKE_GAINS = (1.0, 0.8, 1.15, 0.9, 1.05)
SENTENCES = (
    "And so, my fellow Americans. Ask not what your country can do for you. "
    "Ask what you can do for your country."
)

# name, container, codec, rate, channels, video
ENCODINGS = [
    ("speech.flac", "flac", "flac", 16000, 1, False),
    ("speech16.mp3", "mp3", "libmp3lame", 16000, 1, False),
    ("speech44.mp3", "mp3", "libmp3lame", 44100, 2, False),
    ("speech.m4a", "ipod", "aac", 44100, 2, False),
    ("speech.opus", "ogg", "libopus", 48000, 1, False),
    ("speech.ogg", "ogg", "vorbis", 44100, 2, False),
    ("speech.mp4", "mp4", "aac", 48000, 2, True),
]


def _resample(x: np.ndarray, rate: int) -> np.ndarray:
    import av

    out = []
    res = av.AudioResampler(format="flt", layout="mono", rate=rate)
    frame = av.AudioFrame.from_ndarray(x[None, :].astype(np.float32), format="flt", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    for f in [*res.resample(frame), *res.resample(None)]:
        out.append(f.to_ndarray().reshape(-1))
    return np.concatenate(out)


@pytest.fixture(scope="module")
def episode(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    jfk = drive(decode_audio(shared_dir / "audio" / "jfk.flac"))
    jfk = jfk[np.flatnonzero(np.abs(jfk) > 0)[0] :]  # the file opens on digital silence
    # The pauses are the recording's own room tone (its level), not digital silence.
    frames = jfk[: len(jfk) // 1600 * 1600].reshape(-1, 1600)
    floor = float(np.sqrt(np.percentile((frames**2).mean(axis=1), 5)))
    rng = np.random.default_rng(5)
    parts = []
    for gap, gain in zip(TAKE_GAPS, TAKE_GAINS):
        tone = floor * rng.standard_normal(round(gap * SAMPLE_RATE))
        parts.append((gain * tone).astype(np.float32))
        parts.append((gain * jfk).astype(np.float32))
    mix = np.concatenate(parts)
    assert 55 < len(mix) / SAMPLE_RATE < 65
    root = tmp_path_factory.mktemp("formats")
    files = {}
    for name, fmt, codec, rate, channels, video in ENCODINGS:
        sig = mix if rate == SAMPLE_RATE else _resample(mix, rate)
        encode(root / name, sig, fmt, codec, rate, channels, video)
        files[name] = root / name
    return files


def _starts(path: Path) -> list[float]:
    text = "\n\n".join(f"**Speaker {i % 2 + 1}**: {SENTENCES}" for i in range(len(TAKE_GAPS)))
    transcript = parse_transcript(text, "markdown")
    spec = resolve_model(None)
    audio = drive(decode_audio(path))
    # load_whisper loads the model once per process: seven formats, one load
    result = drive(align(transcript, audio, model=spec, whisper=load_whisper(spec)))
    assert all(al.status is LineStatus.ALIGNED for al in result.lines), path.name
    return [float(al.start) for al in result.lines]


def test_every_format_gets_the_line_starts_of_the_flac(episode: dict[str, Path]) -> None:
    reference = _starts(episode["speech.flac"])
    assert len(reference) == 3 * len(TAKE_GAPS)
    # the takes are where they were laid out: each take's first line after its pause
    take = len(drive(decode_audio(episode["speech.flac"]))) / SAMPLE_RATE
    assert reference[0] > TAKE_GAPS[0] and reference[3] > reference[0] + 8 < take
    worst = {}
    for name, *_ in ENCODINGS[1:]:
        starts = _starts(episode[name])
        assert len(starts) == len(reference)
        worst[name] = max(abs(a - b) for a, b in zip(starts, reference))
        print(
            name,
            [round(a - b, 3) for a, b in zip(starts, reference)],
            [round(x, 2) for x in reference],
        )
    assert all(w <= 0.010 + 1e-9 for w in worst.values()), worst
