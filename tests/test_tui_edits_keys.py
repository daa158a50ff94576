"""Corrections in the player, continued: re-transcribing a marked range, unreadable saved edits,
the keys without edit services, the help screen and ``play --retranscribe-model``.

See :mod:`tests.test_tui_edits` for the episode and the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_fakes import (
    FakeClock,
    FakePlayer,
    FakeServices,
    Request,
    canned,
    podsim_audio,
)
from tui_fakes import (
    episode_ready as ready,
)

from aligner.edits import episode_key
from aligner.edits.retranscribe import LineRetranscription
from aligner.result import Alignment
from cache.store import Store
from tests.tui_edits_support import (
    SIZE,
    EditingServices,
    copied_episode,
    episode_at,
    lines,
    make_app,
    select,
)
from tui.app import create_app
from tui.services import Episode


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return copied_episode(tmp_path)


class CannedRetranscription(EditingServices):
    """Re-transcription replaced by a canned one (for the range logic; no model)."""

    def __init__(self, episode: Episode, store: Store, make) -> None:
        super().__init__(episode, store)
        self.make = make
        self.calls: list[tuple[int, int]] = []

    def retranscribe(
        self, episode: Episode, alignment: Alignment, first: int, last: int
    ) -> LineRetranscription:
        self.calls.append((first, last))
        return self.make(alignment, first, last)


async def test_r_on_a_marked_range_and_a_accepts_each_line_one_undo_step_each(
    tmp_path: Path, source: Path
) -> None:
    services = CannedRetranscription(episode_at(source), Store(tmp_path / "cache"), canned)
    app, _ = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("a")  # nothing re-transcribed yet: a notice, no edit
        await select(pilot, screen, 7)
        await pilot.press("shift+down", "shift+down")
        await pilot.press("r")
        for _ in range(100):
            if screen.corrections.result is not None:
                break
            await pilot.pause(0.02)
        assert services.calls == [(7, 9)]
        assert screen.diff_panel.render().plain.startswith("Lines 8–10 · ")
        await pilot.press("a")
        await pilot.pause()
        texts = [al.line.text for al in screen.episode.alignment.lines[7:10]]
        assert texts == ["heard 8 words", "heard 9 words", "heard 10 words"]
        assert len(screen.corrections.layer.edits) == 3
        await pilot.press("a")  # twice is once
        await pilot.pause()
        assert len(screen.corrections.layer.edits) == 3
        await pilot.press("u")
        await pilot.pause()
        texts = [al.line.text for al in screen.episode.alignment.lines[7:10]]
        assert texts[:2] == ["heard 8 words", "heard 9 words"]
        assert texts[2] == screen.corrections.unedited.lines[9].line.text


async def test_unreadable_saved_edits_turn_corrections_off_and_are_kept(
    tmp_path: Path, source: Path
) -> None:
    store = Store(tmp_path / "cache")
    episode = episode_at(source)
    key = episode_key(episode.key, episode.alignment.transcript)
    data = {"version": 99, "audio_sha256": key.audio_sha256, "transcript_hash": "x", "edits": []}
    store.write_json("edits", key.store_key, data)
    app, _ = make_app(EditingServices(episode, store))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await select(pilot, screen, 3)
        await pilot.press("greater_than_sign", "right_curly_bracket")
        await pilot.pause()
        assert lines(screen.episode.alignment) == lines(episode.alignment)
    assert store.read_json("edits", key.store_key) == data  # not overwritten


async def test_without_edit_services_the_keys_are_hidden_and_do_nothing(source: Path) -> None:
    from tui.edit_bindings import EDIT_ACTIONS

    clock = FakeClock()
    services = FakeServices(episode_at(source))
    app = create_app(Request(str(source)), clock=clock, player=FakePlayer(clock), services=services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        active = {b.binding.action.split("(")[0] for b in app.active_bindings.values()}
        assert "toggle_play" in active and not active & set(EDIT_ACTIONS)  # not in the footer
        await select(pilot, screen, 3)
        await pilot.press("greater_than_sign", "r", "a", "u")
        await pilot.pause()
        assert lines(screen.episode.alignment) == lines(services.episode.alignment)
        assert not screen.query_one("#side").has_class("-open")


async def test_help_screen_lists_the_correction_keys(source: Path) -> None:
    from rich.console import Console

    from tui.edit_bindings import EDIT_HELP
    from tui.screens.help import HelpScreen, help_table

    console = Console(width=100, record=True)
    console.print(help_table())
    text = console.export_text()
    for description in EDIT_HELP.values():
        assert description in text
    for key in ("r", "a", "<", ">", ",", ".", "s", "{", "}", "u", "ctrl+y"):
        assert any(row.split()[:1] == [key] for row in text.splitlines()), key
    app, _ = make_app(EditingServices(episode_at(source), Store(source.parent / "cache")))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.slow  # spawns a subprocess
def test_play_takes_a_retranscribe_model_and_refuses_an_unknown_one() -> None:
    import subprocess
    import sys

    def play(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "podalign", "play", *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[1],
            timeout=60,
        )

    assert "--retranscribe-model" in play("--help").stdout
    proc = play(str(podsim_audio()), "--retranscribe-model", "no-such-model")
    assert proc.returncode != 0
    assert "unknown model 'no-such-model'" in proc.stderr and "Traceback" not in proc.stderr
