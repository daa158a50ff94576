"""Reading transcripts published as HTML: podcast post pages and Podcasting 2.0 HTML files.

A post page (Substack and similar) as a browser receives it has, besides the transcript,
navigation, subscribe boxes, show notes, a chapter list, footers and comments. Under a
"Transcript" heading, turns look like ``<p><strong>Name</strong>&nbsp;[00:01:07]: text</p>``,
followed by continuation paragraphs. A Podcasting 2.0 HTML transcript is a fragment of
``<cite>Name:</cite> <time>0:00</time> <p>text</p>`` blocks. Both, and generic pages with
speaker/time paragraphs, read into the same turns the markdown reader gives for the same page.
:mod:`aligner.formats.html_blocks` turns the page into headings and paragraphs (furniture left
out); this module finds the transcript among them, its turns, and the chapter list above it.
:func:`find_transcript_section` tells a page with a transcript from one without.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from aligner.errors import TranscriptFormatError
from aligner.formats.common import (
    SPEAKER,
    TIMESTAMP,
    RawTurn,
    build_from_turns,
    clean_ws,
    parse_timestamp,
    split_speaker,
)
from aligner.formats.html_blocks import MARKS, SKIP_TAGS, Block, blocks, plain_text
from aligner.transcript import Chapter, Transcript

#: Headings after which a page's transcript is over.
_END_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:comments?|discussion|responses?|replies|leave a (?:reply|comment)|"
    r"related|share|subscribe|more from|recommended|you might also like|show notes|links|"
    r"resources|credits|sponsors?|footnotes|references|about the (?:guests?|hosts?|show))\b",
    re.I,
)

# Markers in a paragraph's text: \x01 speaker-like lead (<strong>, <b>, <cite>) \x02,
# \x03 <time> \x04; only at the start of a paragraph.
_NAME = r"\x01\s*(?P<speaker>[^\x01-\x04]{1,80}?)\s*(?P<colon_in>:)?\s*\x02"
_TIME = (
    rf"(?:\[\s*\x03?\s*(?P<ts>{TIMESTAMP})\s*\x04?\s*\]|\(\s*\x03?\s*(?P<tsp>{TIMESTAMP})\s*\x04?\s*\)"
    rf"|\x03\s*(?P<tst>{TIMESTAMP})\s*\x04)"
)
_BARE = rf"(?P<tsb>{TIMESTAMP})(?![\d:])"
_SEP = r"\s*[-–—|]?\s*"
_TURN_PATTERNS = (
    # <strong>Name</strong> [00:01:07]: text  |  <cite>Name:</cite> <time>0:00</time>
    re.compile(rf"^{_NAME}\s*(?:{_TIME}|{_BARE})?\s*(?P<colon>:)?\s*(?P<text>.*)$"),
    # [00:01:07] <strong>Name</strong>: text
    re.compile(rf"^(?:{_TIME}|{_BARE}){_SEP}{_NAME}\s*(?P<colon>:)?\s*(?P<text>.*)$"),
    # [00:01:07] Name: text
    re.compile(rf"^{_TIME}{_SEP}(?P<speaker>{SPEAKER})\s*(?P<colon>:)\s*(?P<text>.*)$"),
    # Name [00:01:07]: text  |  Name (00:01:07)
    re.compile(rf"^(?P<speaker>{SPEAKER})\s*{_TIME}\s*(?P<colon>:)?\s*(?P<text>.*)$"),
    # Speaker 1 00:01:07  (a header paragraph; the text follows in the next one)
    re.compile(rf"^(?P<speaker>{SPEAKER})\s+{_BARE}\s*:?(?P<text>)$"),
)
_TIMED_NO_SPEAKER = re.compile(rf"^(?:{_TIME}|{_BARE})\s*[-–—:|]?\s*(?P<text>\S.*)$")
_CHAPTER = re.compile(
    rf"^\s*(?:[-*•·]\s*)?(?:\[\s*(?P<ts>{TIMESTAMP})\s*\]|\(\s*(?P<tsp>{TIMESTAMP})\s*\)"
    rf"|(?P<tsb>{TIMESTAMP})(?![\d:])){_SEP}:?\s*(?P<title>\S.*)$"
)


@dataclass(frozen=True)
class TurnHead:
    """What opens a turn: speaker, published start, the text after the header."""

    speaker: str | None
    start: float | None
    text: str
    strong: bool  # a timestamp or a marked-up name, not just "Name:"


@dataclass
class Scan:
    """What :func:`scan` found on a page: title, chapters, turns and the transcript's blocks."""

    title: str | None = None
    chapters: list[Chapter] = field(default_factory=list)
    turns: list[RawTurn] = field(default_factory=list)
    section: list[Block] = field(default_factory=list)


def _stamp(m: re.Match[str]) -> float | None:
    for name in ("ts", "tsp", "tst", "tsb"):
        value = m.groupdict().get(name)
        if value:
            return parse_timestamp(value)
    return None


