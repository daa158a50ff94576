"""The on-disk, content-addressed store behind every cached podalign result.

Layout: ``<root>/<namespace>/<key><suffix>``. Namespaces group kinds of entries (``media``,
``downloads``, ``transcriptions``, ``alignments``, ``models``...); keys come from
:func:`cache.keys.key` or a content hash, so no URL or title ever becomes a path.

JSON entries carry a sha256 of their payload in a one-line header and are verified on every
read: a truncated or corrupted entry reads as absent (and is recomputed), never as bad data.
Every write is atomic (temp file in the same directory, fsync, ``os.replace``), and
:meth:`Store.lock` gives an inter-process lock per entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cache.atomic import atomic_path
from cache.lock import file_lock, is_locked

ENV_VAR = "PODALIGN_CACHE"
_MAGIC = "podalign-cache-v1"
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


@dataclass(frozen=True)
class Entry:
    """One cache entry as ``podalign cache list`` shows it (all files sharing a key)."""

    namespace: str
    key: str
    size: int
    mtime: float
    label: str = ""
    locked: bool = False


@dataclass(frozen=True)
class ClearResult:
    removed: int
    freed: int
    skipped_locked: int


def default_root() -> Path:
    """``$PODALIGN_CACHE`` if set, else the platform's user cache dir for ``podalign``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("podalign", appauthor=False))


def _check_name(kind: str, name: str) -> None:
    if not name or name in {".", ".."} or not set(name) <= _SAFE or name.startswith("."):
        raise ValueError(f"unsafe cache {kind} {name!r}")


