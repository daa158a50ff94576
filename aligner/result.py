"""Timed results that cross stage boundaries: words, Whisper transcriptions and alignments.

These are frozen dataclasses so that the cache can serialise them (``to_dict``/``from_dict``),
the TUI can hold them without fear of mutation, and tests can compare them by value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property
from typing import Any

from aligner.transcript import Chapter, Line, Transcript, published_spans


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "p": self.probability,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Word:
        return cls(d["text"], float(d["start"]), float(d["end"]), float(d.get("p", 1.0)))


@dataclass(frozen=True)
class Segment:
    """One Whisper segment with its words (empty when word timestamps were off)."""

    index: int
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "words": [w.to_dict() for w in self.words],
            "avg_logprob": self.avg_logprob,
            "no_speech_prob": self.no_speech_prob,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Segment:
        return cls(
            index=int(d["index"]),
            start=float(d["start"]),
            end=float(d["end"]),
            text=d["text"],
            words=tuple(Word.from_dict(w) for w in d.get("words", ())),
            avg_logprob=float(d.get("avg_logprob", 0.0)),
            no_speech_prob=float(d.get("no_speech_prob", 0.0)),
        )


@dataclass(frozen=True)
class Transcription:
    """Whisper's output for (part of) an audio file."""

    segments: tuple[Segment, ...]
    language: str
    duration: float
    model: str

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments).strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments": [s.to_dict() for s in self.segments],
            "language": self.language,
            "duration": self.duration,
            "model": self.model,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Transcription:
        return cls(
            segments=tuple(Segment.from_dict(s) for s in d["segments"]),
            language=d.get("language", "en"),
            duration=float(d.get("duration", 0.0)),
            model=d.get("model", ""),
        )


class LineStatus(str, Enum):
    ALIGNED = "aligned"
    INTERPOLATED = "interpolated"
    NOT_IN_AUDIO = "not_in_audio"


@dataclass(frozen=True)
class AlignedLine:
    """A transcript line placed on the audio.

    ``start``/``end`` are None only when the line has no time at all (a transcript exported with
    no published times and no alignment). ``not_in_audio`` lines still get a nominal position
    (between their neighbours) so players can order them, but writers of captions skip them.
    """

    line: Line
    start: float | None
    end: float | None
    status: LineStatus = LineStatus.INTERPOLATED
    confidence: float = 0.0
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Region:
    """A span of audio, e.g. speech that is not in the transcript (intro, ad, outro)."""

    start: float
    end: float
    kind: str = "extra"
    text: str = ""


@dataclass(frozen=True)
class Alignment:
    """A transcript placed on an audio file: what the writers and the player consume.

    ``audio_sha256`` names the audio the lines were placed on (set where the pipeline's result
    is consumed); with it, saved user edits for this episode can be found and applied
    (:func:`aligner.edits.apply_episode_edits`). None for alignments without audio, and for
    outputs that already have their edits applied (so they are never applied twice).
    """

    transcript: Transcript
    lines: tuple[AlignedLine, ...]
    source: str = ""
    duration: float | None = None
    model: str | None = None
    extra_regions: tuple[Region, ...] = ()
    audio_sha256: str | None = None

    @cached_property
    def chapters(self) -> tuple[Chapter, ...]:
        """The chapters at the aligned times of the lines they point at
        (:func:`retimed_chapters`); ``transcript.chapters`` keeps the published times."""
        return retimed_chapters(self)

    @property
    def aligned_share(self) -> float:
        if not self.lines:
            return 0.0
        n = sum(1 for al in self.lines if al.status is LineStatus.ALIGNED)
        return n / len(self.lines)


def from_published(transcript: Transcript, *, source: str = "") -> Alignment:
    """An :class:`Alignment` that just uses the transcript's published times.

    Lines without their own published start take the previous line's (or the next turn's)
    published time, status ``interpolated`` and confidence 0: this is what ``podalign export``
    writes before any audio is involved.
    """
    spans = published_spans(transcript)
    lines = tuple(
        AlignedLine(line=line, start=s, end=e, status=LineStatus.INTERPOLATED, confidence=0.0)
        for line, (s, e) in zip(transcript.lines, spans)
    )
    return rounded(Alignment(transcript=transcript, lines=lines, source=source))


#: A chapter points at the first line published no earlier than this before it (seconds).
_CHAPTER_SLACK = 0.5


def retimed_chapters(alignment: Alignment) -> tuple[Chapter, ...]:
    """The transcript's chapters moved with the lines they point at.

    A chapter points at the first line published at or after its time; it moves to that line's
    aligned start, less the lead it had on the line's published time (a chapter at 00:00
    stays at 00:00). If that line is not in the audio, the
    chapter moves to the chapter's first line that is; a chapter none of whose lines is in the
    audio is left out. Alignments with no aligned line (published times only) keep the
    published chapters.
    """
    chapters = alignment.transcript.chapters
    lines = alignment.lines
    if not chapters or not any(al.status is LineStatus.ALIGNED for al in lines):
        return chapters
    targets: list[int | None] = []
    for ch in chapters:
        at = next(
            (
                i
                for i, al in enumerate(lines)
                if al.line.published_start is not None
                and al.line.published_start >= ch.start - _CHAPTER_SLACK
            ),
            None,
        )
        targets.append(at)
    out: list[Chapter] = []
    last = 0.0
    for k, (ch, at) in enumerate(zip(chapters, targets)):
        if at is None:
            continue
        stop = next((t for t in targets[k + 1 :] if t is not None and t > at), len(lines))
        found = next(
            (
                i
                for i in range(at, max(stop, at + 1))
                if lines[i].status is not LineStatus.NOT_IN_AUDIO and lines[i].start is not None
            ),
            None,
        )
        if found is None:
            continue
        start = lines[found].start
        assert start is not None
        if ch.start <= 0.0:
            start = 0.0  # the episode's start stays its start
        elif found == at:
            published = lines[at].line.published_start
            assert published is not None
            start -= max(0.0, published - ch.start)
        last = max(last, round(max(0.0, start), 3))
        out.append(Chapter(last, ch.title))
    return tuple(out)


def _ms(t: float | None) -> float | None:
    return None if t is None else round(t, 3) + 0.0


def rounded(alignment: Alignment) -> Alignment:
    """``alignment`` with every time to the millisecond, and each line's words inside the line
    (what every output writes; the pipeline caches alignments in this form)."""
    lines: list[AlignedLine] = []
    for al in alignment.lines:
        start, end = _ms(al.start), _ms(al.end)
        words: list[Word] = []
        for w in al.words:
            ws, we = _ms(w.start) or 0.0, _ms(w.end) or 0.0
            if start is not None:
                ws, we = max(ws, start), max(we, start)
            if end is not None:
                ws, we = min(ws, end), min(we, end)
            words.append(Word(w.text, ws, max(ws, we), w.probability))
        lines.append(replace(al, start=start, end=end, words=tuple(words)))
    regions = tuple(
        replace(r, start=_ms(r.start) or 0.0, end=_ms(r.end) or 0.0)
        for r in alignment.extra_regions
    )
    return replace(
        alignment, lines=tuple(lines), extra_regions=regions, duration=_ms(alignment.duration)
    )


__all__ = [
    "AlignedLine",
    "Alignment",
    "Chapter",
    "Line",
    "LineStatus",
    "Region",
    "Segment",
    "Transcription",
    "Word",
    "from_published",
    "retimed_chapters",
    "rounded",
]
