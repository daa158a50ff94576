"""URLs fetched with yt-dlp used as a library: no printing, no post-processors, cached.

yt-dlp gets our own logger and ``noprogress``; its progress hooks become
:class:`~aligner.progress.Progress` events. It never runs post-processors or external commands
(native downloaders only, no fixups, live streams refused). Files land in the cache: first in
``downloads/<hash of the URL>/`` (so an interrupted download continues), then moved to
``media/<sha256><ext>``. URLs and titles never become paths; a URL seen before is answered from
the cache without touching the network.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.errors import Cancelled, DecodeError, SourceError
from aligner.progress import Progress, Stage
from aligner.transcript import Chapter

if TYPE_CHECKING:
    from cache.store import Store

from aligner.sources.media import (
    DOWNLOADS_NS,
    MEDIA_NS,
    SOURCES_NS,
    Media,
    MediaInfo,
    SubtitleTrack,
)


class _Logger:
    """yt-dlp's logger: keep messages (the last error explains a failure), print nothing."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def debug(self, msg: str) -> None:
        pass

    def info(self, msg: str) -> None:
        pass

    def warning(self, msg: str) -> None:
        self.warnings.append(msg)

    def error(self, msg: str) -> None:
        self.errors.append(msg)


#: Best audio over protocols yt-dlp downloads by itself: never rtmp (rtmpdump) or the like.
_NATIVE_FORMAT = "/".join(
    f"{kind}[protocol{test}]"
    for kind in ("bestaudio", "best")
    for test in ("^=http", "^=m3u8", "=file")
)


def _refuse_live(info: dict[str, Any], *, incomplete: bool = False) -> str | None:
    """yt-dlp match filter: a live stream would need ffmpeg (and never ends); skip it."""
    if info.get("is_live") or info.get("live_status") in {"is_live", "is_upcoming"}:
        return "live stream"
    return None


def ydl_options(outdir: Path, hook: Any, logger: Any, *, allow_file_urls: bool) -> dict[str, Any]:
    """The yt-dlp options podalign uses: best audio, no post-processing, silent, in ``outdir``.

    Nothing external ever runs: no post-processors, no ffmpeg fix-ups, native downloaders only
    (formats that only an external program could fetch are not picked), no live streams.
    """
    return {
        "format": _NATIVE_FORMAT,
        "fixup": "never",
        "external_downloader": {"default": "native"},
        "hls_prefer_native": True,
        "match_filter": _refuse_live,
        "outtmpl": {"default": os.fspath(outdir / "media.%(ext)s")},
        "paths": {},
        "postprocessors": [],
        "logger": logger,
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "progress_hooks": [hook],
        "noplaylist": True,
        "cachedir": False,
        "continuedl": True,
        "overwrites": False,
        "writesubtitles": False,
        "writeautomaticsub": False,
        "writethumbnail": False,
        "writeinfojson": False,
        "socket_timeout": 20,
        "retries": 3,
        "enable_file_urls": allow_file_urls,
        "color": {"stdout": "never", "stderr": "never"},
    }


def media_info_from(info: dict[str, Any]) -> MediaInfo:
    """Keep what podalign uses from a yt-dlp info dict."""
    chapters = tuple(
        Chapter(float(c.get("start_time") or 0.0), str(c.get("title") or f"Chapter {i + 1}"))
        for i, c in enumerate(info.get("chapters") or ())
    )
    subs: list[SubtitleTrack] = []
    for field_name, automatic in (("subtitles", False), ("automatic_captions", True)):
        for lang, tracks in sorted((info.get(field_name) or {}).items()):
            for track in tracks or ():
                if track.get("url"):
                    ext = track.get("ext") or "vtt"
                    subs.append(SubtitleTrack(lang, ext, track["url"], automatic))
    duration = info.get("duration")
    return MediaInfo(
        title=str(info.get("title") or info.get("id") or "untitled"),
        duration=float(duration) if duration else None,
        uploader=info.get("uploader") or info.get("channel") or info.get("artist"),
        webpage_url=info.get("webpage_url") or info.get("original_url"),
        chapters=chapters,
        subtitles=tuple(subs),
        language=info.get("language") or None,
    )


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    if text.startswith("ERROR: "):
        text = text[7:]
    return text[:200]


def open_url(url: str, store: Store) -> Stage[Media]:
    from cache.keys import key

    known = _cached_source(store, key("url", url), url)
    if known is not None:
        return known
    return (
        yield from _fetch_once(
            store,
            url,
            lambda ydl: ydl.extract_info(url),
            allow_file_urls=url.lower().startswith("file:"),
        )
    )


def open_ie_result(info: dict[str, Any], store: Store | None = None) -> Stage[Media]:
    """Download and open an already-extracted yt-dlp info dict (``process_ie_result``).

    For results built elsewhere (an extractor run earlier, a feed entry, tests); cached by the
    info dict's ``webpage_url`` (or ``url``) like :func:`open_source` caches URLs.
    """
    from cache.store import default_store

    store = store or default_store()
    url = str(info.get("webpage_url") or info.get("url") or info.get("id"))
    return (
        yield from _fetch_once(
            store,
            url,
            lambda ydl: ydl.process_ie_result(dict(info), download=True),
            allow_file_urls=_has_file_urls(info),
        )
    )


