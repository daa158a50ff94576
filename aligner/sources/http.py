"""One cached, capped, redirect-aware HTTP GET for post pages, feeds and transcripts.

Links are what users have, and every link costs a fetch or two before any audio: the page or
feed, then a transcript. This module does those fetches once: each answer is kept in the cache
(``http/<key of the URL>``: a JSON record with the final URL, content type, ETag and
Last-Modified, beside the body), so a second run touches no network; ``refresh=True`` asks the
server again with ``If-None-Match`` / ``If-Modified-Since`` and keeps the cached body on a 304.

It never reads more than ``cap`` bytes (a 50 MB "page" stops at the cap with a one-line error),
follows at most :data:`MAX_REDIRECTS` http(s) redirects and names a redirect loop, and when the
answer turns out to be audio or video (a direct media link) it stops after the headers: media
is yt-dlp's job (:mod:`aligner.sources.ytdlp`). Failures are one-line :class:`FetchError` s;
a failed fetch never touches what is already cached (a 404 or 410 is remembered too, so a
dead transcript link costs one request, not one per run).
"""

from __future__ import annotations

import hashlib
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlparse

from aligner import __version__
from aligner.errors import SourceError

if TYPE_CHECKING:
    from cache.store import Store

HTTP_NS = "http"
DEFAULT_CAP = 10 * 1024 * 1024
MAX_REDIRECTS = 10
TIMEOUT = 20.0
USER_AGENT = f"podalign/{__version__}"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_GONE = frozenset({404, 410})  # definite answers, cached like pages (``refresh`` asks again)
_CHUNK = 1 << 16


