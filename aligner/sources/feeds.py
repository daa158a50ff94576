"""Podcast feeds (RSS 2.0 and Atom) as frozen :class:`Feed` / :class:`Episode` records.

A feed URL is the most common link a listener has, and the richest: each item names its audio
(the enclosure), its page, and, with the Podcasting 2.0 namespace, its published transcripts
(``<podcast:transcript>``), chapters (``<podcast:chapters>``) and people
(``<podcast:person>``). Both namespace URIs seen in the wild are read, with the iTunes one for
durations. The XML itself is :mod:`aligner.sources.feed_xml`'s (defusedxml: safe against
entity expansion and external references). Episodes are numbered 1 = newest; ``--episode``
picks one (:func:`pick_episode`), :func:`list_episodes` lists them (``podalign episodes``, the
player's episode picker).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from aligner.errors import SourceError, UsageError
from aligner.sources.feed_model import (
    ATOM_NS,
    ITUNES_NS,
    PODCAST_NS,
    Enclosure,
    Episode,
    Feed,
    Person,
    TranscriptLink,
)

if TYPE_CHECKING:
    from cache.store import Store


def parse_feed(data: bytes, url: str) -> Feed:
    """Parse an RSS 2.0 or Atom feed fetched from ``url`` (its final URL: the base of links)."""
    from aligner.sources.feed_xml import parse

    return parse(data, url)


# -- choosing an episode -----------------------------------------------------------------------


def pick_episode(feed: Feed, selector: str | None = None) -> Episode:
    """``--episode``: None = the newest; a number (1 = newest); a GUID; or words of the title
    (case-insensitive; an ambiguous match names the candidates)."""
    if not feed.episodes:
        raise SourceError(f"{feed.url}: the feed has no episodes")
    if selector is None or not selector.strip():
        return feed.episodes[0]
    wanted = selector.strip()
    if wanted.isdigit():
        n = int(wanted)
        if not 1 <= n <= len(feed.episodes):
            raise UsageError(
                f"--episode {n}: the feed has {len(feed.episodes)} episode(s); give 1 (newest) to "
                f"{len(feed.episodes)} (see 'podalign episodes {feed.url}')"
            )
        return feed.episodes[n - 1]
    for ep in feed.episodes:
        if ep.guid is not None and ep.guid == wanted:
            return ep
    phrase = " ".join(wanted.casefold().split())
    matches = [ep for ep in feed.episodes if phrase in " ".join(ep.title.casefold().split())]
    if not matches:
        words = phrase.split()
        matches = [ep for ep in feed.episodes if all(w in ep.title.casefold() for w in words)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(
            f"--episode {wanted!r}: no episode's title or GUID matches; see "
            f"'podalign episodes {feed.url}'"
        )
    shown = "; ".join(f"{ep.number}: {ep.title[:60]}" for ep in matches[:5])
    more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
    raise UsageError(
        f"--episode {wanted!r} matches {len(matches)} episodes ({shown}{more}); "
        "give its number or more words"
    )


def selector_for(episode: Episode) -> str:
    """What ``--episode`` (``PipelineRequest.episode``) takes to open ``episode`` again: its GUID,
    stable as the feed grows, unless that is all digits (read as a number): then its number."""
    guid = (episode.guid or "").strip()
    return guid if guid and not guid.isdigit() else str(episode.number)


def load_feed(url: str, store: Store, *, refresh: bool = False) -> Feed:
    """Fetch (through the cache) and parse the feed at ``url``."""
    from aligner.sources.http import fetch_text
    from aligner.sources.pages import looks_like_html

    response = fetch_text(url, store, refresh=refresh)
    if looks_like_html(response.text()):
        raise SourceError(f"{url} is a web page, not a podcast feed; give the feed's URL")
    return replace(parse_feed(response.body, response.final_url), url=url)


def list_episodes(url: str, store: Store | None = None, *, refresh: bool = False) -> Feed:
    """A feed's episodes, newest first (``podalign episodes``, the player's episode picker).

    Open a chosen one with ``PipelineRequest(source=url, episode=selector_for(ep))``.
    """
    from cache.store import default_store

    return load_feed(url, store or default_store(), refresh=refresh)


__all__ = [
    "ATOM_NS",
    "ITUNES_NS",
    "PODCAST_NS",
    "Enclosure",
    "Episode",
    "Feed",
    "Person",
    "TranscriptLink",
    "list_episodes",
    "load_feed",
    "parse_feed",
    "pick_episode",
    "selector_for",
]
