"""Finding an episode's published transcript when the user gave none — and saying which.

Order (the first that reads wins; each failure is noted in one line and the next is tried):

1. the feed item's ``<podcast:transcript>`` links: timed ones first (VTT, SRT, Podcasting 2.0
   JSON), then HTML, then text, those in the episode's language before others. The format is
   detected from the content, never taken from the declared type (often wrong);
2. the post page's own transcript (its "Transcript" section, read by
   :mod:`aligner.formats.html`; for a feed item, the item's page), then the ``<track>`` s of its
   ``<audio>``/``<video>`` element;
3. yt-dlp's manual subtitles in the episode's language (``MediaInfo.subtitles``, collected with
   the download); the platform's auto-captions only when nothing else exists, and said so.

Nothing found means Whisper's own segments, also said in one line. Every fetch goes through the
cache (:mod:`aligner.sources.http`), so a second run finds the same transcript offline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aligner.errors import SourceError, TranscriptFormatError
from aligner.sources.feeds import TranscriptLink
from aligner.sources.media import SubtitleTrack
from aligner.transcript import Chapter, Transcript

if TYPE_CHECKING:
    from aligner.sources.links import Link
    from cache.store import Store

_TIMED = ("vtt", "srt", "subrip", "json")
WHISPER_ONLY = (
    "none published (no podcast:transcript, no transcript on the page, no subtitles); "
    "using Whisper's own segments"
)


@dataclass(frozen=True)
class Discovered:
    """The transcript found (None: nothing), one line saying which, and the fallbacks taken."""

    transcript: Transcript | None
    used: str
    notes: tuple[str, ...] = ()


def _ext(url: str) -> str:
    from urllib.parse import urlparse

    name = urlparse(url).path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _rank(link: TranscriptLink) -> int:
    declared = (link.type or "").lower()
    ext = _ext(link.url)
    if any(t in declared for t in _TIMED) or ext in {"vtt", "srt", "json"}:
        return 0
    if "html" in declared or ext in {"html", "htm"}:
        return 1
    if declared.startswith("text/") or ext == "txt":
        return 2
    return 3


def _declared_format(declared: str | None) -> str | None:
    """The reader a declared MIME type names (None when it names none we know)."""
    kind = (declared or "").lower()
    for needle, fmt in (
        ("vtt", "vtt"),
        ("srt", "srt"),
        ("subrip", "srt"),
        ("json", "podcast-json"),
        ("html", "html"),
        ("text/plain", "plain"),
    ):
        if needle in kind:
            return fmt
    return None


def _lang(tag: str | None) -> str:
    return (tag or "").strip().lower().replace("_", "-").split("-")[0]


def order_links(links: Iterable[TranscriptLink], language: str | None) -> list[TranscriptLink]:
    """Feed transcript links in the order they are tried (see the module docstring)."""
    want = _lang(language)

    def key(link: TranscriptLink) -> tuple[int, int]:
        other = bool(want and link.language and _lang(link.language) != want)
        return (int(other), _rank(link))

    return sorted(links, key=key)


def read_transcript_text(text: str, format: str | None = None) -> Transcript:
    """Parse fetched transcript text by its content (HTML, VTT, SRT, JSON, markdown, text)."""
    from aligner.formats import parse_transcript

    if format:
        return parse_transcript(text, format)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<") and not head.startswith("<?xml"):
        from aligner.formats import html as html_reader

        return html_reader.parse(text)
    return parse_transcript(text)


def fetch_transcript(
    url: str, store: Store, *, refresh: bool = False, format: str | None = None
) -> Transcript:
    """``--transcript URL``: fetch (cached) and read a transcript; one-line errors."""
    from aligner.formats.detect import decode_bytes
    from aligner.sources.http import fetch_text

    response = fetch_text(url, store, refresh=refresh)
    try:
        return read_transcript_text(decode_bytes(response.body, name=url), format)
    except TranscriptFormatError as exc:
        message = str(exc)
        raise TranscriptFormatError(
            message if message.startswith(url) else f"{url}: {message}"
        ) from None


def _why(exc: Exception) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if text.startswith(("cannot fetch ", "http")) else text


def discover_published(link: Link, store: Store, *, refresh: bool = False) -> Discovered:
    """Steps 1 and 2 (before any download): the feed's transcript links, then the page."""
    notes: list[str] = []
    for t in order_links(link.transcript_links, link.language):
        declared = t.type or "of no declared type"
        try:
            transcript = fetch_transcript(t.url, store, refresh=refresh)
        except (SourceError, TranscriptFormatError) as exc:
            notes.append(f"podcast:transcript {t.url} failed ({_why(exc)}); trying the next")
            continue
        used = f"podcast:transcript {declared} from the feed"
        if _declared_format(t.type) not in {None, transcript.format}:
            used += f" (read as {transcript.format})"
        return Discovered(transcript, used, tuple(notes))
    html = link.page_html
    if html is None and link.page_url and link.kind in {"feed", "video"}:
        html = _page_text(link.page_url, store, refresh, notes)
    if html is not None:
        from aligner.formats import html as html_reader

        if html_reader.find_transcript_section(html) is not None:
            try:
                transcript = html_reader.parse(html)
            except TranscriptFormatError as exc:
                notes.append(f"the page's transcript could not be read ({exc})")
            else:
                return Discovered(transcript, "the transcript in the post page", tuple(notes))
        from aligner.sources.pages import parse_page

        page = link.page if link.page is not None else parse_page(html, link.page_url or "")
        for track in page.tracks:
            try:
                transcript = fetch_transcript(track.url, store, refresh=refresh)
            except (SourceError, TranscriptFormatError) as exc:
                notes.append(f"{track.kind} {track.url} failed ({_why(exc)}); trying the next")
                continue
            lang = f" {track.language}" if track.language else ""
            return Discovered(transcript, f"the page's{lang} {track.kind} track", tuple(notes))
    return Discovered(None, WHISPER_ONLY, tuple(notes))


