"""SubRip (SRT) writer: numbered subtitle-sized cues, ``Name:`` prefixed at each speaker change.

SRT has no speaker field, so the speaker is written as a ``Name:`` prefix on the first cue of a
turn (what :mod:`aligner.formats.srt` reads back). Lines without a place on the timeline and
``not_in_audio`` lines are skipped. Long lines become several cues of at most two rows
(:mod:`aligner.export.captions`); the ``Name:`` prefix counts toward its row's width.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aligner.basics.timefmt import caption_clock
from aligner.export.captions import caption_cues
from aligner.export.common import Cue
from aligner.result import Alignment

if TYPE_CHECKING:
    from aligner.export import RenderOptions


def speaker_lead(cue: Cue, previous: Cue | None) -> str:
    """``"Name: "`` when the speaker changes (the first known speaker included)."""
    if not cue.speaker:
        return ""
    if previous is not None and previous.speaker == cue.speaker:
        return ""
    return f"{' '.join(cue.speaker.split())}: "


def render(alignment: Alignment, options: RenderOptions | None = None) -> str:
    out: list[str] = []
    style = options.captions if options else None
    for n, cue in enumerate(caption_cues(alignment, style, speaker_lead), start=1):
        times = f"{caption_clock(cue.start, ',')} --> {caption_clock(cue.end, ',')}"
        out.extend([str(n), times, *cue.rows, ""])
    return "\n".join(out)
