"""From what the user typed to an episode: its media, its transcript, and where that came from.

The pipeline's one entry to sources. A local file opens as before (:func:`open_source`); a URL
is resolved first (:func:`aligner.sources.links.resolve_link`: a page or feed fetch, cached), so
``--episode`` and the published transcript are settled before any audio is downloaded; then the
media is downloaded (cached) and, if nothing else was found, yt-dlp's subtitles are tried.
``<podcast:chapters>`` become the transcript's chapters when it has none.

``transcript``: a :class:`Transcript` (the user's file, already read), an http(s) URL (fetched,
format from the content), or None; with None, ``discover`` says whether to look for a published
one (the default) or use Whisper's segments (``--transcript none``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from aligner.errors import SourceError, UsageError
from aligner.progress import Progress, Stage
from aligner.sources.media import Media
from aligner.transcript import Transcript

if TYPE_CHECKING:
    from aligner.sources.links import Link
    from cache.store import Store


@dataclass(frozen=True)
class OpenedEpisode:
    """The media, the transcript to align (None: Whisper's segments), one line saying which
    transcript was used (None when the user gave it as a file), and fallbacks taken."""

    media: Media
    transcript: Transcript | None
    used: str | None = None
    notes: tuple[str, ...] = ()


def is_http_url(text: str) -> bool:
    from urllib.parse import urlparse

    return urlparse(text).scheme.lower() in {"http", "https"}


def open_episode(
    source: str,
    store: Store,
    *,
    transcript: Transcript | str | None = None,
    transcript_format: str | None = None,
    discover: bool = True,
    episode: str | None = None,
    refresh: bool = False,
) -> Stage[OpenedEpisode]:
    """Open ``source`` and settle its transcript; see the module docstring."""
    from aligner.sources import open_source
    from aligner.sources.discovery import (
        WHISPER_ONLY,
        discover_published,
        discover_subtitles,
        fetch_transcript,
    )
    from aligner.sources.links import open_link, resolve_link

    chosen: Transcript | None = transcript if isinstance(transcript, Transcript) else None
    used: str | None = None
    notes: list[str] = []
    if isinstance(transcript, str):
        if not is_http_url(transcript):
            raise UsageError(f"--transcript {transcript}: expected a file, an http(s) URL or none")
        yield Progress("fetch", 0.0, None, "", message="fetching the transcript")
        chosen = fetch_transcript(transcript, store, refresh=refresh, format=transcript_format)
        used = f"{transcript} ({chosen.format})"
    if not is_http_url(source):
        if episode is not None:
            raise UsageError(f"--episode is for podcast feeds; {source} is not a URL")
        media = yield from open_source(source, store)
        if chosen is None and not discover:
            used = "none (--transcript none): using Whisper's own segments"
        return OpenedEpisode(media, chosen, used)
    link = yield from resolve_link(source, store, episode=episode, refresh=refresh)
    if chosen is None and discover:
        yield Progress("fetch", 0.0, None, "", message="looking for a published transcript")
        found = discover_published(link, store, refresh=refresh)
        chosen, used, notes = found.transcript, found.used, list(found.notes)
    media = yield from open_link(link, store)
    if chosen is None and discover:
        info = media.info
        found = discover_subtitles(info.subtitles, info.language, store, refresh=refresh)
        chosen, used = found.transcript, found.used
        notes.extend(found.notes)
    if chosen is None and not discover:
        used = "none (--transcript none): using Whisper's own segments"
    elif chosen is None:
        used = used or WHISPER_ONLY
    chosen, media = _with_chapters(link, chosen, media, store, refresh, notes)
    if chosen is not None and chosen.title is None and media.info.title:
        chosen = replace(chosen, title=media.info.title)
    return OpenedEpisode(media, chosen, used, tuple(notes))


def _with_chapters(
    link: Link,
    transcript: Transcript | None,
    media: Media,
    store: Store,
    refresh: bool,
    notes: list[str],
) -> tuple[Transcript | None, Media]:
    url = link.episode.chapters_url if link.episode is not None else None
    if not url:
        return transcript, media
    from aligner.sources.discovery import load_chapters

    try:
        chapters = load_chapters(url, store, refresh=refresh)
    except SourceError as exc:
        notes.append(f"podcast:chapters skipped ({exc})")
        return transcript, media
    if not chapters:
        return transcript, media
    if transcript is not None and not transcript.chapters:
        transcript = replace(transcript, chapters=chapters)
    if not media.info.chapters:
        media = replace(media, info=replace(media.info, chapters=chapters))
    return transcript, media


__all__ = ["OpenedEpisode", "is_http_url", "open_episode"]
