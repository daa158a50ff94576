"""The kinds of correction a user can make, as small frozen values that serialise to JSON.

Kept apart from how a layer of them is replayed (:mod:`aligner.edits.layer`) and stored
(:mod:`aligner.edits.store`) so the edit vocabulary can be read on its own: one dataclass per
kind, :func:`edit_from_dict` to read a stored one back, :func:`describe` for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from aligner.errors import CacheError
from aligner.result import Word


@dataclass(frozen=True)
class TextEdit:
    """Replace line ``line_index``'s text; ``start``/``end``/``words`` are its re-aligned timing
    (None when it was not re-aligned: the line then keeps its times and loses its word times)."""

    line_index: int
    text: str
    start: float | None = None
    end: float | None = None
    words: tuple[Word, ...] = ()
    confidence: float = 1.0
    kind: ClassVar[str] = "text"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "line": self.line_index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "words": [w.to_dict() for w in self.words],
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class TimingEdit:
    """Move line ``line_index``'s start and/or end by the given seconds (a nudge)."""

    line_index: int
    start_delta: float = 0.0
    end_delta: float = 0.0
    kind: ClassVar[str] = "nudge"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "line": self.line_index,
            "start_delta": self.start_delta,
            "end_delta": self.end_delta,
        }


@dataclass(frozen=True)
class SetStart:
    """Set line ``line_index``'s start to ``start`` seconds (e.g. the playback position).

    The end stays where it was unless the new start passes it; then the line keeps its length.
    """

    line_index: int
    start: float
    kind: ClassVar[str] = "set_start"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line_index, "start": self.start}


@dataclass(frozen=True)
class GlobalOffset:
    """Shift every line (and its words) by ``seconds``; offsets add up."""

    seconds: float
    kind: ClassVar[str] = "offset"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "seconds": self.seconds}


Edit = TextEdit | TimingEdit | SetStart | GlobalOffset


def edit_from_dict(d: dict[str, Any]) -> Edit:
    """Read one edit written by ``to_dict``; raises :class:`CacheError` on anything else."""
    try:
        kind = d["kind"]
        if kind == TextEdit.kind:
            return TextEdit(
                line_index=int(d["line"]),
                text=str(d["text"]),
                start=None if d.get("start") is None else float(d["start"]),
                end=None if d.get("end") is None else float(d["end"]),
                words=tuple(Word.from_dict(w) for w in d.get("words", ())),
                confidence=float(d.get("confidence", 1.0)),
            )
        if kind == TimingEdit.kind:
            return TimingEdit(
                int(d["line"]), float(d.get("start_delta", 0.0)), float(d.get("end_delta", 0.0))
            )
        if kind == SetStart.kind:
            return SetStart(int(d["line"]), float(d["start"]))
        if kind == GlobalOffset.kind:
            return GlobalOffset(float(d["seconds"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheError(
            f"a stored edit is malformed ({exc!r}); see 'podalign edits list'"
        ) from exc
    raise CacheError(
        f"unknown stored edit kind {kind!r}; upgrade podalign or 'podalign edits clear'"
    )


def describe(edit: Edit) -> str:
    """A short human description, for notifications and ``podalign edits list``."""
    if isinstance(edit, TextEdit):
        timing = ""
        if edit.start is not None and edit.end is not None:
            timing = f", re-aligned to {edit.start:.2f}-{edit.end:.2f} s"
        return f"line {edit.line_index + 1}: text {edit.text!r}{timing}"
    if isinstance(edit, TimingEdit):
        parts = []
        if edit.start_delta:
            parts.append(f"start {edit.start_delta:+.2f} s")
        if edit.end_delta:
            parts.append(f"end {edit.end_delta:+.2f} s")
        return f"line {edit.line_index + 1}: " + (", ".join(parts) or "no change")
    if isinstance(edit, SetStart):
        return f"line {edit.line_index + 1}: start set to {edit.start:.2f} s"
    return f"global offset {edit.seconds:+.2f} s"


__all__ = [
    "Edit",
    "GlobalOffset",
    "SetStart",
    "TextEdit",
    "TimingEdit",
    "describe",
    "edit_from_dict",
]
