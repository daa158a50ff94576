"""Placement hooks: how a line whose text was replaced is put back on the audio.

Re-aligning the timing of a line whose text was accepted needs the audio and a model, which the
edit layer must not depend on; so the caller hands it a :data:`Realign` hook (the aligner's
forced alignment, or :func:`place_on_words` with the words of the re-transcription). The hook
runs once, when the text is accepted, and its result is recorded in the
:class:`~aligner.edits.model.TextEdit` (:func:`placed_text_edit`), so replaying needs no model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from aligner.edits.model import TextEdit
from aligner.result import AlignedLine, LineStatus, Word

#: Places a line (whose text was just replaced) on the audio: given the line with its new text
#: and its current times as a hint, return it with new ``start``/``end``/``words``/``confidence``.
Realign = Callable[[AlignedLine], AlignedLine]


def place_on_words(words: Sequence[Word]) -> Realign:
    """A :data:`Realign` that places the line on ``words`` (e.g. the re-transcribed words of the
    span whose text is being accepted): their first start, last end and mean probability."""
    placed = tuple(words)

    def realign(al: AlignedLine) -> AlignedLine:
        if not placed:
            return al
        confidence = sum(w.probability for w in placed) / len(placed)
        return replace(
            al,
            start=placed[0].start,
            end=placed[-1].end,
            words=placed,
            status=LineStatus.ALIGNED,
            confidence=confidence,
        )

    return realign


def placed_text_edit(
    line_index: int, current: AlignedLine, text: str, realign: Realign
) -> TextEdit:
    """The :class:`TextEdit` giving line ``line_index`` the text ``text``, with the timing
    ``realign`` finds for ``current`` (the line as shown) once its text is replaced."""
    candidate = replace(current, line=replace(current.line, text=text), words=())
    placed = realign(candidate)
    return TextEdit(
        line_index=line_index,
        text=text,
        start=placed.start,
        end=placed.end,
        words=tuple(placed.words),
        confidence=placed.confidence,
    )


__all__ = ["Realign", "place_on_words", "placed_text_edit"]
