"""What a URL is — media, a post page, a podcast feed or a video page — and where its audio is.

:func:`resolve_link` answers that before any audio is downloaded, with one cached GET
(:mod:`aligner.sources.http`): an audio/video answer is a direct media link (yt-dlp downloads
it); XML is a feed (:mod:`aligner.sources.feeds`: ``--episode`` picks the item, newest by
default, and its enclosure is the media); HTML is a post page (:mod:`aligner.sources.pages`
finds its audio). URLs that a dedicated yt-dlp extractor knows (YouTube, Substack...) and pages
where no audio is found go to yt-dlp as they are. The :class:`Link` also carries what
transcript discovery (:mod:`aligner.sources.discovery`) needs: the feed item's transcript
links, the page's HTML, its language.

:func:`open_link` then downloads the media (cached, via :mod:`aligner.sources.ytdlp`) and
records the episode's metadata (title, GUID, people, language, page) in its ``MediaInfo``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from aligner.errors import SourceError, UsageError
from aligner.progress import Progress, Stage
from aligner.sources.feeds import Episode, Feed, TranscriptLink, parse_feed, pick_episode
from aligner.sources.media import Media
from aligner.sources.pages import Page, looks_like_html, parse_page

if TYPE_CHECKING:
    from cache.store import Store

_XML_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
)


@dataclass(frozen=True)
class Link:
    """A resolved URL: its ``kind`` (``media``, ``feed``, ``page`` or ``video``: a page yt-dlp
    handles) and the ``media_url`` to download, with what transcript discovery needs."""

    url: str
    kind: str
    media_url: str
    found: str
    title: str | None = None
    language: str | None = None
    page_url: str | None = None
    page_html: str | None = None
    page: Page | None = None
    feed: Feed | None = None
    episode: Episode | None = None

    @property
    def transcript_links(self) -> tuple[TranscriptLink, ...]:
        return self.episode.transcripts if self.episode is not None else ()


@lru_cache(maxsize=256)
def ytdlp_has_extractor(url: str) -> bool:
    """Whether a dedicated (not the generic) yt-dlp extractor claims ``url``."""
    from yt_dlp.extractor import gen_extractor_classes

    return any(
        ie.ie_key() != "Generic" and ie.suitable(url) and ie.working()
        for ie in gen_extractor_classes()
    )


def _is_feed(content_type: str, text: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if content_type in _XML_TYPES or content_type.endswith("+xml"):
        return not looks_like_html(text)
    return head.startswith(("<?xml", "<rss", "<feed", "<rdf:RDF")) and not looks_like_html(text)


def resolve_link(
    url: str, store: Store, *, episode: str | None = None, refresh: bool = False
) -> Stage[Link]:
    """Classify ``url`` and find its media (fetching at most the page or feed, cached)."""
    from aligner.sources.http import cached_response, fetch

    if not refresh and cached_response(url, store) is None and _downloaded(url, store):
        _no_episode(episode, url, "a media file")  # opened by yt-dlp before: no fetch needed
        return Link(url, "media", url, "the cache (downloaded before)")
    if ytdlp_has_extractor(url):
        _no_episode(episode, url, "a video page")
        return Link(url, "video", url, "yt-dlp", page_url=url)
    yield Progress("fetch", 0.0, None, "", message=f"fetching {_short(url)}")
    response = fetch(url, store, refresh=refresh)
    if response.is_media:
        _no_episode(episode, url, "a media file")
        return Link(url, "media", url, "a direct media link")
    text = response.text()
    if _is_feed(response.content_type, text):
        feed = parse_feed(response.body, response.final_url)
        feed = replace(feed, url=url)
        chosen = pick_episode(feed, episode)
        if chosen.enclosure is None:
            raise SourceError(
                f"{url}: episode {chosen.number} ({chosen.title[:60]}) has no enclosure (no "
                "audio); pick another with --episode"
            )
        return Link(
            url,
            "feed",
            chosen.enclosure.url,
            f"the enclosure of episode {chosen.number} of the feed",
            title=chosen.title,
            language=chosen.language or feed.language,
            page_url=chosen.link,
            feed=feed,
            episode=chosen,
        )
    if not looks_like_html(text):
        raise SourceError(
            f"{url}: not audio, a post page or a podcast feed (it is "
            f"{response.content_type or 'of unknown type'}); give an episode's page, feed or "
            "media URL"
        )
    _no_episode(episode, url, "a web page")
    page = parse_page(text, response.final_url)
    if page.media:
        first = page.media[0]
        return Link(
            url,
            "page",
            first.url,
            f"{first.found_in} on the page",
            title=page.title,
            language=page.language,
            page_url=response.final_url,
            page_html=text,
            page=page,
        )
    return Link(
        url,
        "video",
        url,
        "yt-dlp (no audio element on the page)",
        title=page.title,
        language=page.language,
        page_url=response.final_url,
        page_html=text,
        page=page,
    )


def _downloaded(url: str, store: Store) -> bool:
    from aligner.sources.ytdlp import _cached_source
    from cache.keys import key

    return _cached_source(store, key("url", url), url) is not None


def _no_episode(episode: str | None, url: str, what: str) -> None:
    if episode is not None:
        raise UsageError(f"--episode is for podcast feeds; {url} is {what}")


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


def open_link(link: Link, store: Store) -> Stage[Media]:
    """Download ``link``'s media (cached) and record the episode's metadata with it."""
    from aligner.sources.ytdlp import open_url

    try:
        media = yield from open_url(link.media_url, store)
    except SourceError as exc:
        if link.kind == "video" and link.page is not None:
            raise SourceError(
                f"{link.url}: no audio or video found on the page (no <audio>, <video>, "
                "og:audio or media link, and yt-dlp found no media either); give the episode's "
                "media URL or its podcast feed"
            ) from exc
        raise
    info = media.info
    if link.kind in {"feed", "page"}:
        info = replace(info, title=link.title or info.title, webpage_url=link.page_url)
    if link.episode is not None:
        ep = link.episode
        info = replace(
            info,
            guid=ep.guid,
            persons=tuple(p.name for p in ep.persons),
            duration=info.duration or ep.duration,
            uploader=info.uploader or (link.feed.author if link.feed else None),
        )
    if link.language and not info.language:
        info = replace(info, language=link.language)
    return replace(media, info=info, source=link.url)


__all__ = ["Link", "open_link", "resolve_link", "ytdlp_has_extractor"]
