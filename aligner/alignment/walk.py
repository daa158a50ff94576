"""The walk: force-align the transcript through the audio window by window.

Encode a 20 s window starting just before the next unplaced transcript word, force-align the
next words to it (:mod:`aligner.alignment.forced`) and keep them while they are probable and
clear of the window's edge. Only where the transcript's next words are not what the window
starts with is the window decoded with Whisper and the heard words anchored against the
transcript (:mod:`aligner.alignment.anchors`): heard words with no counterpart become extra
regions, transcript words nobody said become ``not_in_audio``.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aligner.alignment.anchors import MIN_GAP_WORDS, anchor_words, find_resume
from aligner.alignment.assemble import WordTiming, spoken_seconds
from aligner.alignment.forced import EncodedWindow, ForcedAligner, PlacedWord
from aligner.alignment.normalize import normalize_word
from aligner.alignment.onsets import word_in_stretch
from aligner.basics.audio import SAMPLE_RATE
from aligner.errors import AlignmentError
from aligner.progress import Progress, Stage
from aligner.result import Region, Word

log = logging.getLogger(__name__)

#: Words must end this long before a window's end to be kept (surplus text squeezes there).
EDGE_SECONDS = 1.0
#: A word whose mean token probability is below this is "not heard" ...
LOW_PROB = 0.15
#: ... and this many low words in a row stop the walk in a window.
LOW_RUN = 3
#: A first word stretched over more than this many seconds means unknown audio before it.
STRETCH_SECONDS = 2.0
#: A first word longer than this (and 3x its spoken length) is looked at in the audio.
STRETCH_WORD_SECONDS = 1.2


@dataclass
class WalkState:
    words: list[str]
    timings: list[WordTiming]
    extras: list[Region] = field(default_factory=list)
    matched_heard: int = 0
    heard: int = 0
    line_of: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Ctx:
    """A word spoken just before the next window (transcript or heard), used as context."""

    text: str
    start: float
    end: float


def _accept(
    new: Sequence[PlacedWord],
    window: EncodedWindow,
    *,
    at_end: bool,
    trusted: bool,
    has_ctx: bool = True,
    silent: Sequence[bool] = (),
) -> tuple[int, str]:
    """How many of the newly placed words to keep, and why the rest were not kept
    (``"edge"``, ``"unheard"``, ``"stretched"``, ``"hole"`` or ``"all"``). Words marked
    ``silent`` (punctuation such as "-") are never judged by their probability."""
    edge = window.end + 1.0 if at_end else window.end - EDGE_SECONDS
    probs = [1.0 if j < len(silent) and silent[j] else p.probability for j, p in enumerate(new)]
    n = 0
    for j, pw in enumerate(new):
        if pw.end > edge or (pw.end >= window.end - 0.02 and not at_end):
            return n, "edge"
        run = probs[j : j + LOW_RUN]
        if len(run) == LOW_RUN and max(run) < LOW_PROB:
            return n, "unheard"
        squeezed = new[j : j + LOW_RUN]
        if len(squeezed) == LOW_RUN and all(p.end - p.start < 0.04 for p in squeezed):
            return n, "unheard"  # words pressed into no time: the path found no place for them
        if j == 0 and not trusted and pw.end - pw.start > STRETCH_SECONDS:
            return n, "stretched"  # the path sat on unknown audio before this word
        if j == 0 and not trusted and probs[j] < (0.05 if has_ctx else 0.3):
            return n, "unheard"  # the window does not start with this word
        n = j + 1
        if pw.end - pw.start > STRETCH_SECONDS + 2.0 and j + 1 < len(new):
            return n, "hole"  # a long hole after this word: let the next window look at it
    return n, "all"


def _unstretch(audio: np.ndarray, w: PlacedWord, spoken: float, *, trusted: bool) -> PlacedWord:
    """Put a stretched first word where it is spoken (:func:`word_in_stretch`): a short word
    before a pause keeps its start; a word after music takes the sound's end, but only where the
    transcript is known to resume (``trusted``); else :func:`_accept` refuses the stretch."""
    start, end, where = word_in_stretch(audio, w.start, w.end, spoken)
    if where == "head" or trusted:
        return PlacedWord(w.index, start, max(start, end), w.probability)
    return w


def _back_to_line_start(
    k: int, keep: int, line_of: Sequence[int], new: Sequence[PlacedWord]
) -> int:
    """Shorten ``keep`` so that the first word not kept is the start of its line, when the
    kept words of that line were heard only weakly (and the line began in this window). A
    short line kept just before the words stopped being heard ("Two." opening a turn that is
    not in the audio) goes too when it was heard weakly: it is likely the passage's first line,
    pinned on whatever speech follows."""
    stop = k + keep
    start = stop
    while start > k and line_of[start - 1] == line_of[stop]:
        start -= 1
    if start == k and k > 0 and line_of[k - 1] == line_of[stop]:
        return keep  # the line began before this window
    kept = [p.probability for p in new[start - k : keep]]
    if kept and statistics.fmean(kept) >= 0.7:
        return keep
    first = start
    while first > k and line_of[first - 1] == line_of[start - 1]:
        first -= 1
    began_here = first > k or k == 0 or line_of[k - 1] != line_of[first]
    short = [p.probability for p in new[first - k : start - k]]
    if start > k and began_here and len(short) <= 2 and statistics.fmean(short) < 0.5:
        return first - k
    return start - k


def _resume_line_start(line_of: Sequence[int], lo: int, pos: int) -> int:
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


def _words_per_second(state: WalkState) -> float:
    placed = [t for t in state.timings if t.start is not None]
    if len(placed) < 40:
        return 3.2
    recent = placed[-300:]
    span = (recent[-1].start or 0.0) - (recent[0].start or 0.0)
    return max(1.5, min(5.0, len(recent) / span)) if span > 5 else 3.2


def walk(
    aligner: ForcedAligner,
    audio: np.ndarray,
    words: list[str],
    *,
    line_of: Sequence[int] | None = None,
    force: bool = False,
) -> Stage[WalkState]:
    """Place ``words`` on ``audio`` window by window (see the module docstring).

    ``line_of`` gives each word's line: when the words stop being heard in the middle of a line,
    the whole line is left for the next window (a passage cut from the audio starts at a line
    boundary, and its first words can look plausible on other speech).
    """
    line_of = list(line_of) if line_of is not None else [0] * len(words)
    duration = len(audio) / SAMPLE_RATE
    state = WalkState(words=words, timings=[WordTiming() for _ in words], line_of=line_of)
    n = len(words)
    k = 0
    t = 0.0
    ctx: list[_Ctx] = []
    trusted = False
    last_state: tuple[int, float] | None = None
    window: EncodedWindow | None = None
    reuse = False
    fallback: list[Word] | None = None  # heard words of a window being aligned a second time
    while k < n and t < duration - 0.3:
        yield Progress("align", done=t, total=duration, unit="s", message=f"{n} words")
        if not reuse and last_state == (k, round(t, 2)):
            # No progress since last time: place one word where we are and move on.
            state.timings[k] = WordTiming(t, min(duration, t + 0.3), 0.0)
            k += 1
            t += 0.3
            ctx = []
            continue
        last_state = (k, round(t, 2))
        if not reuse or window is None:
            window = aligner.encode(audio, t)
            fallback = None
        reuse = False
        at_end = window.end >= duration - 0.05
        ctx_words = [c.text for c in ctx]
        cap = int(_words_per_second(state) * aligner.window_seconds * 1.2) + 8
        batch = words[k : k + cap]
        fit = aligner.fit([*ctx_words, *batch]) - len(ctx_words)
        batch = batch[: max(1, fit)]
        placed = aligner.align(window, [*ctx_words, *batch])
        new = placed[len(ctx_words) :]
        if trusted and not ctx and new and new[0].end - new[0].start > 1.0:
            # Nothing before the first word in the text, so the path starts it at the window's
            # start; it is known to be spoken here, so take its start from its end instead.
            w0 = new[0]
            spoken = spoken_seconds(words[k])
            new[0] = PlacedWord(w0.index, max(w0.start, w0.end - spoken), w0.end, w0.probability)
        elif new and new[0].end - new[0].start > max(
            STRETCH_WORD_SECONDS, 3 * spoken_seconds(words[k])
        ):
            new[0] = _unstretch(audio, new[0], spoken_seconds(words[k]), trusted=trusted)
        silent = [not normalize_word(words[k + i]) for i in range(len(new))]
        keep, why = _accept(
            new, window, at_end=at_end, trusted=trusted, has_ctx=bool(ctx), silent=silent
        )
        if why in ("unheard", "hole") and 0 < keep < len(new):
            keep = _back_to_line_start(k, keep, line_of, new)
        log.debug(
            "window %.2f ctx=%s k=%d batch=%d keep=%d (%s) first=%s",
            window.start,
            ctx_words[-3:],
            k,
            len(batch),
            keep,
            why,
            [
                (words[k + i], round(p.start, 2), round(p.end, 2), round(p.probability, 2))
                for i, p in enumerate(new[: keep + 4])
            ],
        )
        if keep > 0:
            fallback = None
            base = k - len(ctx_words)
            for pw in new[:keep]:
                state.timings[base + pw.index] = WordTiming(pw.start, pw.end, pw.probability)
            k += keep
            trusted = False
            if k >= n:
                break
            # Next window: start at the last kept words (they become the context).
            tail = new[max(0, keep - 2) : keep]
            ctx = [_Ctx(words[base + pw.index], pw.start, pw.end) for pw in tail]
            t = max(t + 0.5, ctx[0].start - 0.1)
            if keep == len(new) and at_end:
                break
            continue
        if fallback is not None:
            # Even on the re-aligned window nothing could be kept: take Whisper's own times for
            # the transcript words it heard there, and go on after them.
            k, t, ctx = _use_heard(state, k, t, window, fallback)
            fallback = None
            continue
        # The transcript's next words are not at the start of this window: look and see.
        after = min(ctx[-1].end, ctx[-1].start + spoken_seconds(ctx[-1].text)) if ctx else t
        heard = [w for w in aligner.transcribe(window) if w.start >= after]
        k, t, ctx, trusted, reuse = _resolve(state, k, t, window, heard, ctx, at_end=at_end)
        fallback = heard if reuse else None
        if not force and t > max(600.0, 0.5 * duration) and state.matched_heard == 0:
            raise AlignmentError(
                f"the transcript matches none of the first {t / 60:.0f} min of the audio: is it "
                "for this episode? (use --force to align anyway)"
            )
    return state


def _resolve(
    state: WalkState,
    k: int,
    t: float,
    window: EncodedWindow,
    heard: list[Word],
    ctx: list[_Ctx],
    *,
    at_end: bool,
) -> tuple[int, float, list[_Ctx], bool, bool]:
    """Decide what a window whose start did not match the transcript holds; return the next
    (word index, window start, context, trusted, reuse this window)."""
    words = state.words
    n = len(words)
    state.heard += len(heard)
    hyp = [w.text for w in heard]
    edge = window.end - EDGE_SECONDS if not at_end else window.end + 1.0
    near = min(n, k + 3 * len(hyp) + 60)
    run = find_resume(words[k:near], hyp)
    if run is None and near < n:
        run = find_resume(words[k:], hyp)
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
                _add_extra(state, before)
        held = ref_off
        if ref_off >= MIN_GAP_WORDS:
            # A passage is cut at a line boundary: the words of the resume word's line before
            # it (heard differently) are spoken, and so is a short line opening the turn.
            cut = max(k, _resume_line_start(state.line_of, k + MIN_GAP_WORDS, k + ref_off))
            for i in range(k, cut):
                state.timings[i] = WordTiming(missing=True)
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
        lead = ctx + [_Ctx(w.text, w.start, w.end) for w in before]
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
        _add_extra(state, extra)
    return k, nxt, [], False, False


def _use_heard(
    state: WalkState, k: int, t: float, window: EncodedWindow, heard: list[Word]
) -> tuple[int, float, list[_Ctx]]:
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
    ctx = [_Ctx(words[k + m.ref], heard[m.hyp].start, heard[m.hyp].end) for m in tail]
    return k + last.ref + 1, max(t + 0.5, ctx[0].start - 0.1), ctx


def _add_extra(state: WalkState, heard: Sequence[Word]) -> None:
    if not heard:
        return
    last = heard[-1]
    start, end = heard[0].start, min(last.end, last.start + spoken_seconds(last.text))
    text = " ".join(w.text for w in heard)
    if state.extras and start - state.extras[-1].end < 3.0:
        prev = state.extras[-1]
        state.extras[-1] = Region(prev.start, max(prev.end, end), "extra", f"{prev.text} {text}")
    else:
        state.extras.append(Region(start, end, "extra", text))


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
            _add_extra(state, heard)
        t = window.end
