"""A 93 s cut of podsim-mini, for the tests that run the CLI on it many times (fault injection,
concurrency): the audio's music, intro and first three turns (the fourth starts at 93.5 s),
Whisper's three decoding windows and 29 segments, and the page cut to those three turns. A cut
keeps every stage (hash, decode, VAD, transcription across windows, forced alignment, writing)
at half the cost of the full episode."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from hardening_support import SHARED
from made_inputs import write_audio

PODSIM = SHARED / "audio" / "podsim-mini.opus"
PODSIM_MD = SHARED / "examples" / "podsim-mini.md"
CUT_SECONDS, CUT_TURNS = 93.3, 3
#: A shorter cut for the tests that run the CLI dozens of times: music, intro and two turns (the
#: third starts at 64.9 s), still three decoding windows.
SHORT_SECONDS, SHORT_TURNS = 64.55, 2
#: Where the talk begins: the music and the read intro (not in the transcript) end at 31.4 s,
#: the first turn starts at 32.9 s.
TALK_START = 32.0


@dataclass(frozen=True)
class Episode:
    audio: Path
    transcript: Path


@functools.cache
def _podsim_samples() -> np.ndarray:
    """podsim-mini decoded once per test session (several modules cut it)."""
    from aligner.decoding.decode import decode_audio
    from aligner.progress import drive

    return drive(decode_audio(PODSIM))


def make_cut(
    folder: Path, seconds: float = CUT_SECONDS, turns: int = CUT_TURNS, start: float = 0.0
) -> Episode:
    """Write ``cut.flac`` (podsim-mini from ``start`` to ``seconds``) and ``cut.md`` (its first
    ``turns`` turns) into ``folder``."""
    from aligner.basics.audio import SAMPLE_RATE

    samples = _podsim_samples()
    audio = write_audio(
        folder / "cut.flac", samples[int(start * SAMPLE_RATE) : int(seconds * SAMPLE_RATE)]
    )
    head, *published = PODSIM_MD.read_text(encoding="utf-8").split("\n\n**")
    assert len(published) > turns, "podsim-mini.md changed: pick another cut"
    transcript = folder / "cut.md"
    page = "\n\n**".join([head, *published[:turns]]).rstrip("\n") + "\n"
    transcript.write_text(page, encoding="utf-8")
    return Episode(audio, transcript)
