"""Every time format podalign writes, pinned: each output has its own format on purpose
(captions, pages, the report, progress, the player, re-transcription), so a change to one of
them shows up here before it changes a file a user has."""

from __future__ import annotations

import pytest

from aligner.basics.timefmt import (
    caption_clock,
    elapsed_clock,
    page_hms,
    parse_time,
    parse_timestamp,
    player_clock,
    report_clock,
    span_clock,
    span_time,
)
from aligner.errors import UsageError


def test_caption_clock_is_hh_mm_ss_mmm() -> None:
    assert caption_clock(62.5) == "00:01:02.500"
    assert caption_clock(62.5, ",") == "00:01:02,500"  # SRT
    assert caption_clock(59.9996) == "00:01:00.000"  # rounds to the millisecond, carries
    assert caption_clock(3725.0004, hours=False) == "01:02:05.000"  # hours kept when there are
    assert caption_clock(65.25, hours=False) == "01:05.250"
    assert caption_clock(-3.0) == "00:00:00.000"


def test_page_hms_is_whole_seconds_rounded_down() -> None:
    assert page_hms(67.999) == "00:01:07"
    assert page_hms(66.9999999) == "00:01:07"  # float noise below a second boundary
    assert page_hms(36000) == "10:00:00" and page_hms(-1) == "00:00:00"


def test_report_clock_is_signed_with_tenths() -> None:
    assert report_clock(None) == "-"
    assert report_clock(62.54) == "1:02.5"
    assert report_clock(-3.0) == "-0:03.0"
    assert report_clock(3725.25) == "1:02:05.2"


def test_progress_player_and_span_clocks() -> None:
    assert elapsed_clock(65.9) == "1:05" and elapsed_clock(3700) == "1:01:40"
    assert player_clock(83.4) == "01:23" and player_clock(3723) == "1:02:03"
    assert player_clock(None) == "--:--" and player_clock(-5) == "00:00"
    assert span_time(750.004) == "12:30.00" and span_time(65.254) == "1:05.25"
    assert span_time(3723.5) == "1:02:03.50"
    assert span_clock(65.5) == "01:05.50" and span_clock(3723.5) == "1:02:03.50"


def test_parsing_transcript_timestamps_and_typed_times() -> None:
    assert parse_timestamp("01:07") == 67.0
    assert parse_timestamp("1:02:03,5") == 3723.5
    assert parse_timestamp(" 00:00:01.250 ") == 1.25
    with pytest.raises(ValueError):
        parse_timestamp("1:2")
    assert parse_time("75") == 75 and parse_time("12:30") == 750
    assert parse_time("1:02:03.5") == 3723.5
    for bad in ("1:75", "soon", "-3"):
        with pytest.raises(UsageError):
            parse_time(bad)
