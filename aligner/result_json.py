"""podalign JSON: the lossless, versioned file form of an :class:`~aligner.result.Alignment`.

Users get it from ``-o out.json``; the cache stores alignments in it. Besides the documented
per-line fields (``index, turn, speaker, text, start, end, published_start, status, confidence,
words``) and the optional ``audio_sha256`` (the audio the lines were placed on, which finds the
episode's saved edits) it carries a ``transcript`` block (format, title, turns, source text) so
that :func:`from_dict` rebuilds the whole Transcript exactly and a re-timed original can still be
written from a cached alignment.
"""

from __future__ import annotations

import json
from typing import Any

from aligner.errors import TranscriptFormatError
from aligner.result import AlignedLine, Alignment, LineStatus, Region, Word, rounded
from aligner.transcript import Chapter, Line, Transcript, Turn

VERSION = 1


def to_dict(alignment: Alignment) -> dict[str, Any]:
    """The JSON-ready dict of ``alignment`` (see the module docstring for the schema).

    Times are written to the millisecond, words inside their line (:func:`rounded`); the
    top-level ``chapters`` are at their aligned times, the transcript block keeps the
    published ones."""
    alignment = rounded(alignment)
    t = alignment.transcript
    lines: list[dict[str, Any]] = []
    for al in alignment.lines:
        ln = al.line
        entry: dict[str, Any] = {
            "index": ln.index,
            "turn": ln.turn,
            "speaker": ln.speaker,
            "text": ln.text,
            "start": al.start,
            "end": al.end,
            "published_start": ln.published_start,
            "published_end": ln.published_end,
            "paragraph": ln.paragraph,
            "status": al.status.value,
            "confidence": al.confidence,
        }
        if al.words:
            entry["words"] = [w.to_dict() for w in al.words]
        lines.append(entry)
    out: dict[str, Any] = {
        "version": VERSION,
        "source": alignment.source,
        "duration": alignment.duration,
        "model": alignment.model,
    }
    if alignment.audio_sha256 is not None:  # only when known: older files stay byte-identical
        out["audio_sha256"] = alignment.audio_sha256
    return out | {
        "lines": lines,
        "chapters": [{"start": c.start, "title": c.title} for c in alignment.chapters],
        "extra_regions": [
            {"start": r.start, "end": r.end, "kind": r.kind, "text": r.text}
            for r in alignment.extra_regions
        ],
        "transcript": {
            "format": t.format,
            "title": t.title,
            "chapters": [{"start": c.start, "title": c.title} for c in t.chapters],
            "turns": [
                {
                    "index": turn.index,
                    "speaker": turn.speaker,
                    "published_start": turn.published_start,
                    "paragraphs": list(turn.paragraphs),
                }
                for turn in t.turns
            ],
            "lines": [_transcript_line(ln) for ln in t.lines]
            if tuple(al.line for al in alignment.lines) != t.lines
            else None,
            "source_text": t.source_text,
        },
    }


def _transcript_line(ln: Line) -> dict[str, Any]:
    return {
        "index": ln.index,
        "turn": ln.turn,
        "speaker": ln.speaker,
        "text": ln.text,
        "published_start": ln.published_start,
        "published_end": ln.published_end,
        "paragraph": ln.paragraph,
    }


def _line(d: dict[str, Any]) -> Line:
    return Line(
        index=int(d["index"]),
        turn=int(d["turn"]),
        speaker=d.get("speaker"),
        text=str(d["text"]),
        published_start=_opt_float(d.get("published_start")),
        published_end=_opt_float(d.get("published_end")),
        paragraph=int(d.get("paragraph", 0)),
    )


def _opt_float(v: Any) -> float | None:
    return None if v is None else float(v)


def from_dict(d: dict[str, Any]) -> Alignment:
    """Rebuild the :class:`Alignment` written by :func:`to_dict` (TranscriptFormatError if not)."""
    if not isinstance(d, dict) or not isinstance(d.get("lines"), list):
        raise TranscriptFormatError("not a podalign JSON alignment (no 'lines' list)")
    version = d.get("version")
    if version != VERSION:
        raise TranscriptFormatError(
            f"podalign JSON version {version!r} is not supported (this podalign reads "
            f"version {VERSION}); re-run the alignment"
        )
    try:
        aligned: list[AlignedLine] = []
        for e in d["lines"]:
            aligned.append(
                AlignedLine(
                    line=_line(e),
                    start=_opt_float(e.get("start")),
                    end=_opt_float(e.get("end")),
                    status=LineStatus(e.get("status", "interpolated")),
                    confidence=float(e.get("confidence", 0.0)),
                    words=tuple(Word.from_dict(w) for w in e.get("words") or ()),
                )
            )
        tb: dict[str, Any] = d.get("transcript") or {}
        # older files have no transcript block chapters: their top-level ones are the published
        published = tb["chapters"] if "chapters" in tb else d.get("chapters") or ()
        chapters = tuple(Chapter(float(c["start"]), str(c["title"])) for c in published)
        if tb.get("lines") is not None:
            t_lines = tuple(_line(e) for e in tb["lines"])
        else:
            t_lines = tuple(al.line for al in aligned)
        if "turns" in tb:
            turns = tuple(
                Turn(
                    index=int(t["index"]),
                    speaker=t.get("speaker"),
                    published_start=_opt_float(t.get("published_start")),
                    paragraphs=tuple(str(p) for p in t["paragraphs"]),
                )
                for t in tb["turns"]
            )
        else:
            turns = _turns_from_lines(t_lines)
        transcript = Transcript(
            turns=turns,
            lines=t_lines,
            chapters=chapters,
            format=str(tb.get("format", "podalign-json")),
            title=tb.get("title"),
            source_text=tb.get("source_text"),
        )
        regions = tuple(
            Region(
                float(r["start"]), float(r["end"]), str(r.get("kind", "extra")), r.get("text", "")
            )
            for r in d.get("extra_regions", ())
        )
        duration = d.get("duration")
        return Alignment(
            transcript=transcript,
            lines=tuple(aligned),
            source=str(d.get("source") or ""),
            duration=None if duration is None else float(duration),
            model=d.get("model"),
            extra_regions=regions,
            audio_sha256=None if d.get("audio_sha256") is None else str(d["audio_sha256"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TranscriptFormatError(
            f"malformed podalign JSON: {type(exc).__name__}: {exc}"
        ) from None


def _turns_from_lines(lines: tuple[Line, ...]) -> tuple[Turn, ...]:
    """Turns for a podalign JSON without a transcript block (hand-written files)."""
    turns: list[Turn] = []
    for index in sorted({ln.turn for ln in lines}):
        own = [ln for ln in lines if ln.turn == index]
        paragraphs: dict[int, list[str]] = {}
        for ln in own:
            paragraphs.setdefault(ln.paragraph, []).append(ln.text)
        turns.append(
            Turn(
                index,
                own[0].speaker,
                own[0].published_start,
                tuple(" ".join(v) for _, v in sorted(paragraphs.items())),
            )
        )
    return tuple(turns)


def render(alignment: Alignment) -> str:
    """podalign JSON text (UTF-8, indented, newline-terminated)."""
    return json.dumps(to_dict(alignment), ensure_ascii=False, indent=1) + "\n"


def loads(text: str) -> Alignment:
    """Parse podalign JSON text (TranscriptFormatError on bad JSON or shape)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    return from_dict(data)
