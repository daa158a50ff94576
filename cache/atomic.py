"""The one atomic-replace primitive: write beside the target, fsync, rename into place.

It lives in :mod:`cache` (the bottom layer) because both the cache store and the core's output
writers (:mod:`aligner.basics.atomic`) need it, and the core may import the cache but not the
other way round. A reader never sees a half-written file: it sees the old one or the new one.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (best effort: not every filesystem allows it)."""
    with suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temp_path_for(final: Path) -> Path:
    """A hidden, unique (per process and call) temp name in ``final``'s folder."""
    return final.with_name(f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temp path beside ``final``; on success it is fsynced and renamed onto ``final``.

    The caller creates the temp path (a file, or a folder). On an exception it is removed and
    ``final`` is untouched.
    """
    tmp = temp_path_for(final)
    try:
        yield tmp
        if tmp.is_file():
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, final)
        fsync_dir(final.parent)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            with suppress(FileNotFoundError):
                tmp.unlink()


__all__ = ["atomic_path", "fsync_dir", "temp_path_for"]
