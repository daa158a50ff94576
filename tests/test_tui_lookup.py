"""The pure time lookups of :mod:`tui.lookup` (no Textual): what is heard at a time -- the
line, the word inside it, the extra region -- where a line may start, the chapter playing."""

from __future__ import annotations

import pytest
from tui_fakes import ALIGNED_AT, CHAPTERS, truth_alignment

from aligner.result import AlignedLine, Alignment, LineStatus, Region, Word
from aligner.transcript import Chapter, Line, Transcript, Turn
from tui.lookup import MAX_HOLD, Heard, Timeline, chapter_at

A, N = LineStatus.ALIGNED, LineStatus.NOT_IN_AUDIO


def _alignment(spans, regions=(), words=None, duration=None) -> Alignment:
    lines = tuple(Line(i, i, "A", f"line {i}") for i in range(len(spans)))
    turns = tuple(Turn(i, "A", None, ("x",)) for i in range(len(spans)))
    als = tuple(
        AlignedLine(ln, s, e, st, words=(words or {}).get(i, ()))
        for i, (ln, (s, e, st)) in enumerate(zip(lines, spans))
    )
    return Alignment(
        transcript=Transcript(turns=turns, lines=lines),
        lines=als,
        extra_regions=tuple(regions),
        duration=duration,
    )


def test_heard_at_gives_the_line_and_the_last_word_started() -> None:
    words = {1: (Word("a", 12.5, 13.0), Word("b", 13.4, 14.0), Word("c", 14.0, 15.0))}
    tl = Timeline(_alignment([(10, 12, A), (12.5, 15, A)], words=words))
    assert tl.heard_at(11.0) == Heard(line=0)  # a line without word times: no word
    assert tl.heard_at(12.5) == Heard(line=1, word=0)
    assert tl.heard_at(13.2) == Heard(line=1, word=0)  # between words: the one before
    assert tl.heard_at(13.4) == Heard(line=1, word=1)
    assert tl.heard_at(14.99) == Heard(line=1, word=2)
    assert tl.heard_at(15 + MAX_HOLD / 2) == Heard(line=1, word=2)  # the short hold after it
    assert tl.heard_at(15 + MAX_HOLD + 0.1) == Heard()


def test_regions_are_found_by_their_index_in_the_alignment_not_their_order() -> None:
    # Regions listed out of time order: the index is the alignment's, as the view numbers them.
    regions = (Region(40, 50, "music"), Region(0, 5, "intro"))
    tl = Timeline(_alignment([(10, 12, A), (30, 31, A)], regions=regions))
    assert tl.heard_at(2.0) == Heard(region=1)
    assert tl.heard_at(45.0) == Heard(region=0)
    assert tl.region_at(45.0) == regions[0]
    assert tl.heard_at(20.0) == Heard()


def test_truth_alignment_every_word_midpoint_is_that_word() -> None:
    al = truth_alignment(words=True)
    tl = Timeline(al)
    for i, line in enumerate(al.lines):
        for k, w in enumerate(line.words):
            assert tl.heard_at((w.start + w.end) / 2) == Heard(line=i, word=k)
    assert tl.heard_at(20.0) == Heard(region=1)  # the intro, not in the transcript


def test_start_range_is_between_the_neighbouring_timed_lines() -> None:
    al = _alignment([(10, 12, A), (13, 13, N), (20, 22, A), (30, 31, A)], duration=40.0)
    tl = Timeline(al)
    assert tl.start_range(0) == (0.0, 20.0)  # the not-in-audio line is no neighbour
    assert tl.start_range(2) == (10.0, 30.0)
    assert tl.start_range(3) == (20.0, 40.0)  # the last line: up to the end of the episode


def test_chapter_at_and_the_aligned_chapters_of_the_truth() -> None:
    al = truth_alignment(chapters=CHAPTERS)
    assert [c.start for c in al.chapters] == pytest.approx(ALIGNED_AT)
    assert chapter_at(al.chapters, 0.0) == 0
    assert chapter_at(al.chapters, 64.0) == 1
    assert chapter_at(al.chapters, 70.0) == 2
    assert chapter_at((Chapter(5.0, "late"),), 1.0) is None
