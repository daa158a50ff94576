"""Reading WebVTT captions, including YouTube's automatic ones.

The header line's text (``WEBVTT - Title``) is the title. Speakers come from ``<v Name>``
voice spans (or a ``Name:`` prefix); cue settings, ``NOTE``, ``STYLE`` and ``REGION`` blocks
are ignored; tags are removed and character references decoded.
YouTube auto-captions repeat the previous line at the top of every cue ("rolling" captions), add
10 ms cues that only repeat text, and put per-word times inline (``<00:00:01.234><c>``); those
collapse into clean, non-repeating lines, one per caption line, each starting when it first
appears.
"""

from __future__ import annotations

import html
import itertools
import re

from aligner.errors import TranscriptFormatError
from aligner.formats.common import (
    CueBlock,
    RawCue,
    build_from_cues,
    clean_ws,
    scan_cue_blocks,
    split_speaker,
)
from aligner.transcript import Transcript

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<\d[\d:.]*>")
_INLINE_TIME = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?\.\d{3}>")
_BLOCK_KEYWORD = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")


def _text(payload: str) -> str:
    return html.unescape(_TAG.sub("", payload))


def _cue_blocks(text: str) -> list[CueBlock]:
    # Drop NOTE/STYLE/REGION blocks first: a NOTE may not contain '-->', but be lenient.
    kept: list[str] = []
    skipping = False
    for line in text.split("\n"):
        if skipping:
            if line.strip() == "":
                skipping = False
            continue
        if _BLOCK_KEYWORD.match(line) and (not kept or kept[-1].strip() == ""):
            skipping = True
            continue
        kept.append(line)
    return scan_cue_blocks("\n".join(kept), strict_blank=True)


def _is_rolling(blocks: list[CueBlock], raw: str) -> bool:
    if _INLINE_TIME.search(raw):
        return True
    repeats = 0
    for prev, cur in itertools.pairwise(blocks):
        prev_lines = [clean_ws(_text(x)) for x in prev.payload if x.strip()]
        cur_lines = [clean_ws(_text(x)) for x in cur.payload if x.strip()]
        if prev_lines and cur_lines and cur_lines[0] == prev_lines[-1]:
            repeats += 1
    return len(blocks) >= 4 and repeats >= len(blocks) // 2


def _rolling_cues(blocks: list[CueBlock]) -> list[RawCue]:
    cues: list[RawCue] = []
    recent: list[str] = []
    for block in blocks:
        for raw_line in block.payload:
            line = clean_ws(_text(raw_line))
            if not line or line in recent[-2:]:
                continue
            cues.append(RawCue(None, block.start, block.end, line))
            recent.append(line)
    # A line shows until the next one appears (YouTube cues overlap the next line's first cue).
    for cue, nxt in itertools.pairwise(cues):
        if nxt.start is not None and cue.start is not None and nxt.start > cue.start:
            cue.end = nxt.start
    return cues


def parse(text: str) -> Transcript:
    if not re.match(r"\ufeff?WEBVTT", text.lstrip()):
        raise TranscriptFormatError("not WebVTT: the file does not start with 'WEBVTT'")
    blocks = _cue_blocks(text)
    if _is_rolling(blocks, text):
        cues = _rolling_cues(blocks)
    else:
        cues = []
        for block in blocks:
            raw = " ".join(line.strip() for line in block.payload)
            voice = _VOICE.search(raw)
            body = clean_ws(_text(raw))
            if voice:
                speaker: str | None = clean_ws(html.unescape(voice.group(1))) or None
            else:
                speaker, body = split_speaker(body)
            if body:
                cues.append(RawCue(speaker, block.start, block.end, body))
    if not cues:
        raise TranscriptFormatError("no WebVTT cues like '00:00:01.000 --> 00:00:02.000' found")
    # Files that name voices with <v> do so on every cue: a cue without one has no speaker.
    uses_voices = bool(_VOICE.search(text))
    header = re.match(r"\ufeff?WEBVTT[ \t]+(?:-[ \t]+)?(.*)", text.lstrip())
    title = header.group(1).strip() or None if header else None
    return build_from_cues(
        cues, "vtt", title=title, source_text=text, inherit_speaker=not uses_voices
    )
