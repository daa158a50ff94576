"""The walk's decisions around a passage that is not in the audio, on word lists (no model).

Failure class (a) of issue 12: the first line after such a passage was flagged ``not_in_audio``
although it is spoken. The walk now (1) gives up weakly heard whole lines kept just before the
words stopped being heard, one after the other, and (2) where it resumes after skipping words,
looks again at the last skipped lines (:mod:`aligner.alignment.recheck`): which lines are
candidates, and which pinned words belong to the cut passage. The end-to-end check with the
model is ``tests/test_align_messy.py``.
"""

from __future__ import annotations

from aligner.alignment.assemble import WordTiming
from aligner.alignment.forced import PlacedWord
from aligner.alignment.recheck import _candidates, drop_weak_line_start
from aligner.alignment.resolve import ResumePoint, WalkState
from aligner.alignment.walk import _back_to_line_start


def _placed(probs: list[float]) -> list[PlacedWord]:
    return [PlacedWord(i, 0.5 * i, 0.5 * i + 0.4, p) for i, p in enumerate(probs)]


def test_barely_heard_lines_before_unheard_words_are_not_kept() -> None:
    # "... at first." | "What year was this?" | "2018?" | "Yeah." | "This makes sense."
    line_of = [0, 0, 0, 1, 1, 1, 1, 2, 3, 4, 4, 4]
    probs = [0.97, 0.9, 0.92, 0.0, 0.0, 0.17, 0.16, 0.01, 0.15, 0.04, 0.0, 0.25]
    # kept through "this?" (no three words in a row under 0.15), stopped at "2018?"
    assert _back_to_line_start(0, 7, line_of, _placed(probs)) == 3
    # kept through "Yeah.", stopped inside "This makes sense.": all three weak lines go
    assert _back_to_line_start(0, 9, line_of, _placed(probs)) == 3
    # the same lines heard clearly stay
    heard = [0.97, 0.9, 0.92, 0.9, 0.95, 0.8, 0.85, 0.9, 0.7, 0.04, 0.0, 0.25]
    assert _back_to_line_start(0, 9, line_of, _placed(heard)) == 9


def _state(line_of: list[int]) -> WalkState:
    words = [f"w{i}" for i in range(len(line_of))]
    return WalkState(words=words, timings=[WordTiming() for _ in words], line_of=line_of)


def test_weak_words_of_the_line_a_gap_begins_in_are_the_cut_passage() -> None:
    # "Thanks for having me." | "So I wanted to | start with Papers ..." (gap from "start")
    line_of = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    state = _state(line_of)
    for i, p in enumerate([0.86, 1.0, 0.99, 0.8, 0.0, 0.33, 0.0, 0.86]):
        state.timings[i] = WordTiming(float(i), i + 0.5, p)
    assert drop_weak_line_start(state, 8) == 4
    assert all(t.missing and t.start is None for t in state.timings[4:8])
    assert state.timings[3].start == 3.0  # the line before stays
    # heard clearly, the line's first words are spoken: the gap begins where it did
    state = _state(line_of)
    for i in range(8):
        state.timings[i] = WordTiming(float(i), i + 0.5, 0.9)
    assert drop_weak_line_start(state, 8) == 8
    assert not any(t.missing for t in state.timings)


def test_candidates_are_whole_skipped_lines_nearest_first_that_the_audio_can_hold() -> None:
    # line 0 began before the gap (lo=2) | lines 1, 2, 3 skipped | line 4 resumes (cut=12)
    line_of = [0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4]
    state = _state(line_of)
    point = ResumePoint(lo=2, cut=12, anchor=13, at=30.0, t=20.0)
    assert _candidates(state, 2, point, span=60.0) == [9, 7, 3]  # never line 0's tail
    # half the words' spoken time (0.3 s for "w9", 0.375 s for "w10") must fit before the
    # anchor, the resume line's words before it included: 0.19 + 0.53 s for the nearest line
    assert _candidates(state, 2, point, span=0.8) == [9]
    assert _candidates(state, 2, point, span=0.5) == []
