"""Inter-process locks for cache entries, so two podalign processes never corrupt an entry.

A lock is an exclusive ``fcntl.flock`` on a small ``.lock`` file next to the entry. The kernel
drops it when the holder exits (even on SIGKILL), so a crashed run never leaves a stale lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: fall back to msvcrt byte-range locks
    fcntl = None  # type: ignore[assignment]
    import msvcrt


@contextmanager
def file_lock(path: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on ``path`` (created if missing), waiting for other holders.

    With ``wait=False`` it does not wait: it yields False at once when another process holds
    the lock (and True when it got it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except (BlockingIOError, PermissionError):
            if wait:
                raise
            yield False
            return
        try:
            yield True
        finally:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            else:  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)


def is_locked(path: Path) -> bool:
    """True when another process holds the lock at ``path`` right now (non-blocking probe)."""
    if fcntl is None or not path.exists():  # pragma: no cover
        return False
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


__all__ = ["file_lock", "is_locked"]
