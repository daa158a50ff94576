"""The records a podcast feed reads into: :class:`Feed`, :class:`Episode` and their parts.

Frozen, so they cross from the core to the CLI (``podalign episodes``) and the player's episode
picker unchanged; kept apart from the XML reading (:mod:`aligner.sources.feed_xml`) and the
choosing and loading (:mod:`aligner.sources.feeds`, which re-exports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = frozenset(
    {
        "https://podcastindex.org/namespace/1.0",
        "http://podcastindex.org/namespace/1.0",
        "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    }
)
ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str | None = None
    length: int | None = None


@dataclass(frozen=True)
class TranscriptLink:
    """A ``<podcast:transcript>``: its URL, declared type (often wrong), language, rel."""

    url: str
    type: str | None = None
    language: str | None = None
    rel: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    role: str = "host"
    group: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class Episode:
    """One feed item; ``number`` 1 is the newest."""

    number: int
    title: str
    guid: str | None = None
    published: datetime | None = None
    duration: float | None = None
    enclosure: Enclosure | None = None
    link: str | None = None
    transcripts: tuple[TranscriptLink, ...] = ()
    chapters_url: str | None = None
    persons: tuple[Person, ...] = ()
    description: str = ""
    language: str | None = None

    @property
    def has_transcript(self) -> bool:
        return bool(self.transcripts)


@dataclass(frozen=True)
class Feed:
    url: str
    title: str
    episodes: tuple[Episode, ...]
    link: str | None = None
    language: str | None = None
    author: str | None = None


__all__ = [
    "ATOM_NS",
    "CONTENT_NS",
    "ITUNES_NS",
    "MEDIA_RSS_NS",
    "PODCAST_NS",
    "Enclosure",
    "Episode",
    "Feed",
    "Person",
    "TranscriptLink",
]
