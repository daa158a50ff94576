"""Reading podcast pages in markdown (Substack and similar): the transcript section and chapters.

A page such as ``interconnects-ross-taylor.md`` has front matter, show notes, a chapter list and,
under a "Transcript" heading, speaker turns like ``**Nathan Lambert**\\xa0\\[00:01:07\\]: text``
followed by continuation paragraphs. Only the turns are transcript; the chapter list becomes
:attr:`Transcript.chapters`. Text is turned from markdown into plain text (escapes, links,
emphasis). :func:`scan` also reports where each turn's timestamp sits in the page so the
re-timed original (:mod:`aligner.export.markdown`) can rewrite exactly those characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from aligner.errors import TranscriptFormatError
from aligner.formats.common import TIMESTAMP, RawTurn, build_from_turns, parse_timestamp
from aligner.transcript import Chapter, Transcript

_WS = r"[ \t\xa0]"


def _stamp(n: str) -> str:
    """``\\[ts\\]``, ``[ts]`` or ``(ts)``, capturing the digits as group ``n`` or ``n + "p"``."""
    return rf"(?:\\?\[(?P<{n}>{TIMESTAMP})\\?\]|\((?P<{n}p>{TIMESTAMP})\))"


# **Name** [00:01:07]: text  |  **Name** (00:01:07): text  |  **Name**: text  |  **Name:** text
_TURN_SPEAKER_FIRST = re.compile(
    rf"^\*\*(?P<speaker>[^*\n]{{1,60}}?)(?P<colon_in>:)?\*\*{_WS}*"
    rf"{_stamp('ts')}?{_WS}*(?P<colon>:)?{_WS}*(?P<text>.*)$"
)
# [00:01:07] **Name**: text
_TURN_TIME_FIRST = re.compile(
    rf"^{_stamp('ts')}{_WS}*\*\*(?P<speaker>[^*\n]{{1,60}}?):?\*\*{_WS}*:?{_WS}*"
    rf"(?P<text>.*)$"
)
# [00:01:07] text  (a timed turn without a speaker; only inside the transcript)
_TURN_NO_SPEAKER = re.compile(rf"^{_stamp('ts')}{_WS}*:?{_WS}+(?P<text>\S.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|(?:\* ){2,}\*)\s*$")
_CHAPTER_TIME_FIRST = re.compile(
    rf"^\s*(?:[-*+]|\d+[.)])?{_WS}*{_stamp('ts')}?(?P<bare>{TIMESTAMP})?"
    rf"{_WS}*[-–—:|]?{_WS}*(?P<title>.+)$"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDER = 0xE000


@dataclass
class ScannedTurn:
    """A turn found on the page, with the character span of its timestamp digits (if any)."""

    raw: RawTurn
    stamp: tuple[int, int] | None


@dataclass
class ScannedChapter:
    chapter: Chapter
    stamp: tuple[int, int]


@dataclass
class Scan:
    """What :func:`scan` found on a page."""

    turns: list[ScannedTurn] = field(default_factory=list)
    chapters: list[ScannedChapter] = field(default_factory=list)
    title: str | None = None


_LINK_TAIL = r"\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)(?:\{[^}]*\})?"
#: (pattern, replacement) applied in order by :func:`md_to_text` before the emphasis passes.
_INLINE = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"!\[[^\]]*\]" + _LINK_TAIL, ""),
        (r"\[([^\]]*)\]" + _LINK_TAIL, r"\1"),
        (r"\[([^\]]+)\]\[[^\]]*\]", r"\1"),
        (r"\[([^\]]+)\]\{[^}]*\}", r"\1"),
        (r"<((?:https?|mailto):[^>\s]+)>", r"\1"),
        (r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", ""),
        (r"`+([^`]+?)`+", r"\1"),
    )
)
_EMPHASIS = tuple(
    re.compile(p)
    for p in (
        r"\*\*(?=\S)(.+?)(?<=\S)\*\*",
        r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)",
        r"~~(?=\S)(.+?)(?<=\S)~~",
        r"\*(?=\S)(.+?)(?<=\S)\*",
        r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)",
    )
)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+);")
_SPACES = re.compile(r"\s+")
#: Escaped characters are parked in the private-use area while markup is removed, then restored.
_UNPARK = {_PLACEHOLDER + i: i for i in range(128)}
#: Characters that can start markup: text without any of them needs no markup passes.
_MARKUP_CHARS = frozenset("\\![<`*_~&")


def md_to_text(raw: str) -> str:
    """Markdown inline text -> plain text: escapes, links, images, emphasis, code, tags removed."""
    s = raw
    if not _MARKUP_CHARS.isdisjoint(s):
        s = _ESCAPE.sub(lambda m: chr(_PLACEHOLDER + ord(m.group(1))), s)
        for pattern, replacement in _INLINE:
            s = pattern.sub(replacement, s)
        for _ in range(2):
            for pattern in _EMPHASIS:
                s = pattern.sub(r"\1", s)
        s = _ENTITY.sub(lambda m: html.unescape(m.group(0)), s)
        s = s.translate(_UNPARK)
    return _SPACES.sub(" ", s.replace("\xa0", " ")).strip()


def _stamp_span(m: re.Match[str]) -> tuple[int, int] | None:
    for name in ("ts", "tsp"):
        if m.group(name) is not None:
            return m.span(name)
    return None


def _match_turn(line: str) -> re.Match[str] | None:
    m = _TURN_TIME_FIRST.match(line)
    if m:
        return m
    m = _TURN_SPEAKER_FIRST.match(line)
    if m and (m.group("colon_in") or m.group("colon") or _stamp_span(m)):
        speaker = md_to_text(m.group("speaker"))
        if speaker and len(speaker.split()) <= 6 and not re.search(r"[.!?]$", speaker):
            return m
    return None


def is_turn_line(line: str) -> bool:
    """Whether a raw markdown line opens a speaker turn (used by format detection)."""
    return _match_turn(line) is not None


def _front_matter(text: str) -> tuple[int, str | None]:
    """(offset after the YAML front matter, its title) or (0, None)."""
    m = re.match(r"---\r?\n(.*?\r?\n)---\r?\n", text, re.S)
    if not m:
        return 0, None
    title = None
    t = re.search(r"^title:\s*(.+?)\s*$", m.group(1), re.M)
    if t:
        title = t.group(1).strip().strip("\"'") or None
    return m.end(), title


def _blocks(text: str, offset: int) -> list[tuple[int, list[tuple[int, str]]]]:
    """Paragraph blocks from ``offset``: (start offset, [(line offset, line)])."""
    blocks: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    pos = offset
    for line in text[offset:].splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped.strip() == "" or _HEADING.match(stripped) or _RULE.match(stripped):
            if current:
                blocks.append((current[0][0], current))
                current = []
            if stripped.strip():
                blocks.append((pos, [(pos, stripped)]))
        else:
            current.append((pos, stripped))
        pos += len(line)
    if current:
        blocks.append((current[0][0], current))
    return blocks


def scan(text: str) -> Scan:
    """Find the title, chapters and speaker turns of a markdown podcast page."""
    offset, title = _front_matter(text)
    result = Scan(title=title)
    blocks = _blocks(text, offset)
    # Where the transcript starts: after a "Transcript" heading that is followed by a turn, else
    # at the first turn line.
    start_block = None
    for i, (_, lines) in enumerate(blocks):
        h = _HEADING.match(lines[0][1])
        if h and "transcript" in md_to_text(h.group(2)).lower():
            start_block = i + 1
    if start_block is not None and not any(
        _match_turn(lines[0][1]) for _, lines in blocks[start_block:]
    ):
        start_block = None
    if start_block is None:
        start_block = next(
            (i for i, (_, lines) in enumerate(blocks) if _match_turn(lines[0][1])), len(blocks)
        )
    if result.title is None:
        for _, lines in blocks[:start_block]:
            h = _HEADING.match(lines[0][1])
            if h and len(h.group(1)) == 1:
                result.title = md_to_text(h.group(2)) or None
                break
    for _, lines in blocks[:start_block]:
        for pos, line in lines:
            ch = _chapter(line, pos)
            if ch:
                result.chapters.append(ch)
    current: ScannedTurn | None = None
    for _, lines in blocks[start_block:]:
        first_pos, first = lines[0]
        if _HEADING.match(first) or _RULE.match(first) or first.lstrip().startswith(":::"):
            current = None
            continue
        m = _match_turn(first) or _TURN_NO_SPEAKER.match(first)
        if m:
            span = _stamp_span(m)
            start = parse_timestamp(first[span[0] : span[1]]) if span else None
            body = " ".join([m.group("text"), *(line for _, line in lines[1:])])
            current = ScannedTurn(
                RawTurn(md_to_text(m.groupdict().get("speaker") or "") or None, start, []),
                (first_pos + span[0], first_pos + span[1]) if span else None,
            )
            result.turns.append(current)
            text_ = md_to_text(body)
            if text_:
                current.raw.paragraphs.append(text_)
        elif current is not None:
            text_ = md_to_text(" ".join(line for _, line in lines))
            if text_:
                current.raw.paragraphs.append(text_)
    result.turns = [t for t in result.turns if t.raw.paragraphs]
    return result


def _chapter(line: str, pos: int) -> ScannedChapter | None:
    m = _CHAPTER_TIME_FIRST.match(line)
    if not m:
        return None
    names = [n for n in ("ts", "tsp", "bare") if m.group(n)]
    if not names:
        return None
    title = md_to_text(m.group("title"))
    if not title:
        return None
    span = m.span(names[0])
    return ScannedChapter(
        Chapter(parse_timestamp(m.group(names[0])), title), (pos + span[0], pos + span[1])
    )


def parse(text: str) -> Transcript:
    """Read a markdown podcast page; raise :class:`TranscriptFormatError` if it has no turns."""
    s = scan(text)
    if not s.turns:
        raise TranscriptFormatError(
            "no markdown speaker turns like '**Name** [00:01:07]: text' found"
        )
    return build_from_turns(
        [t.raw for t in s.turns],
        "markdown",
        chapters=tuple(c.chapter for c in s.chapters),
        title=s.title,
        source_text=text,
    )
