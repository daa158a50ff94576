"""Subtitle-sized cues: a transcript line cut into cues people can read (VTT and SRT).

A transcript line can be a long sentence; shown whole it becomes a 120-character row for ten
seconds. Subtitle conventions (BBC, Netflix, the W3C examples) ask for at most two rows of about
42 characters, on screen for at most about seven seconds. :func:`caption_cues` cuts each timed
line into such cues: cuts fall between words, at the words' aligned times when the line has
them (else by text length over the line's span), preferably after a sentence or a clause ends
(``.``, ``?``, ``,``, ``;``, a dash) or before a conjunction. A single word longer than a row
stays whole. JSON outputs and the player keep whole lines (:func:`aligner.export.common.cues`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aligner.export.common import MIN_CUE, Cue, cues
from aligner.result import Alignment, Word


@dataclass(frozen=True)
class CaptionStyle:
    """How big a caption cue may get (``--max-line-chars``, ``--max-lines``,
    ``--max-cue-seconds``)."""

    max_line_chars: int = 42
    max_lines: int = 2
    max_cue_seconds: float = 7.0

    def __post_init__(self) -> None:
        if self.max_line_chars < 10 or self.max_lines < 1 or self.max_cue_seconds < 1.0:
            from aligner.errors import UsageError

            raise UsageError(
                "caption limits too small: --max-line-chars must be at least 10, --max-lines at "
                "least 1 and --max-cue-seconds at least 1"
            )


@dataclass(frozen=True)
class CaptionCue:
    """One subtitle cue: its rows (``rows[0]`` starts with ``lead``, e.g. ``"Ann: "`` in SRT)."""

    start: float
    end: float
    speaker: str | None
    rows: tuple[str, ...]
    lead: str = ""

    @property
    def text(self) -> str:
        """The cue's words (without the lead), as one line."""
        return " ".join(self.rows)[len(self.lead) :].strip()


_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"[,;:—–][\"'”’)\]]*$")
_DASHES = frozenset({"-", "--", "—", "–"})
_JOINERS = frozenset(
    {
        *("and", "but", "or", "so", "because", "which", "that", "who", "when", "where"),
        *("while", "if", "then", "although", "though", "since", "until", "unless", "like"),
    }
)


def _cut_cost(before: str, after: str) -> float:
    """What cutting between the words ``before`` and ``after`` costs (0 = a sentence ends)."""
    if _SENTENCE_END.search(before):
        return 0.0
    if _CLAUSE_END.search(before) or after in _DASHES or before in _DASHES:
        return 1.0
    if after.lower().strip("\"'“‘(") in _JOINERS:
        return 3.0
    return 8.0


def _row_count(tokens: Sequence[str], width: int) -> int:
    """Rows needed for ``tokens`` filled greedily into ``width`` (the fewest possible)."""
    rows, used = 0, 0
    for tok in tokens:
        if rows and used + 1 + len(tok) <= width:
            used += 1 + len(tok)
        else:
            rows, used = rows + 1, len(tok)
    return rows


def wrap_rows(tokens: Sequence[str], style: CaptionStyle) -> tuple[str, ...]:
    """``tokens`` as at most ``style.max_lines`` rows, as even as possible, preferring a row
    break after punctuation (greedy rows when they do not fit at all)."""
    width, n = style.max_line_chars, len(tokens)
    if n == 0:
        return ()
    rows = _row_count(tokens, width)
    if rows == 1:
        return (" ".join(tokens),)
    if rows > style.max_lines:
        return _greedy(tokens, width)
    # best[k][j]: (longest row, cuts cost) splitting tokens[:j] into k rows
    inf = (float("inf"), float("inf"))
    best: list[list[tuple[float, float]]] = [[inf] * (n + 1) for _ in range(rows + 1)]
    back: list[list[int]] = [[0] * (n + 1) for _ in range(rows + 1)]
    best[0][0] = (0.0, 0.0)
    for k in range(1, rows + 1):
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                length = len(" ".join(tokens[i:j]))
                if length > width and j - i > 1:
                    break
                prev = best[k - 1][i]
                if prev[0] == float("inf"):
                    continue
                cut = _cut_cost(tokens[j - 1], tokens[j]) if j < n else 0.0
                cand = (max(prev[0], float(length)), prev[1] + cut)
                if cand < best[k][j]:
                    best[k][j], back[k][j] = cand, i
    out: list[str] = []
    j = n
    for k in range(rows, 0, -1):
        i = back[k][j]
        out.append(" ".join(tokens[i:j]))
        j = i
    return tuple(reversed(out))


