"""Spoken lines next to a passage that is in the transcript but not in the audio (issue 12,
class (a)): the walk skips from where it lost the transcript to where it resumes, and the
spoken lines at either end of the skipped words must be looked at again.

End to end (real model): a cut-out of podsim-mini where a short reply ("Yeah.") follows a pause
and comes right before two published turns that are not in the audio. The walk refuses the reply
at the gap's first window (weak, then unheard words), Whisper's "Yeah." is one word (no anchor
run), and the resume is found in the turn after the cut; the old walk flagged the reply
``not_in_audio``. Without the model: which heard words confirm the lines the second look keeps
(:func:`aligner.alignment.resolve.heard_lines`), the short line that opens a line found after
the cut ("Three." before "Look in thy glass", :func:`aligner.alignment.recheck._fits`), and a
first word stretched over its own pause (which fits) or over audio before it (which does not).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hardening_support import SHARED
from podsim_cut import _podsim_samples

from aligner.alignment.align import align
from aligner.alignment.assemble import WordTiming
from aligner.alignment.forced import EncodedWindow, PlacedWord
from aligner.alignment.recheck import _fits
from aligner.alignment.resolve import ResumePoint, WalkState, heard_lines
from aligner.basics.audio import SAMPLE_RATE
from aligner.formats import parse_transcript
from aligner.progress import drive
from aligner.result import Alignment, LineStatus, Word
from aligner.transcription.models import load_whisper, resolve_model

TRUTH = SHARED / "examples" / "podsim-mini.truth.json"
PAUSE = 2.5  # silence before the reply: the walk's path sits on it


def _sentences() -> list[dict[str, Any]]:
    return json.loads(Path(TRUTH).read_text(encoding="utf-8"))["sentences"]


def _turn(sentences: list[dict[str, Any]], turn: int) -> list[dict[str, Any]]:
    return [s for s in sentences if s["turn"] == turn]


@pytest.fixture(scope="module")
def cut_episode() -> tuple[Alignment, dict[str, float]]:
    """Turn 0, a pause, Ross's "Yeah." (turn 5), then turn 6; the page also has turns 2 and 3
    (not in the audio) between the reply and turn 6. Returns the alignment and where the
    reply and turn 6's first sentence are in the cut-out."""
    sentences = _sentences()
    samples = _podsim_samples()
    sr = SAMPLE_RATE
    first, welcome = _turn(sentences, 0), _turn(sentences, 5)[0]
    after = _turn(sentences, 6)
    pieces = [
        (first[0]["start"] - 0.3, first[-1]["end"] + 0.3),
        (welcome["start"] - 0.2, welcome["end"] + 0.3),
        (after[0]["start"] - 0.25, after[-1]["end"] + 0.3),
    ]
    audio: list[np.ndarray] = []
    at: list[float] = []  # where each piece starts in the cut-out
    for i, (a, b) in enumerate(pieces):
        if i:
            audio.append(np.zeros(int((PAUSE if i == 1 else 0.8) * sr), dtype=np.float32))
        at.append(sum(len(x) for x in audio) / sr)
        audio.append(samples[int(a * sr) : int(b * sr)])
    expected = {
        "reply": at[1] + welcome["start"] - pieces[1][0],
        "after": at[2] + after[0]["start"] - pieces[2][0],
    }

    def text(turn: int) -> str:
        return " ".join(s["text"] for s in _turn(sentences, turn))

    page = "\n\n".join(
        [
            "# A cut-out of podsim-mini",
            f"**Nathan Lambert** \\[00:00:01\\]: {text(0)}",
            "**Ross Taylor** \\[00:00:33\\]: Yeah.",
            f"**Nathan Lambert** \\[00:00:34\\]: {text(2)}",
            f"**Ross Taylor** \\[00:00:40\\]: {text(3)}",
            f"**Nathan Lambert** \\[00:00:36\\]: {text(6)}",
        ]
    )
    spec = resolve_model()
    alignment = drive(
        align(
            parse_transcript(page + "\n"),
            np.concatenate(audio),
            model=spec,
            whisper=load_whisper(spec),
        )
    )
    return alignment, expected


def test_a_short_reply_before_a_cut_passage_is_aligned(
    cut_episode: tuple[Alignment, dict[str, float]],
) -> None:
    alignment, expected = cut_episode
    by_turn: dict[int, list[Any]] = {}
    for al in alignment.lines:
        by_turn.setdefault(al.line.turn, []).append(al)
    reply = by_turn[1][0]
    assert reply.status is LineStatus.ALIGNED, reply
    assert reply.start is not None and abs(reply.start - expected["reply"]) < 0.3
    # the two published turns that are not in the audio stay flagged, with no cue
    for turn in (2, 3):
        assert all(al.status is LineStatus.NOT_IN_AUDIO for al in by_turn[turn]), turn
    first_after = by_turn[4][0]
    assert first_after.status is LineStatus.ALIGNED
    assert first_after.start is not None and abs(first_after.start - expected["after"]) < 0.3
    assert all(al.status is LineStatus.ALIGNED for al in by_turn[0])


