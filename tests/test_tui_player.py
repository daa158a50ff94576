"""Pilot tests of the player with a fake clock, a fake player and fake pipeline services:
the highlight follows the clock, enter/click seek, search jumps, follow mode detaches and comes
back, progress and errors show, the position is resumed and saved."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest
from textual import events
from tui_fakes import (
    ALIGNED_AT,
    CHAPTERS,
    FakeClock,
    FakePlayer,
    FakeServices,
    Request,
    podsim_audio,
    podsim_episode,
)
from tui_fakes import (
    episode_ready as wait_ready,
)

from aligner.errors import TranscriptFormatError
from aligner.progress import Progress
from tui.app import PodalignApp, create_app
from tui.screens.player import PlayerScreen
from tui.widgets.chapters_panel import ChaptersPanel
from tui.widgets.progress_panel import ProgressPanel
from tui.widgets.transcript_view import CURRENT_MARK, TranscriptView

SIZE = (100, 30)


def make_app(services: FakeServices | None = None) -> tuple[PodalignApp, FakeClock, FakePlayer]:
    clock = FakeClock()
    player = FakePlayer(clock, duration=200.6)
    services = services or FakeServices(podsim_episode(chapters=CHAPTERS))
    app = create_app(Request(str(podsim_audio())), clock=clock, player=player, services=services)
    return app, clock, player


def spoken_at(screen: PlayerScreen, t: float) -> int | None:
    """The line whose true span contains ``t`` (straight from the data, not the Timeline)."""
    assert screen.episode is not None
    for i, al in enumerate(screen.episode.alignment.lines):
        if al.start <= t < al.end:
            return i
    return None


def rendered_row(view: TranscriptView, index: int) -> str:
    row = view.row_of_line(index)
    assert row is not None
    return view.render_line(row - round(view.scroll_y)).text


async def test_advancing_the_clock_moves_the_highlight_to_the_right_line() -> None:
    app, clock, player = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        assert player.playing and player.loaded == podsim_audio()
        for t in (33.5, 40.0, 63.5, 100.0, 150.0, 158.0, 185.0):
            clock.set(t)
            screen.sync_to_clock()
            await pilot.pause()
            expected = spoken_at(screen, t)
            assert expected is not None
            assert view.current == expected, t
            assert view.is_line_visible(expected), t  # follow mode keeps it in view
            assert rendered_row(view, expected).startswith(CURRENT_MARK.strip())
        # The timer alone (no explicit sync) moves it too, within the 100 ms budget.
        clock.set(40.0)
        await pilot.pause(0.15)
        assert view.current == spoken_at(screen, 40.0)
        # In the intro (not in the transcript) nothing is lit; the region is.
        clock.set(20.0)
        screen.sync_to_clock()
        assert view.current is None and view.current_region == 1


async def test_enter_on_a_line_and_a_click_seek_the_player() -> None:
    app, clock, player = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        lines = screen.episode.alignment.lines
        clock.set(40.0)
        screen.sync_to_clock()
        here = view.current
        await pilot.press("down", "down", "j")
        assert view.selected == here + 3 and not view.follow
        await pilot.press("enter")
        assert player.seeks[-1] == pytest.approx(lines[here + 3].start)
        await pilot.pause()
        assert view.follow and view.current == here + 3
        # A click on a line plays from it.
        target = here + 5
        row = view.row_of_line(target) - round(view.scroll_y)
        await pilot.click(TranscriptView, offset=(10, row))
        await pilot.pause()
        assert player.seeks[-1] == pytest.approx(lines[target].start)
        assert view.current == target


async def test_search_finds_and_jumps_then_n_goes_to_the_next_match() -> None:
    app, clock, _player = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        texts = [al.line.text for al in screen.episode.alignment.lines]
        matches = [i for i, t in enumerate(texts) if "deep rl" in t.casefold()]
        assert len(matches) >= 2
        clock.set(33.0)
        screen.sync_to_clock()
        await pilot.press("slash", *"Deep RL", "enter")
        await pilot.pause()
        assert view.selected == matches[0]
        assert view.is_line_visible(matches[0]) and not view.follow
        assert view.matches == matches
        await pilot.press("n")
        assert view.selected == matches[1]
        await pilot.press("N")
        assert view.selected == matches[0]
        await pilot.press("slash", *"zebra", "enter")
        assert view.selected == matches[0]  # no match: selection stays


async def test_follow_detaches_on_manual_scroll_and_f_brings_it_back() -> None:
    app, clock, _player = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        clock.set(40.0)
        screen.sync_to_clock()
        await pilot.pause()
        assert view.follow
        view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert not view.follow
        scrolled = view.scroll_y
        clock.set(150.0)  # playback moves on far below ...
        screen.sync_to_clock()
        await pilot.pause()
        late = spoken_at(screen, 150.0)
        assert view.current == late
        assert view.scroll_y == scrolled  # ... but a detached view stays where the user put it
        assert not view.is_line_visible(late)
        assert screen.status.info is not None and not screen.status.info.follow
        await pilot.press("f")
        await pilot.pause()
        assert view.follow and view.is_line_visible(late) and view.selected == late
        await pilot.press("pageup")
        assert not view.follow


async def test_progress_view_shows_stages_then_the_transcript() -> None:
    events_ = (
        Progress("fetch", 1, 1, "B"),
        Progress("decode", 200, 200, "s"),
        Progress("transcribe", 50, 200, "s", message="tiny.en"),
    )
    services = FakeServices(podsim_episode(), events_, hold=True)
    app, _clock, player = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.player_screen.query_one(ProgressPanel)
        for _ in range(100):
            if "transcribe" in panel.stages:
                break
            await pilot.pause(0.02)
        assert list(panel.stages) == ["fetch", "decode", "transcribe"]
        assert panel.stages["decode"].finished and not panel.stages["transcribe"].finished
        assert panel.stages["transcribe"].event.done == 50
        assert app.player_screen.query_one("#main").current == "progress"
        assert not player.playing
        services.release.set()
        await wait_ready(pilot, app)
        assert app.player_screen.query_one("#main").current == "transcript"


async def test_pipeline_error_is_shown_and_reported_after_quit() -> None:
    error = TranscriptFormatError("ep.md: not a transcript podalign can read; give --transcript")
    app, _clock, player = make_app(FakeServices(hold=False, error=error))
    async with app.run_test(size=SIZE) as pilot:
        panel = app.player_screen.query_one(ProgressPanel)
        for _ in range(100):
            if panel.error:
                break
            await pilot.pause(0.02)
        assert panel.error == str(error)
        assert app.failure is error
        await pilot.press("q")
    assert player.closed


async def test_resumes_the_saved_position_and_saves_it_on_quit() -> None:
    services = FakeServices(podsim_episode(), resume=90.0)
    app, clock, player = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot, app)
        assert player.seeks == [90.0] and player.playing
        clock.advance(12.5)
        await pilot.press("q")
    assert services.saved == [("0" * 64, pytest.approx(102.5))]
    assert player.closed


async def test_transport_keys_volume_lines_and_chapters() -> None:
    app, clock, player = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        lines = screen.episode.alignment.lines
        await pilot.press("space")
        assert not player.playing
        await pilot.press("space")
        assert player.playing
        clock.set(100.0)
        await pilot.press("right")
        assert player.seeks[-1] == pytest.approx(105.0)
        await pilot.press("left", "left")
        assert player.seeks[-1] == pytest.approx(95.0)
        await pilot.press("plus", "plus", "minus")
        assert player.volume == pytest.approx(1.1)
        clock.set(100.0)
        here = spoken_at(screen, 100.0)
        await pilot.press("right_square_bracket")
        assert player.seeks[-1] == pytest.approx(lines[here + 1].start)
        await pilot.press("c")
        chapters = screen.query_one(ChaptersPanel)
        assert chapters.has_focus and screen.query_one("#side").has_class("-open")
        chapters.highlighted = 2
        await pilot.press("enter")
        assert player.seeks[-1] == pytest.approx(ALIGNED_AT[2])
        await pilot.press("escape")
        assert not screen.query_one("#side").has_class("-open")
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen is screen


async def test_export_writes_vtt_and_x_saves_a_clip_next_to_the_source(tmp_path: Path) -> None:
    source = tmp_path / "episode.opus"
    shutil.copy(podsim_audio(), source)
    episode = podsim_episode()
    episode = type(episode)(**{**episode.__dict__, "source": str(source), "audio_path": source})
    app, clock, _player = make_app(FakeServices(episode))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        await pilot.press("e")
        vtt = tmp_path / "episode.vtt"
        assert vtt.is_file() and vtt.read_text().startswith("WEBVTT")
        clock.set(40.0)
        screen.sync_to_clock()
        first = screen.transcript.current
        await pilot.press("J")  # extend the selection to two lines
        assert list(screen.transcript.selected_range()) == [first, first + 1]
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
    wavs = list(tmp_path.glob("*.wav"))
    assert len(wavs) == 1
    lines = episode.alignment.lines
    with wave.open(str(wavs[0])) as w:
        seconds = w.getnframes() / w.getframerate()
    expected = lines[first + 1].end - lines[first].start + 0.5
    assert seconds == pytest.approx(expected, abs=0.05)
    text = wavs[0].with_suffix(".txt").read_text()
    assert lines[first].line.text in text and lines[first + 1].line.text in text


async def test_the_current_word_is_underlined_where_word_times_exist() -> None:
    app, clock, _player = make_app(FakeServices(podsim_episode(words=True)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        line = screen.episode.alignment.lines[0]  # "Today, we're here with Ross."
        word = line.words[3]  # "with"
        clock.set((word.start + word.end) / 2)
        screen.sync_to_clock()
        await pilot.pause()
        assert view.current == 0 and view.current_word == 3
        strip = view.render_line(view.row_of_line(0) - round(view.scroll_y))
        underlined = "".join(seg.text for seg in strip if seg.style and seg.style.underline)
        assert underlined == "with"


async def test_an_edited_alignment_moves_the_highlight_and_keeps_the_selection() -> None:
    from dataclasses import replace

    app, clock, _player = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        alignment = screen.episode.alignment
        clock.set(40.0)
        screen.sync_to_clock()
        await pilot.press("down")
        selected = view.selected
        # A global offset of +3 s: at 40 s the line spoken is now the one 3 s earlier.
        shifted = replace(
            alignment,
            lines=tuple(replace(al, start=al.start + 3, end=al.end + 3) for al in alignment.lines),
        )
        screen.apply_alignment(shifted)
        await pilot.pause()
        expected = [i for i, al in enumerate(shifted.lines) if al.start <= 40.0 < al.end]
        assert view.current == expected[0]
        assert view.selected == selected and not view.follow