def _greedy(tokens: Sequence[str], width: int) -> tuple[str, ...]:
    rows: list[list[str]] = []
    for tok in tokens:
        if rows and len(" ".join([*rows[-1], tok])) <= width:
            rows[-1].append(tok)
        else:
            rows.append([tok])
    return tuple(" ".join(r) for r in rows)


def token_times(
    tokens: Sequence[str], start: float, end: float, words: Sequence[Word]
) -> list[float]:
    """The start time of each token: its aligned word's start where ``words`` (the line's
    placed words, in order) has it, else spread by text length between the known times."""
    n = len(tokens)
    known: list[float | None] = [None] * n
    pos = 0
    for w in words:
        for j in range(pos, min(n, pos + 8)):
            if tokens[j] == w.text:
                known[j] = min(max(w.start, start), end)
                pos = j + 1
                break
    offsets = [0]
    for tok in tokens:
        offsets.append(offsets[-1] + len(tok) + 1)
    anchors = [(0, start)] + [(j, t) for j, t in enumerate(known) if t is not None] + [(n, end)]
    times = [start] * n
    for (a, ta), (b, tb) in itertools.pairwise(anchors):
        tb = max(ta, tb)
        span = max(1, offsets[b] - offsets[a])
        for j in range(a, min(b, n)):
            times[j] = ta + (tb - ta) * (offsets[j] - offsets[a]) / span
        if b < n:
            times[b] = tb
    for j in range(1, n):  # monotone, never before the line starts
        times[j] = max(times[j], times[j - 1])
    if n:
        times[0] = start
    return times


def split_cue(cue: Cue, style: CaptionStyle, lead: str = "") -> list[CaptionCue]:
    """``cue`` (a whole line) as subtitle cues no bigger than ``style`` allows; ``lead`` is
    written before the first cue's words and counts toward its first row."""
    tokens = cue.text.split()
    if lead:
        tokens = [lead.strip(), *tokens]
    n = len(tokens)
    times = token_times(tokens, cue.start, cue.end, cue.words)
    times.append(cue.end)
    limit = style.max_cue_seconds
    inf = float("inf")
    best = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            chunk = tokens[i:j]
            if j - i > 1 and _row_count(chunk, style.max_line_chars) > style.max_lines:
                break
            if lead and i == 0 and j == 1 and n > 1:
                continue  # the speaker's name never stands alone
            seconds = times[j] - times[i]
            if seconds > limit and j - i > (2 if lead and i == 0 else 1):
                break  # (one word that takes longer is a cue of its own, cut at the limit)
            if best[i] == inf:
                continue
            cost = best[i] + 2.0
            if j < n:
                cost += _cut_cost(tokens[j - 1], tokens[j])
            if n > 1 and (len(" ".join(chunk)) < 16 or seconds < 1.0):
                cost += 3.0  # short flashes are hard to read
            if cost < best[j]:
                best[j], back[j] = cost, i
    cuts: list[tuple[int, int]] = []
    j = n
    while j > 0:
        cuts.append((back[j], j))
        j = back[j]
    cuts.reverse()
    out: list[CaptionCue] = []
    for k, (i, j) in enumerate(cuts):
        start = round(times[i], 3)
        end = round(times[j], 3) if j < n else cue.end
        end = min(max(end, start + MIN_CUE), round(start + limit, 3))
        rows = wrap_rows(tokens[i:j], style)
        out.append(CaptionCue(start, end, cue.speaker, rows, lead if k == 0 else ""))
    return out


def caption_cues(
    alignment: Alignment,
    style: CaptionStyle | None = None,
    lead: Callable[[Cue, Cue | None], str] | None = None,
) -> list[CaptionCue]:
    """Every timed line of ``alignment`` as subtitle cues (see the module docstring).

    ``lead(cue, previous)`` gives the text written before a line's first cue (SRT's ``Name:``
    at a speaker change; ``previous`` is the last line before it that has a speaker); it counts
    toward the row's width.
    """
    style = style or CaptionStyle()
    out: list[CaptionCue] = []
    prev: Cue | None = None
    for cue in cues(alignment):
        out.extend(split_cue(cue, style, lead(cue, prev) if lead else ""))
        prev = cue if cue.speaker else prev
    out.sort(key=lambda c: c.start)  # overlapping lines: cue starts must still be in order
    return out


__all__ = ["CaptionCue", "CaptionStyle", "caption_cues", "split_cue", "token_times", "wrap_rows"]
