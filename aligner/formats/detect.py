"""Telling transcript formats apart from their content, and decoding files into text.

Publishers' files rarely have trustworthy extensions, so the format is sniffed from the text:
JSON shape, the ``WEBVTT`` header, SRT cue numbers and ``-->`` timings, an HTML document or
fragment, markdown speaker turns, timestamped speaker headers, and finally plain prose. Binary
files, PDFs, empty files and JSON of another shape are refused with a one-line
:class:`TranscriptFormatError` naming what was tried.
"""

from __future__ import annotations

import json
import re

from aligner.errors import TranscriptFormatError

#: Every reader, in the order detection tries them.
TRIED = "podalign-json, podcast-json, vtt, srt, html, markdown, timestamped, plain"

_SRT_CUE = re.compile(r"^\s*\d+\s*\r?\n\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->", re.M)
_ANY_CUE_TIMING = re.compile(
    r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3}", re.M
)
#: A document that opens with an HTML tag (after an XML declaration or comments).
_HTML_START = re.compile(
    r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?P<tag>!doctype\s+html|html|head|body|meta|title|"
    r"article|main|section|header|nav|div|p|cite|time|h[1-6]|ul|ol|table)[\s>/]",
    re.I | re.S,
)
_HTML_CLOSE = re.compile(r"</(?:p|div|cite|li|h[1-6]|article|section|body|html)\s*>", re.I)


def _binary(name: str) -> str:
    return (
        f"{name} is a binary file, not a transcript (tried {TRIED}); give a text file: "
        "markdown, SRT, VTT, JSON or plain text"
    )


def decode_bytes(data: bytes, name: str = "transcript") -> str:
    """Bytes -> text (UTF-8, UTF-16 with BOM, else Windows-1252); refuse binary files."""
    if not data.strip():
        raise TranscriptFormatError(f"{name} is empty; give a transcript file with some text")
    if data.startswith(b"%PDF"):
        raise TranscriptFormatError(
            f"{name} is a PDF; export the transcript as text, markdown, SRT, VTT or JSON "
            f"(tried {TRIED})"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise TranscriptFormatError(_binary(name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > max(3, len(text[:8192]) // 100):
        raise TranscriptFormatError(_binary(name))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect(text: str) -> str:
    """The format name of ``text`` (one of :data:`aligner.formats.FORMAT_NAMES`)."""
    stripped = text.lstrip("\ufeff \t\n")
    if not stripped.strip():
        raise TranscriptFormatError("the transcript is empty; give a file with some text")
    if stripped[0] in "{[":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None
        if data is not None:
            return _json_kind(data)
    if re.match(r"WEBVTT(?:[ \t].*)?(?:\n|$)", stripped):
        return "vtt"
    if _SRT_CUE.search(stripped) or len(_ANY_CUE_TIMING.findall(stripped)) >= 2:
        return "srt"
    from aligner.formats import markdown, timestamped

    lines = stripped.splitlines()
    md_turns = sum(1 for line in lines if markdown.is_turn_line(line))
    start = _HTML_START.match(stripped)
    tag = start.group("tag").lower() if start else ""
    if start and (md_turns == 0 or tag.startswith("!") or tag in ("html", "head", "body")):
        return "html"
    if md_turns >= 1:
        return "markdown"
    if timestamped.count_headers(stripped) >= 2:
        return "timestamped"
    if len(_HTML_CLOSE.findall(stripped[:65536])) >= 3:
        return "html"
    letters = sum(1 for c in stripped[:8192] if c.isalpha())
    if letters < 1:
        raise TranscriptFormatError(f"the transcript has no words in it (tried {TRIED})")
    return "plain"


def _json_kind(data: object) -> str:
    if isinstance(data, dict):
        if isinstance(data.get("lines"), list) and "transcript" in data:
            return "podalign-json"
        if isinstance(data.get("segments"), list):
            return "podcast-json"
        keys = ", ".join(sorted(map(str, data))[:6])
        raise TranscriptFormatError(
            "JSON file is neither Podcasting 2.0 ({version, segments: [...]}) nor podalign JSON "
            f"(it has keys: {keys or 'none'}); tried {TRIED}"
        )
    raise TranscriptFormatError(
        f"JSON file holds a {type(data).__name__}, not a Podcasting 2.0 transcript object "
        f"({{version, segments: [...]}}); tried {TRIED}"
    )
