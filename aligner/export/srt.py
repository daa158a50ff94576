"""SubRip (SRT) writer: numbered cues, ``Name:`` prefixed at each speaker change.

SRT has no speaker field, so the speaker is written as a ``Name:`` prefix on the first cue of a
turn (what :mod:`aligner.formats.srt` reads back). Lines without a place on the timeline and
``not_in_audio`` lines are skipped.
"""

from __future__ import annotations

from aligner.export.common import clock, cues
from aligner.result import Alignment


def render(alignment: Alignment) -> str:
    out: list[str] = []
    speaker: str | None = None
    for n, cue in enumerate(cues(alignment), start=1):
        text = cue.text
        if cue.speaker and cue.speaker != speaker:
            text = f"{' '.join(cue.speaker.split())}: {text}"
        speaker = cue.speaker or speaker
        out.extend([str(n), f"{clock(cue.start, ',')} --> {clock(cue.end, ',')}", text, ""])
    return "\n".join(out)
