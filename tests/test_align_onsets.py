"""The onset snap on real speech, without the model: a weak first consonant is the line's start,
a click in the pause is not, the onset is placed to a few milliseconds, and in connected speech
(no pause before a line) the start is the word boundary, a dip of the level.

Cut-outs: the first word of ``shared/audio/jfk.flac`` ("And") after a pause in room tone; the
room tone of a real recording has most of its energy low (mains hum, rumble), which is what
hides a soft "f" or "th" from a broadband level.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.onsets import speech_onset, word_boundary
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.progress import drive

SR = SAMPLE_RATE
#: "And" in jfk.flac after its leading digital silence is cut (as in test_align_real_classes).
AND = (0.28, 0.62)


#: Word starts in jfk.flac right after the previous word, no pause ("so my", "your country",
#: "country can do for", "you can do for your country"), by PocketSphinx 5 forced alignment
#: (benchmarks/real_timings.py at its default silence probability; within about 20 ms of MFA
#: on real speech).
CONNECTED = (0.97, 5.86, 6.43, 6.66, 6.91, 9.20, 9.37, 9.99)


@pytest.fixture(scope="module")
def jfk(shared_dir: Path) -> np.ndarray:
    return drive(decode_audio(shared_dir / "audio" / "jfk.flac"))


@pytest.fixture(scope="module")
def word(jfk: np.ndarray) -> np.ndarray:
    audio = jfk[np.flatnonzero(np.abs(jfk) > 0)[0] :]
    return audio[int(AND[0] * SR) : int(AND[1] * SR)]


def _rumbling_room(seconds: float, seed: int = 1) -> np.ndarray:
    """Room tone with a real room's low rumble: a little white hiss over much stronger noise
    below ~40 Hz."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    low = np.cumsum(rng.standard_normal(n))
    low -= np.convolve(low, np.ones(400) / 400, mode="same")
    return (0.0005 * rng.standard_normal(n) + 0.003 * low / np.std(low)).astype(np.float32)


def _white_room(seconds: float, seed: int = 1) -> np.ndarray:
    return (0.002 * np.random.default_rng(seed).standard_normal(int(seconds * SR))).astype(
        np.float32
    )


def _fricative(seconds: float, level: float) -> np.ndarray:
    """A soft "f": noise tilted to high frequencies, ``level`` RMS, a 10 ms attack."""
    n = int(seconds * SR)
    noise = np.diff(np.random.default_rng(5).standard_normal(n + 1))
    ramp = np.minimum(1.0, np.arange(n) / (0.01 * SR))
    return (level * noise / np.std(noise) * ramp).astype(np.float32)


def _over_room(
    parts: list[np.ndarray], room: Callable[[float], np.ndarray] = _rumbling_room
) -> np.ndarray:
    """The parts one after another over one continuous room tone (no splice clicks)."""
    sig = np.concatenate(parts)
    return sig + room(len(sig) / SR + 0.01)[: len(sig)]


def test_a_weak_first_consonant_is_the_start(word: np.ndarray) -> None:
    # 1 s of pause, an 80 ms soft fricative, then the word's vowel: "f-and"
    for level in (0.002, 0.004):
        clip = _over_room(
            [np.zeros(SR, np.float32), _fricative(0.08, level), word, np.zeros(SR, np.float32)]
        )
        # the path starts the word late, as it does on real voices
        onset = speech_onset(clip, 1.0 + 0.18, earliest=0.2, latest=1.5)
        assert onset is not None and abs(onset - 1.0) < 0.02, (level, onset)
    # the same over plain white room tone
    clip = _over_room(
        [np.zeros(SR, np.float32), _fricative(0.08, 0.004), word, np.zeros(SR, np.float32)],
        _white_room,
    )
    onset = speech_onset(clip, 1.0 + 0.18, earliest=0.2, latest=1.5)
    assert onset is not None and abs(onset - 1.0) < 0.02, onset


def test_a_click_in_the_pause_is_not_the_start(word: np.ndarray) -> None:
    click = np.zeros(int(0.005 * SR), np.float32)
    click[:40] = 0.3 * np.hanning(40)
    gap = np.zeros(int(0.25 * SR), np.float32)
    clip = _over_room(
        [np.zeros(SR, np.float32), click, gap, word, np.zeros(SR, np.float32)], _white_room
    )
    start = 1.0 + len(click) / SR + 0.25
    onset = speech_onset(clip, start + 0.1, earliest=0.2, latest=start + 0.4)
    assert onset is not None and abs(onset - start) < 0.02, (onset, start)


def test_the_onset_is_placed_to_a_few_milliseconds(word: np.ndarray) -> None:
    # the word after pauses that end anywhere between two 10 ms frames
    for room in (_rumbling_room, _white_room):
        errors = []
        for k in range(12):
            samples = int((1.0 + 0.0009 * k) * SR)
            clip = _over_room([np.zeros(samples, np.float32), word, np.zeros(SR, np.float32)], room)
            start = samples / SR
            onset = speech_onset(clip, start + 0.12, earliest=0.2, latest=start + 0.4)
            assert onset is not None
            errors.append(abs(onset - start))
        assert max(errors) < 0.004, (room.__name__, errors)


def test_a_line_in_connected_speech_starts_at_the_word_boundary(jfk: np.ndarray) -> None:
    errors = []
    for start in CONNECTED:
        # the path starts the word a tenth of a second late, as it does on real voices
        found = word_boundary(jfk, start + 0.1, earliest=start - 0.5, latest=start + 0.3)
        assert found is not None, start
        errors.append(found - start)
    assert max(abs(e) for e in errors) < 0.045, errors
    assert float(np.mean(np.abs(errors))) < 0.03, errors
    # no dip, no boundary: a steady hum keeps the aligned start
    t = np.arange(2 * SR) / SR
    hum = (0.1 * np.sin(2 * np.pi * 150.0 * t)).astype(np.float32)
    assert word_boundary(hum, 1.0, earliest=0.5, latest=1.3) is None


def test_a_quiet_stretch_between_words_is_not_a_pause(jfk: np.ndarray) -> None:
    def cut(a: float, b: float) -> np.ndarray:
        return jfk[int(a * SR) : int(b * SR)]

    t = np.arange(int(0.15 * SR)) / SR
    murmur = (0.02 * sum(np.sin(2 * np.pi * 120.0 * k * t) / k for k in (1, 2, 3))).astype(
        np.float32
    )
    silence = np.zeros_like(murmur)
    line = 1.5 + 0.69  # "And so | my ~ fellow Americans": the line starts at "my"
    aligned = line + 0.25  # the path late, near the stretch after "my"
    found = []
    for between in (murmur, silence):
        parts = [np.zeros(int(1.5 * SR), np.float32), cut(0.28, 0.97), cut(0.97, 1.24)]
        clip = _over_room([*parts, between, cut(1.24, 2.16), np.zeros(SR, np.float32)])
        found.append(speech_onset(clip, aligned, earliest=line - 0.1, latest=aligned + 0.3))
    # a murmur far above the room's own level (a second before) is speech going on, not a
    # pause: no onset after it ...
    assert found[0] is None, found
    # ... while real silence there is a pause, with "fellow" rising out of it
    assert found[1] is not None and abs(found[1] - (line + 0.27 + 0.15)) < 0.03, found
