"""What caption writers share: choosing timed lines, cue times and timestamp formatting.

Caption formats can only show lines that have a place on the timeline, in order, with a
positive duration; lines the aligner marked ``not_in_audio`` are skipped. Keeping this in one
place makes VTT, SRT and Podcasting 2.0 output agree cue for cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from aligner.errors import OutputError
from aligner.result import Alignment, LineStatus

#: Shortest cue duration written when a line's end is not after its start (seconds).
MIN_CUE = 0.001


@dataclass(frozen=True)
class Cue:
    """One caption cue: a timed transcript line."""

    start: float
    end: float
    speaker: str | None
    text: str


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
        out.append(Cue(start, max(end, start + MIN_CUE), al.line.speaker, text))
    if not out and alignment.lines:
        raise OutputError(
            "no line of this transcript has a time, so there are no captions to write; "
            "align it to its audio first (podalign align) or export .json/.md"
        )
    out.sort(key=lambda c: c.start)
    return out


def clock(seconds: float, sep: str = ".", hours: bool = True) -> str:
    """``hh:mm:ss.mmm`` (``sep`` between seconds and milliseconds; ``,`` for SRT)."""
    ms = round(max(0.0, seconds) * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    if hours or h:
        return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"
    return f"{m:02d}:{s:02d}{sep}{ms:03d}"


def hms(seconds: float) -> str:
    """Whole-second ``hh:mm:ss`` (rounded down), as transcript pages print turn times."""
    total = int(max(0.0, seconds) + 1e-6)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"
