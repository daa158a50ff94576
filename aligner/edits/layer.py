"""The edit layer: the user's corrections replayed, in order, over a computed alignment.

The original transcript file and the computed (cached) alignment are never overwritten; an
:class:`EditLayer` holds the ordered edits (:mod:`aligner.edits.model`) plus a redo stack, and
:meth:`EditLayer.apply` returns the alignment as the user corrected it. Immutable: every
operation returns a new layer, which is what makes undo/redo trivial.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aligner.edits.model import (
    Edit,
    GlobalOffset,
    SetStart,
    TextEdit,
    TimingEdit,
    edit_from_dict,
)
from aligner.edits.placement import Realign, placed_text_edit
from aligner.errors import EditError
from aligner.result import AlignedLine, Alignment, LineStatus, Word
from aligner.transcript import Transcript

#: Times are rounded to this many decimals after edits are applied (millisecond precision).
_DECIMALS = 3


def _shift_words(words: tuple[Word, ...], seconds: float) -> tuple[Word, ...]:
    return tuple(replace(w, start=w.start + seconds, end=w.end + seconds) for w in words)


def _offset_line(al: AlignedLine, seconds: float) -> AlignedLine:
    return replace(
        al,
        start=None if al.start is None else al.start + seconds,
        end=None if al.end is None else al.end + seconds,
        words=_shift_words(al.words, seconds),
    )


def _apply_one(lines: list[AlignedLine], edit: Edit, touched: set[int]) -> None:
    if isinstance(edit, GlobalOffset):
        lines[:] = [_offset_line(al, edit.seconds) for al in lines]
        return
    i = edit.line_index
    al = lines[i]
    if isinstance(edit, TimingEdit):
        touched.add(i)
        lines[i] = replace(
            al,
            start=None if al.start is None else al.start + edit.start_delta,
            end=None if al.end is None else al.end + edit.end_delta,
        )
    elif isinstance(edit, SetStart):
        touched.add(i)
        end = al.end
        if end is None or al.start is None:
            end = edit.start if end is None else max(end, edit.start)
        elif edit.start >= end:
            end = edit.start + max(0.0, end - al.start)
        # The user placed the line on the audio by ear: it is in the audio, and certain.
        lines[i] = replace(al, start=edit.start, end=end, status=LineStatus.ALIGNED, confidence=1.0)
    else:
        touched.discard(i)
        line = replace(al.line, text=edit.text)
        if edit.start is None or edit.end is None:
            lines[i] = replace(al, line=line, words=())
        else:
            lines[i] = replace(
                al,
                line=line,
                start=edit.start,
                end=edit.end,
                words=edit.words,
                status=LineStatus.ALIGNED,
                confidence=edit.confidence,
            )


def _finish(al: AlignedLine, touched: bool) -> AlignedLine:
    """Round times, keep start >= 0 and end >= start, and (for re-timed lines) keep only the
    words whose middle is still inside the line."""
    start = None if al.start is None else round(max(0.0, al.start), _DECIMALS)
    end = None if al.end is None else round(al.end, _DECIMALS)
    if start is not None and end is not None:
        end = max(start, end)
    words = tuple(
        replace(w, start=round(max(0.0, w.start), _DECIMALS), end=round(max(0.0, w.end), _DECIMALS))
        for w in al.words
    )
    if touched and start is not None and end is not None:
        words = tuple(w for w in words if start <= (w.start + w.end) / 2 <= end)
    return replace(al, start=start, end=end, words=words)


def _check(edit: Edit, n_lines: int) -> None:
    if isinstance(edit, GlobalOffset):
        return
    if not 0 <= edit.line_index < n_lines:
        raise EditError(
            f"an edit refers to line {edit.line_index + 1} but the transcript has {n_lines} "
            "lines; the edits belong to another transcript ('podalign edits clear' drops them)"
        )


@dataclass(frozen=True)
class EditLayer:
    """Ordered edits plus the redo stack (``undone``, most recently undone last). Immutable:
    every operation returns a new layer."""

    edits: tuple[Edit, ...] = ()
    undone: tuple[Edit, ...] = ()

    @property
    def can_undo(self) -> bool:
        return bool(self.edits)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)

    @property
    def is_empty(self) -> bool:
        return not self.edits and not self.undone

    @property
    def global_offset(self) -> float:
        """The sum of the global offsets in effect."""
        return sum(e.seconds for e in self.edits if isinstance(e, GlobalOffset))

    @property
    def edited_lines(self) -> frozenset[int]:
        """Indexes of the lines a per-line edit touches (for marking them in a view)."""
        return frozenset(e.line_index for e in self.edits if not isinstance(e, GlobalOffset))

    def push(self, edit: Edit) -> EditLayer:
        """Record ``edit`` (a new edit drops the redo history, as in any editor)."""
        return EditLayer(edits=(*self.edits, edit), undone=())

    def undo(self) -> EditLayer:
        """Take back the last edit (no-op when there is none)."""
        if not self.edits:
            return self
        return EditLayer(edits=self.edits[:-1], undone=(*self.undone, self.edits[-1]))

    def redo(self) -> EditLayer:
        """Re-apply the last undone edit (no-op when there is none)."""
        if not self.undone:
            return self
        return EditLayer(edits=(*self.edits, self.undone[-1]), undone=self.undone[:-1])

    def apply(self, alignment: Alignment, realign: Realign | None = None) -> Alignment:
        """``alignment`` with the edits replayed in order; ``alignment`` itself is unchanged.

        In order means what the user saw: a global offset shifts the lines as the edits before
        it left them, while times recorded after it (a start set to the playback position, the
        re-aligned timing of accepted text) are audio times and are taken as they are.

        A :class:`TextEdit` recorded without timing is re-aligned with ``realign`` when given
        (else it keeps the line's times). Raises :class:`EditError` when an edit refers to a
        line the alignment does not have.
        """
        if not self.edits:
            return alignment
        n = len(alignment.lines)
        lines = list(alignment.lines)
        touched: set[int] = set()
        for edit in self.edits:
            _check(edit, n)
            if isinstance(edit, TextEdit) and edit.start is None and realign is not None:
                edit = placed_text_edit(edit.line_index, lines[edit.line_index], edit.text, realign)
            _apply_one(lines, edit, touched)
        everything = any(isinstance(e, GlobalOffset) for e in self.edits)
        changed = {e.line_index for e in self.edits if not isinstance(e, GlobalOffset)}
        final = tuple(
            _finish(al, i in touched) if everything or i in changed else al
            for i, al in enumerate(lines)
        )
        transcript = alignment.transcript
        if any(isinstance(e, TextEdit) for e in self.edits):
            transcript = _with_line_texts(transcript, final)
        return replace(alignment, transcript=transcript, lines=final)

    def accept_text(
        self,
        alignment: Alignment,
        line_index: int,
        text: str,
        realign: Realign | None = None,
    ) -> EditLayer:
        """Record that line ``line_index`` now reads ``text``, re-aligned once with ``realign``
        (its result is stored in the edit, so replaying needs no model). ``alignment`` is the
        computed, unedited one, as for :meth:`apply`."""
        text = " ".join(text.split())
        if not text:
            raise EditError("the accepted text is empty; nothing to replace the line with")
        edit = TextEdit(line_index, text)
        _check(edit, len(alignment.lines))
        if realign is not None:
            current = self.apply(alignment).lines[line_index]
            edit = placed_text_edit(line_index, current, text, realign)
        return self.push(edit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "edits": [e.to_dict() for e in self.edits],
            "undone": [e.to_dict() for e in self.undone],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EditLayer:
        return cls(
            edits=tuple(edit_from_dict(e) for e in d.get("edits", ())),
            undone=tuple(edit_from_dict(e) for e in d.get("undone", ())),
        )


def _with_line_texts(transcript: Transcript, lines: tuple[AlignedLine, ...]) -> Transcript:
    """The transcript with its lines' texts as edited (its turns, the published text, stay)."""
    if len(transcript.lines) == len(lines):
        return replace(transcript, lines=tuple(al.line for al in lines))
    by_index = {al.line.index: al.line for al in lines}
    new_lines = tuple(by_index.get(line.index, line) for line in transcript.lines)
    return replace(transcript, lines=new_lines)


__all__ = ["EditLayer"]
