"""Cache keys: content hashes of files and stable digests of key parts.

Cache entries are addressed by what they were computed from (the audio's sha256, the model's
identity, the options that change the output), never by user-supplied names or URLs, so a key
is always a safe file name and the same inputs always find the same entry.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """The hex sha256 of a file's bytes, read in 1 MiB chunks (memory stays flat)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    """The hex sha256 of a string's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(part: Any) -> Any:
    if isinstance(part, Path):
        return str(part)
    if isinstance(part, (tuple, list)):
        return [_canonical(p) for p in part]
    if isinstance(part, dict):
        return {str(k): _canonical(v) for k, v in part.items()}
    return part


def key(*parts: Any) -> str:
    """A 40-hex-digit key for ``parts`` (str, numbers, None, lists, dicts, Paths).

    The parts are serialised canonically (sorted dict keys, tuples as lists), so equal inputs
    give equal keys across processes and Python versions.
    """
    blob = json.dumps(_canonical(list(parts)), sort_keys=True, separators=(",", ":"))
    return sha256_text(blob)[:40]


__all__ = ["key", "sha256_file", "sha256_text"]