class FetchError(SourceError):
    """A page, feed or transcript could not be fetched; ``status`` is the HTTP status, if any."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Response:
    """One fetched URL: where it ended up, what it is, its body (empty for media), validators."""

    url: str
    final_url: str
    content_type: str
    body: bytes = b""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    is_media: bool = False
    from_cache: bool = False

    def text(self) -> str:
        """The body as text (declared charset, else UTF-8, else Windows-1252)."""
        for encoding in (self.charset, "utf-8-sig"):
            if encoding:
                try:
                    return self.body.decode(encoding)
                except (LookupError, UnicodeDecodeError):
                    continue
        return self.body.decode("cp1252", errors="replace")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx answers back to us: we follow them ourselves, to cap and name loops."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _looks_like_media(content_type: str, head: bytes) -> bool:
    if content_type.startswith(("audio/", "video/")) or content_type in {
        "application/ogg",
        "application/mp4",
        "application/vnd.apple.mpegurl",
        "application/x-mpegurl",
    }:
        return True
    if content_type and content_type not in {"application/octet-stream", "binary/octet-stream"}:
        return False
    return b"\x00" in head[:1024]  # text (a page, a feed, a transcript) has no NUL bytes


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "host not found"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timed out"
    text = " ".join(str(getattr(exc, "strerror", None) or exc).split())
    return text[:160] or type(exc).__name__


def _open(url: str, headers: dict[str, str]) -> tuple[str, object | None]:
    """Follow redirects from ``url``; return the final URL and the open response (None: 304)."""
    seen = [url]
    current = url
    while True:
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, **headers})
        try:
            return current, _OPENER.open(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                exc.close()
                return current, None
            if exc.code not in _REDIRECTS:
                exc.close()
                reason = f"HTTP {exc.code} {exc.reason}".strip()
                raise FetchError(f"cannot fetch {url}: {reason}", status=exc.code) from None
            location = exc.headers.get("Location")
            exc.close()
            if not location:
                raise FetchError(f"cannot fetch {url}: redirect without a Location") from None
            target = urljoin(current, location)
            if urlparse(target).scheme.lower() not in {"http", "https"}:
                raise FetchError(f"cannot fetch {url}: redirected to a non-http URL") from None
            if target in seen:
                raise FetchError(
                    f"cannot fetch {url}: redirect loop (through {len(seen)} URLs, then back "
                    f"to {target})"
                ) from None
            if len(seen) > MAX_REDIRECTS:
                raise FetchError(
                    f"cannot fetch {url}: more than {MAX_REDIRECTS} redirects"
                ) from None
            seen.append(target)
            current = target
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise FetchError(
                f"cannot fetch {url}: {_reason(exc)}; check the URL and your network connection"
            ) from None


def _read_capped(url: str, response: object, cap: int) -> bytes:
    length = response.headers.get("Content-Length")  # type: ignore[attr-defined]
    if length and length.isdigit() and int(length) > cap:
        raise FetchError(
            f"{url}: the answer is {_mb(int(length))}, over the {_mb(cap)} cap for a page, feed "
            "or transcript; give the episode's page, feed or media URL"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(_CHUNK):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > cap:
                raise FetchError(
                    f"{url}: stopped reading at the {_mb(cap)} cap for a page, feed or "
                    "transcript; give the episode's page, feed or media URL"
                )
            chunks.append(chunk)
    except (OSError, ValueError) as exc:
        raise FetchError(f"cannot fetch {url}: {_reason(exc)} while reading") from None
    return b"".join(chunks)


def fetch(
    url: str,
    store: Store,
    *,
    refresh: bool = False,
    cap: int = DEFAULT_CAP,
    media_ok: bool = True,
) -> Response:
    """GET ``url`` through the cache; see the module docstring.

    With ``media_ok`` an audio/video answer returns at once with ``is_media`` and no body (and is
    remembered as media); without it, it is an error (a transcript link that names a video).
    """
    cached = cached_response(url, store)
    if cached is not None and not refresh:
        if cached.is_media and not media_ok:
            raise FetchError(f"{url} is audio or video, not a text file")
        return cached
    if cached is None and not refresh:
        gone = store.read_json(HTTP_NS, _key(url))
        if gone is not None and gone.get("url") == url and gone.get("missing"):
            raise FetchError(str(gone.get("message")), int(gone["missing"]))
    headers: dict[str, str] = {}
    if cached is not None and not cached.is_media:
        if cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
    try:
        final_url, response = _open(url, headers)
    except FetchError as exc:
        if exc.status in _GONE and cached is None:  # remembered: a second run asks no more
            store.write_json(
                HTTP_NS,
                _key(url),
                {"url": url, "missing": exc.status, "message": str(exc)},
                label=f"{exc.status}: {url[:200]}",
            )
        raise
    if response is None:
        if cached is None:
            raise FetchError(f"cannot fetch {url}: HTTP 304 without a cached copy", 304)
        return cached
    with response:  # type: ignore[attr-defined]
        info = response.headers  # type: ignore[attr-defined]
        content_type = (info.get_content_type() or "").lower() if info.get("Content-Type") else ""
        charset = info.get_content_charset()
        head = b""
        if not content_type or content_type in {"application/octet-stream", "binary/octet-stream"}:
            head = response.read(4096)  # type: ignore[attr-defined]
        result = Response(
            url=url,
            final_url=final_url,
            content_type=content_type,
            charset=charset,
            etag=info.get("ETag"),
            last_modified=info.get("Last-Modified"),
        )
        if _looks_like_media(content_type, head):
            result = replace(result, is_media=True)
        else:
            result = replace(result, body=head + _read_capped(url, response, cap - len(head)))
    _remember(store, result)
    if result.is_media and not media_ok:
        raise FetchError(f"{url} is audio or video, not a text file")
    return result


def fetch_text(url: str, store: Store, *, refresh: bool = False) -> Response:
    """:func:`fetch` for something that must be text (a transcript, a chapters file)."""
    return fetch(url, store, refresh=refresh, media_ok=False)


# -- the cache ---------------------------------------------------------------------------------


def _key(url: str) -> str:
    from cache.keys import key

    return key("http", url)


def cached_response(url: str, store: Store) -> Response | None:
    """What the cache holds for ``url`` (None when absent or damaged)."""
    entry = _key(url)
    record = store.read_json(HTTP_NS, entry)
    if record is None or record.get("url") != url or record.get("missing"):
        return None
    body = b""
    if not record.get("media"):
        try:
            body = store.path(HTTP_NS, entry, ".body").read_bytes()
        except OSError:
            return None
        if hashlib.sha256(body).hexdigest() != record.get("sha256"):
            return None
    return Response(
        url=url,
        final_url=str(record.get("final_url") or url),
        content_type=str(record.get("content_type") or ""),
        body=body,
        charset=record.get("charset"),
        etag=record.get("etag"),
        last_modified=record.get("last_modified"),
        is_media=bool(record.get("media")),
        from_cache=True,
    )


def _remember(store: Store, response: Response) -> None:
    entry = _key(response.url)
    if not response.is_media:
        with store.atomic_path(HTTP_NS, entry, ".body") as tmp:
            tmp.write_bytes(response.body)
    store.write_json(
        HTTP_NS,
        entry,
        {
            "url": response.url,
            "final_url": response.final_url,
            "content_type": response.content_type,
            "charset": response.charset,
            "etag": response.etag,
            "last_modified": response.last_modified,
            "media": response.is_media,
            "sha256": hashlib.sha256(response.body).hexdigest(),
            "fetched": time.time(),
        },
        label=response.url[:200],
    )


__all__ = [
    "DEFAULT_CAP",
    "HTTP_NS",
    "MAX_REDIRECTS",
    "FetchError",
    "Response",
    "cached_response",
    "fetch",
    "fetch_text",
]
