"""The episode picker (issue 13): ``podalign play FEED`` lists the feed's episodes newest first,
marks those that publish a transcript, filters as the user types, and plays the chosen one; a
page URL plays directly. The feed is served over loopback (``tests/links_server.py``) and listed
by the real :meth:`tui.services.PipelineServices.episodes`; the pipeline after the choice is the
fake one (it records the request it was given)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_fakes import FakeClock, FakePlayer, FakeServices, Request, podsim_episode

from aligner.pipeline import PipelineRequest
from aligner.sources.feeds import parse_feed
from cache.store import Store
from tests.links_server import FIXTURES, LinkServer, serve_links  # noqa: F401
from tui.app import PodalignApp, create_app
from tui.screens.picker import (
    NO_AUDIO_MARK,
    TRANSCRIPT_MARK,
    EpisodePicker,
    episode_label,
    matching,
)
from tui.services import PipelineServices

SIZE = (110, 30)


class PickingServices(FakeServices):
    """The fake pipeline with the real feed listing over ``store``."""

    def __init__(self, store: Store) -> None:
        super().__init__(podsim_episode())
        self.listing = PipelineServices(store)

    def episodes(self, request):
        return self.listing.episodes(request)


def fixture_feed():
    data = (FIXTURES / "feed.xml").read_text(encoding="utf-8").replace("{{BASE}}", "http://x")
    return parse_feed(data.encode(), "http://x/feed.xml")


def test_rows_are_newest_first_marked_and_filtered_by_title_words() -> None:
    feed = fixture_feed()
    rows = [episode_label(ep) for ep in matching(feed.episodes, "")]
    assert [ep.number for ep in matching(feed.episodes, "")] == list(range(1, len(rows) + 1))
    assert rows[0].split()[:2] == ["1", "2024-08-15"]
    marked = [ep.title for ep in feed.episodes if ep.has_transcript]
    assert marked and all(
        TRANSCRIPT_MARK in episode_label(ep) for ep in feed.episodes if ep.title in marked
    )
    assert not any(
        TRANSCRIPT_MARK in episode_label(ep) for ep in feed.episodes if ep.title not in marked
    )
    ross = [ep.title for ep in matching(feed.episodes, "ROSS taylor")]
    assert len(ross) == 2 and all("Ross Taylor" in t for t in ross)
    assert matching(feed.episodes, "no such words") == []


async def _wait(pilot, condition, what: str) -> None:
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.02)
    pytest.fail(f"never: {what}")


def picker_shown(app: PodalignApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, EpisodePicker) and bool(screen.query("#episodes")) and bool(screen.shown)
    )


def make_app(services: FakeServices, source: str) -> PodalignApp:
    clock = FakeClock()
    return create_app(Request(source), clock=clock, player=FakePlayer(clock), services=services)


async def test_a_feed_opens_the_picker_and_the_chosen_episode_plays(
    link_server: LinkServer,
    tmp_path: Path,
) -> None:
    services = PickingServices(Store(tmp_path))
    app = make_app(services, link_server.url("feed.xml"))
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: picker_shown(app), "the picker opened")
        picker = app.screen
        assert services.requests == []  # nothing is fetched for an episode before the choice
        options = picker.episode_list
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(prompts) == len(picker.feed.episodes) >= 4
        assert prompts[0].split()[0] == "1" and "Episode three" in prompts[0]  # newest first
        assert TRANSCRIPT_MARK in prompts[0] and TRANSCRIPT_MARK in prompts[1]
        assert TRANSCRIPT_MARK not in prompts[2] and NO_AUDIO_MARK in prompts[2]
        await pilot.press("down", "down", "enter")  # "A post without audio": refused
        await pilot.pause()
        assert app.screen is picker and services.requests == []
        await pilot.press(*"ross")
        await pilot.pause()
        assert [ep.guid for ep in picker.shown] == [
            "interconnects-ross-taylor-2024-08-08",
            "interconnects-outtakes",
        ]
        await pilot.press("down", "enter")
        await _wait(pilot, lambda: app.player_screen.episode is not None, "the episode played")
        assert app.screen is app.player_screen
        assert [r.episode for r in services.requests] == ["interconnects-outtakes"]
        assert services.requests[0].source == link_server.url("feed.xml")


async def test_a_page_url_plays_directly_and_esc_in_the_picker_quits(
    link_server: LinkServer,
    tmp_path: Path,
) -> None:
    services = PickingServices(Store(tmp_path))
    app = make_app(services, link_server.url("post.html"))
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: app.player_screen.episode is not None, "the episode played")
        assert [r.episode for r in services.requests] == [None]
        assert not isinstance(app.screen, EpisodePicker)

    services = PickingServices(Store(tmp_path))
    app = make_app(services, link_server.url("feed.xml"))
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: picker_shown(app), "the picker opened")
        await pilot.press("escape")
        await pilot.pause()
    assert services.requests == [] and app.return_code in (0, None)


async def test_the_picked_episode_goes_through_the_real_pipeline(
    link_server: LinkServer, tmp_path: Path
) -> None:
    """Feed -> picker -> the real pipeline (fetch over loopback, decode, align with tiny.en
    against the feed's published JSON transcript) -> the synced player."""
    import json

    from tui_fakes import SHARED

    truth = json.loads((SHARED / "examples" / "podsim-mini.truth.json").read_text())
    services = PipelineServices(Store(tmp_path / "cache"), device="cpu")
    request = PipelineRequest(source=link_server.url("feed.xml"), device="cpu")
    clock = FakeClock()
    app = create_app(request, clock=clock, player=FakePlayer(clock), services=services)
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: picker_shown(app), "the picker opened")
        await pilot.press(*"three", "enter")
        screen = app.player_screen
        for _ in range(3000):  # aligns for real: a few seconds to a minute
            if screen.episode is not None or screen.failure is not None:
                break
            await pilot.pause(0.05)
        assert screen.failure is None, screen.failure
        assert screen.episode is not None and screen.request.episode == "interconnects-ep3"
        assert screen.episode.alignment.transcript.format == "podcast-json"
        assert screen.chapters.chapters  # the episode's <podcast:chapters>
        texts = [al.line.text for al in screen.episode.alignment.lines]
        hits = 0
        for sentence in truth["sentences"]:
            clock.set((sentence["start"] + sentence["end"]) / 2)
            screen.sync_to_clock()
            lit = screen.transcript.current
            hits += lit is not None and texts[lit].strip() in sentence["text"]
        assert hits >= 0.8 * len(truth["sentences"]), f"{hits}/{len(truth['sentences'])}"
