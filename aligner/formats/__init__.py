"""Reading every published-transcript format into one :class:`~aligner.transcript.Transcript`.

``read_transcript(path)`` sniffs the format from the content (:mod:`aligner.formats.detect`)
unless ``format`` forces one, then hands the text to that format's reader module. A podalign
JSON file (an earlier alignment) also reads back as its transcript. Every failure is a one-line
:class:`~aligner.errors.TranscriptFormatError`.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from aligner.errors import TranscriptFormatError
from aligner.formats.detect import decode_bytes, detect
from aligner.transcript import Transcript

#: Reader names accepted by ``format=`` / ``--transcript-format``.
FORMAT_NAMES: tuple[str, ...] = (
    "markdown",
    "timestamped",
    "srt",
    "vtt",
    "podcast-json",
    "html",
    "plain",
    "podalign-json",
)

_ALIASES = {
    "md": "markdown",
    "substack": "markdown",
    "webvtt": "vtt",
    "json": "podcast-json",
    "p20": "podcast-json",
    "htm": "html",
    "xhtml": "html",
    "txt": "plain",
    "text": "plain",
}

_MODULES = {
    "markdown": "aligner.formats.markdown",
    "timestamped": "aligner.formats.timestamped",
    "srt": "aligner.formats.srt",
    "vtt": "aligner.formats.vtt",
    "podcast-json": "aligner.formats.podcast_json",
    "html": "aligner.formats.html",
    "plain": "aligner.formats.plain",
}


def normalise_format(name: str) -> str:
    """A user-given format name -> one of :data:`FORMAT_NAMES` (or TranscriptFormatError)."""
    key = name.strip().lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in FORMAT_NAMES:
        raise TranscriptFormatError(
            f"unknown transcript format {name!r}; choose one of {', '.join(FORMAT_NAMES)}"
        )
    return key


def parse_transcript(text: str, format: str | None = None) -> Transcript:
    """Parse transcript ``text``; detect the format from the content unless ``format`` is given."""
    fmt = normalise_format(format) if format else detect(text)
    if fmt == "podalign-json":
        import json

        from aligner.result_json import from_dict

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TranscriptFormatError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
        return from_dict(data).transcript
    module = importlib.import_module(_MODULES[fmt])
    return module.parse(text)


def read_text(path: str | Path) -> str:
    """A transcript file's text (decoded; TranscriptFormatError if missing, unreadable, binary)."""
    if isinstance(path, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", path.strip()):
        # Path() would fold "http://host" into "http:/host" and report a missing file.
        raise TranscriptFormatError(
            f"{path.strip()} is a web address, not a transcript file: this command reads "
            "files; save the page first (e.g. curl -o page.md URL), or give the URL to "
            "'podalign align SOURCE --transcript URL', which fetches it"
        )
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise TranscriptFormatError(f"transcript file not found: {p}") from None
    except IsADirectoryError:
        raise TranscriptFormatError(f"transcript path is a folder, not a file: {p}") from None
    except OSError as exc:
        raise TranscriptFormatError(f"cannot read transcript {p}: {exc.strerror or exc}") from None
    return decode_bytes(data, name=str(p))


def read_transcript(path: str | Path, format: str | None = None) -> Transcript:
    """Read a transcript file; see :func:`parse_transcript`."""
    text = read_text(path)
    try:
        return parse_transcript(text, format)
    except TranscriptFormatError as exc:
        raise TranscriptFormatError(f"{path}: {exc}") from None


__all__ = [
    "FORMAT_NAMES",
    "normalise_format",
    "parse_transcript",
    "read_text",
    "read_transcript",
]