def _page_text(url: str, store: Store, refresh: bool, notes: list[str]) -> str | None:
    from aligner.sources.http import fetch

    try:
        response = fetch(url, store, refresh=refresh)
    except SourceError as exc:
        notes.append(f"the episode's page {url} could not be read ({_why(exc)})")
        return None
    return None if response.is_media else response.text()


def pick_subtitles(
    tracks: Iterable[SubtitleTrack], language: str | None
) -> tuple[SubtitleTrack | None, bool]:
    """The subtitle track to use: manual ones in ``language`` (else the only manual language,
    else English), then auto-captions likewise; ``(track, automatic)``."""
    readable = [t for t in tracks if t.ext.lower() in {"vtt", "srt"}]
    want = _lang(language)
    for automatic in (False, True):
        pool = [t for t in readable if t.automatic is automatic]
        if not pool:
            continue
        langs = {_lang(t.language) for t in pool}
        if want and want in langs:
            pick = [t for t in pool if _lang(t.language) == want]
        elif automatic and any(t.language.endswith("-orig") for t in pool):
            pick = [t for t in pool if t.language.endswith("-orig")]
        elif want:
            continue  # none in the episode's language
        elif len(langs) == 1:
            pick = pool
        elif "en" in langs:
            pick = [t for t in pool if _lang(t.language) == "en"]
        else:
            continue
        pick.sort(key=lambda t: (t.ext.lower() != "vtt", t.language != (language or "")))
        return pick[0], automatic
    return None, False


def discover_subtitles(
    tracks: Iterable[SubtitleTrack], language: str | None, store: Store, *, refresh: bool = False
) -> Discovered:
    """Step 3: yt-dlp's subtitles (after the download collected them)."""
    track, automatic = pick_subtitles(tracks, language)
    if track is None:
        return Discovered(None, WHISPER_ONLY)
    try:
        transcript = fetch_transcript(track.url, store, refresh=refresh)
    except (SourceError, TranscriptFormatError) as exc:
        note = f"yt-dlp subtitles {track.language} failed ({_why(exc)})"
        return Discovered(None, WHISPER_ONLY, (note,))
    if automatic:
        used = (
            f"yt-dlp auto-captions ({track.language}, {track.ext}): nothing else is published, "
            "so the platform's automatic captions"
        )
    else:
        used = f"yt-dlp subtitles ({track.language}, {track.ext})"
    return Discovered(transcript, used)


def load_chapters(url: str, store: Store, *, refresh: bool = False) -> tuple[Chapter, ...]:
    """A ``<podcast:chapters>`` JSON file's chapters (those in the table of contents)."""
    import json

    from aligner.sources.http import fetch_text

    response = fetch_text(url, store, refresh=refresh)
    try:
        data = json.loads(response.text())
    except ValueError:
        raise SourceError(f"{url}: the chapters file is not JSON") from None
    out: list[Chapter] = []
    for item in data.get("chapters") or () if isinstance(data, dict) else ():
        if not isinstance(item, dict) or item.get("toc") is False:
            continue
        try:
            start = float(item["startTime"])
        except (KeyError, TypeError, ValueError):
            continue
        title = str(item.get("title") or f"Chapter {len(out) + 1}").strip()
        out.append(Chapter(start, title))
    return tuple(sorted(out, key=lambda c: c.start))


__all__ = [
    "WHISPER_ONLY",
    "Discovered",
    "discover_published",
    "discover_subtitles",
    "fetch_transcript",
    "load_chapters",
    "order_links",
    "pick_subtitles",
    "read_transcript_text",
]
