"""A second look at the lines just before the point where the walk resumes after a gap.

When :func:`aligner.alignment.resolve.resolve` finds where the transcript resumes after a
passage nobody said (cut from the audio), it marks everything between the walk's position and
the resume point's line ``not_in_audio`` on one piece of evidence: Whisper's words, and only
those after the walk's context. The first line after the cut is lost that way (issue 12, class
(a)) whenever that evidence is thin: Whisper heard the line differently or not at all, or the
walk, still following the cut passage, pinned that passage's first words weakly on the line's
audio, which then lies behind the context where Whisper's words are not looked at.

:func:`recheck` decides with the stronger evidence instead: it force-aligns the last skipped
lines again, together with the resume line, on the audio between the last word heard before the
gap and the resume anchor, and gives back the lines that fit there with reasonable confidence
(the anchor landing where Whisper heard it); the walk goes on from the first of them. The
weakly placed words of a line in which the gap begins belong to the cut passage (it is cut at a
line boundary): they are marked missing first, so that their audio is free again.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment.assemble import MISSING, UNPLACED, WordTiming, spoken_seconds
from aligner.alignment.forced import EncodedWindow, ForcedAligner, PlacedWord
from aligner.alignment.normalize import normalize_word
from aligner.alignment.resolve import Context, ResumePoint, WalkState
from aligner.alignment.stretches import word_in_stretch
from aligner.result import Region

log = logging.getLogger(__name__)

#: At most this many skipped lines before a resume point are looked at again (one alignment
#: call each, only where the walk resumes after a gap).
MAX_LINES = 8
#: A line fits when the mean probability of its words is at least this ...
FIT_PROB = 0.5
#: ... or this, for a line of at most :data:`SHORT_WORDS` words (a short word fits a lot of
#: speech).
SHORT_FIT_PROB = 0.7
SHORT_WORDS = 2
#: Words this improbable, :data:`LOW_RUN` in a row, are not spoken there; a short line right
#: before a found longer one only needs a mean above it (to be heard at all, see :func:`_fits`).
LOW_PROB = 0.15
LOW_RUN = 3
#: Words of the line a gap begins in, placed before it with a mean probability below this, are
#: the cut passage's first words pinned on other speech.
WEAK_PROB = 0.5
#: Lines need this share of their (generous) spoken time in the audio before the anchor.
SQUEEZE = 0.5
#: The resume anchor may land at most this much (s) before Whisper heard it.
ANCHOR_SLACK = 1.0
#: A first word stretched over more than this (s) sat on audio that is not its own.
STRETCH_SECONDS = 2.0
#: Words after the anchor aligned along, so that the path has somewhere to go.
TAIL_WORDS = 4


@dataclass(frozen=True)
class Recheck:
    """Lines before a resume point found in the audio: go on from word ``k`` on ``window``
    with ``ctx`` (the last words heard before the gap) as context."""

    k: int
    window: EncodedWindow
    ctx: tuple[Context, ...]


def recheck(
    aligner: ForcedAligner, audio: np.ndarray, state: WalkState, point: ResumePoint
) -> Recheck | None:
    """Look again at the skipped lines just before ``point`` (see the module docstring);
    un-skip those that fit and return where the walk goes on, or None when none does."""
    if point.anchor in state.rechecked:
        return None  # once per resume point: the walk does not go round in circles
    state.rechecked.add(point.anchor)
    words, timings = state.words, state.timings
    lo = drop_weak_line_start(state, point.lo)
    before = last_placed(timings, lo, 2)
    ctx = tuple(Context(words[i], timings[i].start or 0.0, timings[i].end or 0.0) for i in before)
    if lo > 0 and not before:
        return None  # no reliable word before the gap to start from
    t0 = 0.0
    if before:
        last = timings[before[-1]]
        t0 = min(last.end or 0.0, (last.start or 0.0) + spoken_seconds(words[before[-1]]))
    # Extra audio reported before the walk reached this window (an ad) is not the lines'; the
    # words before it are then no context.
    settled = max([0.0, *(r.end for r in state.extras if r.end <= point.t)])
    if settled > t0 + 1.0:
        t0, ctx = settled, ()
    start = ctx[0].start - 0.1 if ctx else t0
    if point.at + ANCHOR_SLACK > start + aligner.window_seconds - 1.0:
        return None
    lines = _candidates(state, lo, point, point.at - t0)
    if not lines:
        return None
    window = aligner.encode(audio, max(0.0, start))
    tail = words[point.cut : point.anchor + 1 + TAIL_WORDS]
    best: int | None = None
    found: Sequence[PlacedWord] = ()
    for first in lines:
        seq = words[first : point.cut]
        placed = aligner.align(window, [*(c.text for c in ctx), *seq, *tail])[len(ctx) :]
        opener = best is not None and not _is_short(state, best)
        fits = _fits(
            state, placed, first, point, t0, window, audio, has_ctx=bool(ctx), opener=opener
        )
        log.debug(
            "recheck %d:%d anchor %d at %.2f t0 %.2f fits=%s %s",
            first,
            point.cut,
            point.anchor,
            point.at,
            t0,
            fits,
            [(w, round(p.start, 2), round(p.probability, 2)) for w, p in zip(seq + tail, placed)],
        )
        if not fits:
            break
        best = first
        found = placed
    if best is None:
        return None
    for i in range(best, point.cut):
        timings[i] = UNPLACED
    w0 = found[0]
    lead = max(w0.start, w0.end - spoken_seconds(words[best]))
    trim_extras(state.extras, lead, found[point.cut - best - 1].end)
    return Recheck(best, window, ctx)


def drop_weak_line_start(state: WalkState, lo: int) -> int:
    """Mark missing the words placed before ``lo`` in the line the gap begins in, when they
    were heard only weakly; return where the skipped words begin now."""
    line_of, timings = state.line_of, state.timings
    if lo == 0 or lo >= len(line_of) or line_of[lo - 1] != line_of[lo]:
        return lo
    first = lo
    while first > 0 and line_of[first - 1] == line_of[lo]:
        first -= 1
    probs = [timings[i].probability for i in range(first, lo) if timings[i].start is not None]
    if probs and statistics.fmean(probs) >= WEAK_PROB:
        return lo
    for i in range(first, lo):
        timings[i] = MISSING
    return first


def last_placed(timings: Sequence[WordTiming], before: int, count: int) -> list[int]:
    """The indices of the last ``count`` placed words before ``before``, in order."""
    out: list[int] = []
    i = before - 1
    while i >= 0 and len(out) < count:
        if timings[i].start is not None:
            out.append(i)
        elif not timings[i].missing:
            return []  # an unplaced word that is not skipped: no reliable context
        i -= 1
    return out[::-1]


def _candidates(state: WalkState, lo: int, point: ResumePoint, span: float) -> list[int]:
    """The first words of the last whole skipped lines before ``point.cut`` (the nearest
    first), as many as the audio before the anchor can hold."""
    words, line_of = state.words, state.line_of
    need = SQUEEZE * sum(spoken_seconds(w) for w in words[point.cut : point.anchor])
    out: list[int] = []
    end = point.cut
    while end > lo and len(out) < MAX_LINES:
        first = end
        while first > lo and line_of[first - 1] == line_of[end - 1]:
            first -= 1
        if first == lo and lo > 0 and line_of[lo - 1] == line_of[lo]:
            break  # a line that began before the gap
        need += SQUEEZE * sum(spoken_seconds(w) for w in words[first:end])
        if need > span:
            break
        out.append(first)
        end = first
    return out


def _fits(
    state: WalkState,
    placed: Sequence[PlacedWord],
    first: int,
    point: ResumePoint,
    t0: float,
    window: EncodedWindow,
    audio: np.ndarray,
    *,
    has_ctx: bool,
    opener: bool = False,
) -> bool:
    """Whether the rechecked words from ``first`` lie where they can be spoken, every rechecked
    line was heard there, and the resume line after them still was (Whisper's time of the
    anchor is only a bound: it drifts where Whisper skipped words).

    A first word stretched over more than :data:`STRETCH_SECONDS` after the context sat on
    audio that is not its own, unless the stretch is the word and a pause after it
    (:func:`word_in_stretch` says ``"head"``: "Three." before the sonnet). With ``opener``
    (the line at ``first`` is short and opens an already found longer line, as the short line
    that :func:`aligner.alignment.resolve.resume_line_start` keeps before a resume line), that
    line needs only to be heard at all (:data:`LOW_PROB`): one or two words are too few for a
    mean probability to tell, and their place is checked as every first word's is."""
    n = point.cut - first
    anchor = n + point.anchor - point.cut
    if anchor >= len(placed) or placed[anchor].start < point.at - ANCHOR_SLACK:
        return False
    if placed[anchor].end > window.end - 1.0:
        return False
    resumed = [
        p.probability
        for j, p in enumerate(placed[n : anchor + 1 + TAIL_WORDS])
        if normalize_word(state.words[point.cut + j])
    ]
    if resumed and statistics.fmean(resumed) < FIT_PROB:
        return False
    w0 = placed[0]
    if w0.end < t0 + 0.1:
        return False
    if has_ctx and w0.end - w0.start > STRETCH_SECONDS:
        spoken = spoken_seconds(state.words[first])
        if word_in_stretch(audio, w0.start, w0.end, spoken)[2] != "head":
            return False
    by_line: dict[int, list[float]] = {}
    for j in range(n):
        if normalize_word(state.words[first + j]):
            by_line.setdefault(state.line_of[first + j], []).append(placed[j].probability)
    for line, probs in by_line.items():
        low = [p < LOW_PROB for p in probs]
        if any(all(low[i : i + LOW_RUN]) for i in range(len(low) - LOW_RUN + 1)):
            return False
        need = SHORT_FIT_PROB if len(probs) <= SHORT_WORDS else FIT_PROB
        if opener and line == state.line_of[first] and len(probs) <= SHORT_WORDS:
            need = LOW_PROB
        if statistics.fmean(probs) < need:
            return False
    return True


def _is_short(state: WalkState, first: int) -> bool:
    """Whether the line starting at word ``first`` has at most :data:`SHORT_WORDS` words."""
    line_of = state.line_of
    end = first
    while end < len(line_of) and line_of[end] == line_of[first]:
        end += 1
    return sum(1 for w in state.words[first:end] if normalize_word(w)) <= SHORT_WORDS


def trim_extras(extras: list[Region], start: float, end: float) -> None:
    """Extra regions reported on the audio the rechecked lines are found in: it is theirs."""
    for i in range(len(extras) - 1, -1, -1):
        r = extras[i]
        if r.end <= start or r.start >= end:
            continue
        if r.start < start - 0.3:
            extras[i] = Region(r.start, start, r.kind, r.text)
        else:
            del extras[i]
