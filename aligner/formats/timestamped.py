"""Reading the usual transcript exports with a speaker and a time per turn (Otter, Descript, Rev).

Three header styles are recognised, each opening a turn whose text runs until the next header:

- ``Speaker (00:01:07): text`` (Rev; the text may also start on the next line),
- ``[00:01:07] Speaker: text`` (Descript; ``Speaker: [00:01:07] text`` too),
- ``Speaker  00:01:07`` alone on a line, the text on the following lines (Otter).

Blank lines separate paragraphs inside a turn. Text before the first header (a title) is not
transcript.
"""

from __future__ import annotations

import re

from aligner.errors import TranscriptFormatError
from aligner.formats.common import SPEAKER, TIMESTAMP, RawTurn, build_from_turns, parse_timestamp
from aligner.transcript import Transcript

_HEADERS = (
    re.compile(rf"^(?P<speaker>{SPEAKER})[ \t]*\((?P<ts>{TIMESTAMP})\)[ \t]*:?[ \t]*(?P<text>.*)$"),
    re.compile(
        rf"^[\[(](?P<ts>{TIMESTAMP})[\])][ \t]*(?:(?P<speaker>{SPEAKER})[ \t]*:)?"
        rf"[ \t]*(?P<text>.*)$"
    ),
    re.compile(rf"^(?P<speaker>{SPEAKER}):[ \t]*[\[(](?P<ts>{TIMESTAMP})[\])][ \t]*(?P<text>.*)$"),
    re.compile(rf"^(?P<speaker>{SPEAKER})[ \t]+(?:[-–|][ \t]*)?(?P<ts>{TIMESTAMP})[ \t]*$"),
    re.compile(rf"^(?P<ts>{TIMESTAMP})[ \t]+(?P<speaker>{SPEAKER})[ \t]*:?[ \t]*$"),
)


def _header(line: str) -> re.Match[str] | None:
    line = line.strip().replace("\xa0", " ")
    for pattern in _HEADERS:
        m = pattern.match(line)
        if m:
            return m
    return None


def count_headers(text: str) -> int:
    """How many lines of ``text`` look like a timestamped turn header (format detection)."""
    return sum(1 for line in text.splitlines() if _header(line))


def parse(text: str) -> Transcript:
    """Read a timestamped transcript; TranscriptFormatError if it has no turn headers."""
    turns: list[RawTurn] = []
    current: RawTurn | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if current is not None and paragraph:
            current.paragraphs.append(" ".join(paragraph))
        paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        m = _header(line)
        if m:
            flush()
            speaker = (m.groupdict().get("speaker") or "").strip() or None
            current = RawTurn(speaker, parse_timestamp(m.group("ts")), [])
            turns.append(current)
            first_text = (m.groupdict().get("text") or "").strip()
            if first_text:
                paragraph.append(first_text)
        elif not line:
            flush()
        elif current is not None:
            paragraph.append(line)
    flush()
    headers = len(turns)
    turns = [t for t in turns if t.paragraphs]
    if not turns and headers:
        raise TranscriptFormatError(
            "the transcript has timestamps but no text after them; give one with the spoken words"
        )
    if not turns:
        raise TranscriptFormatError(
            "no timestamped turns like 'Speaker (00:01:07):', '[00:01:07] Speaker:' or "
            "'Speaker  00:01:07' found"
        )
    return build_from_turns(turns, "timestamped", source_text=text)
