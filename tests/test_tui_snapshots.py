"""Snapshot tests (pytest-textual-snapshot's SVG extension) of the player at 100x30: the main
screen mid-episode, the progress view and the chapters panel. Snapshots live in
``tests/snapshots/``; after an intended change, review and run with ``--snapshot-update``."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.location import PyTestLocation
from textual._doc import take_svg_screenshot
from tui_fakes import CHAPTERS, FakeServices, Request, podsim_episode

from aligner.progress import Progress
from tui.app import create_app
from tui.clock import FakeClock
from tui.player import FakePlayer

SIZE = (100, 30)
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


class PlayerSnapshot(SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(SNAPSHOTS / Path(test_location.filepath).stem)


@pytest.fixture
def snap(snapshot):
    return snapshot.use_extension(PlayerSnapshot)


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


def test_main_screen(snap) -> None:
    app, _ = _app(FakeServices(podsim_episode(words=True)), 0.0)

    async def at_98s(pilot) -> None:
        await _ready(pilot, 98.0)

    assert take_svg_screenshot(app, terminal_size=SIZE, run_before=at_98s) == snap


def test_progress_view(snap) -> None:
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
        assert take_svg_screenshot(app, terminal_size=SIZE, run_before=wait) == snap
    finally:
        services.release.set()


def test_chapters_panel(snap) -> None:
    app, _ = _app(FakeServices(podsim_episode(chapters=CHAPTERS)), 0.0)

    async def open_chapters(pilot) -> None:
        await _ready(pilot, 70.0)
        await pilot.press("c")
        await pilot.pause()

    assert take_svg_screenshot(app, terminal_size=SIZE, run_before=open_chapters) == snap
