"""The transcript model every other part of podalign speaks.

A :class:`Transcript` is what a publisher published: speaker :class:`Turn` s (speaker, published
start, paragraphs) and the :class:`Line` s derived from them. A line is the unit the player
highlights and a caption cue shows: one sentence (long ones split at a clause boundary). Readers in
:mod:`aligner.formats` build transcripts; writers in :mod:`aligner.export` write them (with or
without aligned times). All times are seconds from the start of the audio as PyAV decodes it.

:func:`published_spans` turns the sparse published times (a time per turn, per cue, or none)
into a start/end for every line, interpolating by text length; writers and the player need a
span for every line before any audio is involved (see :func:`aligner.result.from_published`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chapter:
    """A chapter mark: from the transcript page's chapter list or the media metadata."""

    start: float
    title: str


@dataclass(frozen=True)
class Turn:
    """One speaker turn as published: speaker (or None), published start (or None), paragraphs."""

    index: int
    speaker: str | None
    published_start: float | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


@dataclass(frozen=True)
class Line:
    """One sentence of a turn: what the player highlights and a caption cue shows.

    ``published_start``/``published_end`` are the times the source file gave for this line, if
    any (caption formats give both; a markdown page gives only the turn's start, on its first
    line). ``paragraph`` is the index of the paragraph inside the turn (writers of the re-timed
    original need it).
    """

    index: int
    turn: int
    speaker: str | None
    text: str
    published_start: float | None = None
    published_end: float | None = None
    paragraph: int = 0


@dataclass(frozen=True)
class Transcript:
    """A published transcript: turns, the lines split from them, and chapters.

    ``format`` names the reader that produced it (``"markdown"``, ``"srt"``, ``"vtt"``,
    ``"podcast-json"``, ``"timestamped"``, ``"plain"``, ``"whisper"``); ``source_text`` keeps the
    original file's text so a re-timed copy can be written with nothing else changed.
    """

    turns: tuple[Turn, ...]
    lines: tuple[Line, ...]
    chapters: tuple[Chapter, ...] = ()
    format: str = "plain"
    title: str | None = None
    source_text: str | None = field(default=None, repr=False, compare=False)

    @property
    def speakers(self) -> set[str]:
        return {t.speaker for t in self.turns if t.speaker}

    def lines_of_turn(self, turn: int) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.turn == turn)


#: Speaking rate used to extrapolate past the last known time (characters per second).
CHARS_PER_SECOND = 15.0


def published_spans(transcript: Transcript) -> list[tuple[float | None, float | None]]:
    """(start, end) per line from published times; (None, None) for all if none are known."""
    lines = transcript.lines
    n = len(lines)
    starts: list[float | None] = [line.published_start for line in lines]
    known = [i for i, s in enumerate(starts) if s is not None]
    if not known:
        return [(None, None)] * n
    weights = [max(1, len(line.text)) for line in lines]
    # Before the first known start: extrapolate backwards at CHARS_PER_SECOND.
    first = known[0]
    t = starts[first]
    assert t is not None
    for i in range(first - 1, -1, -1):
        t = max(0.0, t - weights[i] / CHARS_PER_SECOND)
        starts[i] = t
    # Between known starts: distribute the gap by text length.
    for a, b in itertools.pairwise(known):
        sa, sb = starts[a], starts[b]
        assert sa is not None and sb is not None
        total = sum(weights[a:b])
        acc = 0.0
        for i in range(a + 1, b):
            acc += weights[i - 1]
            starts[i] = sa + (sb - sa) * acc / total
    # After the last known start: extrapolate forwards.
    last = known[-1]
    for i in range(last + 1, n):
        prev = starts[i - 1]
        assert prev is not None
        starts[i] = prev + weights[i - 1] / CHARS_PER_SECOND
    spans: list[tuple[float | None, float | None]] = []
    for i, line in enumerate(lines):
        s = starts[i]
        assert s is not None
        if line.published_end is not None:
            e = line.published_end
        elif i + 1 < n:
            nxt = starts[i + 1]
            assert nxt is not None
            e = max(s, nxt)
        else:
            e = s + weights[i] / CHARS_PER_SECOND
        spans.append((s, e))
    return spans
