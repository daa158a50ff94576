"""Splitting transcript paragraphs into lines: one sentence each, long ones cut at a clause.

A line is what the player highlights and a caption cue shows, so the splitter must not break on
the dots people put everywhere else (``Dr.``, ``e.g.``, ``U.S.``, ``0.7``, ``...``, ``..using``,
punctuation inside quotes or brackets), and a sentence longer than ``max_chars`` is cut at the
clause boundary (semicolon, dash, comma, conjunction) nearest its middle so that no caption is a
wall of text. Pure string logic; tested without audio.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

#: Abbreviations that never end a sentence (compared lower-case, without the final dot).
_NEVER_FINAL = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "sr",
    "jr",
    "st",
    "mt",
    "vs",
    "v",
    "e.g",
    "i.e",
    "cf",
    "approx",
    "no",
    "fig",
    "gen",
    "gov",
    "sen",
    "rep",
    "lt",
    "col",
    "capt",
    "sgt",
}
#: Abbreviations that end a sentence only when a typical sentence opener follows them.
_MAYBE_FINAL = {"etc", "u.s", "u.k", "u.s.a", "inc", "ltd", "co", "corp", "a.m", "p.m", "al"}
_OPENERS = {
    "a",
    "after",
    "also",
    "and",
    "anyway",
    "as",
    "at",
    "because",
    "but",
    "for",
    "he",
    "how",
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "if",
    "in",
    "it",
    "it's",
    "maybe",
    "my",
    "now",
    "ok",
    "okay",
    "one",
    "or",
    "our",
    "she",
    "so",
    "that",
    "that's",
    "the",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "this",
    "those",
    "we",
    "we're",
    "what",
    "when",
    "which",
    "who",
    "why",
    "yeah",
    "yes",
    "you",
}
_OPEN_QUOTES = "\"'“‘([{"
_CLOSERS = "\"'”’)]}"
# Sentence-final punctuation run, closing quotes/brackets, then whitespace.
_END = re.compile(r"(?:\.\.\.|…|[.!?]+)[\"'”’)\]}]*(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
#: Clause boundaries for long sentences: (pattern matching the text to keep on the left, cost).
_CLAUSE_BREAKS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"[;:](?=\s)"), 0.0),
    (re.compile(r"\s(?:-|–|—|--)(?=\s)"), 0.0),
    (re.compile(r"[—–](?=\S)"), 0.05),
    (re.compile(r",(?=\s)"), 0.08),
    (
        re.compile(
            r"(?<=\S)(?=\s(?:and|but|or|so|because|which|while|whereas|although|though|"
            r"where|when|then|if|that)\s)",
            re.IGNORECASE,
        ),
        0.2,
    ),
)
#: The characters :func:`_protected_spans` pairs up.
_BRACKET = re.compile(r"[()\[\]{}“”]")
#: A piece shorter than this is not worth its own caption.
_MIN_PIECE = 15


def split_sentences(text: str, max_chars: int = 120) -> list[str]:
    """Split ``text`` into sentences; sentences over ``max_chars`` are cut at clause boundaries.

    Whitespace is normalised (runs become one space); empty input gives ``[]``.
    """
    text = re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
    if not text:
        return []
    out: list[str] = []
    for sentence in _sentences(text):
        out.extend(_cut_long(sentence, max_chars))
    return out


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Balanced brackets and short straight-quoted spans: no sentence break inside them."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    pairs = {")": "(", "]": "[", "}": "{", "”": "“"}
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch in "([{“":
            stack.append(i)
        elif ch in pairs and stack and text[stack[-1]] == pairs[ch]:
            start = stack.pop()
            if i - start < 400:
                spans.append((start, i))
    quotes = [m.start() for m in re.finditer(r'"', text)]
    if len(quotes) % 2 == 0:
        for a, b in zip(quotes[::2], quotes[1::2]):
            if b - a < 400:
                spans.append((a, b))
    return spans


def _is_boundary(text: str, end: int, punct: str, after: str) -> bool:
    """Whether the punctuation ``punct`` ending at ``end`` closes a sentence."""
    nxt = after.lstrip()
    if not nxt:
        return False
    first = nxt[0]
    if first in _OPEN_QUOTES:
        rest = nxt[1:2]
        starts_upper = bool(rest) and (rest.isupper() or rest.isdigit())
    else:
        starts_upper = first.isupper() or first.isdigit()
    if not starts_upper:
        return False
    if punct.startswith(".") and not punct.startswith(".."):
        start = end - len(punct)
        m = _WORD_BEFORE.search(text[:start])
        if m:
            word = m.group(1).lower().rstrip(".")
            if word in _NEVER_FINAL:
                return False
            if len(word) == 1 and word.isalpha() and m.group(1).isupper():
                return False  # an initial: "J. R. R. Tolkien"
            if word in _MAYBE_FINAL or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                opener = re.match(r"[\w']+", nxt)
                return opener is not None and opener.group(0).lower() in _OPENERS
    return True


def _sentences(text: str) -> list[str]:
    spans = _protected_spans(text)
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        punct = m.group(0).rstrip(_CLOSERS)
        if any(a < m.end() - 1 < b for a, b in spans):
            continue
        if not _is_boundary(text, m.start() + len(punct), punct, text[end:]):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _cut_long(sentence: str, max_chars: int) -> list[str]:
    """``sentence`` cut in two at its best clause boundary, again and again, until every piece
    fits ``max_chars``. The boundaries are found once, in the whole sentence: a piece's own
    boundaries are the ones inside it (one that differs at a piece's edge leaves a piece under
    ``_MIN_PIECE`` and is never taken)."""
    if len(sentence) <= max_chars:
        return [sentence]
    breaks = [(cost, [m.end() for m in p.finditer(sentence)]) for p, cost in _CLAUSE_BREAKS]
    out: list[str] = []
    _cut_range(sentence, 0, len(sentence), max_chars, breaks, out)
    return out


def _cut_range(
    s: str, a: int, b: int, max_chars: int, breaks: list[tuple[float, list[int]]], out: list[str]
) -> None:
    """Append the pieces of ``s[a:b]`` (no space at either end; single spaces) to ``out``."""
    n = b - a
    if n <= max_chars:
        out.append(s[a:b])
        return
    best: tuple[float, int] | None = None
    for cost, ends in breaks:
        for end in ends[bisect_right(ends, a) : bisect_left(ends, b)]:
            cut = end - a
            left = cut - (s[end - 1] == " ")  # the pieces' lengths once stripped
            right = n - cut - (s[end] == " ")
            if left < _MIN_PIECE or right < _MIN_PIECE:
                continue
            score = abs(cut - n / 2) / n + cost
            if best is None or score < best[0]:
                best = (score, end)
    if best is None:  # no clause boundary: the space nearest the middle (the left one on a tie)
        below = s.rfind(" ", a, a + n // 2 + 1)
        above = s.find(" ", a + n // 2 + 1, b)
        if below < 0 and above < 0:
            out.append(s[a:b])
            return
        if below >= 0 and (above < 0 or a + n / 2 - below <= above - a - n / 2):
            cut = below
        else:
            cut = above
    else:
        cut = best[1]
    left_end = cut - (s[cut - 1] == " ") if cut > a else a
    right_start = cut + (cut < b and s[cut] == " ")
    if left_end <= a or right_start >= b:
        out.append(s[a:b])
        return
    _cut_range(s, a, left_end, max_chars, breaks, out)
    _cut_range(s, right_start, b, max_chars, breaks, out)
