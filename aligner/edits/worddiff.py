"""Word-level diff of what was heard (a re-transcription) against what was published.

Published transcripts are edited: fillers dropped, words cleaned up, passages cut. To show the
user *how* a line differs from the audio, :func:`diff_words` compares the two texts word by word
on normalised tokens (:mod:`aligner.alignment.normalize`: case, punctuation and quotes ignored,
numbers
spelled out) and returns a sequence of
:class:`DiffOp` s -- runs of equal words, insertions (heard, not published), deletions
(published, not heard) and substitutions -- that keep each side's words as written, so a viewer
can show them verbatim. Pure; no audio or model involved.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum

from aligner.alignment.normalize import normalize_word


class DiffKind(str, Enum):
    EQUAL = "equal"
    INSERT = "insert"  # heard in the audio, missing from the published text
    DELETE = "delete"  # in the published text, not heard
    SUBSTITUTE = "substitute"  # published words heard as other words


@dataclass(frozen=True)
class DiffOp:
    """One run of the diff: ``published`` and ``heard`` words as written (either may be empty)."""

    kind: DiffKind
    published: tuple[str, ...]
    heard: tuple[str, ...]


@dataclass(frozen=True)
class DiffStats:
    """Word counts of a diff; ``substituted`` pairs published with heard words one to one."""

    published_words: int
    heard_words: int
    equal: int
    inserted: int
    deleted: int
    substituted: int

    @property
    def word_error_rate(self) -> float:
        """(S + D + I) / published words, the usual WER of the heard text against the published."""
        errors = self.substituted + self.deleted + self.inserted
        if self.published_words == 0:
            return 0.0 if errors == 0 else 1.0
        return errors / self.published_words


# A word piece: letters/digits with inner apostrophes and the like, plus any trailing punctuation
# up to the next space or hyphen, so "state-of-the-art," -> "state-", "of-", "the-", "art,".
_PIECE = re.compile(r"[^\s\-‐‑‒–—]+[\-‐‑‒–—]?|[\-‐‑‒–—]+")
_HYPHENS = "-‐‑‒"


def normalize_token(token: str) -> str:
    """The comparable form of one written word (:func:`aligner.alignment.normalize.normalize_word`'s
    tokens joined by spaces): case, punctuation and quotes ignored, numbers spelled out.

    Returns ``""`` for pure punctuation.
    """
    return " ".join(normalize_word(token))


def tokenize(text: str) -> tuple[str, ...]:
    """Split ``text`` into display words; punctuation-only pieces stick to the previous word.

    Hyphenated compounds split after each hyphen so that "state-of-the-art" and "state of the
    art" compare equal; :func:`join_words` puts them back together.
    """
    out: list[str] = []
    for match in _PIECE.finditer(text):
        piece = match.group(0)
        if not normalize_token(piece):
            if out:
                sep = "" if _splits_compound(out[-1]) else " "
                out[-1] = f"{out[-1]}{sep}{piece}"
                continue
            out.append(piece)
            continue
        if out and not normalize_token(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
            continue
        out.append(piece)
    return tuple(out)


def _splits_compound(word: str) -> bool:
    """True for a piece like "state-" that :func:`tokenize` cut out of a hyphenated compound."""
    return len(word) >= 2 and word[-1] in _HYPHENS and word[-2] not in _HYPHENS + " "


def join_words(words: tuple[str, ...] | list[str]) -> str:
    """Words back into text: a space between words, none after a hyphen that split a compound."""
    text = ""
    for word in words:
        if text and not _splits_compound(text):
            text += " "
        text += word
    return text


def _letters(tokens: list[str]) -> str:
    return "".join(tokens).replace(" ", "")


def diff_tokens(published: tuple[str, ...], heard: tuple[str, ...]) -> tuple[DiffOp, ...]:
    """Diff two sequences of display words (compared by :func:`normalize_token`)."""
    a = [normalize_token(w) for w in published]
    b = [normalize_token(w) for w in heard]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kinds = {
        "equal": DiffKind.EQUAL,
        "insert": DiffKind.INSERT,
        "delete": DiffKind.DELETE,
        "replace": DiffKind.SUBSTITUTE,
    }
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = kinds[tag]
        # "2018" heard as "twenty eighteen": different words, the same spoken tokens;
        # "start-up" heard as "startup": the same letters, split differently.
        if kind is DiffKind.SUBSTITUTE and _letters(a[i1:i2]) == _letters(b[j1:j2]):
            kind = DiffKind.EQUAL
        if ops and kind is DiffKind.EQUAL and ops[-1].kind is DiffKind.EQUAL:
            last = ops.pop()
            ops.append(
                DiffOp(kind, last.published + tuple(published[i1:i2]), last.heard + heard[j1:j2])
            )
            continue
        ops.append(DiffOp(kind, tuple(published[i1:i2]), tuple(heard[j1:j2])))
    return tuple(ops)


def diff_words(published: str, heard: str) -> tuple[DiffOp, ...]:
    """Diff the published text of a line (or span) against what was heard there."""
    return diff_tokens(tokenize(published), tokenize(heard))


def diff_stats(ops: tuple[DiffOp, ...] | list[DiffOp]) -> DiffStats:
    """Count the words of a diff; an uneven substitution counts its surplus as ins/del."""
    equal = inserted = deleted = substituted = 0
    for op in ops:
        if op.kind is DiffKind.EQUAL:
            equal += len(op.published)
        elif op.kind is DiffKind.INSERT:
            inserted += len(op.heard)
        elif op.kind is DiffKind.DELETE:
            deleted += len(op.published)
        else:
            pairs = min(len(op.published), len(op.heard))
            substituted += pairs
            deleted += len(op.published) - pairs
            inserted += len(op.heard) - pairs
    return DiffStats(
        published_words=sum(len(op.published) for op in ops),
        heard_words=sum(len(op.heard) for op in ops),
        equal=equal,
        inserted=inserted,
        deleted=deleted,
        substituted=substituted,
    )


__all__ = [
    "DiffKind",
    "DiffOp",
    "DiffStats",
    "diff_stats",
    "diff_tokens",
    "diff_words",
    "join_words",
    "normalize_token",
    "tokenize",
]
