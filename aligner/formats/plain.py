"""Reading plain-text transcripts: paragraphs, optionally ``Name:`` prefixes, no times.

Each paragraph (blank-line separated) is a turn's paragraph; a ``Name:`` prefix starts a new
turn for that speaker, a paragraph without one continues the current turn (or starts an
anonymous one). With no times at all, the aligner places every line.
"""

from __future__ import annotations

import re

from aligner.errors import TranscriptFormatError
from aligner.formats.common import RawTurn, build_from_turns, split_speaker
from aligner.transcript import Transcript


def parse(text: str) -> Transcript:
    turns: list[RawTurn] = []
    for block in re.split(r"\n[ \t\xa0]*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        # A block may hold several one-line speaker turns without blank lines between them.
        for i, line in enumerate(lines):
            speaker, rest = split_speaker(line)
            if speaker is not None:
                turns.append(RawTurn(speaker, None, [rest]))
            elif turns and i > 0:
                turns[-1].paragraphs[-1] += " " + line
            elif turns:
                turns[-1].paragraphs.append(line)
            else:
                turns.append(RawTurn(None, None, [line]))
    transcript = build_from_turns(turns, "plain", source_text=text)
    if not transcript.lines:
        raise TranscriptFormatError("the plain-text transcript has no text")
    return transcript
