"""Scoring an alignment against a truth file's sentence starts (shared by the aligner tests).

Sentences are matched to lines in order by their first words (normalized), so a sentence only
counts as covered when a line starts with it, which is what a caption viewer sees.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aligner.alignment.normalize import normalize_text
from aligner.result import AlignedLine, Alignment, LineStatus


@dataclass(frozen=True)
class Score:
    sentences: int
    covered: int
    errors: tuple[float, ...]  # |start error| of covered sentences
    turn_errors: tuple[float, ...]
    missing: tuple[str, ...]

    @property
    def coverage(self) -> float:
        return self.covered / self.sentences

    def within(self, seconds: float) -> float:
        return sum(1 for e in self.errors if e <= seconds) / self.sentences

    @property
    def median(self) -> float:
        return statistics.median(self.errors)


def match_lines(
    alignment: Alignment, sentences: Sequence[dict[str, Any]]
) -> list[AlignedLine | None]:
    lines = list(alignment.lines)
    tokens = [normalize_text(a.line.text) for a in lines]
    out: list[AlignedLine | None] = []
    j = 0
    for s in sentences:
        st = normalize_text(s["text"])
        found = None
        for i in range(j, len(lines)):
            n = min(6, len(tokens[i]), len(st))
            if n and tokens[i][:n] == st[:n]:
                found = i
                break
        if found is None:
            out.append(None)
            continue
        j = found + 1
        out.append(lines[found])
    return out


def score(
    alignment: Alignment,
    sentences: Sequence[dict[str, Any]],
    expected: Callable[[dict[str, Any]], float | None] = lambda s: s["start"],
) -> Score:
    """Score the sentences whose ``expected`` start is not None (those that are in the audio)."""
    matched = match_lines(alignment, sentences)
    errors: list[float] = []
    turn_errors: list[float] = []
    missing: list[str] = []
    n = 0
    for s, al in zip(sentences, matched):
        want = expected(s)
        if want is None:
            continue
        n += 1
        if al is None or al.status is not LineStatus.ALIGNED or al.start is None:
            missing.append(s["text"])
            continue
        err = abs(al.start - want)
        errors.append(err)
        if s["index"] == 0:
            turn_errors.append(err)
    return Score(n, len(errors), tuple(errors), tuple(turn_errors), tuple(missing))


def assert_thresholds(sc: Score) -> None:
    """The issue's bar: coverage >= 98 %, <= 0.3 s for >= 97 %, <= 0.5 s for >= 99 %, median
    <= 60 ms, every turn start within 0.5 s."""
    detail = f"{sc} missing={sc.missing}"
    assert sc.coverage >= 0.98, detail
    assert sc.within(0.3) >= 0.97, detail
    assert sc.within(0.5) >= 0.99, detail
    assert sc.median <= 0.060, detail
    assert sc.turn_errors and max(sc.turn_errors) <= 0.5, detail
