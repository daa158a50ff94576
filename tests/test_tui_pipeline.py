"""The player on the real pipeline (fetch, decode, align with the bundled tiny.en, cached in a
temporary store) with a fake clock: the progress view reports the real stages, and the line lit
at each sentence's true mid-time is that sentence for nearly all of a 93 s cut of podsim-mini
(music, intro, three turns); quitting remembers the position in the real cache store."""

from __future__ import annotations

import json

import pytest
from podsim_cut import CUT_SECONDS, CUT_TURNS, make_cut
from tui_fakes import SHARED, FakeClock, FakePlayer

from aligner.pipeline import PipelineRequest
from cache.store import Store
from tui.app import create_app
from tui.services import PipelineServices


@pytest.mark.slow  # the real pipeline on 93 s of the episode
async def test_player_on_the_real_pipeline_lights_the_true_sentence(tmp_path) -> None:
    (tmp_path / "episode").mkdir()
    episode = make_cut(tmp_path / "episode")
    audio = episode.audio
    truth = json.loads((SHARED / "examples" / "podsim-mini.truth.json").read_text())
    sentences = [s for s in truth["sentences"] if s["turn"] < CUT_TURNS]
    assert len(sentences) == 14 and all(s["end"] < CUT_SECONDS for s in sentences)
    request = PipelineRequest(source=str(audio), transcript=episode.transcript)
    clock = FakeClock()
    player = FakePlayer(clock)
    services = PipelineServices(Store(tmp_path / "cache"))
    app = create_app(request, clock=clock, player=player, services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.player_screen
        for _ in range(3000):  # the first run aligns for real (a few seconds to a minute)
            if screen.episode is not None or screen.failure is not None:
                break
            await pilot.pause(0.05)
        assert screen.failure is None, screen.failure
        assert screen.episode is not None, "the pipeline did not finish"
        stages = list(screen.query_one("#progress").stages)
        assert "decode" in stages and "align" in stages
        assert player.loaded == audio and player.playing
        view = screen.transcript
        texts = [al.line.text for al in screen.episode.alignment.lines]
        hits = 0
        for sentence in sentences:
            clock.set((sentence["start"] + sentence["end"]) / 2)
            screen.sync_to_clock()
            lit = view.current
            if lit is not None and texts[lit].strip() in sentence["text"]:
                hits += 1
        print(f"lit the true sentence at {hits}/{len(sentences)} mid-times")
        assert hits >= 0.85 * len(sentences), f"{hits}/{len(sentences)}"
        clock.set(80.0)
        await pilot.press("q")
    assert services.load_position(screen.episode.key) == 80.0  # resumed next time
