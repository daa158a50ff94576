"""What caption writers share: choosing timed lines and cue times.

Caption formats can only show lines that have a place on the timeline, in order, with a
positive duration; lines the aligner marked ``not_in_audio`` are skipped. Keeping this in one
place makes VTT, SRT and Podcasting 2.0 output agree cue for cue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aligner.errors import OutputError
from aligner.result import Alignment, LineStatus, Word

#: Shortest cue duration written when a line's end is not after its start (seconds).
MIN_CUE = 0.001


@dataclass(frozen=True)
class Cue:
    """One caption cue: a timed transcript line (``words``: its placed words, for writers that
    cut a line into shorter cues, :mod:`aligner.export.captions`)."""

    start: float
    end: float
    speaker: str | None
    text: str
    words: tuple[Word, ...] = field(default=(), compare=False, repr=False)


def cues(alignment: Alignment) -> list[Cue]:
    """The alignment's timed, in-audio lines as cues, ordered by start, each with end > start."""
    out: list[Cue] = []
    for al in alignment.lines:
        if al.status is LineStatus.NOT_IN_AUDIO or al.start is None:
            continue
        text = " ".join(al.line.text.split())
        if not text:
            continue
        start = max(0.0, round(al.start, 3))
        end = round(al.end, 3) if al.end is not None else start
        out.append(Cue(start, max(end, start + MIN_CUE), al.line.speaker, text, al.words))
    if (
        not out
        and alignment.lines
        and all(al.status is LineStatus.NOT_IN_AUDIO for al in alignment.lines)
    ):
        raise OutputError(
            "none of the transcript's lines is in the audio, so there are no captions to write; "
            "is the transcript for this episode? (export .json to see every line)"
        )
    if not out and alignment.lines:
        raise OutputError(
            "no line of this transcript has a time, so there are no captions to write; "
            "align it to its audio first (podalign align) or export .json/.md"
        )
    out.sort(key=lambda c: c.start)
    return out
