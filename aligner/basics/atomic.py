"""Writing a user's output file atomically, with a one-line error when it cannot be written.

Every file podalign writes for the user (``-o`` exports, ``podalign transcribe -o``) goes
through :func:`write_text_atomic`: the text goes to a temp file beside the target, which is then
renamed onto it (:func:`cache.atomic.atomic_path`, the single atomic-replace primitive, shared
with the cache store), so a failure never leaves a truncated file. A new file gets the usual
permissions (``0666`` less the umask); a replaced one keeps its own.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from aligner.errors import OutputError
from cache.atomic import atomic_path


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically.

    Raises :class:`OutputError` (one line, with advice) on any OS error.
    """
    try:
        with atomic_path(path) as tmp:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            if path.exists():
                with contextlib.suppress(OSError):
                    os.chmod(tmp, path.stat().st_mode & 0o777)
    except OSError as exc:
        if exc.errno in {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}:
            advice = "the disk is full or a file size limit was reached; free some space"
        else:
            advice = "check the folder is writable"
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; {advice}") from None


__all__ = ["write_text_atomic"]
