"""Where the audio comes from: a local file, or a URL fetched with yt-dlp (used as a library).

:func:`open_source` turns what the user typed into a :class:`Media`: a local path plus its
content hash and the metadata worth keeping (title, duration, uploader, chapters, and the
published subtitle tracks that ``--transcript auto`` can use when the user has no transcript).

Downloads never print (yt-dlp gets our own logger and ``noprogress``; its progress hooks become
:class:`~aligner.progress.Progress` events), never run post-processors or external commands, and
land in the cache: first in ``downloads/<hash of the URL>/`` (so an interrupted download
continues), then moved to ``media/<sha256><ext>``. URLs and titles never become paths. A URL
seen before is answered from the cache without touching the network.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from aligner.errors import DecodeError, SourceError, UnsupportedSourceError
from aligner.progress import Progress, Stage
from aligner.sources.media import HASHES_NS, Media, MediaInfo, SubtitleTrack
from aligner.sources.ytdlp import media_info_from, open_ie_result, open_url, ydl_options
from aligner.transcript import Chapter

if TYPE_CHECKING:
    from cache.store import Store


def _is_url(source: str) -> bool:
    return urlparse(source).scheme.lower() in {"http", "https", "file"}


def _unsupported_scheme(source: str) -> str | None:
    if "://" not in source:
        return None
    scheme = source.split("://", 1)[0].lower()
    if scheme in {"http", "https", "file"} or len(scheme) < 2 or not scheme.isalpha():
        return None
    return scheme


def open_source(source: str, store: Store | None = None) -> Stage[Media]:
    """Resolve ``source`` (path, ``file://`` or http(s) link) to a local :class:`Media`.

    Raises :class:`SourceError` (one line) when it cannot be found or fetched.
    """
    from cache.store import default_store

    store = store or default_store()
    scheme = _unsupported_scheme(source)
    if scheme:
        raise UnsupportedSourceError(
            f"{source}: {scheme}:// URLs are not supported; give an http(s) URL, a file:// URL "
            "or a local path"
        )
    if urlparse(source).scheme.lower() in {"http", "https"}:
        # A link: media, a post page, a feed (its newest episode) or a video page; see
        # aligner.sources.links (aligner.sources.episode also picks --episode and the transcript).
        from aligner.sources.links import open_link, resolve_link

        link = yield from resolve_link(source, store)
        return (yield from open_link(link, store))
    if _is_url(source):
        return (yield from open_url(source, store))
    return (yield from _open_local(source, store))


# -- local files ----------------------------------------------------------------------------


def _open_local(source: str, store: Store) -> Stage[Media]:
    from aligner.decoding.decode import probe

    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"{source}: no such file; give an audio/video file or an http(s) URL")
    if path.is_dir():
        raise SourceError(f"{source}: is a directory; give an audio or video file")
    path = path.resolve()
    sha = yield from _hash_file(path, store)
    try:
        audio = probe(path)
    except DecodeError as exc:
        raise SourceError(str(exc)) from None
    info = MediaInfo(
        title=_container_title(path) or path.stem,
        duration=audio.duration,
        webpage_url=None,
        chapters=_container_chapters(path),
    )
    return Media(path=path, sha256=sha, info=info, source=str(path))


def _hash_file(path: Path, store: Store) -> Stage[str]:
    """sha256 of ``path``, remembered per (path, size, mtime) so big files are hashed once."""
    import hashlib

    from cache.keys import key

    st = path.stat()
    memo = key("sha256", str(path), st.st_size, st.st_mtime_ns)
    hit = store.read_json(HASHES_NS, memo)
    if hit is not None:
        return str(hit["sha256"])
    digest = hashlib.sha256()
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
            done += len(chunk)
            yield Progress("hash", done, st.st_size, "B", message=f"hashing {path.name}")
    sha = digest.hexdigest()
    store.write_json(HASHES_NS, memo, {"sha256": sha}, label=path.name)
    return sha


def _container_title(path: Path) -> str | None:
    import av

    try:
        with av.open(os.fspath(path)) as container:
            title = container.metadata.get("title") or container.metadata.get("TITLE")
            return str(title) if title else None
    except Exception:
        return None


def _container_chapters(path: Path) -> tuple[Chapter, ...]:
    import av

    try:
        with av.open(os.fspath(path)) as container:
            chapters = container.chapters() if hasattr(container, "chapters") else []
            out: list[Chapter] = []
            for ch in chapters:
                start = float(ch["start"] * ch["time_base"])
                title = (ch.get("metadata") or {}).get("title") or f"Chapter {len(out) + 1}"
                out.append(Chapter(start, str(title)))
            return tuple(out)
    except Exception:
        return ()


def local_path_of(source: str) -> Path | None:
    """The local path a ``file://`` URL or a plain path names (None for http(s) URLs)."""
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme in {"http", "https"}:
        return None
    return Path(source).expanduser()


__all__ = [
    "Media",
    "MediaInfo",
    "SubtitleTrack",
    "media_info_from",
    "open_ie_result",
    "open_source",
    "ydl_options",
]
