"""Issue 16's player rows, each as a Pilot test that failed before the fix: chapters re-timed by
the alignment and a chapters list to move in (row 2), ``a`` only for the diff on screen
(row 5), ``r`` saying no better model is installed (row 6), a start outside the neighbours
refused (row 8), search matches in their own colour and cleared by esc, one toast at a time,
``[``/``]`` not starting playback (row 14); and the README key table matches the bindings."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from rich.color import Color
from tui_fakes import (
    ALIGNED_AT,
    CHAPTERS,
    FakeClock,
    FakePlayer,
    FakeServices,
    Request,
    canned,
    podsim_audio,
    podsim_episode,
)
from tui_fakes import (
    episode_ready as ready,
)

from aligner.edits import retranscribe as retranscribe_module
from aligner.result import Alignment, LineStatus
from cache.store import Store
from tui.app import PodalignApp, create_app
from tui.corrections import GET_BASE
from tui.services import Episode, StoreEdits

SIZE = (110, 32)
ROOT = Path(__file__).resolve().parents[1]


class Services(FakeServices, StoreEdits):
    """The fake pipeline, the real edits store, re-transcription canned (and counted)."""

    def __init__(self, episode: Episode, store: Store, model: str | None = "tiny.en") -> None:
        FakeServices.__init__(self, episode)
        StoreEdits.__init__(self, store, retranscribe_model=model, device="cpu")
        self.calls: list[tuple[int, int]] = []

    def retranscribe(self, episode: Episode, alignment: Alignment, first: int, last: int):
        self.calls.append((first, last))
        return canned(alignment, first, last)


class Said:
    """Records what the app tells the user, and which notices are on screen now."""

    def __init__(self, app: PodalignApp) -> None:
        self.all: list[str] = []
        self.now: list[str] = []
        notify, clear = app.notify, app.clear_notifications

        def recording_notify(message, *args, **kwargs):
            self.all.append(str(message))
            self.now.append(str(message))
            return notify(message, *args, **kwargs)

        def recording_clear() -> None:
            self.now.clear()
            clear()

        app.notify = recording_notify  # type: ignore[method-assign]
        app.clear_notifications = recording_clear  # type: ignore[method-assign]

    @property
    def last(self) -> str:
        return self.all[-1] if self.all else ""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "episode.opus"
    shutil.copy(podsim_audio(), path)
    return path


def make_app(services: FakeServices) -> tuple[PodalignApp, FakeClock, FakePlayer, Said]:
    clock = FakeClock()
    player = FakePlayer(clock, duration=200.6)
    app = create_app(Request("podsim-mini"), clock=clock, player=player, services=services)
    return app, clock, player, Said(app)


def editing(source: Path, tmp_path: Path, *, chapters=(), model: str | None = "tiny.en"):
    episode = podsim_episode(chapters=chapters)
    episode = type(episode)(**{**episode.__dict__, "source": str(source), "audio_path": source})
    return Services(episode, Store(tmp_path / "cache"), model)


# -- row 2: chapters ----------------------------------------------------------------------------
async def test_chapters_are_at_their_aligned_lines_and_the_list_is_navigable() -> None:
    app, clock, player, _ = make_app(FakeServices(podsim_episode(chapters=CHAPTERS)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        panel = screen.chapters
        assert [c.start for c in panel.chapters] == pytest.approx(ALIGNED_AT)
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert "00:32  Welcome, Ross" in prompts[1]  # published at 01:07, spoken at 00:32
        clock.set(40.0)  # in "Welcome, Ross"
        screen.sync_to_clock()
        await pilot.press("c")
        assert panel.has_focus and panel.highlighted == 1
        selected = screen.transcript.selected
        await pilot.press("down", "down")
        assert panel.highlighted == 3
        assert screen.transcript.selected == selected  # the arrows moved in the panel only
        await pilot.pause(0.2)  # clock ticks do not move the user's highlight back
        assert panel.highlighted == 3
        await pilot.press("up")
        await pilot.press("enter")
        assert player.seeks[-1] == pytest.approx(ALIGNED_AT[2]) and player.playing


async def test_a_global_offset_moves_the_chapters_with_their_lines(
    source: Path, tmp_path: Path
) -> None:
    app, _clock, player, _ = make_app(editing(source, tmp_path, chapters=CHAPTERS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await pilot.press(*["right_curly_bracket"] * 5)  # the whole episode 0.5 s later
        await pilot.pause()
        moved = [c.start for c in screen.chapters.chapters]
        assert moved[1:] == pytest.approx([t + 0.5 for t in ALIGNED_AT[1:]])
        await pilot.press("c", "down", "enter")
        assert player.seeks[-1] == pytest.approx(ALIGNED_AT[1] + 0.5)  # from "Cold open"


# -- row 5: a applies to the diff on screen only ------------------------------------------------
async def test_a_after_the_diff_is_closed_changes_nothing_and_says_why(
    source: Path, tmp_path: Path
) -> None:
    services = editing(source, tmp_path)
    app, _clock, _player, said = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.transcript.select(7)
        await pilot.press("r")
        for _ in range(100):
            if screen.corrections.result is not None:
                break
            await pilot.pause(0.02)
        assert services.calls == [(7, 7)]
        await pilot.press("escape")  # the diff panel closes ...
        await pilot.press(*["down"] * 12)  # ... and the selection moves far away
        before = [al.line.text for al in screen.episode.alignment.lines]
        await pilot.press("a")
        await pilot.pause()
        assert [al.line.text for al in screen.episode.alignment.lines] == before
        assert screen.corrections.layer.edits == ()
        assert "not shown" in said.last
        # With the diff on screen, a applies to the line it shows (not the selection).
        await pilot.press("r")
        for _ in range(100):
            if screen.corrections.result is not None:
                break
            await pilot.pause(0.02)
        await pilot.press("a")
        await pilot.pause()
        assert screen.episode.alignment.lines[19].line.text == "heard 20 words"


# -- row 6: r without a better model ------------------------------------------------------------
async def test_r_without_a_better_model_installed_says_how_to_get_one(
    source: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(retranscribe_module, "_BASE_PACKAGES", ("no_such_package_here",))
    services = editing(source, tmp_path, model=None)  # default: the best installed
    app, _clock, _player, said = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.transcript.select(7)
        await pilot.press("r")
        await pilot.pause(0.2)
        assert services.calls == []  # no re-transcription with tiny.en again
        assert "no better model than tiny.en is installed" in said.last
        assert GET_BASE in said.last
        assert screen.side_panel is None


# -- row 8: s refuses a start outside the neighbours --------------------------------------------
async def test_s_far_before_the_line_is_refused_with_the_allowed_range(
    source: Path, tmp_path: Path
) -> None:
    app, clock, _player, said = make_app(editing(source, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        line = screen.episode.alignment.lines[20]
        screen.transcript.select(20)
        clock.set(line.start - 70.0)
        await pilot.press("s")
        await pilot.pause()
        assert screen.episode.alignment.lines[20].start == line.start
        assert screen.corrections.layer.edits == ()
        assert re.search(r"line 21 can start only between \d\d:\d\d and \d\d:\d\d", said.last)
        clock.set(line.start + 1.0)
        screen.sync_to_clock()
        assert screen.transcript.current == 20  # the highlight did not jump anywhere


# -- row 14: search colour, esc, toasts, [ ] -----------------------------------------------------
def _distance(a: Color, b: Color) -> float:
    ta, tb = a.get_truecolor(), b.get_truecolor()
    return sum((x - y) ** 2 for x, y in zip(ta, tb)) ** 0.5


async def test_search_matches_have_their_own_colour_and_esc_clears_them() -> None:
    app, _clock, _player, _ = make_app(FakeServices(podsim_episode()))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        view = screen.transcript
        match = view.get_component_rich_style("transcript--match", partial=True)
        current = view.get_component_rich_style("transcript--current", partial=True)
        assert match.bgcolor and current.bgcolor
        assert _distance(match.bgcolor, current.bgcolor) > 120  # not two shades of one colour
        await pilot.press("slash", *"Deep RL", "enter")
        await pilot.pause()
        hit = view.matches[0]
        row = view.row_of_line(hit) - round(view.scroll_y)
        lit = [seg for seg in view.render_line(row) if seg.style and seg.style.bgcolor]
        assert any(s.style.bgcolor == match.bgcolor and "Deep" in s.text for s in lit)
        await pilot.press("escape")
        await pilot.pause()
        assert view.search_query == "" and view.matches == []
        strip = view.render_line(view.row_of_line(hit) - round(view.scroll_y))
        assert not any(seg.style and seg.style.bgcolor == match.bgcolor for seg in strip)


async def test_one_toast_at_a_time_and_line_jumps_keep_playback_paused(
    source: Path, tmp_path: Path
) -> None:
    app, clock, player, said = make_app(editing(source, tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await ready(pilot, app)
        screen.transcript.select(5)
        await pilot.press("greater_than_sign", "greater_than_sign", "greater_than_sign")
        await pilot.press("u", "u", "u")
        await pilot.pause()
        assert len(said.all) >= 6 and len(said.now) == 1
        await pilot.pause(0.1)
        assert len(screen.query("Toast")) == 1  # on screen: the last one only
        await pilot.press("space")
        assert not player.playing
        clock.set(100.0)
        seeks = len(player.seeks)
        await pilot.press("right_square_bracket")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert len(player.seeks) == seeks + 3 and not player.playing
        await pilot.press("space", "right_square_bracket")
        assert player.playing  # and when playing, it keeps playing


def test_the_readme_key_table_lists_every_key_and_says_what_brackets_do() -> None:
    from tui.keys import HELP, PLAYER_BINDINGS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| key | action |") :].split("\n\n", 1)[0]
    for binding in PLAYER_BINDINGS:
        assert binding.action in HELP, binding.action
        shown = binding.key_display or binding.key.split(",")[0]
        names = {"space", "left", "right", "up", "down", "enter", "escape", "pageup"}
        if shown in names or shown.startswith(("shift+", "ctrl+", "page")):
            continue  # named keys: written out in words
        assert f"`{shown}`" in table, shown
    row = next(r for r in table.splitlines() if r.startswith("| `[` / `]`"))
    assert "paused" in row


# -- check_action: what cannot run now is hidden or disabled ---------------------------------------
async def test_edit_keys_wait_for_the_episode_and_are_disabled_when_edits_are_unreadable(
    source: Path, tmp_path: Path
) -> None:
    from aligner.edits import episode_key
    from tui.edit_bindings import EDIT_ACTIONS

    services = editing(source, tmp_path)
    key = episode_key(services.episode.key, services.episode.alignment.transcript)
    services.store.write_json("edits", key.store_key, {"version": 99, "edits": []})
    services.release.clear()  # the pipeline is still working
    app, _clock, _player, said = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bound = {b.binding.action.split("(")[0]: b for b in app.active_bindings.values()}
        assert not set(bound) & set(EDIT_ACTIONS)  # hidden while preparing
        assert "search" not in bound and "toggle_play" in bound
        services.release.set()
        screen = await ready(pilot, app)
        bound = {b.binding.action.split("(")[0]: b for b in app.active_bindings.values()}
        assert set(EDIT_ACTIONS) <= set(bound) and "search" in bound
        assert not any(bound[name].enabled for name in EDIT_ACTIONS)  # shown, but disabled
        assert "saved edits not applied" in said.last
        screen.transcript.select(3)
        await pilot.press("greater_than_sign")
        assert screen.corrections.layer.edits == ()


# -- row 3: hints name options that exist where they are shown ------------------------------------
def _play_options() -> set[str]:
    import argparse

    from podalign.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    play = sub.choices["play"]
    return {opt for action in play._actions for opt in action.option_strings}


async def test_the_player_shows_the_sanity_error_and_its_hint_names_a_play_option(
    source: Path, tmp_path: Path, monkeypatch
) -> None:
    from aligner.alignment.align import check_sanity
    from aligner.errors import PodalignError
    from tui.widgets.progress_panel import ProgressPanel

    computed = podsim_episode().alignment  # as if no line of the transcript was found
    lost = tuple(replace(al, status=LineStatus.NOT_IN_AUDIO) for al in computed.lines)
    bad = replace(computed, lines=lost)
    with pytest.raises(PodalignError) as caught:
        check_sanity(bad, force=False)
    app, _clock, _player, _ = make_app(FakeServices(error=caught.value))
    async with app.run_test(size=SIZE) as pilot:
        panel = app.player_screen.query_one(ProgressPanel)
        for _ in range(100):
            if panel.error:
                break
            await pilot.pause(0.02)
        shown = panel.error or ""
    options = _play_options()
    named = set(re.findall(r"--[a-z][a-z-]+", shown))
    assert named == {"--force"} and named <= options
    # The notices of the corrections name only play's options too.
    from tui.corrections import Corrections

    monkeypatch.setattr(retranscribe_module, "_BASE_PACKAGES", ("no_such_package_here",))
    corrections = Corrections(StoreEdits(Store(tmp_path / "c")))
    corrections.load(podsim_episode())
    notice = corrections.no_better_model()
    assert notice is not None
    assert set(re.findall(r"--[a-z][a-z-]+", notice.text)) <= options
