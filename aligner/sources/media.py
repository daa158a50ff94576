"""What a source resolves to: the local media file, its content hash and its metadata.

Shared by the local-file and the yt-dlp paths of :mod:`aligner.sources`, and by the pipeline
and the player, which only need these small frozen records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.transcript import Chapter

if TYPE_CHECKING:
    pass

SOURCES_NS = "sources"
MEDIA_NS = "media"
DOWNLOADS_NS = "downloads"
HASHES_NS = "hashes"


@dataclass(frozen=True)
class SubtitleTrack:
    """A published subtitle/caption track (``automatic``: the platform's auto-captions)."""

    language: str
    ext: str
    url: str
    automatic: bool = False


@dataclass(frozen=True)
class MediaInfo:
    title: str
    duration: float | None = None
    uploader: str | None = None
    webpage_url: str | None = None
    chapters: tuple[Chapter, ...] = ()
    subtitles: tuple[SubtitleTrack, ...] = ()
    #: From a podcast feed item: its GUID and ``podcast:person`` names; the episode's language.
    guid: str | None = None
    persons: tuple[str, ...] = ()
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "duration": self.duration,
            "uploader": self.uploader,
            "webpage_url": self.webpage_url,
            "chapters": [{"start": c.start, "title": c.title} for c in self.chapters],
            "subtitles": [
                {"language": s.language, "ext": s.ext, "url": s.url, "automatic": s.automatic}
                for s in self.subtitles
            ],
            "guid": self.guid,
            "persons": list(self.persons),
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MediaInfo:
        return cls(
            title=d.get("title") or "",
            duration=d.get("duration"),
            uploader=d.get("uploader"),
            webpage_url=d.get("webpage_url"),
            chapters=tuple(Chapter(float(c["start"]), c["title"]) for c in d.get("chapters", ())),
            subtitles=tuple(
                SubtitleTrack(s["language"], s["ext"], s["url"], bool(s.get("automatic")))
                for s in d.get("subtitles", ())
            ),
            guid=d.get("guid"),
            persons=tuple(d.get("persons") or ()),
            language=d.get("language"),
        )


@dataclass(frozen=True)
class Media:
    """A playable, decodable local file: ``path``, its ``sha256``, metadata and the source."""

    path: Path
    sha256: str
    info: MediaInfo
    source: str