def turn_head(text: str) -> TurnHead | None:
    """The speaker/time header opening a paragraph's marked text, or None."""
    for pattern in _TURN_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        speaker = clean_ws(m.group("speaker")).rstrip(":").strip()
        start = _stamp(m)
        if not (m.groupdict().get("colon") or m.groupdict().get("colon_in") or start is not None):
            continue
        if not speaker or len(speaker.split()) > 6 or re.search(r"[.!?]$", speaker):
            continue
        return TurnHead(speaker, start, MARKS.sub("", m.group("text")).strip(), True)
    name, rest = split_speaker(MARKS.sub("", text))
    return TurnHead(name, None, rest.strip(), False) if name is not None else None


def _title(tree: LexborHTMLParser) -> str | None:
    meta = tree.css_first('meta[property="og:title"], meta[name="twitter:title"]')
    if meta is not None and clean_ws(meta.attributes.get("content") or ""):
        return clean_ws(meta.attributes.get("content") or "")
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        if node is not None and clean_ws(plain_text(node)):
            return clean_ws(plain_text(node))
    return None


def _chapter(text: str) -> Chapter | None:
    m = _CHAPTER.match(MARKS.sub("", text))
    if not m:
        return None
    start = _stamp(m)
    title = clean_ws(m.group("title"))
    has_words = re.search(r"[^\W\d_]", title) is not None
    return Chapter(start, title) if start is not None and has_words else None


def _start_index(found: list[Block], heads: list[TurnHead | None]) -> int | None:
    """Where the transcript starts: after a "Transcript" heading followed by a turn, else at the
    first strong turn, else at the first ``Name:`` paragraph when there are several."""
    start = None
    for i, block in enumerate(found):
        heading = block.kind == "heading" and "transcript" in block.text.lower()
        if heading and any(h is not None for h in heads[i + 1 :]):
            start = i + 1
    if start is not None:
        return start
    strong = [i for i, h in enumerate(heads) if h is not None and h.strong]
    if strong:
        return strong[0]
    weak = [i for i, h in enumerate(heads) if h is not None]
    return weak[0] if len(weak) >= 2 else None


def scan(text: str) -> Scan:
    """Find the title, chapters, speaker turns and transcript section of an HTML page."""
    tree = LexborHTMLParser(text)
    result = Scan(title=_title(tree))
    root = tree.body if tree.body is not None else tree.root
    found = blocks(root) if root is not None else []
    heads = [turn_head(b.text) if b.kind == "para" else None for b in found]
    start = _start_index(found, heads)
    if start is None and _is_fragment(text):
        start = 0  # a transcript file (Podcasting 2.0 HTML): every paragraph is transcript
    before = found if start is None else found[:start]
    result.chapters = [c for c in (_chapter(b.text) for b in before if b.kind == "para") if c]
    if start is None:
        return result
    current: RawTurn | None = None
    for block, head in zip(found[start:], heads[start:]):
        if block.kind == "heading" and _END_HEADING.match(block.text):
            break
        if block.kind != "para":
            current = None
            continue
        timed = None if head else _TIMED_NO_SPEAKER.match(block.text)
        if head is not None:
            current = RawTurn(head.speaker, head.start, [head.text] if head.text else [])
            result.turns.append(current)
        elif timed is not None:
            current = RawTurn(None, _stamp(timed), [MARKS.sub("", timed.group("text"))])
            result.turns.append(current)
        elif current is not None:
            current.paragraphs.append(MARKS.sub("", block.text))
        elif start == 0 and _is_fragment(text):
            current = RawTurn(None, None, [MARKS.sub("", block.text)])
            result.turns.append(current)
        else:
            continue
        result.section.append(block)
    result.turns = [t for t in result.turns if any(p.strip() for p in t.paragraphs)]
    return result


def _is_fragment(text: str) -> bool:
    """A bare HTML fragment (no document, head or body): a transcript file, not a web page."""
    return re.search(r"<(?:!doctype|html|head|body|nav)\b", text[:20000], re.I) is None


def find_transcript_section(text: str) -> str | None:
    """The HTML of the page's transcript (its turn and continuation paragraphs), or None.

    None means the page has no transcript. The returned fragment has no scripts, images or
    forms left in it and reads back (with :func:`parse`) into the same turns as the page.
    """
    s = scan(text)
    if not s.turns:
        return None
    tree = LexborHTMLParser("\n".join(b.html for b in s.section))
    for node in tree.css(", ".join(sorted(SKIP_TAGS - {"head"}))):
        node.decompose()  # scripts, images, forms... inside the transcript's paragraphs
    return tree.body.inner_html if tree.body is not None else ""


def page_chapters(text: str) -> tuple[Chapter, ...]:
    """The chapter list of a page (``[00:00:00] Intro`` items before any transcript)."""
    return tuple(scan(text).chapters)


def parse(text: str) -> Transcript:
    """Read an HTML page or transcript; TranscriptFormatError if it holds no transcript."""
    s = scan(text)
    if not s.turns:
        raise TranscriptFormatError(
            "no transcript in this page: no speaker turns like "
            "'<p><strong>Name</strong> [00:01:07]: text</p>' or <cite>/<time>/<p> blocks found"
        )
    return build_from_turns(
        s.turns, "html", chapters=tuple(s.chapters), title=s.title, source_text=text
    )
