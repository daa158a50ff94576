"""Pilot tests of the listening aids with the fake clock (wall time x speed = media time):
at 0.5x, 1.5x and 3x the lit line and word are the ones spoken at that media time (per the
podsim-mini truth), the word highlight toggles and repaints only its line, the speed keys and
the remembered speed, --skip-extra skipping the intro, the skip key, the quote on the
clipboard, clicking the timeline strip, and a snapshot of the word highlight and the strip."""

from __future__ import annotations

import json

import pytest
from tui_fakes import (
    CHAPTERS,
    SHARED,
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

from tui.app import PodalignApp, create_app
from tui.screens.player import PlayerScreen
from tui.screens.player_listening import ListeningOptions
from tui.widgets.timeline_strip import TimelineStrip
from tui.widgets.transcript_view import TranscriptView

SIZE = (100, 30)
TRUTH = json.loads((SHARED / "examples" / "podsim-mini.truth.json").read_text())


def make_app(
    *, speed: float | None = None, skip_extra: bool = False, services: FakeServices | None = None
) -> tuple[PodalignApp, FakeClock, FakePlayer, FakeServices]:
    clock = FakeClock()
    player = FakePlayer(clock, duration=200.6)
    services = services or FakeServices(podsim_episode(chapters=CHAPTERS, words=True))
    app = create_app(
        Request(str(podsim_audio())),
        clock=clock,
        player=player,
        services=services,
        listening=ListeningOptions(speed=speed, skip_extra=skip_extra),
    )
    return app, clock, player, services


def truth_spoken(t: float) -> int | None:
    """The sentence the truth file says is spoken at ``t`` (its index is the line index)."""
    for i, s in enumerate(TRUTH["sentences"]):
        if s["start"] <= t < s["end"]:
            return i
    return None


def word_spoken(screen: PlayerScreen, line: int, t: float) -> int:
    words = screen.episode.alignment.lines[line].words
    return next(k for k, w in enumerate(words) if w.start <= t < w.end)


def lit_word(view: TranscriptView, line: int) -> str:
    """The text drawn in the word style (underlined) on the rows of ``line``."""
    assert view.get_component_rich_style("transcript--word", partial=True).underline
    row = view.row_of_line(line) - round(view.scroll_y)
    lit = []
    for y in range(row, row + 3):
        for seg in view.render_line(y):
            if seg.style is not None and seg.style.underline:
                lit.append(seg.text)
    return "".join(lit)


@pytest.mark.parametrize("speed", [0.5, 1.5, 3.0])
async def test_after_ten_wall_seconds_the_position_is_ten_times_the_speed(speed: float) -> None:
    app, clock, player, _ = make_app(speed=speed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        assert player.speed == speed
        assert f"{speed:g}×" in str(screen.status.render())
        start = 40.6
        clock.set(start)
        for second in range(1, 11):  # ten seconds of wall time, one tick a second
            clock.advance(1.0)
            screen.sync_to_clock()  # what the screen's 50 ms timer does
            await pilot.pause()
            t = start + second * speed
            assert clock.position() == pytest.approx(t)
            expected = truth_spoken(t)
            if expected is not None:
                assert view.current == expected, (speed, t)
                assert view.current_word == word_spoken(screen, expected, t), (speed, t)
        t = start + 10 * speed
        assert t == pytest.approx({0.5: 45.6, 1.5: 55.6, 3.0: 70.6}[speed])
        line = truth_spoken(t)
        assert line is not None and view.current == line
        words = screen.episode.alignment.lines[line].words
        word = words[word_spoken(screen, line, t)].text
        assert lit_word(view, line) == word.strip(".,!?;:\"'")


async def test_the_word_highlight_toggles_and_repaints_only_its_line() -> None:
    app, clock, _, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        view = screen.transcript
        clock.set(67.5)  # early in line 11, a long one (15 s)
        screen.sync_to_clock()
        await pilot.pause()
        assert view.current == 11 and view.current_word == 0
        top = view.row_of_line(11) - round(view.scroll_y)
        rows: list[int] = []
        real_render = view.render_line

        def recording(y: int):
            rows.append(y)
            return real_render(y)

        view.render_line = recording  # type: ignore[method-assign]
        clock.set(68.6)  # the next words of the same line
        screen.sync_to_clock()
        await pilot.pause()
        assert view.current == 11 and view.current_word > 0
        height = len(view._render_block(view._block_of_line[11]))
        assert rows and set(rows) <= set(range(top, top + height)), rows
        view.render_line = real_render  # type: ignore[method-assign]
        await pilot.press("w")
        assert screen.words_lit is False and view.current_word is None
        assert view.current == 11 and lit_word(view, 11) == ""  # the line stays lit
        await pilot.press("w")
        assert view.current_word is not None and lit_word(view, 11)


async def test_speed_keys_step_by_a_quarter_and_the_speed_is_remembered() -> None:
    services = FakeServices(podsim_episode(words=True), speed=2.0)
    app, _clock, player, services = make_app(services=services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        assert player.speed == 2.0  # no --speed: the remembered one
        await pilot.press("left_parenthesis", "left_parenthesis")
        assert player.speed == 1.5 and services.speed == 1.5
        for _ in range(8):
            await pilot.press("left_parenthesis")
        assert player.speed == 0.5
        await pilot.press("right_parenthesis")
        assert player.speed == 0.75 and services.speed == 0.75
        await pilot.pause(0.06)
        assert "0.75×" in str(screen.status.render())
    app, _, player, services = make_app(speed=1.25, services=FakeServices(podsim_episode()))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot, app)
        assert player.speed == 1.25 and services.speed == 1.25  # --speed is remembered too


async def test_skip_extra_skips_the_intro_from_the_start() -> None:
    app, clock, player, _ = make_app(skip_extra=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        for _ in range(6):  # 3 s of wall time
            clock.advance(0.5)
            screen.sync_to_clock()
            await pilot.pause()
        assert clock.position() > 31.4
        intro_end = TRUTH["extra"][-1]["end"]
        assert intro_end == pytest.approx(31.39, abs=0.01)
        assert any(31.4 < s < TRUTH["sentences"][0]["start"] for s in player.seeks)
        notices = [n.message for n in app._notifications]
        assert notices == ["skipped 0:33 of intro"]
        assert screen.transcript.current == truth_spoken(clock.position())
        assert "skipping extras" in str(screen.status.render())


async def test_without_skip_extra_the_intro_plays_and_g_skips_it() -> None:
    app, clock, _player, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        for _ in range(6):
            clock.advance(0.5)
            screen.sync_to_clock()
            await pilot.pause()
        assert clock.position() == pytest.approx(3.0)
        clock.set(20.0)
        await pilot.press("g")
        assert clock.position() == pytest.approx(TRUTH["sentences"][0]["start"] - 0.25)
        assert [n.message for n in app._notifications] == ["skipped 0:13 of intro"]
        await pilot.press("g")  # in the transcript now: nothing to skip
        assert "nothing to skip" in [n.message for n in app._notifications][-1]
        await pilot.press("G")  # auto-skip on; a seek back into the intro is respected
        await pilot.click("#timeline", offset=(5, 0))
        await pilot.pause(0.1)
        assert 0 < clock.position() < 31.4
        assert screen.auto_skip.enabled


async def test_quote_copies_the_selected_lines_with_speaker_time_and_link() -> None:
    episode = podsim_episode(words=True)
    from dataclasses import replace

    episode = replace(episode, source="https://www.youtube.com/watch?v=podsim")
    app, clock, _, _ = make_app(services=FakeServices(episode))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        clock.set(63.5)  # Ross Taylor's "Thanks for having me."
        screen.sync_to_clock()
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == (
            "Ross Taylor [01:03]: Thanks for having me.\n"
            "— podsim-mini, https://www.youtube.com/watch?v=podsim&t=63"
        )
        assert (
            app._notifications
            and "copied 1 line from 01:03" in [n.message for n in app._notifications][-1]
        )


async def test_clicking_the_timeline_seeks_and_the_strip_marks_the_position() -> None:
    app, _clock, player, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot, app)
        strip = app.query_one(TimelineStrip)
        width = strip.size.width
        assert width > 50 and strip.duration == pytest.approx(200.638)
        await pilot.click("#timeline", offset=(width // 2, 0))
        await pilot.pause(0.06)
        assert player.seeks[-1] == pytest.approx(100.3, abs=200.638 / width)
        assert screen.transcript.follow
        text = strip.render_line(0).text
        assert text[width // 2] == "●" and text.count("●") == 1


def test_snapshot_word_highlight_and_timeline(snap_compare) -> None:
    clock = FakeClock()
    player = FakePlayer(clock, duration=200.6)
    player.seek = lambda position: None  # type: ignore[method-assign]  # keep the clock at t
    services = FakeServices(podsim_episode(chapters=CHAPTERS, words=True))
    app = create_app(
        Request("podsim-mini.opus"),
        clock=clock,
        player=player,
        services=services,
        listening=ListeningOptions(speed=1.5),
    )

    async def at_56s(pilot) -> None:
        screen = pilot.app.player_screen
        for _ in range(200):
            if screen.episode is not None:
                break
            await pilot.pause(0.02)
        clock.set(56.0)
        screen.sync_to_clock()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=at_56s)