class Store:
    """A cache rooted at ``root`` (default: :func:`default_root`)."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_root()

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # -- paths ---------------------------------------------------------------------------
    def path(self, ns: str, key: str, suffix: str = "") -> Path:
        """Where entry ``key`` of namespace ``ns`` lives (``suffix`` e.g. ``".opus"``).

        The namespace directory is created; the entry itself is not.
        """
        _check_name("namespace", ns)
        _check_name("key", key)
        if suffix and (not set(suffix) <= _SAFE or "/" in suffix):
            raise ValueError(f"unsafe cache suffix {suffix!r}")
        directory = self.root / ns
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unusable(exc) from None
        return directory / f"{key}{suffix}"

    def _unusable(self, exc: OSError) -> Exception:
        """The one-line error for a cache folder that cannot be created or written."""
        from aligner.errors import CacheError

        reason = exc.strerror or type(exc).__name__
        named = f" ({ENV_VAR})" if os.environ.get(ENV_VAR) else ""
        return CacheError(
            f"cannot use the cache folder {self.root}{named}: {reason}; set {ENV_VAR} to a "
            f"folder podalign may write, e.g. export {ENV_VAR}=~/.cache/podalign"
        )

    @contextmanager
    def atomic_path(self, ns: str, key: str, suffix: str = "") -> Iterator[Path]:
        """Yield a temp path beside the entry; on success it is fsynced and renamed into place.

        On an exception the temp file is removed and the entry is untouched.
        """
        with atomic_path(self.path(ns, key, suffix)) as tmp:
            yield tmp

    # -- JSON entries ----------------------------------------------------------------------
    def read_json(self, ns: str, key: str) -> dict[str, Any] | None:
        """The entry's data, or None when it is absent, truncated or fails its checksum."""
        path = self.path(ns, key, ".json")
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None
        header_raw, sep, payload = raw.partition(b"\n")
        if not sep:
            return None
        try:
            header = json.loads(header_raw)
            if header.get("magic") != _MAGIC:
                return None
            if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
                return None
            data = json.loads(payload)
        except (ValueError, AttributeError):
            return None
        return data if isinstance(data, dict) else None

    def write_json(self, ns: str, key: str, data: dict[str, Any], label: str = "") -> Path:
        """Atomically write ``data`` as entry ``key`` (with an optional label for listings)."""
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = {
            "magic": _MAGIC,
            "sha256": hashlib.sha256(payload).hexdigest(),
            "label": label,
            "written": time.time(),
        }
        with self.atomic_path(ns, key, ".json") as tmp, open(tmp, "wb") as fh:
            fh.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
            fh.write(payload)
        return self.path(ns, key, ".json")

    def set_label(self, ns: str, key: str, label: str) -> None:
        """Attach a human label (e.g. a title) to a non-JSON entry, for ``cache list``."""
        with self.atomic_path(ns, key, ".label") as tmp:
            tmp.write_text(label, encoding="utf-8")

    # -- locking -------------------------------------------------------------------------------
    @contextmanager
    def lock(self, ns: str, key: str, *, wait: bool = True) -> Iterator[bool]:
        """Exclusive inter-process lock on entry ``key`` (waits while another process holds it;
        with ``wait=False`` yields False at once instead)."""
        with file_lock(self.path(ns, key, ".lock"), wait=wait) as held:
            yield held

    # -- listing and clearing -------------------------------------------------------------------
    def _groups(self) -> dict[tuple[str, str], list[Path]]:
        groups: dict[tuple[str, str], list[Path]] = {}
        if not self.root.is_dir():
            return groups
        for ns_dir in sorted(p for p in self.root.iterdir() if p.is_dir()):
            for item in sorted(ns_dir.iterdir()):
                name = item.name.lstrip(".")
                entry_key = name.split(".", 1)[0]
                if not entry_key:
                    continue
                groups.setdefault((ns_dir.name, entry_key), []).append(item)
        return groups

    @staticmethod
    def _size(path: Path) -> int:
        try:
            if path.is_dir():
                return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            return path.stat().st_size
        except OSError:
            return 0

    def _label(self, items: list[Path]) -> str:
        for item in items:
            if item.name.endswith(".label"):
                with suppress(OSError):
                    return item.read_text(encoding="utf-8").strip()
        for item in items:
            if item.name.endswith(".json") and item.is_file():
                with suppress(OSError, ValueError), open(item, "rb") as fh:
                    return str(json.loads(fh.readline()).get("label", ""))
        return ""

    def entries(self) -> list[Entry]:
        """Every entry: namespace, key, total size in bytes, newest mtime, label, locked."""
        out = []
        for (ns, entry_key), items in self._groups().items():
            real = [i for i in items if not i.name.endswith(".lock")]
            if not real:
                continue
            mtimes = [i.stat().st_mtime for i in real if i.exists()]
            lock_path = self.root / ns / f"{entry_key}.lock"
            out.append(
                Entry(
                    namespace=ns,
                    key=entry_key,
                    size=sum(self._size(i) for i in real),
                    mtime=max(mtimes, default=0.0),
                    label=self._label(real),
                    locked=is_locked(lock_path),
                )
            )
        return out

    def clear(self, older_than: float | None = None, *, user_data: bool = False) -> ClearResult:
        """Remove entries not touched for ``older_than`` seconds (all when None).

        Entries locked by a running process are skipped, so clearing never breaks a run. The
        user's own data (:data:`USER_DATA_NAMESPACES`: edits, resume positions) is kept unless
        ``user_data`` is True: it cannot be recomputed like a download or a transcription.
        """
        cutoff = None if older_than is None else time.time() - older_than
        removed = freed = skipped = 0
        for (ns, entry_key), items in self._groups().items():
            if ns in USER_DATA_NAMESPACES and not user_data:
                continue
            real = [i for i in items if not i.name.endswith(".lock")]
            mtime = max((i.stat().st_mtime for i in real if i.exists()), default=0.0)
            if cutoff is not None and real and mtime >= cutoff:
                continue
            lock_path = self.root / ns / f"{entry_key}.lock"
            if is_locked(lock_path):
                skipped += 1
                continue
            size = sum(self._size(i) for i in real)
            for item in items:
                if item.is_dir():
                    shutil.rmtree(item, ignore_errors=True)
                else:
                    with suppress(FileNotFoundError):
                        item.unlink()
            if real:
                removed += 1
                freed += size
        return ClearResult(removed=removed, freed=freed, skipped_locked=skipped)


#: Namespaces holding what the user made (not recomputable): ``cache clear`` keeps them.
USER_DATA_NAMESPACES = frozenset({"edits", "resume"})

_DEFAULT: dict[Path, Store] = {}


def default_store() -> Store:
    """The store at :func:`default_root` (re-read each call, so ``PODALIGN_CACHE`` applies)."""
    root = default_root()
    if root not in _DEFAULT:
        _DEFAULT[root] = Store(root)
    return _DEFAULT[root]


__all__ = [
    "ENV_VAR",
    "USER_DATA_NAMESPACES",
    "ClearResult",
    "Entry",
    "Store",
    "default_root",
    "default_store",
]
