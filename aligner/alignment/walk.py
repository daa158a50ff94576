"""The walk: force-align the transcript through the audio window by window.

Encode a 20 s window from just before the next unplaced transcript word, force-align the next
words to it (:mod:`aligner.alignment.forced`) and keep them while they are probable (a few
mumbled ones inside a line aside) and clear of the window's edge. Only where the transcript's
next words are not what the window starts with is the window decoded with Whisper and the heard
words resolved against the transcript (:mod:`aligner.alignment.resolve`): heard words with no
counterpart become extra regions, transcript words nobody said become ``not_in_audio``. Where
the walk resumes after skipping words, the skipped words get a second, forced look from both
ends, now that the audio they can lie in is known (between the last word placed before them and
the resume anchor): the first skipped lines from the words before the gap (:func:`look_at_head`:
the lines spoken before the cut, which Whisper heard too badly to anchor), then the last ones
from the resume point back (:mod:`aligner.alignment.recheck`).
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner.alignment.assemble import UNPLACED, WordTiming, spoken_seconds
from aligner.alignment.forced import EncodedWindow, ForcedAligner, PlacedWord
from aligner.alignment.normalize import normalize_word
from aligner.alignment.recheck import (
    TAIL_WORDS,
    drop_weak_line_start,
    last_placed,
    recheck,
    trim_extras,
)
from aligner.alignment.resolve import (
    EDGE_SECONDS,
    Context,
    ResumePoint,
    WalkState,
    heard_in_gap,
    heard_lines,
    resolve,
    use_heard,
)
from aligner.alignment.stretches import word_in_stretch
from aligner.basics.audio import SAMPLE_RATE
from aligner.errors import AlignmentError
from aligner.progress import Progress, Stage
from aligner.result import Word

log = logging.getLogger(__name__)

#: A word whose mean token probability is below this is "not heard" ...
LOW_PROB = 0.15
#: ... and this many low words in a row stop the walk in a window.
LOW_RUN = 3
#: A line whose words' mean probability is below this was not heard (spoken lines: 0.8-1).
UNHEARD_LINE = 0.3
#: A first word stretched over more than this many seconds means unknown audio before it.
STRETCH_SECONDS = 2.0
#: A first word longer than this (and 3x its spoken length) is looked at in the audio.
STRETCH_WORD_SECONDS = 1.2
#: Unheard words inside a line, at most this many in a row, followed by at least
#: :data:`CLEAR_AFTER` of the line's next words heard at :data:`CLEAR_PROB` or more, were said
#: differently (mumbled, or worded otherwise than the published text), not left out: the walk
#: goes on through them. A passage cut from the audio is whole lines.
MUMBLED_WORDS = 5
CLEAR_AFTER = 2
CLEAR_PROB = 0.5


def _accept(
    new: Sequence[PlacedWord],
    window: EncodedWindow,
    *,
    at_end: bool,
    trusted: bool,
    has_ctx: bool = True,
    silent: Sequence[bool] = (),
    lines: Sequence[int] = (),
) -> tuple[int, str]:
    """How many of the newly placed words to keep, and why the rest were not kept
    (``"edge"``, ``"unheard"``, ``"stretched"``, ``"hole"`` or ``"all"``). Words marked
    ``silent`` (punctuation such as "-") are never judged by their probability. ``lines``: the
    line of the word before the new ones (the context's last; -1: none), then of each new
    word, for :func:`_mumbled`."""
    edge = window.end + 1.0 if at_end else window.end - EDGE_SECONDS
    probs = [1.0 if j < len(silent) and silent[j] else p.probability for j, p in enumerate(new)]
    n = 0
    for j, pw in enumerate(new):
        if pw.end > edge or (pw.end >= window.end - 0.02 and not at_end):
            return n, "edge"
        run = probs[j : j + LOW_RUN]
        if len(run) == LOW_RUN and max(run) < LOW_PROB and not _mumbled(probs, j, lines):
            return n, "unheard"
        squeezed = new[j : j + LOW_RUN]
        if len(squeezed) == LOW_RUN and all(p.end - p.start < 0.04 for p in squeezed):
            return n, "unheard"  # words pressed into no time: the path found no place for them
        if j == 0 and not trusted and pw.end - pw.start > STRETCH_SECONDS:
            return n, "stretched"  # the path sat on unknown audio before this word
        first_unheard = j == 0 and not trusted and probs[j] < (0.05 if has_ctx else 0.3)
        if first_unheard and not _mumbled(probs, j, lines):
            return n, "unheard"  # the window does not start with this word
        n = j + 1
        if pw.end - pw.start > STRETCH_SECONDS + 2.0 and j + 1 < len(new):
            return n, "hole"  # a long hole after this word: let the next window look at it
    return n, "all"


def _mumbled(probs: Sequence[float], j: int, lines: Sequence[int]) -> bool:
    """Whether the unheard words from ``j`` on (``probs``; ``lines``: see :func:`_accept`)
    lie inside a line, are at most :data:`MUMBLED_WORDS`, and are followed by the line's next
    :data:`CLEAR_AFTER` words heard clearly."""
    if len(lines) != len(probs) + 1 or lines[j] != lines[j + 1]:
        return False  # not known, or the words begin a line: a cut passage may begin there
    e = j
    while e < len(probs) and probs[e] < LOW_PROB:
        e += 1
    after = [
        probs[i] for i in range(e, min(len(probs), e + CLEAR_AFTER)) if lines[i + 1] == lines[j]
    ]
    return e - j <= MUMBLED_WORDS and len(after) == CLEAR_AFTER and min(after) >= CLEAR_PROB


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
    pinned on whatever speech follows. So does a longer line that was barely heard (below
    :data:`UNHEARD_LINE`: its words only just escaped the :data:`LOW_RUN` rule, as "What year
    was this?" at 0.0, 0.0, 0.17, 0.16 on the start of an ad), and so on backwards."""
    stop = k + keep
    start = stop
    while start > k and line_of[start - 1] == line_of[stop]:
        start -= 1
    if start == k and k > 0 and line_of[k - 1] == line_of[stop]:
        return keep  # the line began before this window
    kept = [p.probability for p in new[start - k : keep]]
    if kept and statistics.fmean(kept) >= 0.7:
        return keep
    while start > k:  # weak whole lines before it go too, one after the other
        first = start
        while first > k and line_of[first - 1] == line_of[start - 1]:
            first -= 1
        began_here = first > k or k == 0 or line_of[k - 1] != line_of[first]
        prev = [p.probability for p in new[first - k : start - k]]
        weak = statistics.fmean(prev)
        if not began_here or not (weak < UNHEARD_LINE or (len(prev) <= 2 and weak < 0.5)):
            break
        start = first
    return start - k


def _words_per_second(state: WalkState) -> float:
    placed = [t for t in state.timings if t.start is not None]
    if len(placed) < 40:
        return 3.2
    recent = placed[-300:]
    span = (recent[-1].start or 0.0) - (recent[0].start or 0.0)
    return max(1.5, min(5.0, len(recent) / span)) if span > 5 else 3.2


#: At most this many windows look at the first skipped lines again (only at resume points).
HEAD_WINDOWS = 8


@dataclass(frozen=True)
class Head:
    """What :func:`look_at_head` found: the skipped words begin at ``lo`` now; ``ctx`` is the
    last words it placed (empty when it placed none)."""

    lo: int
    ctx: tuple[Context, ...] = ()


def look_at_head(
    aligner: ForcedAligner,
    audio: np.ndarray,
    state: WalkState,
    point: ResumePoint,
    audible: Sequence[bool],
) -> Head:
    """Force-align the words skipped at ``point`` again from the last words placed before the
    gap, now that the audio they can lie in is known, and keep the lines that are heard there.

    Class (a) of issue 12: the walk gave up at the gap's first window because a line spoken
    before the cut was heard badly (spontaneous speech: "Montreal... forced... aligner.",
    laughter), and Whisper's words for it ("A liner", "Forest") anchored nothing, so resolve
    skipped every word up to the resume point. The look is the walk's own, with its rules for
    words that are not heard (:func:`_accept`, :func:`_back_to_line_start`), except that the
    first word continues placed speech (``trusted``: the rules for a first word after unknown
    audio do not apply), the resume line's first words are aligned after the skipped ones (the
    path knows where the audio goes on), and it keeps only words that end before the resume
    anchor. The cut passage's own first words are not heard there and stop it, as they stopped
    the walk. A weak whole line that :func:`_back_to_line_start` gives up ("Yeah." before the
    cut) stays when Whisper heard each of its words where it is placed (:func:`heard_lines`):
    Whisper heard none of the cut passage's first line ("Two.") there.
    """
    words, timings, line_of = state.words, state.timings, state.line_of
    k = drop_weak_line_start(state, point.lo)
    first = k
    before = last_placed(timings, k, 1)
    since = (timings[before[0]].start or 0.0) if before else 0.0
    heard = heard_in_gap(state, point, since)
    duration = len(audio) / SAMPLE_RATE
    for _ in range(HEAD_WINDOWS):
        before = last_placed(timings, k, 2)
        if k >= point.cut or not before:
            break
        ctx = [Context(words[i], timings[i].start or 0.0, timings[i].end or 0.0) for i in before]
        if ctx[-1].end >= point.at - 1.0:
            break
        window = aligner.encode(audio, max(0.0, ctx[0].start - 0.1))
        ctx_words = [c.text for c in ctx]
        batch = words[k : point.anchor + 1 + TAIL_WORDS]  # the resume line's words come along
        batch = batch[: max(1, aligner.fit([*ctx_words, *batch]) - len(ctx_words))]
        new = aligner.align(window, [*ctx_words, *batch])[len(ctx) :]
        spoken = spoken_seconds(words[k])
        if new and new[0].end - new[0].start > max(STRETCH_WORD_SECONDS, 3 * spoken):
            new[0] = _unstretch(audio, new[0], spoken, trusted=True)
        at_end = window.end >= duration - 0.05
        silent = [not audible[k + i] for i in range(len(new))]
        keep, why = _accept(new, window, at_end=at_end, trusted=True, silent=silent)
        if why in ("unheard", "hole") and 0 < keep < len(new):
            kept = _back_to_line_start(k, keep, line_of, new)
            keep = kept + heard_lines(state, k + kept, new[kept:keep], heard)
        inside = next((j for j, p in enumerate(new) if p.end > point.at), len(new))
        if min(inside, point.cut - k) < keep:
            keep, why = min(inside, point.cut - k), "anchor"
        log.debug(
            "head %d:%d anchor at %.2f keep=%d (%s) %s",
            k,
            point.cut,
            point.at,
            keep,
            why,
            [(w, round(p.start, 2), round(p.probability, 2)) for w, p in zip(batch, new)][
                : keep + 4
            ],
        )
        for pw in new[:keep]:
            timings[k - len(ctx) + pw.index] = WordTiming(pw.start, pw.end, pw.probability)
        k += keep
        if keep == 0 or why not in ("edge", "hole"):
            break
    if k <= first:
        return Head(k)
    trim_extras(state.extras, timings[first].start or 0.0, timings[k - 1].end or 0.0)
    last = last_placed(timings, k, 2)
    return Head(
        k, tuple(Context(words[i], timings[i].start or 0.0, timings[i].end or 0.0) for i in last)
    )


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
    state = WalkState(words=words, timings=[UNPLACED] * len(words), line_of=line_of)
    audible = [bool(normalize_word(w)) for w in words]  # "-" and the like: never judged
    n = len(words)
    k = 0
    t = 0.0
    ctx: list[Context] = []
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
        silent = [not audible[k + i] for i in range(len(new))]
        lines = [line_of[k - 1] if ctx and k > 0 else -1, *line_of[k : k + len(new)]]
        keep, why = _accept(
            new,
            window,
            at_end=at_end,
            trusted=trusted,
            has_ctx=bool(ctx),
            silent=silent,
            lines=lines,
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
            ctx = [Context(words[base + pw.index], pw.start, pw.end) for pw in tail]
            t = max(t + 0.5, ctx[0].start - 0.1)
            if keep == len(new) and at_end:
                break
            continue
        if fallback is not None:
            # Even on the re-aligned window nothing could be kept: take Whisper's own times for
            # the transcript words it heard there, and go on after them.
            k, t, ctx = use_heard(state, k, t, window, fallback)
            fallback = None
            continue
        # The transcript's next words are not at the start of this window: look and see.
        after = min(ctx[-1].end, ctx[-1].start + spoken_seconds(ctx[-1].text)) if ctx else t
        heard = [w for w in aligner.transcribe(window) if w.start >= after]
        k, t, ctx, trusted, reuse = resolve(state, k, t, window, heard, ctx, at_end=at_end)
        fallback = heard if reuse else None
        point, state.resumed = state.resumed, None
        again = head = None
        if point is not None and point.anchor not in state.rechecked:
            head = look_at_head(aligner, audio, state, point, audible)
            point = replace(point, lo=head.lo)
            again = recheck(aligner, audio, state, point)
        if again is not None:  # lines just before the resume point are spoken after all
            k, window, ctx, t = again.k, again.window, list(again.ctx), again.window.start
            trusted, reuse, fallback = True, True, None
        elif head is not None and head.ctx and (not ctx or head.ctx[-1].end >= ctx[-1].end):
            # Lines found before the cut are the context now: they are the transcript's words,
            # and no heard word lies after them before the resume point.
            ctx = list(head.ctx)
            window = aligner.encode(audio, max(0.0, ctx[0].start - 0.1))
            t, trusted, reuse, fallback = window.start, True, True, None
        if not force and t > max(600.0, 0.5 * duration) and state.matched_heard == 0:
            raise AlignmentError(
                f"the transcript matches none of the first {t / 60:.0f} min of the audio: is it "
                "for this episode? (use --force to align anyway)"
            )
    return state
