"""The forced aligner encodes a window once when a caller asks for the same one again.

The walk resumes after a second look at a gap on the window that look ended on; encoding is the
most expensive step of alignment, so the aligner keeps the window it encoded last.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aligner.alignment.forced import ForcedAligner
from aligner.decoding.decode import decode_audio
from aligner.progress import drive
from aligner.transcription.models import load_whisper, resolve_model


def test_the_same_window_is_encoded_once(shared_dir: Path) -> None:
    audio = drive(decode_audio(shared_dir / "audio" / "jfk.flac"))
    aligner = ForcedAligner(load_whisper(resolve_model(None)))
    first = aligner.encode(audio, 0.5)
    assert aligner.encode(audio, 0.5) is first
    assert aligner.calls["encode"] == 1
    later = aligner.encode(audio, 1.0)
    assert later is not first and later.start == 1.0
    copy = np.array(audio)  # other samples at the same place: encoded again
    assert aligner.encode(copy, 1.0) is not later
    assert aligner.calls["encode"] == 3
