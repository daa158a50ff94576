"""A short word that the alignment path started after its sound starts where it is spoken.

The path has to be somewhere during the pause after a short word that closes a turn, and it
sometimes gives the word the pause, not the sound: the acoustic corpus's "Thanks." (spoken at
33.73-34.0 s of the xl real-speech episode) was put on the 1.7 s of silence after it and
started 0.37 s late. The noise of the room kept the pause before the word above the
recording's quiet level, so the onset snap saw no pause there, and the word boundary search
took the start of the silence after the word. Cut-out: ``shared/audio/jfk.flac``'s "And"
after a pause with room noise in it, then room tone, with the word's timing as the path left
it (from just after its sound through the silence).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.assemble import WordTiming, assemble, said_seconds
from aligner.alignment.stretches import sound_behind
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.formats import parse_transcript
from aligner.progress import drive

SR = SAMPLE_RATE
#: "And" in jfk.flac after its leading digital silence is cut (as in test_align_real_classes).
AND = (0.30, 0.62)
BEFORE, NOISY = 1.0, 0.3  # quiet room, then the pause with the room's rumble in it


def _room(seconds: float, seed: int, rumble: float = 0.0) -> np.ndarray:
    """Room tone, with low-frequency rumble (broadband, not pre-emphasized: a pause that
    stays some 15 dB above the room's quiet level)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    hum = np.convolve(rng.standard_normal(n + 400), np.ones(40) / 40, "same")[200:-200]
    out = 0.001 * rng.standard_normal(n) + rumble * hum / np.std(hum)
    return out.astype(np.float32)


@pytest.fixture(scope="module")
def clip(shared_dir: Path) -> np.ndarray:
    jfk = drive(decode_audio(shared_dir / "audio" / "jfk.flac"))
    jfk = jfk[np.flatnonzero(np.abs(jfk) > 0)[0] :]
    word = jfk[int((AND[0] - 0.02) * SR) : int(AND[1] * SR)]
    pause, tail = _room(NOISY, 2, 0.006), _room(0.3, 3, 0.006)
    return np.concatenate([_room(BEFORE, 1), pause, word, tail, _room(2.0, 4)])


def _word() -> tuple[float, float]:
    start = BEFORE + NOISY + 0.02
    return start, start + AND[1] - AND[0]


def test_a_word_put_on_the_silence_after_it_starts_at_its_sound(clip: np.ndarray) -> None:
    w0, w1 = _word()
    path = (w1 + 0.05, w1 + 1.5)  # the path: just after the sound, on through the silence
    transcript = parse_transcript("And.\n", "plain")
    timings = [WordTiming(*path, 0.9)]
    line = assemble(transcript, timings, audio=clip, duration=len(clip) / SR).lines[0]
    assert abs(line.start - w0) < 0.05, (line.start, w0)


def test_only_a_word_whose_span_is_silent_moves(clip: np.ndarray) -> None:
    w0, w1 = _word()
    budget = said_seconds("And") + 0.1
    kw = {"earliest": 0.5, "budget": budget}
    assert sound_behind(clip, w1 + 0.05, w1 + 1.5, **kw) is not None
    # the path's start inside the word: its span has the word's sound
    assert sound_behind(clip, w0 + 0.1, w1 + 1.5, **kw) is None
    # the sound ends long before the path's start: not the word's
    assert sound_behind(clip, w1 + 0.5, w1 + 1.5, **kw) is None
    # the sound before is longer than the word could be
    assert sound_behind(clip, w1 + 0.05, w1 + 1.5, earliest=0.5, budget=0.15) is None
