"""Scoring an aligned WebVTT (and podalign JSON) against an episode's truth, by words.

A cue is identified by what it says, not by its position: the words of all truth sentences are
aligned to the words of all cues (a global sequence alignment), so merged, split, missing or
extra cues are all seen for what they are. Pure functions, no audio, no model.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from benchmarks.textmatch import map_words, words
from benchmarks.truth import Truth

_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def _seconds(stamp: str) -> float:
    m = _TIME.fullmatch(stamp.strip())
    if not m:
        raise ValueError(f"not a WebVTT timestamp: {stamp!r}")
    h, mnt, s, ms = m.groups()
    return int(h or 0) * 3600 + int(mnt) * 60 + int(s) + int(ms) / 1000


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file: times and plain text (voice tags and entities removed)."""
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        for k, line in enumerate(lines):
            if "-->" in line:
                a, b = line.split("-->", 1)
                body = " ".join(lines[k + 1 :])
                body = html.unescape(re.sub(r"<[^>]*>", "", body))
                cues.append(Cue(_seconds(a), _seconds(b.split()[0]), body.strip()))
                break
    return cues


@dataclass(frozen=True)
class Scores:
    """Every figure the accuracy benchmark prints."""

    sentences: int  # truth sentences in the audio
    covered: int  # ... whose first word starts a cue
    errors: tuple[float, ...]  # signed cue start - truth start, covered sentences
    placed: tuple[tuple[int, float], ...]  # (truth sentence index, signed error), same order
    turns: int  # truth turns in the audio
    turns_ok: int  # ... whose first sentence's cue starts within 0.5 s
    cues: int
    stray_cues: int  # cues whose words match no truth sentence
    cues_on_extra: tuple[tuple[str, float, str], ...]  # (region, cue start, cue text)
    dropped_sentences: int
    dropped_with_cue: int  # left-out sentences that still got a cue
    dropped_status: tuple[str, ...]  # JSON status of the lines holding left-out sentences
    status_counts: tuple[tuple[str, int], ...]

    @property
    def coverage(self) -> float:
        return self.covered / self.sentences if self.sentences else 0.0

    def within(self, seconds: float) -> float:
        """Share of all in-audio sentences whose cue starts within ``seconds`` (missing = miss)."""
        if not self.sentences:
            return 0.0
        return sum(1 for e in self.errors if abs(e) <= seconds) / self.sentences

    def abs_quantile(self, q: float) -> float:
        return float(np.quantile(np.abs(self.errors), q)) if self.errors else float("nan")

    def uncovered(self, truth: Truth) -> list[int]:
        """Indices of in-audio truth sentences that start no cue."""
        done = {i for i, _ in self.placed}
        return [i for i, s in enumerate(truth.sentences) if s.start is not None and i not in done]

    @property
    def bias(self) -> float:
        return float(np.median(self.errors)) if self.errors else float("nan")

    @property
    def dropped_flagged(self) -> bool | None:
        if not self.dropped_sentences:
            return None
        return bool(self.dropped_status) and all(s == "not_in_audio" for s in self.dropped_status)


def _owners(texts: list[str]) -> tuple[list[str], list[int], list[int]]:
    """Flattened words, the owner index of each word, and each owner's first word index."""
    flat: list[str] = []
    owner: list[int] = []
    first: list[int] = []
    for i, text in enumerate(texts):
        w = words(text)
        first.append(len(flat))
        flat.extend(w)
        owner.extend([i] * len(w))
    return flat, owner, first


def _on_region(cue: Cue, start: float, end: float) -> bool:
    overlap = min(cue.end, end) - max(cue.start, start)
    return overlap > 0 and (overlap >= 0.5 * (cue.end - cue.start) or overlap >= 1.0)


def score(
    truth: Truth, cues: list[Cue], json_lines: list[dict] | None = None, turn_tolerance=0.5
) -> Scores:
    """Score ``cues`` (from the WebVTT) and optionally the JSON ``lines`` against ``truth``."""
    sents = truth.sentences
    t_words, _t_owner, t_first = _owners([s.text for s in sents])
    c_words, c_owner, c_first = _owners([c.text for c in cues])
    mapping = map_words(t_words, c_words)
    cue_first_word = set(c_first[i] for i, c in enumerate(cues) if words(c.text))

    errors: list[float] = []
    starts: dict[int, float] = {}
    n_in = 0
    for i, s in enumerate(sents):
        if s.start is None:
            continue
        n_in += 1
        n_words = len(words(s.text))
        # The sentence starts a cue if one of its first words maps to the same position in a
        # cue (tolerates one normalisation mismatch on the very first word).
        for j in range(min(3, n_words)):
            m = mapping[t_first[i] + j]
            if m is None:
                continue
            cue = c_owner[m]
            if m - c_first[cue] == j and c_first[cue] in cue_first_word:
                # to the microsecond: a cue (1 ms in WebVTT) 0.300 s off a truth start
                # summed in floating point is within 0.3 s, not 0.30000000000001 away
                err = round(cues[cue].start - s.start, 6)
                errors.append(err)
                starts[i] = err
            break

    turns = [t for t in truth.turns if t.in_audio and t.start is not None]
    turns_ok = 0
    for t in turns:
        first = next(
            (i for i, s in enumerate(sents) if s.turn == t.index and s.start is not None), None
        )
        if first is not None and first in starts and abs(starts[first]) <= turn_tolerance:
            turns_ok += 1

    # Cues that match no truth words at all (e.g. text from nowhere) and cues on extra regions.
    matched_cues = Counter(c_owner[m] for m in mapping if m is not None)
    stray = sum(1 for i, c in enumerate(cues) if words(c.text) and matched_cues[i] == 0)
    on_extra = tuple(
        (r.what, c.start, c.text[:60])
        for c in cues
        for r in truth.extra
        if _on_region(c, r.start, r.end)
    )

    dropped = [i for i, s in enumerate(sents) if s.start is None]
    with_cue = 0
    for i in dropped:
        n = len(words(sents[i].text))
        hits = sum(1 for k in range(n) if mapping[t_first[i] + k] is not None)
        with_cue += hits > n / 2

    statuses: list[str] = []
    counts: Counter[str] = Counter()
    if json_lines is not None:
        counts.update(str(e.get("status")) for e in json_lines)
        j_words, j_owner, _ = _owners([str(e.get("text", "")) for e in json_lines])
        jmap = map_words(t_words, j_words)
        owners: set[int] = set()
        for i in dropped:
            n = len(words(sents[i].text))
            owners.update(
                j_owner[jmap[t_first[i] + k]] for k in range(n) if jmap[t_first[i] + k] is not None
            )
        statuses = [str(json_lines[k].get("status")) for k in sorted(owners)]

    return Scores(
        sentences=n_in,
        covered=len(errors),
        errors=tuple(errors),
        placed=tuple(starts.items()),
        turns=len(turns),
        turns_ok=turns_ok,
        cues=len(cues),
        stray_cues=stray,
        cues_on_extra=on_extra,
        dropped_sentences=len(dropped),
        dropped_with_cue=with_cue,
        dropped_status=tuple(statuses),
        status_counts=tuple(sorted(counts.items())),
    )
