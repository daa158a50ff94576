"""A post page (an episode's web page) -> its media URL(s), feeds and transcript links.

What listeners share is usually the episode's page, not its MP3. Pages name their audio in a
handful of ways, read here in order of trust: an ``<audio>``/``<video>`` element (``src`` or
``<source>`` children; ``<track>`` children are timed transcripts), ``og:audio`` / ``og:video``
meta tags, media URLs in embedded JSON (Substack's ``window._preloads = JSON.parse("...")``,
JSON-LD ``contentUrl``, ``<script type="application/json">`` data), then plain links to media
files. The page's own transcript section is the HTML transcript reader's business
(:func:`aligner.formats.html.find_transcript_section`); pages with none of the above go to
yt-dlp (:mod:`aligner.sources.links`).

The stdlib :class:`html.parser.HTMLParser` is enough here: only tags and attributes are read,
never rendered, and URLs are resolved against the page's final URL.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlparse

MEDIA_EXTENSIONS = frozenset(
    {"mp3", "m4a", "m4b", "aac", "ogg", "oga", "opus", "wav", "flac", "mp4", "m4v", "mov", "webm"}
)
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
TEXT_TRACK_EXTENSIONS = frozenset({"vtt", "srt"})
#: JSON keys that name an episode's audio even without a file extension (Substack's podcast_url).
_MEDIA_KEYS = frozenset(
    {
        "podcast_url",
        "podcasturl",
        "audio_url",
        "audiourl",
        "audio_file",
        "audiofile",
        "audio_src",
        "enclosure_url",
        "enclosureurl",
        "mp3_url",
        "mp3url",
        "contenturl",
        "media_url",
        "mediaurl",
    }
)


@dataclass(frozen=True)
class MediaLink:
    url: str
    type: str | None
    found_in: str  # "<audio>", "og:audio", "embedded JSON", "link"...


@dataclass(frozen=True)
class TrackLink:
    """A ``<track>`` of an ``<audio>``/``<video>`` element (or a linked .vtt/.srt file)."""

    url: str
    language: str | None
    kind: str


@dataclass(frozen=True)
class Page:
    url: str
    title: str | None
    language: str | None
    media: tuple[MediaLink, ...]
    tracks: tuple[TrackLink, ...] = ()
    feeds: tuple[str, ...] = ()


def _ext(url: str) -> str:
    path = urlparse(url).path
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


def _is_media_url(url: str) -> bool:
    return _ext(url) in MEDIA_EXTENSIONS


class _Parser(HTMLParser):
    _RANKS = ("<audio>", "og:audio", "embedded JSON", "<video>", "og:video", "link")

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: dict[str, list[MediaLink]] = {k: [] for k in self._RANKS}
        self.tracks: list[TrackLink] = []
        self.feeds: list[str] = []
        self.language: str | None = None
        self.title_parts: list[str] = []
        self.og_title: str | None = None
        self._in_title = False
        self._media: list[str] = []  # open <audio>/<video> elements
        self._script: list[str] | None = None
        self._script_type = ""
        self._og_video_type: str | None = None
        self._og_video: list[str] = []

    def _url(self, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value or value.startswith(("data:", "javascript:", "blob:")):
            return None
        url = urljoin(self.base, value)
        return url if urlparse(url).scheme in {"http", "https"} else None

    def _add(self, where: str, url: str | None, type_: str | None = None) -> None:
        if url and all(m.url != url for m in self.found[where]):
            self.found[where].append(MediaLink(url, type_, where))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.language = a["lang"].strip() or None
        elif tag == "title":
            self._in_title = True
        elif tag in {"audio", "video"}:
            self._media.append(tag)
            self._add(f"<{tag}>", self._url(a.get("src")), a.get("type"))
        elif tag == "source" and self._media:
            self._add(f"<{self._media[-1]}>", self._url(a.get("src")), a.get("type") or None)
        elif tag == "track" and self._media:
            url = self._url(a.get("src"))
            kind = (a.get("kind") or "subtitles").lower()
            if url and kind in {"subtitles", "captions"}:
                self.tracks.append(TrackLink(url, a.get("srclang") or None, kind))
        elif tag == "meta":
            self._meta(a)
        elif tag == "link":
            rel = a.get("rel", "").lower().split()
            kind = a.get("type", "").lower()
            url = self._url(a.get("href"))
            if url and "alternate" in rel and kind in _FEED_TYPES:
                self.feeds.append(url)
        elif tag == "a":
            url = self._url(a.get("href"))
            if url and _is_media_url(url):
                self._add("link", url, a.get("type") or None)
            elif url and _ext(url) in TEXT_TRACK_EXTENSIONS:
                self.tracks.append(TrackLink(url, a.get("hreflang") or None, "link"))
        elif tag == "script":
            self._script = []
            self._script_type = a.get("type", "").lower()

    def _meta(self, a: dict[str, str]) -> None:
        prop = (a.get("property") or a.get("name") or "").lower()
        content = a.get("content", "")
        if prop in {"og:audio", "og:audio:url", "og:audio:secure_url"}:
            self._add("og:audio", self._url(content))
        elif prop in {"og:video", "og:video:url", "og:video:secure_url"}:
            url = self._url(content)
            if url:
                self._og_video.append(url)
        elif prop == "og:video:type":
            self._og_video_type = content.lower()
        elif prop == "og:title":
            self.og_title = content.strip() or None

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in {"audio", "video"} and self._media:
            self._media.pop()
        elif tag == "script" and self._script is not None:
            self._scan_script("".join(self._script), self._script_type)
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        elif self._in_title:
            self.title_parts.append(data)

    def _scan_script(self, text: str, kind: str) -> None:
        if "json" in kind:
            with contextlib.suppress(ValueError):
                self._walk(json.loads(text))
            return
        for literal in _json_parse_literals(text):
            try:
                self._walk(json.loads(json.loads(literal)))
            except (ValueError, TypeError):
                continue

    def _walk(self, data: Any, depth: int = 0) -> None:
        if depth > 40:
            return
        if isinstance(data, dict):
            for k, v in data.items():
                if isinstance(v, str) and v.startswith(("http", "/")):
                    key = str(k).lower().replace("-", "_")
                    if key in _MEDIA_KEYS or (key.endswith("url") and _is_media_url(v)):
                        self._add("embedded JSON", self._url(v))
                else:
                    self._walk(v, depth + 1)
        elif isinstance(data, list):
            for v in data[:2000]:
                self._walk(v, depth + 1)

    def page(self) -> Page:
        for url in self._og_video:  # og:video is often an HTML player: only real video files
            if (self._og_video_type or "").startswith("video/") or _is_media_url(url):
                self._add("og:video", url, self._og_video_type)
        seen: set[str] = set()
        media = []
        for m in (m for where in self._RANKS for m in self.found[where]):
            if m.url not in seen:
                seen.add(m.url)
                media.append(m)
        title = self.og_title or " ".join("".join(self.title_parts).split()) or None
        return Page(
            self.base, title, self.language, tuple(media), tuple(self.tracks), tuple(self.feeds)
        )


def _json_parse_literals(script: str) -> list[str]:
    """The string literals passed to ``JSON.parse(...)`` in a script, as JSON string tokens."""
    out = []
    start = 0
    while (i := script.find("JSON.parse(", start)) >= 0:
        j = i + len("JSON.parse(")
        while j < len(script) and script[j].isspace():
            j += 1
        if j >= len(script) or script[j] not in "\"'":
            start = j
            continue
        quote, k = script[j], j + 1
        while k < len(script) and script[k] != quote:
            k += 2 if script[k] == "\\" else 1
        body = script[j + 1 : k]
        if quote == "'":
            body = body.replace("\\'", "'").replace('"', '\\"')
        out.append(f'"{body}"')
        start = k + 1
    return out


def parse_page(text: str, url: str) -> Page:
    """Read the media, tracks and feed links of the HTML ``text`` fetched from ``url``."""
    parser = _Parser(url)
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # very broken markup: keep what was read
        pass
    return parser.page()


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta", "<!--")) or (
        head.startswith("<") and "<body" in text[:65536].lower()
    )


__all__ = [
    "MEDIA_EXTENSIONS",
    "MediaLink",
    "Page",
    "TrackLink",
    "looks_like_html",
    "parse_page",
]
