"""Word tokens that compare equal when a person would say they are the same word.

Whisper and a transcript editor write the same speech differently: "2018" or "twenty eighteen",
"co-founder" or "co founder", "don't" or "dont", "LLaMA-3" or "llama 3", with any case and
punctuation. The anchor search (:mod:`aligner.alignment.anchors`) compares *normalized tokens*, so
this
module turns each written word into zero or more lowercase ASCII tokens, remembering which word
each token came from. Pure; no audio or model involved.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))

#: Symbols that are spoken as words.
_SYMBOLS = {"%": "percent", "&": "and", "+": "plus", "@": "at", "$": "dollars"}

_APOSTROPHES = "'\u2019\u2018`\u00b4"
_SPLIT = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015/_]+")
_DIGIT_ALPHA = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


def number_words(n: int) -> list[str]:
    """English words for a non-negative integer ("one hundred twenty three")."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [_ONES[hundreds], "hundred"] + (number_words(rest) if rest else [])
    for value, name in _SCALES:
        if n >= value:
            head, rest = divmod(n, value)
            return number_words(head) + [name] + (number_words(rest) if rest else [])
    return [str(n)]  # pragma: no cover - unreachable


def year_words(n: int) -> list[str]:
    """How a year is read aloud: 2018 -> "twenty eighteen", 1999 -> "nineteen ninety nine"."""
    if 2000 <= n <= 2009:
        return number_words(n)
    head, tail = divmod(n, 100)
    if tail == 0:
        return [*number_words(head), "hundred"]
    if tail < 10:
        return [*number_words(head), "oh", *number_words(tail)]
    return number_words(head) + number_words(tail)


def _number_tokens(text: str) -> list[str]:
    digits = text.replace(",", "")
    if "." in digits:
        whole, _, frac = digits.partition(".")
        out = number_words(int(whole)) if whole else []
        return [*out, "point", *(_ONES[int(d)] for d in frac)]
    n = int(digits)
    if len(digits) == 4 and "," not in text and 1100 <= n <= 2099:
        return year_words(n)
    if len(digits) > 12:
        return [_ONES[int(d)] for d in digits]
    return number_words(n)


def _fold(text: str) -> str:
    """Lowercase ASCII with accents removed."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def normalize_word(word: str) -> list[str]:
    """The comparison tokens of one written word (possibly none, e.g. for "-")."""
    return list(_word_tokens(word))


@functools.lru_cache(maxsize=65536)
def _word_tokens(word: str) -> tuple[str, ...]:
    """:func:`normalize_word`, memoised: an episode repeats a few thousand distinct words
    (the tokens are a tuple so the cache's value cannot be changed by a caller)."""
    text = _fold(word)
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    for sym, spoken in _SYMBOLS.items():
        if sym in text:
            text = text.replace(sym, f" {spoken} ")
    # "u.s." -> "us", "l.i.m.a." -> "lima": dots between letters are not word breaks.
    text = re.sub(r"(?<=[a-z])\.(?=[a-z])", "", text)
    tokens: list[str] = []
    for part in _SPLIT.split(text):
        part = re.sub(r"[^a-z0-9.,]", "", part).strip(".,")
        if not part:
            continue
        for piece in _DIGIT_ALPHA.split(part):
            piece = piece.strip(".,")
            if not piece:
                continue
            if _NUMBER.match(piece):
                tokens.extend(_number_tokens(piece))
            else:
                tokens.extend(t for t in re.split(r"[.,]+", piece) if t)
    return tuple(tokens)


def normalize_words(words: Sequence[str]) -> tuple[list[str], list[int]]:
    """Tokens for a word list, and for each token the index of the word it came from."""
    tokens: list[str] = []
    owners: list[int] = []
    for i, word in enumerate(words):
        for tok in normalize_word(word):
            tokens.append(tok)
            owners.append(i)
    return tokens, owners


def normalize_text(text: str) -> list[str]:
    """Tokens of a whole text (split on whitespace first)."""
    return normalize_words(text.split())[0]


__all__ = ["normalize_text", "normalize_word", "normalize_words", "number_words", "year_words"]