def _fetch_once(
    store: Store, url: str, run: Callable[[Any], Any], *, allow_file_urls: bool
) -> Stage[Media]:
    """Download ``url`` with ``run(ydl)`` under the URL's lock, unless a concurrent run (or an
    earlier one) already stored it: then answer from the cache."""
    from cache.keys import key

    url_key = key("url", url)
    with store.lock(SOURCES_NS, url_key):
        known = _cached_source(store, url_key, url)
        if known is not None:
            return known
        return (yield from _download(store, url_key, url, run, allow_file_urls=allow_file_urls))


def _has_file_urls(info: dict[str, Any]) -> bool:
    urls = [info.get("url")] + [f.get("url") for f in info.get("formats") or ()]
    return any(str(u).lower().startswith("file:") for u in urls if u)


def _cached_source(store: Store, url_key: str, url: str) -> Media | None:
    record = store.read_json(SOURCES_NS, url_key)
    if record is None:
        return None
    path = store.path(MEDIA_NS, record["sha256"], record.get("suffix", ""))
    if not path.is_file():
        return None
    return Media(path, record["sha256"], MediaInfo.from_dict(record["info"]), url)


def _download(
    store: Store, url_key: str, url: str, run: Any, *, allow_file_urls: bool
) -> Stage[Media]:
    from yt_dlp import YoutubeDL
    from yt_dlp.utils import DownloadCancelled, DownloadError

    from cache.keys import sha256_file

    outdir = store.path(DOWNLOADS_NS, url_key)
    outdir.mkdir(parents=True, exist_ok=True)
    events: queue.Queue[Any] = queue.Queue()
    cancel = threading.Event()
    logger = _Logger()

    def hook(d: dict[str, Any]) -> None:
        if cancel.is_set():
            raise DownloadCancelled("cancelled")
        total = d.get("total_bytes") or d.get("total_bytes_estimate")
        events.put(Progress("download", float(d.get("downloaded_bytes") or 0), total, "B"))

    result: dict[str, Any] = {}

    def worker() -> None:
        try:
            opts = ydl_options(outdir, hook, logger, allow_file_urls=allow_file_urls)
            with YoutubeDL(opts) as ydl:
                result["info"] = ydl.sanitize_info(run(ydl))
        except BaseException as exc:  # re-raised in the generator's thread
            result["error"] = exc
        finally:
            events.put(None)

    thread = threading.Thread(target=worker, name="podalign-download", daemon=True)
    yield Progress("download", 0.0, None, "B", message="fetching media information")
    thread.start()
    try:
        while True:
            try:
                event = events.get(timeout=0.25)
            except queue.Empty:
                continue
            if event is None:
                break
            yield event
    finally:
        cancel.set()
        thread.join()

    error = result.get("error")
    if error is not None and not any(outdir.iterdir()):
        outdir.rmdir()
    if isinstance(error, DownloadCancelled):
        raise Cancelled("download cancelled; it continues from here next time")
    if error is not None:
        if isinstance(error, DownloadError):
            reason = _one_line(logger.errors[-1] if logger.errors else str(error))
        else:
            reason = _one_line(str(error))
        raise SourceError(
            f"cannot fetch {url}: {reason}; check the URL and your network connection"
        ) from None
    info = result.get("info") or {}
    if info.get("is_live") or info.get("live_status") in {"is_live", "is_upcoming"}:
        raise SourceError(f"{url} is a live stream; give the URL of a recorded episode")
    if info.get("_type") in {"playlist", "multi_video"}:
        raise SourceError(f"{url} is a playlist; give the URL of a single episode or video")
    downloads = info.get("requested_downloads") or []
    filepath = downloads[0].get("filepath") if downloads else None
    if not filepath or not Path(filepath).is_file():
        raise SourceError(f"cannot fetch {url}: yt-dlp produced no media file")
    downloaded = Path(filepath)
    yield Progress("download", 1.0, 1.0, "", message="hashing download")
    sha = sha256_file(downloaded)
    suffix = downloaded.suffix if downloaded.suffix[1:].isalnum() else ""
    final = store.path(MEDIA_NS, sha, suffix)
    if final.exists():
        downloaded.unlink()
    else:
        os.replace(downloaded, final)
    shutil.rmtree(outdir, ignore_errors=True)
    media_info = media_info_from(info)
    if media_info.duration is None:
        from dataclasses import replace

        from aligner.decoding.decode import probe

        try:
            media_info = replace(media_info, duration=probe(final).duration)
        except DecodeError as exc:
            raise SourceError(f"{url}: the download is not playable media ({exc})") from None
    store.set_label(MEDIA_NS, sha, media_info.title)
    store.write_json(
        SOURCES_NS,
        url_key,
        {"url": url, "sha256": sha, "suffix": suffix, "info": media_info.to_dict()},
        label=media_info.title,
    )
    return Media(final, sha, media_info, url)
