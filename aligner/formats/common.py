"""Pieces every transcript reader shares: timestamps, speaker prefixes and building a Transcript.

Readers differ in how they find turns and cues; once they have them, building the frozen
:class:`~aligner.transcript.Transcript` (sentence lines for prose, one line per cue for captions)
is the same everywhere and lives here so the line model is identical across formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.basics.timefmt import TIMESTAMP, parse_timestamp
from aligner.errors import TranscriptFormatError
from aligner.formats.sentences import split_sentences
from aligner.transcript import Chapter, Line, Transcript, Turn

#: A plausible speaker name before a colon: up to five words, starting with a capital or digit
#: ("Nathan Lambert", "Speaker 1", "Dr. Jane O'Neil", "SPEAKER_01").
SPEAKER = (
    r"[A-Z][\w.'’\-]*(?: (?:[A-Z0-9][\w.'’\-]*|&|de|da|del|der|di|du|la|le|van|von|bin|al))"
    r"{0,4}"
)
_SPEAKER_PREFIX = re.compile(rf"^(?:>>\s*|-\s*)?({SPEAKER}|\[{SPEAKER}\]):\s+(?=\S)")
#: Words that look like a speaker before a colon but start ordinary sentences.
_NOT_SPEAKERS = {
    "note",
    "example",
    "update",
    "warning",
    "edit",
    "ps",
    "p.s",
    "tl;dr",
    "q",
    "a",
    "question",
    "answer",
    "http",
    "https",
    "step",
    "so",
    "but",
    "and",
    "the",
    "well",
    "also",
    "yes",
    "no",
    "yeah",
    "ok",
    "okay",
    "here's the thing",
    "the point is",
    "bottom line",
}


def split_speaker(text: str) -> tuple[str | None, str]:
    """``"Name: text"`` -> ``("Name", "text")``; ``(None, text)`` when there is no name prefix."""
    m = _SPEAKER_PREFIX.match(text)
    if not m:
        return None, text
    name = m.group(1).strip("[]").strip()
    if name.lower().rstrip(".") in _NOT_SPEAKERS or len(name) > 40:
        return None, text
    return name, text[m.end() :]


@dataclass
class RawTurn:
    """A turn as a reader found it, before lines are split."""

    speaker: str | None
    start: float | None
    paragraphs: list[str]


@dataclass
class RawCue:
    """A caption cue as a reader found it: one line of the transcript."""

    speaker: str | None
    start: float | None
    end: float | None
    text: str


def clean_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def build_from_turns(
    raw: list[RawTurn],
    fmt: str,
    *,
    chapters: tuple[Chapter, ...] = (),
    title: str | None = None,
    source_text: str | None = None,
) -> Transcript:
    """Prose transcripts: each turn's paragraphs split into sentence lines.

    The first line of a turn carries the turn's published start; the others get theirs from
    :func:`aligner.transcript.published_spans` later.
    """
    turns: list[Turn] = []
    lines: list[Line] = []
    for rt in raw:
        paragraphs = tuple(p for p in (clean_ws(p) for p in rt.paragraphs) if p)
        if not paragraphs:
            continue
        t_index = len(turns)
        turns.append(Turn(t_index, rt.speaker, rt.start, paragraphs))
        first = True
        for p_index, para in enumerate(paragraphs):
            for sentence in split_sentences(para):
                lines.append(
                    Line(
                        index=len(lines),
                        turn=t_index,
                        speaker=rt.speaker,
                        text=sentence,
                        published_start=rt.start if first else None,
                        paragraph=p_index,
                    )
                )
                first = False
    return Transcript(
        turns=tuple(turns),
        lines=tuple(lines),
        chapters=chapters,
        format=fmt,
        title=title,
        source_text=source_text,
    )


def build_from_cues(
    cues: list[RawCue],
    fmt: str,
    *,
    chapters: tuple[Chapter, ...] = (),
    title: str | None = None,
    source_text: str | None = None,
    inherit_speaker: bool = True,
) -> Transcript:
    """Caption transcripts: one line per cue (keeping its times); a turn per run of one speaker.

    With ``inherit_speaker`` a cue without a speaker continues the previous speaker's turn (SRT
    and VTT mark ``Name:`` only at speaker changes); without it (Podcasting 2.0, where every
    segment names its speaker) such a cue has no speaker. A turn's paragraph is its cues' text.
    """
    turns: list[Turn] = []
    lines: list[Line] = []
    current: list[Line] = []
    speaker: str | None = None

    def close() -> None:
        if current:
            turns.append(
                Turn(
                    len(turns),
                    current[0].speaker,
                    current[0].published_start,
                    (" ".join(line.text for line in current),),
                )
            )
            current.clear()

    for cue in cues:
        text = clean_ws(cue.text)
        if not text:
            continue
        changed = cue.speaker != speaker or not current
        if changed and (cue.speaker is not None or not inherit_speaker):
            close()
            speaker = cue.speaker
        line = Line(
            index=len(lines),
            turn=len(turns),
            speaker=speaker,
            text=text,
            published_start=cue.start,
            published_end=cue.end,
            paragraph=0,
        )
        lines.append(line)
        current.append(line)
    close()
    return Transcript(
        turns=tuple(turns),
        lines=tuple(lines),
        chapters=chapters,
        format=fmt,
        title=title,
        source_text=source_text,
    )


def require_lines(transcript: Transcript, what: str) -> Transcript:
    """Raise the reader's one-line error when it found nothing to read."""
    if not transcript.lines:
        raise TranscriptFormatError(f"no {what} found")
    return transcript


_TIMING = re.compile(rf"^\s*({TIMESTAMP})\s*-->\s*({TIMESTAMP})(?:[ \t]+(.*))?\s*$")


@dataclass
class CueBlock:
    """A caption cue as written in an SRT/VTT file: times, settings and raw payload lines."""

    start: float
    end: float
    settings: str
    payload: list[str]


def scan_cue_blocks(text: str, *, strict_blank: bool) -> list[CueBlock]:
    """Find every ``start --> end`` cue and its payload lines.

    A payload ends at a blank line (only an empty one when ``strict_blank``: YouTube puts lines
    of one space inside cues) or at the next timing line; a bare number right before a timing
    line is the next SRT cue's index, and a line right before it is the next VTT cue's id.
    """
    blocks: list[CueBlock] = []
    current: CueBlock | None = None
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _TIMING.match(line)
        if m:
            if current is not None and current.payload and i > 0 and lines[i - 1].strip():
                current.payload.pop()  # the next cue's number/identifier
            current = CueBlock(
                parse_timestamp(m.group(1)), parse_timestamp(m.group(2)), m.group(3) or "", []
            )
            blocks.append(current)
            continue
        blank = (line == "") if strict_blank else (line.strip() == "")
        if blank:
            current = None
        elif current is not None:
            current.payload.append(line)
    return blocks
