"""Post pages, link classification and transcript discovery (no model): what a URL is, where
its audio is, and which published transcript is tried first."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.progress import drive
from aligner.sources.discovery import (
    WHISPER_ONLY,
    discover_published,
    load_chapters,
    order_links,
    pick_subtitles,
    read_transcript_text,
)
from aligner.sources.feeds import TranscriptLink
from aligner.sources.links import resolve_link, ytdlp_has_extractor
from aligner.sources.media import SubtitleTrack
from aligner.sources.pages import parse_page
from cache.store import Store
from tests.links_server import FIXTURES, LinkServer, serve_links  # noqa: F401

BASE = "http://127.0.0.1:8000"


def _page(name: str, url: str = f"{BASE}/p/post"):
    return parse_page((FIXTURES / name).read_text(), url)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache")


def test_substack_post_page() -> None:
    page = _page("post.html")
    assert page.title.startswith("Interviewing Ross Taylor on LLM reasoning")
    assert page.language == "en"
    assert [(m.url, m.found_in) for m in page.media] == [
        (f"{BASE}/media/podsim-mini.opus", "<audio>")  # the preloads' podcast_url: the same
    ]
    assert page.feeds == (f"{BASE}/feed.xml",)


def test_substack_preloads_only() -> None:
    page = _page("substack-preloads.html")
    assert [(m.url, m.found_in) for m in page.media] == [
        ("https://api.substack.com/api/v1/audio/upload/0c3f5b8e/src", "embedded JSON")
    ]


def test_og_audio_json_ld_and_links_in_order_and_html_players_skipped() -> None:
    page = _page("og-audio.html")
    assert [(m.url, m.found_in) for m in page.media] == [
        ("https://cdn.example.com/episodes/ep42.mp3?x=1&y=2", "og:audio"),
        ("https://cdn.example.com/episodes/ep42-ld.m4a", "embedded JSON"),
        (f"{BASE}/files/ep42.mp3", "link"),
    ]  # og:video is a text/html player: not media
    assert [(t.url, t.kind) for t in page.tracks] == [(f"{BASE}/files/ep42.vtt", "link")]


@pytest.mark.parametrize("name", ["video.html", "show-notes.html"])
def test_pages_without_media_we_can_see(name: str) -> None:
    assert _page(name).media == ()


def test_resolve_each_kind_of_link(link_server: LinkServer, store: Store) -> None:
    media = drive(resolve_link(link_server.url("media/podsim-mini.opus"), store))
    assert media.kind == "media" and media.media_url == link_server.url("media/podsim-mini.opus")
    page = drive(resolve_link(link_server.url("redirect/1/post.html"), store))
    assert page.kind == "page" and page.found == "<audio> on the page"
    assert page.page_url == link_server.url("post.html")  # the final URL, after the redirect
    assert page.media_url == link_server.url("media/podsim-mini.opus")
    feed = drive(resolve_link(link_server.url("feed-atom.xml"), store))
    assert feed.kind == "feed" and feed.episode is not None and feed.episode.number == 1
    assert feed.media_url == link_server.url("media/podsim-mini.opus")
    video = drive(resolve_link(link_server.url("video.html"), store))
    assert video.kind == "video" and video.media_url == link_server.url("video.html")


def test_known_video_sites_go_to_ytdlp_without_a_fetch(store: Store) -> None:
    url = "https://www.youtube.com/watch?v=KNsnarhMZRo"
    assert ytdlp_has_extractor(url)
    link = drive(resolve_link(url, store))  # no network here: it must not fetch
    assert link.kind == "video" and link.media_url == url
    assert not ytdlp_has_extractor(f"{BASE}/post.html")


def test_feed_links_are_tried_timed_first_in_the_episode_language() -> None:
    links = [
        TranscriptLink("https://x/t.txt", "text/plain", "en"),
        TranscriptLink("https://x/t.html", "text/html", "en"),
        TranscriptLink("https://x/t.de.vtt", "text/vtt", "de"),
        TranscriptLink("https://x/t.json", "application/json", "en"),
        TranscriptLink("https://x/t.srt", None, None),
    ]
    assert [t.url.rsplit("/", 1)[1] for t in order_links(links, "en-US")] == [
        "t.json",
        "t.srt",
        "t.html",
        "t.txt",
        "t.de.vtt",
    ]


@pytest.mark.parametrize(
    ("name", "fmt", "turns"),
    [
        ("podsim-mini.vtt", "vtt", 2),
        ("podsim-mini.srt", "srt", 2),
        ("podsim-mini.json", "podcast-json", 2),
        ("podsim-mini.html", "html", 8),
        ("podsim-mini.txt", "plain", 0),
    ],
)
def test_transcripts_are_read_by_their_content(name: str, fmt: str, turns: int) -> None:
    transcript = read_transcript_text((FIXTURES / name).read_text())
    assert transcript.format == fmt
    assert len(transcript.speakers) >= (2 if turns else 0)
    assert "Today, we're here with Ross." in " ".join(ln.text for ln in transcript.lines)


def test_subtitles_manual_first_in_the_language_auto_only_when_alone() -> None:
    manual_en = SubtitleTrack("en", "vtt", "https://x/en.vtt")
    manual_de = SubtitleTrack("de", "vtt", "https://x/de.vtt")
    auto_en = SubtitleTrack("en-orig", "vtt", "https://x/auto.vtt", automatic=True)
    auto_fr = SubtitleTrack("fr", "vtt", "https://x/auto-fr.vtt", automatic=True)
    assert pick_subtitles([auto_en, manual_de, manual_en], "en") == (manual_en, False)
    assert pick_subtitles([auto_en, manual_de, manual_en], None) == (manual_en, False)
    assert pick_subtitles([auto_fr, auto_en], None) == (auto_en, True)
    assert pick_subtitles([auto_fr, auto_en], "en") == (auto_en, True)
    assert pick_subtitles([manual_de], "en") == (None, False)
    assert pick_subtitles([SubtitleTrack("en", "json3", "https://x/j")], "en") == (None, False)


def test_a_post_page_without_a_transcript(link_server: LinkServer, store: Store) -> None:
    link = drive(resolve_link(link_server.url("post-no-transcript.html"), store))
    found = discover_published(link, store)
    assert found.transcript is None and found.used == WHISPER_ONLY


def test_feed_transcript_404_falls_back_to_the_next(link_server: LinkServer, store: Store) -> None:
    link = drive(resolve_link(link_server.url("feed.xml"), store, episode="2"))
    found = discover_published(link, store)
    assert found.transcript is not None and found.transcript.format == "vtt"
    assert len(found.notes) == 1 and "HTTP 404" in found.notes[0]


def test_the_older_namespace_feed_html_transcript(link_server: LinkServer, store: Store) -> None:
    link = drive(resolve_link(link_server.url("feed-github-ns.xml"), store, episode="2"))
    found = discover_published(link, store)
    assert found.used == "podcast:transcript text/html from the feed"
    assert found.transcript is not None and len(found.transcript.turns) == 8


def test_chapters_json(link_server: LinkServer, store: Store) -> None:
    chapters = load_chapters(link_server.url("chapters.json"), store)
    assert [(c.start, c.title) for c in chapters] == [
        (0.0, "Music"),
        (14.6, "Intro"),
        (32.9, "Ross Taylor joins"),
        (93.5, "Papers with Code"),
    ]


def test_open_source_takes_links_too(link_server: LinkServer, store: Store) -> None:
    from aligner.sources import open_source
    from aligner.sources.feeds import list_episodes, pick_episode, selector_for

    feed_url = link_server.url("feed.xml")
    media = drive(open_source(feed_url, store))  # a feed: its newest episode
    assert media.info.guid == "interconnects-ep3" and media.source == feed_url
    assert media.info.title == "Episode three: chapters & JSON"
    assert media.path.is_file() and media.info.duration and media.info.duration > 200
    feed = list_episodes(feed_url, store)
    for ep in feed.episodes:  # the player's picker opens the chosen item again by this
        assert pick_episode(feed, selector_for(ep)) == ep
    page = drive(open_source(link_server.url("post.html"), store))
    assert page.sha256 == media.sha256 and page.info.webpage_url == link_server.url("post.html")
