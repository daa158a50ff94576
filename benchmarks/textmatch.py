"""Word-level text matching for the benchmarks: normalise, then align word sequences.

Used to score captions against the truth by their words (a cue is identified by what it says,
not by its index) and to compare a Whisper transcription of a cut with the truth sentence.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Indel

_TAGS = re.compile(r"<[^>]*>")
_SPLIT = re.compile(r"[\s\-\u2010-\u2015/]+")
_DROP = re.compile(r"[^\w]+")


def words(text: str) -> list[str]:
    """Lower-case word tokens without punctuation, apostrophes or markup."""
    text = unicodedata.normalize("NFKC", _TAGS.sub(" ", text)).lower()
    text = text.replace("'", "").replace("\u2019", "")
    out = []
    for token in _SPLIT.split(text):
        token = _DROP.sub("", token).replace("_", "")
        if token:
            out.append(token)
    return out


def similarity(a: str, b: str) -> float:
    """0..1 word-sequence similarity (Indel normalised similarity over word lists)."""
    return float(Indel.normalized_similarity(words(a), words(b)))


def map_words(source: list[str], target: list[str]) -> list[int | None]:
    """For each word of ``source``, the index of the equal word of ``target`` it aligns with."""
    mapping: list[int | None] = [None] * len(source)
    for op in Indel.opcodes(source, target):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                mapping[op.src_start + k] = op.dest_start + k
    return mapping
