"""The XML side of podcast feeds: RSS 2.0 / RSS 1.0 / Atom documents -> :class:`Feed`.

Split from :mod:`aligner.sources.feeds` (the records, choosing an episode, loading) because
feeds in the wild need care: the XML goes through ``defusedxml`` (a real parser that refuses
entity declarations and external references, so no billion-laughs or XXE); HTML named entities
that feeds use without declaring (``&nbsp;``) are rewritten as character references first;
titles are HTML-unescaped (feeds double-escape them); URLs are resolved against the feed's
final URL (after redirects) and ``xml:base``; the iTunes, Podcasting 2.0 (both namespace URIs),
Media RSS and content namespaces are read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from aligner.errors import SourceError
from aligner.sources.feed_model import (
    ATOM_NS,
    CONTENT_NS,
    ITUNES_NS,
    MEDIA_RSS_NS,
    PODCAST_NS,
    Enclosure,
    Episode,
    Feed,
    Person,
    TranscriptLink,
)

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def _split(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _kids(el: Element, local: str, ns: str | frozenset[str] = "") -> Iterator[Element]:
    for child in el:
        cns, clocal = _split(child.tag)
        if clocal == local and (cns in ns if isinstance(ns, frozenset) else cns == ns):
            yield child


def _first(el: Element, local: str, ns: str | frozenset[str] = "") -> Element | None:
    return next(_kids(el, local, ns), None)


def _text(el: Element | None) -> str:
    if el is None:
        return ""
    text = "".join(el.itertext())
    return " ".join(html.unescape(text).split()) if "&" in text else " ".join(text.split())


def _base(el: Element, base: str) -> str:
    own = el.get(_XML_BASE)
    return urljoin(base, own.strip()) if own else base


def _url(value: str | None, base: str) -> str | None:
    value = (value or "").strip()
    return urljoin(base, value) if value else None


def parse_duration(value: str) -> float | None:
    """``itunes:duration``: ``H:MM:SS``, ``MM:SS`` or seconds -> seconds (None if unreadable)."""
    parts = value.strip().split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    if not numbers or len(numbers) > 3 or any(n < 0 for n in numbers):
        return None
    seconds = 0.0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds or None


def _date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


# -- parsing -----------------------------------------------------------------------------------

_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")


def _declare_html_entities(data: bytes) -> bytes:
    """``&nbsp;`` and friends (undeclared in XML, common in feeds) as character references."""
    from html.entities import name2codepoint

    def sub(m: re.Match[bytes]) -> bytes:
        name = m.group(1).decode("ascii")
        if name in _XML_ENTITIES:
            return m.group(0)
        code = name2codepoint.get(name)
        return f"&#{code};".encode() if code else b"&amp;" + m.group(1) + b";"

    return _NAMED_ENTITY.sub(sub, data)


def _parse_xml(data: bytes, url: str) -> Element:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    for attempt in (data, None):
        try:
            return fromstring(attempt if attempt is not None else _declare_html_entities(data))
        except DefusedXmlException:
            raise SourceError(
                f"{url}: the feed declares XML entities or external references; refused"
            ) from None
        except ParseError as exc:
            if attempt is not None and "undefined entity" in str(exc):
                continue
            raise SourceError(f"{url}: not a readable RSS or Atom feed ({exc})") from None
    raise AssertionError("unreachable")


def parse(data: bytes, url: str) -> Feed:
    """Parse an RSS 2.0 or Atom feed fetched from ``url`` (its final URL: the base of links)."""
    root = _parse_xml(data, url)
    ns, local = _split(root.tag)
    if ns == ATOM_NS and local == "feed":
        return _atom(root, url)
    channel = _first(root, "channel") if local == "rss" else None
    if channel is None and local == "RDF":
        channel = next((c for c in root if _split(c.tag)[1] == "channel"), None)
    if channel is None:
        raise SourceError(f"{url}: not an RSS or Atom feed (the document is <{local}>)")
    return _rss(root, channel, url)


def _persons(el: Element) -> tuple[Person, ...]:
    out = []
    for p in _kids(el, "person", PODCAST_NS):
        name = _text(p)
        if name:
            role = (p.get("role") or "host").strip().lower()
            out.append(Person(name, role, p.get("group"), p.get("href")))
    return tuple(out)


def _podcast_extras(
    el: Element, base: str
) -> tuple[tuple[TranscriptLink, ...], str | None, tuple[Person, ...]]:
    transcripts = []
    for t in _kids(el, "transcript", PODCAST_NS):
        link = _url(t.get("url"), base)
        if link:
            transcripts.append(TranscriptLink(link, t.get("type"), t.get("language"), t.get("rel")))
    chapters = _first(el, "chapters", PODCAST_NS)
    chapters_url = _url(chapters.get("url"), base) if chapters is not None else None
    return tuple(transcripts), chapters_url, _persons(el)


def _length(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _rss(root: Element, channel: Element, url: str) -> Feed:
    base = _base(channel, _base(root, url))
    language = _text(_first(channel, "language")) or None
    channel_persons = _persons(channel)
    items = [i for i in channel if _split(i.tag)[1] == "item"]
    if not items:  # RSS 1.0 keeps its items beside the channel
        items = [i for i in root if _split(i.tag)[1] == "item"]
    raw = []
    for item in items:
        ibase = _base(item, base)
        enclosure = None
        enc = _first(item, "enclosure")
        if enc is None:
            enc = _first(item, "content", MEDIA_RSS_NS)
        if enc is not None and _url(enc.get("url"), ibase):
            enclosure = Enclosure(
                str(_url(enc.get("url"), ibase)), enc.get("type"), _length(enc.get("length"))
            )
        transcripts, chapters_url, persons = _podcast_extras(item, ibase)
        description = _first(item, "encoded", CONTENT_NS)
        if description is None:
            description = _first(item, "description")
        duration = _first(item, "duration", ITUNES_NS)
        raw.append(
            {
                "title": _text(_first(item, "title")) or _text(_first(item, "title", ITUNES_NS)),
                "guid": _text(_first(item, "guid")) or None,
                "published": _date(_text(_first(item, "pubDate"))),
                "duration": parse_duration(_text(duration)) if duration is not None else None,
                "enclosure": enclosure,
                "link": _url(_text(_first(item, "link")), ibase),
                "transcripts": transcripts,
                "chapters_url": chapters_url,
                "persons": persons or channel_persons,
                "description": "".join(description.itertext()) if description is not None else "",
                "language": language,
            }
        )
    author = _text(_first(channel, "author", ITUNES_NS)) or None
    return Feed(
        url=url,
        title=_text(_first(channel, "title")) or url,
        episodes=_numbered(raw),
        link=_url(_text(_first(channel, "link")), base),
        language=language,
        author=author,
    )


def _atom(root: Element, url: str) -> Feed:
    base = _base(root, url)
    language = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    feed_persons = _persons(root)
    raw = []
    for entry in _kids(root, "entry", ATOM_NS):
        ebase = _base(entry, base)
        enclosure = page = None
        for link in _kids(entry, "link", ATOM_NS):
            rel = (link.get("rel") or "alternate").strip()
            href = _url(link.get("href"), ebase)
            if href and rel == "enclosure" and enclosure is None:
                enclosure = Enclosure(href, link.get("type"), _length(link.get("length")))
            elif href and rel == "alternate" and page is None:
                page = href
        transcripts, chapters_url, persons = _podcast_extras(entry, ebase)
        when = _text(_first(entry, "published", ATOM_NS)) or _text(
            _first(entry, "updated", ATOM_NS)
        )
        duration = _first(entry, "duration", ITUNES_NS)
        content = _first(entry, "content", ATOM_NS)
        if content is None:
            content = _first(entry, "summary", ATOM_NS)
        raw.append(
            {
                "title": _text(_first(entry, "title", ATOM_NS)),
                "guid": _text(_first(entry, "id", ATOM_NS)) or None,
                "published": _date(when),
                "duration": parse_duration(_text(duration)) if duration is not None else None,
                "enclosure": enclosure,
                "link": page,
                "transcripts": transcripts,
                "chapters_url": chapters_url,
                "persons": persons or feed_persons,
                "description": "".join(content.itertext()) if content is not None else "",
                "language": language,
            }
        )
    author_el = _first(root, "author", ATOM_NS)
    author = (_text(_first(author_el, "name", ATOM_NS)) if author_el is not None else "") or None
    home = next(
        (
            _url(li.get("href"), base)
            for li in _kids(root, "link", ATOM_NS)
            if (li.get("rel") or "alternate") == "alternate"
        ),
        None,
    )
    return Feed(
        url=url,
        title=_text(_first(root, "title", ATOM_NS)) or url,
        episodes=_numbered(raw),
        link=home,
        language=language,
        author=author,
    )


def _numbered(raw: list[dict]) -> tuple[Episode, ...]:
    """Newest first (by date when every item has one, else in the feed's order), from 1."""
    if raw and all(r["published"] is not None for r in raw):
        raw = sorted(raw, key=lambda r: r["published"], reverse=True)
    return tuple(
        Episode(number=i + 1, **{**r, "title": r["title"] or f"Episode {len(raw) - i}"})
        for i, r in enumerate(raw)
    )


__all__ = ["parse", "parse_duration"]
