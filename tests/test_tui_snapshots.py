"""Snapshot tests (pytest-textual-snapshot's ``snap_compare`` fixture) of the player at 100x30:
the main screen mid-episode, the progress view and the chapters panel. Snapshots live in
``tests/__snapshots__/test_tui_snapshots/``; after an intended change, review and run with
``--snapshot-update``."""

from __future__ import annotations

from tui_fakes import CHAPTERS, FakeClock, FakePlayer, FakeServices, Request, podsim_episode

from aligner.progress import Progress
from tui.app import create_app

SIZE = (100, 30)


def _app(services: FakeServices, t: float):
    clock = FakeClock(t)
    player = FakePlayer(clock, duration=200.6)
    player.seek = lambda position: None  # type: ignore[method-assign]  # keep the clock at t
    app = create_app(Request("podsim-mini.opus"), clock=clock, player=player, services=services)
    return app, clock


async def _ready(pilot, t: float) -> None:
    screen = pilot.app.player_screen
    for _ in range(200):
        if screen.episode is not None:
            break
        await pilot.pause(0.02)
    pilot.app.clock.set(t)  # loading the episode rewound the fake clock
    screen.sync_to_clock()
    await pilot.pause()


def test_main_screen(snap_compare) -> None:
    app, _ = _app(FakeServices(podsim_episode(words=True)), 0.0)

    async def at_98s(pilot) -> None:
        await _ready(pilot, 98.0)

    assert snap_compare(app, terminal_size=SIZE, run_before=at_98s)


def test_progress_view(snap_compare) -> None:
    events = (
        Progress("fetch", 3.2e6, 3.2e6, "B"),
        Progress("decode", 200.6, 200.6, "s"),
        Progress("transcribe", 0.0, 200.6, "s", message="tiny.en on cpu"),
        Progress("transcribe", 80.0, 200.6, "s", message="tiny.en on cpu"),
    )
    now = iter([0.0, 0.0, 0.0, 0.0, 20.0] + [20.0] * 1000)
    services = FakeServices(podsim_episode(), events, hold=True)
    app, _ = _app(services, 0.0)
    app.player_screen._eta._now = lambda: next(now)  # deterministic ETA: 80 s in 20 s

    async def wait(pilot) -> None:
        for _ in range(200):
            panels = pilot.app.player_screen.query("#progress")
            if panels and "transcribe" in panels.first().stages:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=wait)
    finally:
        services.release.set()


def test_chapters_panel(snap_compare) -> None:
    app, _ = _app(FakeServices(podsim_episode(chapters=CHAPTERS)), 0.0)

    async def open_chapters(pilot) -> None:
        await _ready(pilot, 70.0)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_chapters)
