"""The failure classes seen on real speech, each on a small cut-out, without the model.

(b) a sentence right after music: the alignment path stretches its first word back over the
music; the word is where the sound before it ends. (d) a short opening word before a comma
pause ("First," "Sorry,"): the path stretches the word over the pause; the word is where the
stretch begins. (a) the first lines after a passage cut from the audio: the words of the resume
word's line, and a short line opening the turn, are spoken and must not be marked missing; and a
weakly heard one-word line just before the words stop being heard is the cut passage's first
line, not speech. (c) spontaneous speech: a filler the published text leaves out ("um", "uh")
right before a line's first word; the line's start must not be snapped back onto it.
Cut-outs: real speech (``shared/audio/jfk.flac``) after a music bed, a pause or a hum, and the
walk's decisions on word lists.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.assemble import LEAD_SLACK, spoken_seconds
from aligner.alignment.forced import PlacedWord
from aligner.alignment.onsets import speech_onset
from aligner.alignment.resolve import resume_line_start
from aligner.alignment.stretches import word_in_stretch
from aligner.alignment.walk import _back_to_line_start
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.progress import drive

SR = SAMPLE_RATE


@pytest.fixture(scope="module")
def jfk(shared_dir: Path) -> np.ndarray:
    audio = drive(decode_audio(shared_dir / "audio" / "jfk.flac"))
    return audio[np.flatnonzero(np.abs(audio) > 0)[0] :]


#: "And" in jfk.flac (after its leading digital silence is cut): its first word, then a
#: short gap before "so".
AND = (0.30, 0.62)


def _music(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6))
    return (0.1 * chord * (0.6 + 0.4 * np.sin(2 * np.pi * 2 * t))).astype(np.float32)


def _room(seconds: float, seed: int = 1) -> np.ndarray:
    return (0.002 * np.random.default_rng(seed).standard_normal(int(seconds * SR))).astype(
        np.float32
    )


def test_b_word_after_music_is_where_the_music_ends(jfk: np.ndarray) -> None:
    speech = jfk[: 4 * SR]
    w0, w1 = AND
    clip = np.concatenate([_room(0.5), _music(3.0), _room(0.3), speech])
    offset = 3.8
    # the path put the first word from the start of the music to the word's real end
    start, _end, where = word_in_stretch(clip, 0.5, offset + w1, 0.3)
    assert where == "tail"
    assert abs(start - (offset + w0)) < 0.08, (start, offset + w0)


def test_d_short_word_before_a_pause_keeps_its_start(jfk: np.ndarray) -> None:
    w0, w1 = AND
    word = jfk[int((w0 - 0.02) * SR) : int(w1 * SR)]
    clip = np.concatenate([_room(0.6), word, _room(1.5, seed=2), jfk[int(w1 * SR) : 4 * SR]])
    start0 = 0.6 + 0.02
    # the path put the short word from its start through the pause up to the next word ("so")
    stretch_end = 0.6 + len(word) / SR + 1.5 + 0.05
    start, end, where = word_in_stretch(clip, start0 - 0.03, stretch_end, 0.4)
    assert where == "head"
    assert abs(start - start0) < 0.08 and end < 0.6 + len(word) / SR + 0.15


def test_a_short_opening_line_after_a_cut_passage_is_not_missing() -> None:
    # lines: 0 = "...on the left." | 1 = "Two." | 2 = "When forty winters ..." (cut) |
    # 3 = "Three." | 4 = "Look in thy glass and tell the face ..." (resumes at "tell")
    line_of = [0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4, 4]
    resume = 18  # "tell": the first heard word that anchors
    cut = resume_line_start(line_of, 3, resume)
    assert cut == 12  # "Three." and "Look in thy glass and" stay to be aligned


def test_a_weak_one_word_line_before_unheard_words_is_not_kept() -> None:
    line_of = [0, 0, 1, 2, 2, 2, 2]
    probs = [0.9, 0.85, 0.29, 0.0, 0.0, 0.0, 0.0]
    new = [PlacedWord(i, float(i), i + 0.5, p) for i, p in enumerate(probs)]
    assert _back_to_line_start(0, 3, line_of, new) == 2  # "Two." (0.29) is not kept
    new[2] = PlacedWord(2, 2.0, 2.5, 0.9)
    assert _back_to_line_start(0, 3, line_of, new) == 3  # heard clearly: it stays


def _hum(seconds: float) -> np.ndarray:
    """An "um": a voiced hum (120 Hz and its harmonics) with soft edges."""
    t = np.arange(int(seconds * SR)) / SR
    tone = sum(np.sin(2 * np.pi * 120.0 * k * t) / k for k in (1, 2, 3, 4))
    ramp = np.minimum(1.0, np.minimum(t, seconds - t) / 0.05)
    return (0.08 * tone * ramp).astype(np.float32)


def test_c_line_start_is_not_snapped_back_onto_a_filler(jfk: np.ndarray) -> None:
    w0, w1 = AND
    word = jfk[int((w0 - 0.02) * SR) : int(w1 * SR)]
    lead = spoken_seconds("And") + LEAD_SLACK
    # a pause, "um", no pause, "And"; the path starts "And" a little late, as it does
    clip = np.concatenate([_room(1.0), _hum(0.6), _room(0.03, seed=3), word, _room(0.8, seed=4)])
    start0 = 1.0 + 0.6 + 0.03 + 0.02
    aligned = start0 + 0.1
    # without the budget the onset is the filler's (after the only real pause)
    onset = speech_onset(clip, aligned, earliest=0.2, latest=aligned + 0.3)
    assert onset is not None and abs(onset - 1.0) < 0.05
    onset = speech_onset(clip, aligned, earliest=0.2, latest=aligned + 0.3, lead_sound=lead)
    assert onset is None or onset > 1.6  # not on the "um": the aligned start stays
    # the same word after a plain pause: the onset is still found, back over the late start
    clip = np.concatenate([_room(1.0), word, _room(0.8, seed=4)])
    start0 = 1.0 + 0.02
    onset = speech_onset(clip, start0 + 0.1, earliest=0.2, latest=start0 + 0.4, lead_sound=lead)
    assert onset is not None and abs(onset - start0) < 0.05, onset


def test_c_a_filler_the_path_gave_to_the_first_word_is_not_its_start(jfk: np.ndarray) -> None:
    """The path starts the line on an "uh" before it (the word's start in the path is the
    filler's): the onset after the longer pause, before the filler, is within the budget up
    to the path's start, but not up to where the path starts the line's second word."""
    w0, w1 = AND
    word = jfk[int((w0 - 0.02) * SR) : int(w1 * SR)]
    lead = spoken_seconds("And") + LEAD_SLACK
    clip = np.concatenate([_room(1.0), _hum(0.4), _room(0.25, seed=3), word, _room(0.8, seed=4)])
    start0 = 1.0 + 0.4 + 0.25 + 0.02
    second = 1.0 + 0.4 + 0.25 + (w1 - w0 + 0.02)
    kw = {"earliest": 0.2, "latest": start0 + 0.3, "lead_sound": lead}
    onset = speech_onset(clip, 1.05, **kw)  # without the second word: the filler's onset
    assert onset is not None and abs(onset - 1.0) < 0.05, onset
    onset = speech_onset(clip, 1.05, second_start=second, **kw)
    assert onset is not None and abs(onset - start0) < 0.05, onset


def test_c_a_sound_a_long_pause_parts_from_the_path_is_not_the_line_start(
    jfk: np.ndarray,
) -> None:
    """A quiet first word (a soft voice in a noisy room: no rise of its own) after a breath
    and a long pause: the breath's onset is within the sound budget, but its sound ends long
    before the path's start; the path's start stays. A word the path pressed into no time is
    the exception (its start is no guide), and so is a one-word line (nothing pins its start)."""
    w0, w1 = AND
    word = 0.015 * jfk[int((w0 - 0.02) * SR) : int(w1 * SR)]
    lead = spoken_seconds("The") + LEAD_SLACK
    clip = np.concatenate([_room(1.0), _hum(0.15), _room(0.6, seed=3), word, _room(0.8, seed=4)])
    start0 = 1.0 + 0.15 + 0.6 + 0.02
    second = start0 + (w1 - w0)
    kw = {"earliest": 0.2, "latest": start0 + 0.3, "lead_sound": lead, "second_start": second}
    assert speech_onset(clip, start0 + 0.05, **kw) is None
    leaning = speech_onset(clip, start0 - 0.35, path_start=start0 + 0.05, **kw)
    assert leaning is not None and abs(leaning - 1.0) < 0.05, leaning
    del kw["second_start"]
    lone = speech_onset(clip, start0 + 0.05, **kw)
    assert lone is not None and abs(lone - 1.0) < 0.05, lone
