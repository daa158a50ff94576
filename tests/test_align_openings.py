"""Two walk failures of the 10-min real episode (issue 12), as their classes.

1. A line opening pressed into no time before a pause (:mod:`aligner.alignment.openings`): the
   path held the previous line's last word over part of the pause, ran through the new line's
   first word in no time and stretched its second word over the rest of the pause; the line
   started 1.6 s before the new speaker. Cut-outs of jfk.flac with a pause made in front.
2. Where the transcript resumes after a skipped passage, Whisper's words in the window's last
   second (a decoder loop stacked on one instant) are no evidence against the resume run
   (:func:`aligner.alignment.resolve.resolve`): on one encoding of the episode they hid the
   run, and a laughter turn lost three lines. Word lists, no model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.assemble import WordTiming
from aligner.alignment.forced import EncodedWindow
from aligner.alignment.onsets import energy_db
from aligner.alignment.openings import open_pressed_lines
from aligner.alignment.resolve import WalkState, resolve
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.progress import drive
from aligner.result import Word

PAUSE = 2.0  # seconds of quiet made before the speech


@pytest.fixture(scope="module")
def speech(shared_dir: Path) -> np.ndarray:
    """jfk.flac from 0.1 s before its first sound."""
    audio = drive(decode_audio(shared_dir / "audio" / "jfk.flac"))
    db, t0 = energy_db(audio, 0.0, 3.0)
    first = int(np.argmax(db > db.max() - 25.0))
    return audio[max(0, int((t0 + first * 0.01 - 0.1) * SAMPLE_RATE)) :]


def _quiet(seconds: float) -> np.ndarray:
    rng = np.random.default_rng(0)
    return (1e-4 * rng.standard_normal(int(seconds * SAMPLE_RATE))).astype(np.float32)


WORDS = ["before.", "And", "so", "my"]
LINE_OF = [0, 1, 1, 1]


def test_a_line_pressed_into_the_pause_starts_where_its_sound_does(speech: np.ndarray) -> None:
    audio = np.concatenate([_quiet(PAUSE), speech[: 3 * SAMPLE_RATE]])
    onset = PAUSE + 0.1  # the speech's first sound
    timings = [
        WordTiming(0.2, 0.9, 0.8),
        WordTiming(0.9, 0.9, 0.8),  # "And": no time, at the start of the pause
        WordTiming(0.9, onset + 0.4, 0.9),  # "so": over the pause and the first sounds
        WordTiming(onset + 0.4, onset + 0.6, 0.9),
    ]
    assert open_pressed_lines(audio, WORDS, LINE_OF, timings) == 1
    first, second = timings[1], timings[2]
    assert first.start is not None and abs(first.start - onset) < 0.1
    assert first.end == second.start and (second.end or 0.0) == pytest.approx(onset + 0.4)
    assert timings[0] == WordTiming(0.2, 0.9, 0.8)


def test_a_first_word_spoken_before_the_pause_stays(speech: np.ndarray) -> None:
    # "And" is spoken right where the path put it (then a pause): the stretch begins with sound
    word = speech[int(0.1 * SAMPLE_RATE) : int(0.4 * SAMPLE_RATE)]
    audio = np.concatenate([_quiet(0.9), word, _quiet(PAUSE - 1.2), speech[: 2 * SAMPLE_RATE]])
    timings = [
        WordTiming(0.2, 0.9, 0.8),
        WordTiming(0.9, 0.9, 0.8),
        WordTiming(0.9, PAUSE + 0.4, 0.9),
        WordTiming(PAUSE + 0.4, PAUSE + 0.6, 0.9),
    ]
    before = list(timings)
    assert open_pressed_lines(audio, WORDS, LINE_OF, timings) == 0
    assert timings == before


def test_a_first_word_with_time_of_its_own_stays(speech: np.ndarray) -> None:
    audio = np.concatenate([_quiet(PAUSE), speech[: 3 * SAMPLE_RATE]])
    timings = [
        WordTiming(0.2, 0.9, 0.8),
        WordTiming(0.9, 1.2, 0.8),
        WordTiming(1.2, PAUSE + 0.5, 0.9),
        WordTiming(PAUSE + 0.5, PAUSE + 0.7, 0.9),
    ]
    before = list(timings)
    assert open_pressed_lines(audio, WORDS, LINE_OF, timings) == 0
    assert timings == before


CUT = ["The", "part", "nobody", "said", "here", "in", "this", "cut", "passage", "is", "gone"]
RESUMED = [
    "Word,",
    "another",
    "word.",
    "Here's",
    "some",
    "more",
    "to",
    "say",
    "about",
    "the",
    "aligner",
    "now,",
    "and",
    "then",
    "more",
]


def test_a_decoder_loop_at_the_window_end_does_not_hide_the_resume_point() -> None:
    words = CUT + RESUMED
    line_of = [0] * len(CUT) + [1] * len(RESUMED)
    state = WalkState(words=words, timings=[WordTiming()] * len(words), line_of=line_of)
    window = EncodedWindow(start=0.0, num_frames=2000, features=None)  # 0-20 s
    heard = [Word("laughing", 1.0, 1.5, 0.5), Word("really", 2.0, 2.5, 0.5)]
    heard += [Word(w, 6.0 + 0.4 * i, 6.3 + 0.4 * i, 0.9) for i, w in enumerate(RESUMED[:8])]
    # the decoder's loop, stacked on the window's last instant
    heard += [Word(w, 19.98, 19.98, 0.2) for w in ["or", "worse"] * 8]
    k, _, _, trusted, reuse = resolve(state, 0, 0.0, window, heard, [], at_end=False)
    point = state.resumed
    assert point is not None and point.anchor == len(CUT) and point.at == 6.0
    assert k == len(CUT) and trusted and reuse
    assert all(state.timings[i].missing for i in range(len(CUT)))