def _state(words: list[str], line_of: list[int]) -> WalkState:
    return WalkState(words=words, timings=[WordTiming() for _ in words], line_of=line_of)


def test_heard_lines_are_whole_lines_whisper_heard_in_order_where_placed() -> None:
    # "Yeah." | "So I wanted to ..." (the cut passage's first line, cut off in the batch)
    state = _state(["Yeah.", "So", "I", "wanted", "to"], [0, 1, 1, 1, 1])
    placed = [PlacedWord(0, 33.6, 34.2, 0.43), PlacedWord(1, 35.2, 35.8, 0.0)]
    yeah = Word("Yeah.", 33.6, 33.9, 0.9)
    assert heard_lines(state, 0, placed[:1], [yeah]) == 1
    assert heard_lines(state, 0, placed[:1], [Word("yeah", 34.4, 34.6, 0.9)]) == 1
    assert heard_lines(state, 0, placed[:1], [Word("Yeah.", 35.0, 35.3, 0.9)]) == 0  # elsewhere
    assert heard_lines(state, 0, placed[:1], [Word("Two.", 33.6, 33.9, 0.9)]) == 0
    assert heard_lines(state, 0, placed[:1], []) == 0
    # the next line goes on after the placed words: only the whole first line counts
    so = Word("So", 35.2, 35.4, 0.9)
    assert heard_lines(state, 0, placed, [yeah, so]) == 1
    # the words must be heard in order
    state = _state(["Thank", "you."], [0, 0])
    placed = [PlacedWord(0, 10.0, 10.3, 0.3), PlacedWord(1, 10.3, 10.6, 0.3)]
    thank, you = Word("thank", 10.0, 10.3, 0.9), Word("you", 10.3, 10.6, 0.9)
    assert heard_lines(state, 0, placed, [thank, you]) == 2
    assert heard_lines(state, 0, placed, [you, thank]) == 0


def test_a_short_line_opening_a_found_line_needs_only_to_be_heard() -> None:
    # "... it cold." (cut) | "Three." | "Look in thy glass" | resume line "whose fresh repair"
    words = ["it", "cold.", "Three.", "Look", "in", "thy", "glass", "whose", "fresh", "repair"]
    line_of = [0, 0, 1, 2, 2, 2, 2, 3, 3, 3]
    state = _state(words, line_of)
    point = ResumePoint(lo=0, cut=7, anchor=7, at=247.8, t=240.0)
    window = EncodedWindow(start=236.0, num_frames=2000, features=None)
    starts = [238.3, 240.8, 240.9, 241.1, 241.3, 247.8, 248.0, 248.3]
    probs = [0.44, 0.5, 0.6, 0.8, 0.96, 0.92, 0.95, 0.95]
    placed = [PlacedWord(i, s, s + 0.2, p) for i, (s, p) in enumerate(zip(starts, probs))]
    audio = np.zeros(SAMPLE_RATE, dtype=np.float32)

    def fits(opener: bool, prob: float = 0.44) -> bool:
        here = [PlacedWord(0, 238.3, 238.6, prob), *placed[1:]]
        return _fits(state, here, 2, point, 236.5, window, audio, has_ctx=False, opener=opener)

    assert fits(opener=True)
    assert not fits(opener=False)  # a short line by itself needs a clear hearing
    assert not fits(opener=True, prob=0.05)  # not heard at all: the cut passage's last line


def _sound(spans: list[tuple[float, float]], seconds: float = 8.0) -> np.ndarray:
    """Noise bursts ("words") over a near-silent floor."""
    rng = np.random.default_rng(0)
    audio = rng.normal(0.0, 1e-4, int(seconds * SAMPLE_RATE)).astype(np.float32)
    for a, b in spans:
        i, j = int(a * SAMPLE_RATE), int(b * SAMPLE_RATE)
        audio[i:j] = rng.normal(0.0, 0.1, j - i)
    return audio


def test_a_first_word_stretched_over_its_pause_fits_but_not_one_after_unknown_audio() -> None:
    # context "... 'er." | "Three." stretched from 2.3 s over the pause to "Look" at 4.8 s
    words = ["know", "'er.", "Three.", "Look", "in", "thy", "glass", "whose", "fresh", "repair"]
    state = _state(words, [0, 0, 1, 2, 2, 2, 2, 3, 3, 3])
    point = ResumePoint(lo=2, cut=7, anchor=7, at=6.0, t=0.0)
    window = EncodedWindow(start=0.0, num_frames=2000, features=None)
    starts = [2.3, 4.8, 5.0, 5.2, 5.4, 6.0, 6.2, 6.4]
    placed = [PlacedWord(i, s, s + 0.2, 0.9) for i, s in enumerate(starts)]
    placed[0] = PlacedWord(0, 2.3, 4.8, 0.9)

    def fits(audio: np.ndarray) -> bool:
        return _fits(state, placed, 2, point, 2.0, window, audio, has_ctx=True)

    assert fits(_sound([(1.5, 2.0), (2.3, 2.7), (4.8, 6.6)]))  # the word, then its pause
    assert not fits(_sound([(1.5, 2.0), (4.3, 4.8), (4.8, 6.6)]))  # it sat on silence first
