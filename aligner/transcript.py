"""The transcript model every other part of podalign speaks.

A :class:`Transcript` is what a publisher published: speaker :class:`Turn` s (speaker, published
start, paragraphs) and the :class:`Line` s derived from them. A line is the unit the player
highlights and a caption cue shows: one sentence (long ones split at a clause boundary). Readers in
:mod:`aligner.formats` build transcripts; writers in :mod:`aligner.export` write them (with or
without aligned times). All times are seconds from the start of the audio as PyAV decodes it.
"""

from __future__ import annotations

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
