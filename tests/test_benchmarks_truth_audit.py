"""The truth audit's onset rule and the onset-checked truth (``benchmarks/truth_audit.py``).

Pure numpy on a made signal whose sound starts at a known sample: a room tone, a line of
"speech" (a loud noise burst) and a second one after a pause. The checked truth must move a
start that lies in the silence to where the sound begins, and leave alone a start inside the
sound, one after a pause holding a click, and one whose speech hardly rises over the room.
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.score import Cue, score
from benchmarks.truth import Truth, TruthSentence, TruthTurn
from benchmarks.truth_audit import (
    SR,
    Levels,
    check_start,
    checked_truth,
    judged,
    movable,
    phone_class,
    ps_shifted_truth,
)

SOUND = 1.5  # where the second line's sound begins (s)


def _audio(speech_db: float = -20.0, click: bool = False) -> np.ndarray:
    rng = np.random.default_rng(3)
    x = rng.normal(0.0, 10 ** (-60 / 20), 3 * SR).astype(np.float32)
    for a, b in ((0.1, 0.9), (SOUND, 2.3)):
        n = round((b - a) * SR)
        burst = rng.normal(0.0, 10 ** (speech_db / 20), n).astype(np.float32)
        ramp = np.minimum(1.0, np.arange(n) / (0.005 * SR)).astype(np.float32)
        x[round(a * SR) : round(a * SR) + n] += burst * ramp
    if click:
        x[round(1.2 * SR) : round(1.2 * SR) + 32] += 0.1
    return x


def _truth(second_start: float) -> Truth:
    sents = (
        TruthSentence(0, 0, "First line here.", 0.1, 0.9),
        TruthSentence(0, 1, "Second line here.", second_start, 2.3),
    )
    turns = (TruthTurn(0, "A", 0.0, True, 0.1, 2.3),)
    return Truth(SR, 3.0, turns, sents, ())


def test_onset_rule_finds_the_sound_and_its_foot() -> None:
    c = check_start(Levels.of(_audio()), 1.45, 0.9)
    assert judged(c) and movable(c)
    assert c.onset is not None and c.foot is not None
    assert abs(c.foot - SOUND) <= 0.006
    assert SOUND - 0.006 <= c.onset <= SOUND + 0.010
    assert c.peak > 30.0


def test_checked_truth_moves_only_a_start_in_silence() -> None:
    checked, moved = checked_truth(_truth(1.45), _audio())
    assert moved == 1
    assert checked.sentences[0].start == 0.1  # no pause before it: untouched
    start = checked.sentences[1].start
    assert start is not None and abs(start - SOUND) <= 0.006
    # scored against both: a cue on the sound is 50 ms late by the raw truth, ~0 by the checked
    cues = [Cue(0.1, 0.9, "First line here."), Cue(SOUND, 2.3, "Second line here.")]
    assert score(_truth(1.45), cues).errors[1] == pytest.approx(0.05, abs=1e-6)
    assert abs(score(checked, cues).errors[1]) <= 0.006


@pytest.mark.parametrize(
    ("start", "audio"),
    [
        (1.55, {}),  # the truth start is inside the sound already
        (1.45, {"click": True}),  # the pause is not clean
        (1.45, {"speech_db": -48.0}),  # speech 12 dB over the room: the rule cannot judge
    ],
)
def test_checked_truth_leaves_other_starts(start: float, audio: dict) -> None:
    checked, moved = checked_truth(_truth(start), _audio(**audio))
    assert moved == 0
    assert checked.sentences == _truth(start).sentences


def test_ps_shift_needs_a_real_speech_truth_and_classes() -> None:
    shifted, moved = ps_shifted_truth(_truth(1.45))
    assert moved == 0 and shifted == _truth(1.45)
    assert [phone_class(p) for p in ("B", "DH", "AH0", "M", "CH", "HH")] == [
        "stop",
        "fricative",
        "vowel-nasal",
        "vowel-nasal",
        "stop",
        "fricative",
    ]
