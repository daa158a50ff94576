"""Where the transcript's words and the heard (ASR) words are the same speech.

A global sequence alignment (rapidfuzz ``Indel.opcodes`` on lists of normalized tokens, see
:mod:`aligner.alignment.normalize`) pairs transcript words with Whisper's words. Isolated
coincidences
("the", "a") are discarded: only *runs* of several matched words become anchors. Between two
anchors the unmatched words form a :class:`Gap`, classified as

- ``extra_audio``: heard words with no transcript counterpart (an ad, an intro, an aside),
- ``missing_text``: transcript words nobody said (a passage cut from the audio),
- ``mismatch``: both sides have words; :attr:`Gap.similarity` tells badly heard speech (similar)
  from a replaced passage (dissimilar),
- ``minor``: a few words either way (recognition noise), left to forced alignment.

Pure; tested on word lists without audio or model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from aligner.alignment.normalize import normalize_words

#: Fewest consecutive matched words that make an anchor run.
MIN_RUN = 3
#: Fewest unmatched words on one side of a gap that make it more than recognition noise.
MIN_GAP_WORDS = 6


@dataclass(frozen=True)
class WordMatch:
    """Transcript word ``ref`` is heard as ASR word ``hyp`` (indices into the two lists)."""

    ref: int
    hyp: int


@dataclass(frozen=True)
class Gap:
    """Unmatched words between two anchors: ``ref[ref_start:ref_end]`` and
    ``hyp[hyp_start:hyp_end]``."""

    kind: str
    ref_start: int
    ref_end: int
    hyp_start: int
    hyp_end: int
    similarity: float = 0.0

    @property
    def ref_len(self) -> int:
        return self.ref_end - self.ref_start

    @property
    def hyp_len(self) -> int:
        return self.hyp_end - self.hyp_start


@dataclass(frozen=True)
class AnchorMap:
    """The anchors (matched words inside runs) and the gaps around them."""

    matches: tuple[WordMatch, ...]
    gaps: tuple[Gap, ...]
    ref_count: int
    hyp_count: int

    @property
    def matched_ref_share(self) -> float:
        return len(self.matches) / self.ref_count if self.ref_count else 0.0

    @property
    def matched_hyp_share(self) -> float:
        return len(self.matches) / self.hyp_count if self.hyp_count else 0.0

    def hyp_of_ref(self) -> dict[int, int]:
        return {m.ref: m.hyp for m in self.matches}


def match_words(ref_words: Sequence[str], hyp_words: Sequence[str]) -> list[WordMatch]:
    """All word pairs that a global alignment of their normalized tokens puts together.

    Monotonic in both indices; each word appears at most once.
    """
    ref_tokens, ref_owner = normalize_words(ref_words)
    hyp_tokens, hyp_owner = normalize_words(hyp_words)
    if not ref_tokens or not hyp_tokens:
        return []
    pairs: list[WordMatch] = []
    last_ref = last_hyp = -1
    for op in Indel.opcodes(ref_tokens, hyp_tokens):
        if op.tag != "equal":
            continue
        for k in range(op.src_end - op.src_start):
            r = ref_owner[op.src_start + k]
            h = hyp_owner[op.dest_start + k]
            if r > last_ref and h > last_hyp:
                pairs.append(WordMatch(r, h))
                last_ref, last_hyp = r, h
    return pairs


def anchor_runs(
    pairs: Sequence[WordMatch], *, min_run: int = MIN_RUN, max_skip: int = 1
) -> list[list[WordMatch]]:
    """Group matches into runs (each step skips at most ``max_skip`` words on either side) and
    keep the runs of at least ``min_run`` matches."""
    runs: list[list[WordMatch]] = []
    current: list[WordMatch] = []
    for m in pairs:
        if current:
            prev = current[-1]
            if m.ref - prev.ref - 1 <= max_skip and m.hyp - prev.hyp - 1 <= max_skip:
                current.append(m)
                continue
            runs.append(current)
        current = [m]
    if current:
        runs.append(current)
    return [r for r in runs if len(r) >= min_run]


def _similarity(ref: Sequence[str], hyp: Sequence[str]) -> float:
    a = normalize_words(ref)[0]
    b = normalize_words(hyp)[0]
    if not a or not b:
        return 0.0
    return float(Indel.normalized_similarity(a, b))


def classify_gap(
    ref_words: Sequence[str],
    hyp_words: Sequence[str],
    rs: int,
    re_: int,
    hs: int,
    he: int,
    *,
    min_gap: int = MIN_GAP_WORDS,
) -> Gap:
    """Say what the unmatched ``ref[rs:re_]`` / ``hyp[hs:he]`` between two anchors are."""
    nr, nh = re_ - rs, he - hs
    big_r, big_h = nr >= min_gap, nh >= min_gap
    if big_r and big_h:
        sim = _similarity(ref_words[rs:re_], hyp_words[hs:he])
        return Gap("mismatch", rs, re_, hs, he, sim)
    if big_h and nr <= max(2, nh // 4):
        return Gap("extra_audio", rs, re_, hs, he)
    if big_r and nh <= max(2, nr // 4):
        return Gap("missing_text", rs, re_, hs, he)
    return Gap("minor", rs, re_, hs, he)


def anchor_words(
    ref_words: Sequence[str],
    hyp_words: Sequence[str],
    *,
    min_run: int = MIN_RUN,
    min_gap: int = MIN_GAP_WORDS,
) -> AnchorMap:
    """Anchor transcript words (``ref``) to heard words (``hyp``) and classify every gap,
    including the one before the first anchor and the one after the last."""
    runs = anchor_runs(match_words(ref_words, hyp_words), min_run=min_run)
    matches = [m for run in runs for m in run]
    gaps: list[Gap] = []
    prev_r, prev_h = 0, 0
    for m in [*matches, WordMatch(len(ref_words), len(hyp_words))]:
        if m.ref > prev_r or m.hyp > prev_h:
            gaps.append(
                classify_gap(ref_words, hyp_words, prev_r, m.ref, prev_h, m.hyp, min_gap=min_gap)
            )
        prev_r, prev_h = m.ref + 1, m.hyp + 1
    return AnchorMap(tuple(matches), tuple(gaps), len(ref_words), len(hyp_words))


def find_resume(
    ref: Sequence[str], hyp: Sequence[str], *, usable: int | None = None
) -> tuple[int, int] | None:
    """Where heard words ``hyp`` first join the transcript ``ref``: (ref index, hyp index) of
    the first believable anchor run, or None.

    A run at the start of ``ref`` needs :data:`MIN_RUN` words. A run further on claims that the
    words before it were cut from the audio, so it needs more evidence: 6 words, and the heard
    words after it must go on matching the transcript (a phrase like "papers with code" read in
    an intro must not make the whole first turn disappear). Only the first ``usable`` heard
    words (default: all) are asked to go on matching: those after them lie at the window's end,
    where the decoder may loop on a phrase that matches nothing.
    """
    pairs = match_words(ref, hyp)
    for run in anchor_runs(pairs, min_run=MIN_RUN):
        first = run[0]
        if first.ref < MIN_GAP_WORDS:
            return first.ref, first.hyp
        if len(run) < 6:
            continue
        end = len(hyp) if usable is None or first.hyp >= usable else usable
        span = min(20, end - first.hyp)
        follow = sum(
            1
            for m in pairs
            if first.hyp <= m.hyp < first.hyp + span and first.ref <= m.ref < first.ref + span + 6
        )
        if follow >= 0.6 * span:
            return first.ref, first.hyp
    return None


__all__ = [
    "MIN_GAP_WORDS",
    "MIN_RUN",
    "AnchorMap",
    "Gap",
    "WordMatch",
    "anchor_runs",
    "anchor_words",
    "classify_gap",
    "find_resume",
    "match_words",
]
