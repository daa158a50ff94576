"""Domain exceptions of the core.

The core raises these; only the edges (the CLI and the TUI) turn them into one-line messages
and exit codes. Every message should name the problem and, where possible, what to do.
"""

from __future__ import annotations


class PodalignError(Exception):
    """A failure the user can understand and act on. Exit code 1 unless overridden."""

    exit_code: int = 1


class UsageError(PodalignError):
    """The command line or its arguments are wrong (exit code 2)."""

    exit_code = 2


class TranscriptFormatError(PodalignError):
    """A transcript file could not be read as any supported format."""


class SourceError(PodalignError):
    """The audio/video source could not be found, fetched or opened."""


class DecodeError(PodalignError):
    """The media was found but could not be decoded as audio."""


class ModelError(PodalignError):
    """A Whisper model could not be resolved or loaded, or the device is unavailable."""


class AlignmentError(PodalignError):
    """The transcript could not be aligned to the audio (e.g. it is for another episode)."""


class CacheError(PodalignError):
    """The cache could not be read or written."""


class OutputError(PodalignError):
    """An output file could not be written where the user asked."""


class Cancelled(PodalignError):
    """A long stage was cancelled by the user (Ctrl-C, closing the player)."""

    exit_code = 130


class EditError(PodalignError):
    """A user edit (text or timing correction) cannot be made or does not fit the alignment."""


class UnknownModelError(ModelError, UsageError):
    """The model name given is not one podalign knows (a usage error: exit code 2)."""


class UnsupportedSourceError(SourceError, UsageError):
    """The source names a URL scheme podalign cannot fetch (a usage error: exit code 2)."""


def describe_os_error(exc: OSError) -> str:
    """A one-line message for an operating-system error (disk full, no permission, ...) that
    names the problem and what to do; for edges that must turn a stray ``OSError`` into words."""
    import errno

    reason = exc.strerror or type(exc).__name__
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}:
        return (
            f"a write failed: {reason}{where}; the disk is full or a file size limit was "
            "reached: free some space and run again (finished work is kept in the cache)"
        )
    if exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        return (
            f"{reason}{where}: podalign may not write there; check the permissions, or set "
            "PODALIGN_CACHE to a writable folder if it is the cache"
        )
    return f"{reason}{where}; run again with --debug for the details"
