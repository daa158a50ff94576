"""Reading SubRip (SRT) captions: one transcript line per cue, ``Name:`` marks speaker changes.

SRT has no speaker field; the convention (which :mod:`aligner.export.srt` also writes) is a
``Name:`` prefix on the first cue of each speaker's turn. Formatting tags (``<i>``, ``<font>``,
``{\\an8}``) are removed.
"""

from __future__ import annotations

import re

from aligner.errors import TranscriptFormatError
from aligner.formats.common import RawCue, build_from_cues, scan_cue_blocks, split_speaker
from aligner.transcript import Transcript

_TAGS = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)


def parse(text: str) -> Transcript:
    cues: list[RawCue] = []
    blocks = 0
    for block in scan_cue_blocks(text, strict_blank=False):
        blocks += 1
        payload = " ".join(_TAGS.sub("", line).strip() for line in block.payload).strip()
        if not payload:
            continue
        speaker, body = split_speaker(payload)
        cues.append(RawCue(speaker, block.start, block.end, body))
    if not cues and blocks:
        raise TranscriptFormatError(
            "the SRT cues have timestamps but no text; give a transcript with the spoken words"
        )
    if not cues:
        raise TranscriptFormatError("no SRT cues like '1' / '00:00:01,000 --> 00:00:02,000' found")
    return build_from_cues(cues, "srt", source_text=text)
