"""Skipping what is not in the transcript (pure logic): podsim-mini's music and intro are one
run up to just before the first line, a mid-episode ad is skipped to the next line, the notice
says how much of what was skipped, and auto-skip leaves alone a run the listener chose."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tui_fakes import truth_alignment

from aligner.result import Region
from tui.skip import (
    LEAD_IN,
    AutoSkip,
    format_span,
    run_at,
    skip_from,
    untranscribed_runs,
)


def test_podsim_intro_and_music_are_one_run_up_to_the_first_line() -> None:
    alignment = truth_alignment()
    first = min(al.start for al in alignment.lines)
    runs = untranscribed_runs(alignment)
    assert len(runs) == 1
    (run,) = runs
    assert run.start == 0.0
    assert run.end == pytest.approx(first - LEAD_IN)
    assert run.end > 31.392  # past the intro's end
    assert run.kind == "intro"  # the longer of "music" (14 s) and "intro" (16.8 s)
    jump = skip_from(runs, 0.0)
    assert jump is not None and jump.target == run.end
    assert jump.notice == "skipped 0:33 of intro"
    assert skip_from(runs, 20.0).notice == "skipped 0:13 of intro"
    assert skip_from(runs, first + 1) is None


def test_regions_as_the_aligner_marks_them_are_labelled_by_position() -> None:
    """The aligner's regions are all kind "extra": the first is the intro, a middle one is
    just "not in the transcript", one after the last line is the outro."""
    alignment = truth_alignment()
    last_end = max(al.end for al in alignment.lines)
    regions = (
        Region(14.6, 31.4, "extra", "welcome to the show"),
        Region(100.0, 100.0, "extra"),  # empty: ignored
        Region(last_end + 0.5, 200.0, "extra", "thanks for listening"),
    )
    alignment = replace(alignment, extra_regions=regions)
    runs = untranscribed_runs(alignment)
    assert [r.kind for r in runs] == ["intro", "outro"]
    assert runs[0].start == 0.0  # the music before it is skipped too (no line there)
    assert runs[1].end == pytest.approx(alignment.duration)
    assert run_at(runs, 150.0) is None


def test_a_mid_episode_region_is_skipped_to_just_before_the_next_line() -> None:
    alignment = truth_alignment()
    starts = sorted(al.start for al in alignment.lines)
    nxt = next(s for s in starts if s > 120.0)
    ad = Region(110.0, nxt - 1.0, "ad")
    runs = untranscribed_runs(replace(alignment, extra_regions=(ad,)))
    mid = run_at(runs, 111.0)
    assert mid is not None and mid.start == 110.0 and mid.end == pytest.approx(nxt - LEAD_IN)
    assert skip_from(runs, 110.0).notice == f"skipped {format_span(nxt - LEAD_IN - 110)} of ad"
    assert run_at(runs, 109.9) is None


def test_format_span() -> None:
    assert [format_span(s) for s in (0, 31.4, 59.6, 75, 3725)] == [
        "0:00",
        "0:31",
        "1:00",
        "1:15",
        "1:02:05",
    ]


def test_auto_skip_jumps_on_entry_but_not_after_a_seek_into_the_run() -> None:
    runs = untranscribed_runs(truth_alignment())
    auto = AutoSkip(runs, enabled=True)
    jump = auto.check(0.0)
    assert jump is not None and jump.target == runs[0].end
    assert auto.check(jump.target) is None
    auto.seeked(20.0)  # the listener went back into the intro on purpose
    assert auto.check(20.0) is None and auto.check(25.0) is None
    assert auto.check(40.0) is None  # left it ...
    assert auto.check(10.0) is not None  # ... so the next time in, it is skipped again
    off = AutoSkip(runs, enabled=False)
    assert off.check(0.0) is None
