"""Line starts in connected speech: a quiet stretch between two words (a stop's closure) is not
a pause the line may start after when speech lies between it and where the path put the line.

Real voices close their lips or tongue for 50-150 ms before a "p", "b", "t" or "g" in the
middle of a phrase; in a quiet room that closure comes down to the room's own level and looks
like a short pause. A line that starts with a short word before such a word ("that | beautiful",
"by | Peter") must not be moved past its own first word to the end of the closure, nor back
over the previous line's last word to the closure before it.

Cut-outs of ``shared/audio/jfk.flac`` ("... what your country can do ..."), with a made
closure (room tone only) spliced between two words.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.onsets import speech_onset, word_boundary
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.progress import drive

SR = SAMPLE_RATE
#: Word starts in jfk.flac by PocketSphinx 5 (as in test_align_onsets.CONNECTED): "your",
#: "country".
YOUR, COUNTRY = 5.86, 6.43
CLOSURE = 0.13  # seconds: a long stop closure, longer than the 100 ms a pause needs


@pytest.fixture(scope="module")
def jfk(shared_dir: Path) -> np.ndarray:
    return drive(decode_audio(shared_dir / "audio" / "jfk.flac"))


def _room(seconds: float, seed: int = 3) -> np.ndarray:
    return (0.0005 * np.random.default_rng(seed).standard_normal(int(seconds * SR))).astype(
        np.float32
    )


def _cut(audio: np.ndarray, a: float, b: float) -> np.ndarray:
    return audio[int(a * SR) : int(b * SR)]


def _with_closure(jfk: np.ndarray, at: float) -> tuple[np.ndarray, float]:
    """jfk from 4.9 s to 7.5 s with a closure of room tone spliced in at ``at`` (jfk time);
    returns the clip and the offset of jfk time 4.9 in it (after 1 s of room tone)."""
    lead = 1.0
    parts = [_room(lead), _cut(jfk, 4.9, at), _room(CLOSURE, 4), _cut(jfk, at, 7.5), _room(1.0, 5)]
    return np.concatenate(parts), lead - 4.9


def test_an_onset_is_not_taken_past_the_lines_own_first_word(jfk: np.ndarray) -> None:
    # the line starts at "your"; the path puts it a tenth of a second late; a closure before
    # "country" is the first quiet stretch after it
    clip, off = _with_closure(jfk, COUNTRY)
    line = YOUR + off
    onset = speech_onset(clip, line + 0.1, earliest=line - 0.3, latest=line + 0.9)
    # not at "country", after the closure (the old rule took it: line + 0.7 s)
    assert onset is None or onset < line + 0.2, (onset, line)
    start = (
        onset
        if onset is not None
        else word_boundary(clip, line + 0.1, earliest=line - 0.3, latest=line + 0.9)
    )
    assert start is not None and abs(start - line) < 0.05, (start, line)


def test_an_onset_is_not_taken_back_over_the_previous_word(jfk: np.ndarray) -> None:
    # the line starts at "country", the path at its start; the closure is before "your", so
    # an onset after it lies a whole word ("your", 0.57 s) before the line
    clip, off = _with_closure(jfk, YOUR)
    line = COUNTRY + off + CLOSURE
    onset = speech_onset(clip, line, earliest=line - 1.0, latest=line + 0.3, lead_sound=0.6)
    assert onset is None or abs(onset - line) < 0.1, (onset, line)


def test_a_pause_after_the_paths_start_is_still_taken(jfk: np.ndarray) -> None:
    # the path puts the line in the previous word's end, before a real pause (0.3 s): the
    # onset after the pause is the line's, speech before it notwithstanding
    lead = 1.0
    gap = 0.3
    clip = np.concatenate(
        [_room(lead), _cut(jfk, 4.9, COUNTRY), _room(gap, 4), _cut(jfk, COUNTRY, 7.5), _room(1.0)]
    )
    line = lead + COUNTRY - 4.9 + gap
    aligned = line - gap - 0.1  # inside "your"'s end
    onset = speech_onset(clip, aligned, earliest=aligned - 0.3, latest=line + 0.3)
    assert onset is not None and abs(onset - line) < 0.02, (onset, line)


def test_a_word_the_path_pressed_into_no_time_may_still_start_a_word_earlier(
    jfk: np.ndarray,
) -> None:
    # as above, but the path pressed the first word into almost no time, so the search leans
    # 0.4 s earlier than the path's start (assemble's ``ref``): the path's start is no guide
    # there, and the onset a word before it may be the line's
    clip, off = _with_closure(jfk, YOUR)
    path = COUNTRY + off + CLOSURE
    your = YOUR + off + CLOSURE
    onset = speech_onset(
        clip, path - 0.4, earliest=path - 1.0, latest=path + 0.3, lead_sound=1.0, path_start=path
    )
    assert onset is not None and abs(onset - your) < 0.02, (onset, your)
