"""The player's pure logic, without Textual or audio: which line is current at a time, ETA,
the transcript layout, word location, resume rules and clip spans."""

from __future__ import annotations

import pytest
from tui_fakes import podsim_episode, truth_alignment

from aligner.errors import OutputError
from aligner.progress import Progress
from aligner.result import AlignedLine, Alignment, LineStatus, Region
from aligner.transcript import Line, Transcript, Turn
from cache.store import Store
from tui.audio.clip import clip_span, clip_text
from tui.eta import EtaEstimator, format_clock
from tui.lookup import MAX_HOLD, Timeline
from tui.resume import ResumeStore, worth_resuming
from tui.widgets.status_bar import SILENT_NOTICE, StatusInfo, render_status
from tui.widgets.transcript_view import build_blocks, locate_words


def _alignment(spans: list[tuple[float, float, LineStatus]], regions=()) -> Alignment:
    lines = tuple(
        Line(i, i // 2, "A" if i % 4 < 2 else "B", f"line {i}") for i in range(len(spans))
    )
    turns = tuple(Turn(t, "A", None, ("x",)) for t in sorted({ln.turn for ln in lines}))
    tr = Transcript(turns=turns, lines=lines)
    als = tuple(AlignedLine(ln, s, e, st) for ln, (s, e, st) in zip(lines, spans))
    return Alignment(transcript=tr, lines=als, extra_regions=tuple(regions))


A, N = LineStatus.ALIGNED, LineStatus.NOT_IN_AUDIO


def test_line_at_follows_spans_holds_briefly_and_skips_not_in_audio() -> None:
    al = _alignment([(10, 12, A), (12.5, 15, A), (13, 13, N), (30, 31, A)])
    tl = Timeline(al)
    assert tl.line_at(5) is None
    assert tl.line_at(10.0) == 0
    assert tl.line_at(11.99) == 0
    assert tl.line_at(12.2) == 0  # short pause after line 0: still line 0
    assert tl.line_at(12.5) == 1
    assert tl.line_at(13.0) == 1  # the not-in-audio line is never current
    assert tl.line_at(15 + MAX_HOLD - 0.01) == 1
    assert tl.line_at(15 + MAX_HOLD + 0.01) is None  # long silence: nothing lit
    assert tl.line_at(30.5) == 3
    assert tl.start_of(2) is None and tl.start_of(3) == 30


def test_line_at_matches_truth_spans_everywhere() -> None:
    al = truth_alignment()
    tl = Timeline(al)
    for i, line in enumerate(al.lines):
        mid = (line.start + line.end) / 2
        assert tl.line_at(mid) == i
    assert tl.line_at(20.0) is None  # inside the intro region
    assert tl.region_at(20.0) == Region(14.6, 31.392375, "intro")


def test_neighbour_steps_like_a_cd_player() -> None:
    tl = Timeline(_alignment([(10, 12, A), (12.5, 15, A), (20, 22, A)]))
    assert tl.neighbour(0.0, 1) == 0
    assert tl.neighbour(13.0, 1) == 2
    assert tl.neighbour(12.6, -1) == 0  # just started line 1: previous is line 0
    assert tl.neighbour(14.9, -1) == 1  # well into line 1: back to its start
    assert tl.neighbour(21.0, 5) == 2


def test_eta_uses_observed_rate_per_stage() -> None:
    now = [100.0]
    eta = EtaEstimator(lambda: now[0])
    assert eta.update(Progress("transcribe", 10, 100, "s")) is None  # first event: no rate
    now[0] += 2.0
    assert eta.update(Progress("transcribe", 30, 100, "s")) == pytest.approx(7.0)
    now[0] += 1.0
    assert eta.update(Progress("align", 1, 10)) is None  # a new stage starts over
    now[0] += 2.0
    assert eta.update(Progress("align", 5, None)) is None  # unknown total
    assert format_clock(83.4) == "01:23" and format_clock(3723) == "1:02:03"
    assert format_clock(None) == "--:--"


def test_blocks_have_headers_regions_in_time_order_and_every_line() -> None:
    al = truth_alignment()
    blocks = build_blocks(al)
    kinds = [b.kind for b in blocks]
    assert kinds[:3] == ["region", "blank", "region"]  # music + intro come before turn 0
    lines = [b.line for b in blocks if b.kind == "line"]
    assert lines == list(range(len(al.lines)))
    headers = [b for b in blocks if b.kind == "header"]
    assert [h.text for h in headers[:2]] == ["Nathan Lambert", "Ross Taylor"]
    assert headers[0].speaker != headers[1].speaker  # one colour per speaker
    assert headers[2].speaker == headers[0].speaker
    assert headers[0].time == pytest.approx(32.892)


def test_locate_words_matches_in_order_despite_case_and_punctuation() -> None:
    text = "Today, we're here with Ross."
    spans = locate_words(text, ["today", "We're", "here", "with", "ross", "zzz"])
    assert [text[a:b] for a, b in spans[:5]] == ["Today", "we're", "here", "with", "Ross"]
    assert spans[5] is None


def test_resume_store_round_trip_and_rules(tmp_path) -> None:
    store = ResumeStore(Store(tmp_path))
    key = "ab" * 32
    assert store.load(key) is None
    store.save(key, 83.25, 200.0)
    assert store.load(key) == pytest.approx(83.25)
    store.save(key, 195.0, 200.0)  # finished: start over next time
    assert store.load(key) is None
    assert not worth_resuming(2.0, None) and worth_resuming(60.0, None)


def test_clip_span_and_text() -> None:
    ep = podsim_episode()
    lines = list(ep.alignment.lines[1:3])
    start, end = clip_span(lines, ep.duration)
    assert start == pytest.approx(lines[0].start - 0.25)
    assert end == pytest.approx(lines[1].end + 0.25)
    text = clip_text(lines, start, end, "podsim-mini")
    assert "Nathan Lambert:" in text and lines[1].line.text in text
    untimed = [AlignedLine(Line(0, 0, None, "x"), None, None)]
    with pytest.raises(OutputError, match="no time"):
        clip_span(untimed)


def test_status_bar_says_silent_mode_on_the_null_backend() -> None:
    silent = render_status(StatusInfo(backend="Null", silent=True, position=75, duration=200))
    assert SILENT_NOTICE in silent.plain and "01:15 / 03:20" in silent.plain
    loud = render_status(StatusInfo(backend="PulseAudio", silent=False))
    assert SILENT_NOTICE not in loud.plain and "audio: PulseAudio" in loud.plain


def test_episode_from_a_real_pipeline_result_and_resume_through_services(tmp_path) -> None:
    from tui_fakes import CHAPTERS, podsim_audio

    from aligner.pipeline import PipelineRequest, PipelineResult
    from aligner.sources import Media, MediaInfo
    from tui.services import PipelineServices, episode_from_result

    alignment = truth_alignment()
    info = MediaInfo(title="", duration=200.6, chapters=CHAPTERS)
    media = Media(path=podsim_audio(), sha256="c" * 64, info=info, source="podsim-mini.opus")
    request = PipelineRequest(source="podsim-mini.opus", transcript="podsim-mini.md")
    episode = episode_from_result(request, PipelineResult(media=media, alignment=alignment))
    assert episode.key == "c" * 64 and episode.audio_path == podsim_audio()
    assert episode.title == "podsim-mini"  # no media title: the transcript's
    assert episode.chapters == CHAPTERS  # none in the transcript: the media's
    assert episode.duration == 200.6 and episode.model == "tiny.en"
    services = PipelineServices(Store(tmp_path))
    services.save_position(episode.key, 61.0, episode.duration)
    assert services.load_position(episode.key) == pytest.approx(61.0)
