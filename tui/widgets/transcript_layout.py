"""Laying out a transcript for reading, as pure data: blocks in reading order, word spans.

Kept apart from the widget (:mod:`tui.widgets.transcript_view`) because none of it needs
Textual: :func:`build_blocks` turns an alignment into speaker headers, lines, "not in the
transcript" regions and blanks; :func:`locate_words` finds each timed word inside a line's
published text, for lighting the word being spoken. Both are tested without an app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.result import Alignment, LineStatus
from tui.eta import format_clock

#: Number of speaker colours in the stylesheet (``transcript--speaker-N``).
SPEAKER_COLOURS = 6


@dataclass(frozen=True)
class Block:
    """One laid-out unit of the transcript view."""

    kind: str  # "header" | "line" | "region" | "blank"
    text: str = ""
    line: int | None = None
    turn: int | None = None
    speaker: int | None = None
    time: float | None = None
    region: int | None = None


def build_blocks(alignment: Alignment) -> list[Block]:
    """The blocks of ``alignment`` in reading order (pure; no widths involved).

    A turn with a speaker gets a header (speaker and aligned start); turns are separated by a
    blank; regions of audio that are not in the transcript appear where they fall in time.
    """
    speakers: dict[str, int] = {}
    blocks: list[Block] = []
    regions = sorted(enumerate(alignment.extra_regions), key=lambda r: r[1].start)
    pending = list(regions)
    last_turn: int | None = None

    def flush_regions(before: float | None) -> None:
        while pending and (before is None or pending[0][1].start <= before):
            ri, region = pending.pop(0)
            if blocks and blocks[-1].kind != "blank":
                blocks.append(Block("blank"))
            what = region.kind if region.kind and region.kind != "extra" else "audio"
            label = f"♪ {format_clock(region.start)}–{format_clock(region.end)}  {what} not in"
            blocks.append(Block("region", f"{label} the transcript", region=ri, time=region.start))

    for i, al in enumerate(alignment.lines):
        line = al.line
        if line.turn != last_turn:
            if al.start is not None and al.status is not LineStatus.NOT_IN_AUDIO:
                flush_regions(al.start)
            if blocks and blocks[-1].kind != "blank":
                blocks.append(Block("blank"))
            if line.speaker:
                colour = speakers.setdefault(line.speaker, len(speakers) % SPEAKER_COLOURS)
                blocks.append(
                    Block("header", line.speaker, turn=line.turn, speaker=colour, time=al.start)
                )
            last_turn = line.turn
        blocks.append(Block("line", line.text, line=i, turn=line.turn))
    flush_regions(None)
    return blocks


_WORD_CHARS = re.compile(r"[\w']+")


def locate_words(text: str, words: list[str]) -> list[tuple[int, int] | None]:
    """Character span of each timed word inside ``text`` (None where it cannot be found).

    Words come from the aligner and may differ in case and punctuation from the published text;
    they are matched in order by their letters, never going backwards.
    """
    spans: list[tuple[int, int] | None] = []
    pos = 0
    lowered = text.casefold()
    for word in words:
        core = "".join(_WORD_CHARS.findall(word.casefold()))
        if not core:
            spans.append(None)
            continue
        at = lowered.find(core, pos)
        if at < 0 or at - pos > 40:
            spans.append(None)
            continue
        spans.append((at, at + len(core)))
        pos = at + len(core)
    return spans


__all__ = ["SPEAKER_COLOURS", "Block", "build_blocks", "locate_words"]
