"""What a window holds when the transcript's next words are not at its start.

The walk (:mod:`aligner.alignment.walk`) force-aligns the transcript window by window; where the
window does not start with the next transcript words (an intro, an ad, a passage cut from the
audio, a long aside) it decodes the window with Whisper and hands the heard words here.
:func:`resolve` anchors them against the transcript (:mod:`aligner.alignment.anchors`): heard
words with no counterpart become extra regions (never a cue), transcript words nobody said
become ``not_in_audio``, and the walk resumes where the transcript resumes. Also the state the
walk keeps (:class:`WalkState`), :func:`heard_lines` (which of Whisper's unanchored words in a
gap confirm a line the walk looks at again) and :func:`scan_tail` (an outro after the last
line).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aligner.alignment.anchors import MIN_GAP_WORDS, anchor_words, find_resume
from aligner.alignment.assemble import MISSING, WordTiming, spoken_seconds
from aligner.alignment.forced import EncodedWindow, ForcedAligner, PlacedWord
from aligner.alignment.normalize import normalize_word
from aligner.basics.audio import SAMPLE_RATE
from aligner.progress import Progress, Stage
from aligner.result import Region, Word

log = logging.getLogger(__name__)

#: Words must end this long before a window's end to be kept (surplus text squeezes there).
EDGE_SECONDS = 1.0


@dataclass(frozen=True)
class ResumePoint:
    """Where :func:`resolve` resumed after skipping words ``lo:cut`` as not spoken: the anchor
    word ``anchor`` (>= ``cut``) was heard at ``at`` s, in the window the walk reached at ``t``
    s. The walk looks at the lines before ``cut`` again (:mod:`aligner.alignment.recheck`)."""

    lo: int
    cut: int
    anchor: int
    at: float
    t: float
    heard: tuple[Word, ...] = ()  # Whisper's words before the anchor in that window


@dataclass
class WalkState:
    words: list[str]
    timings: list[WordTiming]
    extras: list[Region] = field(default_factory=list)
    matched_heard: int = 0
    heard: int = 0
    line_of: list[int] = field(default_factory=list)
    resumed: ResumePoint | None = None  # set by resolve() when it skipped words
    unmatched: list[Word] = field(default_factory=list)  # heard words reported as extra
    rechecked: set[int] = field(default_factory=set)  # anchors whose lines were looked at


@dataclass(frozen=True)
class Context:
    """A word spoken just before the next window (transcript or heard), used as context."""

    text: str
    start: float
    end: float


def resume_line_start(line_of: Sequence[int], lo: int, pos: int) -> int:
    """Where words skipped before a resume point ``pos`` stop being skipped: the start of its
    line, or of one short line (<= 2 words: "Three.", "Yeah.") before it; never before ``lo``."""
    if not line_of or pos >= len(line_of):
        return pos
    p = pos
    while p > lo and line_of[p - 1] == line_of[pos]:
        p -= 1
    q = p
    while q > lo and q - 1 >= 0 and line_of[q - 1] == line_of[p - 1]:
        q -= 1
    if p > lo and p - q <= 2 and (q > lo or q == 0 or line_of[q - 1] != line_of[q]):
        p = q
    return p


def resolve(
    state: WalkState,
    k: int,
    t: float,
    window: EncodedWindow,
    heard: list[Word],
    ctx: list[Context],
    *,
    at_end: bool,
) -> tuple[int, float, list[Context], bool, bool]:
    """Decide what a window whose start did not match the transcript holds; return the next
    (word index, window start, context, trusted, reuse this window)."""
    words = state.words
    n = len(words)
    state.heard += len(heard)
    hyp = [w.text for w in heard]
    edge = window.end - EDGE_SECONDS if not at_end else window.end + 1.0
    # The words heard in the window's last second are no evidence against a resume run: there
    # the decoder often runs into a loop ("or worse or worse ...", stacked on one instant).
    usable = heard_before(heard, edge)
    near = min(n, k + 3 * len(hyp) + 60)
    run = find_resume(words[k:near], hyp, usable=usable)
    if run is None and near < n:
        run = find_resume(words[k:], hyp, usable=usable)
    log.debug(
        "resolve k=%d t=%.2f heard=%s run=%s",
        k,
        t,
        [(w.text, round(w.start, 2)) for w in heard][:40],
        run,
    )
    if run is not None and heard[run[1]].start < edge:
        ref_off, hyp_idx = run
        state.matched_heard += 1
        before = heard[:hyp_idx]
        skipped = words[k : k + ref_off]
        # Heard words before the resume point that the skipped words do not explain are extra.
        if len(before) >= 3 or (before and before[-1].end - before[0].start > 2.0):
            similar = anchor_words(skipped, [w.text for w in before], min_run=2).matches
            if len(similar) < max(2, len(before) // 3):
                add_extra(state, before)
        held = ref_off
        if ref_off >= MIN_GAP_WORDS:
            # A passage is cut at a line boundary: the words of the resume word's line before
            # it (heard differently) are spoken, and so is a short line opening the turn.
            cut = max(k, resume_line_start(state.line_of, k + MIN_GAP_WORDS, k + ref_off))
            for i in range(k, cut):
                state.timings[i] = MISSING
            at = heard[hyp_idx].start
            state.resumed = ResumePoint(k, cut, k + ref_off, at, t, heard=tuple(before))
            held = k + ref_off - cut
            k = cut
        # Align again on this same window, with what was heard before the resume point as
        # context: the alignment then covers the whole window with words that are there. The
        # few transcript words before the resume point that were not skipped are probably the
        # last heard words (heard differently): those are left out of the context.
        if held:
            drop = 0
            nxt_start = heard[hyp_idx].start
            while drop < min(held, len(before)) and nxt_start - before[-1 - drop].end < 0.5:
                nxt_start = before[-1 - drop].start
                drop += 1
            before = before[: len(before) - drop]
        lead = ctx + [Context(w.text, w.start, w.end) for w in before]
        return k, t, lead, True, True
    # Nothing of the transcript here, except maybe its next word or two heard first (the end
    # of a sentence before an ad): those are placed, the rest of the heard words are extra.
    placed = 0
    while (
        placed < min(2, len(heard), n - k)
        and normalize_word(heard[placed].text) == normalize_word(words[k + placed])
        and normalize_word(words[k + placed])
    ):
        h = heard[placed]
        state.timings[k + placed] = WordTiming(h.start, h.end, 0.5 * h.probability)
        placed += 1
    k += placed
    # No context for the next window: the last heard words may already be the transcript's.
    # Overlap generously: the last seconds of a window are often left undecoded. Only what
    # the next window will not hear again is reported as extra.
    nxt = max(t + 1.0, window.end - 4.0 if not at_end else window.end)
    extra = [w for w in heard[placed:] if w.end <= nxt or at_end]
    if extra:
        add_extra(state, extra)
    return k, nxt, [], False, False


def heard_before(heard: Sequence[Word], edge: float) -> int:
    """How many of ``heard`` (in order) start before ``edge``."""
    n = 0
    while n < len(heard) and heard[n].start < edge:
        n += 1
    return n


def use_heard(
    state: WalkState, k: int, t: float, window: EncodedWindow, heard: list[Word]
) -> tuple[int, float, list[Context]]:
    """Place the transcript words from ``k`` on the matching ``heard`` words (Whisper's times);
    return the next (word index, window start, context)."""
    words = state.words
    ref = words[k : k + 2 * len(heard) + 10]
    edge = window.end - EDGE_SECONDS
    matches = [m for m in anchor_words(ref, [w.text for w in heard]).matches]
    matches = [m for m in matches if heard[m.hyp].end <= edge]
    if not matches:
        return k, max(t + 1.0, window.end - 2.0), []
    for m in matches:
        h = heard[m.hyp]
        state.timings[k + m.ref] = WordTiming(h.start, h.end, 0.5 * h.probability)
    last = matches[-1]
    tail = matches[-2:]
    ctx = [Context(words[k + m.ref], heard[m.hyp].start, heard[m.hyp].end) for m in tail]
    return k + last.ref + 1, max(t + 0.5, ctx[0].start - 0.1), ctx


def add_extra(state: WalkState, heard: Sequence[Word]) -> None:
    if not heard:
        return
    state.unmatched.extend(heard)
    last = heard[-1]
    start, end = heard[0].start, min(last.end, last.start + spoken_seconds(last.text))
    text = " ".join(w.text for w in heard)
    if state.extras and start - state.extras[-1].end < 3.0:
        prev = state.extras[-1]
        state.extras[-1] = Region(prev.start, max(prev.end, end), "extra", f"{prev.text} {text}")
    else:
        state.extras.append(Region(start, end, "extra", text))


#: A heard word confirms a placed transcript word when it starts this close (s) to it.
HEARD_SLACK = 1.0


def heard_in_gap(state: WalkState, point: ResumePoint, since: float) -> list[Word]:
    """Whisper's words from ``since`` to the resume anchor that anchored nothing: those
    reported as extra, and those heard before the anchor in the window where the walk
    resumed."""
    seen = {(w.text, w.start) for w in point.heard}
    out = [
        w for w in state.unmatched if since <= w.start < point.at and (w.text, w.start) not in seen
    ]
    return sorted([*out, *point.heard], key=lambda w: w.start)


def heard_lines(
    state: WalkState, first: int, placed: Sequence[PlacedWord], heard: Sequence[Word]
) -> int:
    """How many of the words from ``first`` (``placed`` gives where the alignment put them)
    make whole lines of which Whisper heard every word, in order, where it is placed."""
    words, line_of = state.words, state.line_of
    n, h = 0, 0
    while n < len(placed):
        end = n
        while end < len(placed) and line_of[first + end] == line_of[first + n]:
            end += 1
        nxt = first + end
        if end == len(placed) and nxt < len(line_of) and line_of[nxt] == line_of[first + n]:
            break  # the line goes on after the placed words
        for i in range(n, end):
            text = normalize_word(words[first + i])
            if not text:
                continue
            near = placed[i].start
            found = next(
                (
                    j
                    for j in range(h, len(heard))
                    if normalize_word(heard[j].text) == text
                    and abs(heard[j].start - near) <= HEARD_SLACK
                ),
                None,
            )
            if found is None:
                return n
            h = found + 1
        n = end
    return n


def scan_tail(
    aligner: ForcedAligner, audio: np.ndarray, start: float, state: WalkState
) -> Stage[None]:
    """Transcribe the audio after the last transcript word to report an outro as extra."""
    duration = len(audio) / SAMPLE_RATE
    t = start
    while t < duration - 1.0:
        yield Progress("align", done=t, total=duration, unit="s", message="after the transcript")
        window = aligner.encode(audio, t)
        heard = [w for w in aligner.transcribe(window) if w.start >= start]
        if heard:
            add_extra(state, heard)
        t = window.end
