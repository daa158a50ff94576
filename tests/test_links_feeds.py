"""Podcast feeds (aligner.sources.feeds) and ``podalign episodes``: both Podcasting 2.0
namespace URIs, Atom, relative URLs, entities, CDATA, choosing an item, hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import SourceError, UsageError
from aligner.sources.feeds import list_episodes, parse_feed, pick_episode
from cache.store import Store
from podalign.cli import main
from tests.links_server import FIXTURES, LinkServer, serve_links  # noqa: F401

BASE = "http://127.0.0.1:8000"


def _feed(name: str, url: str = f"{BASE}/feed.xml"):
    data = (FIXTURES / name).read_bytes().replace(b"{{BASE}}", BASE.encode())
    return parse_feed(data, url)


def test_rss_with_the_podcastindex_namespace() -> None:
    feed = _feed("feed.xml")
    assert feed.title == "Interconnects (test feed)" and feed.language == "en-us"
    assert [e.number for e in feed.episodes] == [1, 2, 3, 4]
    newest, ross, text_only, outtakes = feed.episodes
    # double-escaped entity in a title, CDATA description, relative URLs
    assert newest.title == "Episode three: chapters & JSON"
    assert newest.description.startswith("<p>Show notes with <b>HTML</b>")
    assert newest.enclosure is not None
    assert newest.enclosure.url == f"{BASE}/media/podsim-mini.opus"
    assert newest.chapters_url == f"{BASE}/t/chapters.json"
    assert newest.duration == 201.0
    assert ross.guid == "interconnects-ross-taylor-2024-08-08"
    assert ross.enclosure is not None and ross.enclosure.url == f"{BASE}/media/podsim-mini.opus"
    assert [t.url for t in ross.transcripts] == [
        f"{BASE}/missing/ross-taylor.vtt",
        f"{BASE}/t/podsim-mini.txt",
        f"{BASE}/t/podsim-mini.vtt",
    ]
    assert ross.transcripts[2].type == "application/x-subrip" and ross.transcripts[2].rel
    assert [(p.name, p.role) for p in ross.persons] == [
        ("Nathan Lambert", "host"),
        ("Ross Taylor", "guest"),
    ]
    assert "\xa0on reasoning" in ross.description  # &nbsp; (undeclared in XML) read anyway
    assert ross.published is not None and ross.published.year == 2024
    assert ross.duration == 200.0 and ross.has_transcript
    assert text_only.enclosure is None and not text_only.has_transcript
    assert [p.name for p in text_only.persons] == ["Nathan Lambert"]  # the channel's host
    assert outtakes.enclosure is not None and outtakes.enclosure.url.startswith(BASE)


def test_rss_with_the_older_github_namespace() -> None:
    feed = _feed("feed-github-ns.xml")
    srt, html = feed.episodes
    assert srt.transcripts[0].url == f"{BASE}/t/podsim-mini.srt"
    assert srt.persons[0].name == "Ross Taylor" and srt.persons[0].group == "cast"
    assert html.transcripts[0].type == "text/html"


def test_atom_with_enclosure_links_and_xml_base() -> None:
    feed = _feed("feed-atom.xml")
    assert feed.author == "Atom Author" and feed.language == "en"
    first, older = feed.episodes
    assert first.title == "Atom & enclosures" and first.duration == 3605.0
    assert first.enclosure is not None
    assert first.enclosure.url == f"{BASE}/media/podsim-mini.opus"
    assert first.link == f"{BASE}/atom/episode-1.html"
    assert first.transcripts[0].url == f"{BASE}/t/podsim-mini.vtt"
    assert first.published is not None and older.published is not None
    assert first.published > older.published


def test_episodes_are_numbered_newest_first_whatever_the_feed_order() -> None:
    data = (FIXTURES / "feed.xml").read_text()
    items = data.split("<item>")
    shuffled = items[0] + "<item>" + "<item>".join(reversed(items[1:]))
    shuffled = shuffled.replace("</channel>", "").replace("</rss>", "") + "</channel></rss>"
    shuffled = shuffled.replace("</item>\n  </channel>\n</rss>", "</item>")
    feed = parse_feed(shuffled.encode(), f"{BASE}/feed.xml")
    assert [e.guid for e in feed.episodes][:2] == [
        "interconnects-ep3",
        "interconnects-ross-taylor-2024-08-08",
    ]


@pytest.mark.parametrize(
    ("selector", "number"),
    [(None, 1), ("2", 2), ("interconnects-outtakes", 4), ("OUTTAKES", 4), ("llm reasoning", 2)],
)
def test_pick_an_episode(selector: str | None, number: int) -> None:
    assert pick_episode(_feed("feed.xml"), selector).number == number


@pytest.mark.parametrize(
    ("selector", "pattern"),
    [
        ("ross taylor", r"matches 2 episodes \(2: Interviewing Ross Taylor.*4: Ross Taylor: the"),
        ("9", r"has 4 episode\(s\); give 1 \(newest\) to 4"),
        ("no such words", r"no episode's title or GUID matches"),
    ],
)
def test_a_bad_or_ambiguous_pick_is_one_line(selector: str, pattern: str) -> None:
    with pytest.raises(UsageError, match=pattern) as err:
        pick_episode(_feed("feed.xml"), selector)
    assert "\n" not in str(err.value)


def test_an_empty_feed() -> None:
    with pytest.raises(SourceError, match="has no episodes"):
        pick_episode(_feed("feed-empty.xml"))


def test_entity_declarations_are_refused() -> None:
    with pytest.raises(SourceError, match="declares XML entities"):
        _feed("feed-entities.xml")


@pytest.mark.parametrize("data", [b"", b"<rss><channel><title>x</rss>", b"<html><p>no</p></html>"])
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(SourceError) as err:
        parse_feed(data, f"{BASE}/x")
    assert "\n" not in str(err.value) and f"{BASE}/x" in str(err.value)


def test_list_episodes_over_http(link_server: LinkServer, tmp_path: Path) -> None:
    feed = list_episodes(link_server.url("feed.xml"), Store(tmp_path))
    assert feed.url == link_server.url("feed.xml")
    assert feed.episodes[1].transcripts[2].url == link_server.url("t/podsim-mini.vtt")
    with pytest.raises(SourceError, match="is a web page, not a podcast feed"):
        list_episodes(link_server.url("post.html"), Store(tmp_path))


def test_podalign_episodes_lists_the_items(
    link_server: LinkServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PODALIGN_CACHE", str(tmp_path / "cache"))
    assert main(["episodes", link_server.url("feed.xml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Interconnects (test feed) — 4 episode(s)"
    rows = {line.split()[0]: line for line in out[2:]}
    assert set(rows) == {"1", "2", "3", "4"}
    assert "2024-08-08" in rows["2"] and "3:20" in rows["2"]
    assert "vtt,txt,srt" in rows["2"] and rows["2"].endswith("Galactica, agents")
    assert "json" in rows["1"] and "3:21" in rows["1"]
    assert " - " in rows["3"] and rows["3"].endswith("A post without audio")
    link_server.clear()
    assert main(["episodes", link_server.url("feed.xml")]) == 0  # from the cache
    assert link_server.requests() == []
    assert main(["episodes", link_server.url("feed.xml"), "--refresh"]) == 0
    assert link_server.requests() == [("GET", "/feed.xml", 304)]


@pytest.mark.parametrize(
    ("path", "code", "pattern"),
    [
        ("feed-empty.xml", 1, r"the feed has no episodes"),
        ("post.html", 1, r"is a web page, not a podcast feed"),
        ("missing/feed.xml", 1, r"HTTP 404"),
        ("loop/a", 1, r"redirect loop"),
    ],
)
def test_podalign_episodes_bad_feeds(
    link_server: LinkServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    path: str,
    code: int,
    pattern: str,
) -> None:
    import re

    monkeypatch.setenv("PODALIGN_CACHE", str(tmp_path / "cache"))
    assert main(["episodes", link_server.url(path)]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("podalign: error: ")
    assert re.search(pattern, lines[0])
