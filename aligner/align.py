"""Place every line of a published transcript on the audio, and say which lines are not there.

The fast path (:func:`align`) walks through the audio once, window by window, and never
transcribes what the transcript already says:

1. Encode a 20 s window starting just before the next unplaced transcript word (the last placed
   words ride along as context so the alignment path enters the window on real speech).
2. Force-align the next transcript words to it (:mod:`aligner.forced`). Words are kept while
   the decoder finds them probable and they end a second before the window's edge; the next
   window starts at the last kept words.
3. Only when the transcript's next words are *not* what the window starts with (an intro, an ad,
   a passage cut from the audio, a long aside) is the window decoded with Whisper, and the heard
   words anchored against the transcript (:mod:`aligner.anchors`): heard words with no
   counterpart become an extra region (never a cue), transcript words nobody said become
   ``not_in_audio``, and the walk resumes where the transcript resumes.
4. Line starts are snapped to the speech onset (:mod:`aligner.onsets`), and each line gets a
   status and a confidence (:func:`assemble`).

Published timestamps are never used as windows; they only feed the drift report.

:func:`align_words` is the same assembly from Whisper's own words (a full transcription), used
by the pure tests and as a fallback when forced alignment is not available.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aligner.anchors import MIN_GAP_WORDS, anchor_words, find_resume
from aligner.errors import AlignmentError
from aligner.forced import EncodedWindow, ForcedAligner, PlacedWord
from aligner.normalize import normalize_word
from aligner.onsets import speech_onset
from aligner.progress import Progress, Stage
from aligner.result import AlignedLine, Alignment, LineStatus, Region, Word
from aligner.transcript import Transcript

log = logging.getLogger(__name__)

#: Bump when a change makes cached alignments stale.
ALIGNER_VERSION = "2"

SAMPLE_RATE = 16000
#: Words must end this long before a window's end to be kept (surplus text squeezes there).
EDGE_SECONDS = 1.0
#: A word whose mean token probability is below this is "not heard" ...
LOW_PROB = 0.15
#: ... and this many low words in a row stop the walk in a window.
LOW_RUN = 3
#: A first word stretched over more than this many seconds means unknown audio before it.
STRETCH_SECONDS = 2.0
#: How far (s) a line start may move to reach the speech onset.
ONSET_REACH = 1.5
#: The shortest a line can take (its start stays this far after the previous line's start).
MIN_LINE_SECONDS = 0.25
#: Share of lines that must be aligned, below which the transcript is for other audio.
MIN_ALIGNED_SHARE = 0.3


@dataclass
class WordTiming:
    """Where one transcript word ended up (mutable while the walk runs)."""

    start: float | None = None
    end: float | None = None
    probability: float = 0.0
    missing: bool = False  # not_in_audio


@dataclass
class WalkState:
    words: list[str]
    timings: list[WordTiming]
    extras: list[Region] = field(default_factory=list)
    matched_heard: int = 0
    heard: int = 0


@dataclass(frozen=True)
class _Ctx:
    """A word spoken just before the next window (transcript or heard), used as context."""

    text: str
    start: float
    end: float


def transcript_words(transcript: Transcript) -> tuple[list[str], list[int]]:
    """Every word of the transcript's lines and the index of the line it belongs to."""
    words: list[str] = []
    owner: list[int] = []
    for i, line in enumerate(transcript.lines):
        for w in line.text.split():
            words.append(w)
            owner.append(i)
    return words, owner


# -- the walk ---------------------------------------------------------------------------------


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


def _back_to_line_start(
    k: int, keep: int, line_of: Sequence[int], new: Sequence[PlacedWord]
) -> int:
    """Shorten ``keep`` so that the first word not kept is the start of its line, when the
    kept words of that line were heard only weakly (and the line began in this window)."""
    stop = k + keep
    start = stop
    while start > k and line_of[start - 1] == line_of[stop]:
        start -= 1
    if start == k and k > 0 and line_of[k - 1] == line_of[stop]:
        return keep  # the line began before this window
    kept = [p.probability for p in new[start - k : keep]]
    if kept and statistics.fmean(kept) >= 0.7:
        return keep
    return start - k


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
    state = WalkState(words=words, timings=[WordTiming() for _ in words])
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
            spoken = _spoken(words[k])
            new[0] = PlacedWord(w0.index, max(w0.start, w0.end - spoken), w0.end, w0.probability)
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
        after = min(ctx[-1].end, ctx[-1].start + _spoken(ctx[-1].text)) if ctx else t
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
        if ref_off >= MIN_GAP_WORDS:
            for i in range(k, k + ref_off):
                state.timings[i] = WordTiming(missing=True)
            k += ref_off
        # Align again on this same window, with what was heard before the resume point as
        # context: the alignment then covers the whole window with words that are there. The
        # few transcript words before the resume point that were not skipped are probably the
        # last heard words (heard differently): those are left out of the context.
        if ref_off < MIN_GAP_WORDS:
            drop = 0
            nxt_start = heard[hyp_idx].start
            while drop < min(ref_off, len(before)) and nxt_start - before[-1 - drop].end < 0.5:
                nxt_start = before[-1 - drop].start
                drop += 1
            before = before[: len(before) - drop]
        lead = ctx + [_Ctx(w.text, w.start, w.end) for w in before]
        return k, t, lead, True, True
    # Nothing of the transcript here, except maybe its next word or two heard first (the end
    # of a sentence before an ad): those are placed, the rest of the heard words are extra.
    lead = 0
    while (
        lead < min(2, len(heard), n - k)
        and normalize_word(heard[lead].text) == normalize_word(words[k + lead])
        and normalize_word(words[k + lead])
    ):
        h = heard[lead]
        state.timings[k + lead] = WordTiming(h.start, h.end, 0.5 * h.probability)
        lead += 1
    k += lead
    # No context for the next window: the last heard words may already be the transcript's.
    # Overlap generously: the last seconds of a window are often left undecoded. Only what
    # the next window will not hear again is reported as extra.
    nxt = max(t + 1.0, window.end - 4.0 if not at_end else window.end)
    extra = [w for w in heard[lead:] if w.end <= nxt or at_end]
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
    start, end = heard[0].start, min(last.end, last.start + _spoken(last.text))
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


# -- assembly ---------------------------------------------------------------------------------


def assemble(
    transcript: Transcript,
    timings: Sequence[WordTiming],
    *,
    extras: Sequence[Region] = (),
    audio: np.ndarray | None = None,
    duration: float | None = None,
    source: str = "",
    model: str | None = None,
) -> Alignment:
    """Lines with times, status and confidence from per-word timings.

    A line is ``aligned`` when at least half its words were placed with some confidence,
    ``not_in_audio`` when most of its words are known to be missing, else ``interpolated``
    between its neighbours by text length.
    """
    words, owner = transcript_words(transcript)
    per_line: list[list[int]] = [[] for _ in transcript.lines]
    for wi, li in enumerate(owner):
        per_line[li].append(wi)
    raw: list[dict[str, Any]] = []
    for li, line in enumerate(transcript.lines):
        idx = per_line[li]
        placed = [i for i in idx if timings[i].start is not None]
        missing = [i for i in idx if timings[i].missing]
        entry: dict[str, Any] = {"line": line, "status": LineStatus.INTERPOLATED, "conf": 0.0}
        if idx and len(missing) * 2 > len(idx):
            entry["status"] = LineStatus.NOT_IN_AUDIO
        elif placed and len(placed) * 2 >= len(idx):
            probs = [timings[i].probability for i in placed]
            conf = float(statistics.fmean(probs)) * len(placed) / len(idx)
            entry["conf"] = round(max(0.0, min(1.0, conf)), 3)
            entry["status"] = LineStatus.ALIGNED if conf >= 0.2 else LineStatus.INTERPOLATED
            first = timings[placed[0]]
            last = timings[placed[-1]]
            assert first.start is not None and last.start is not None and last.end is not None
            entry["start"] = first.start
            entry["end"] = min(last.end, last.start + _spoken(words[placed[-1]]))
            entry["words"] = tuple(
                Word(
                    words[i], timings[i].start or 0.0, timings[i].end or 0.0, timings[i].probability
                )
                for i in placed
            )
        raw.append(entry)
    if audio is not None:
        _snap_onsets(raw, audio, extras)
    _interpolate(raw, duration, extras)
    _no_overlap(raw)
    lines = tuple(
        AlignedLine(
            line=e["line"],
            start=e.get("start"),
            end=e.get("end"),
            status=e["status"],
            confidence=e["conf"],
            words=e.get("words", ()),
        )
        for e in raw
    )
    return Alignment(
        transcript=transcript,
        lines=lines,
        source=source,
        duration=duration,
        model=model,
        extra_regions=tuple(extras),
    )


def _spoken(word: str) -> float:
    """A generous guess of how long ``word`` takes to say (alignment ends include pauses)."""
    return max(0.25, 0.075 * len(word) + 0.15)


def _snap_onsets(raw: list[dict[str, Any]], audio: np.ndarray, extras: Sequence[Region]) -> None:
    """Move each aligned line's start to the speech onset near it.

    Two passes: first every line's onset on its own, then again with each line's search ending
    before the next line's own onset (and starting after the previous line's final start), so
    that a one-word line ("Yeah.") and the line after it cannot both take the same onset.
    """
    idx = [i for i, e in enumerate(raw) if e["status"] is LineStatus.ALIGNED and "start" in e]
    if not idx:
        return
    dtw = {i: float(raw[i]["start"]) for i in idx}
    prev_word: dict[int, float] = {}
    last = 0.0
    for i in idx:
        prev_word[i] = last
        words: tuple[Word, ...] = raw[i]["words"]
        if words:
            last = max(last, words[-1].start)
    # A first word pressed into almost no time was not found where the path put it: it is
    # more likely spoken earlier, so the search leans earlier.
    ref = dict(dtw)
    for i in idx:
        words = raw[i]["words"]
        if len(words) > 1 and words[0].end - words[0].start < 0.5 * _spoken(words[0].text):
            ref[i] = dtw[i] - 0.4
    first_pass: dict[int, float] = {}
    for pos, i in enumerate(idx):
        nxt = dtw[idx[pos + 1]] if pos + 1 < len(idx) else None
        lo, hi = _onset_span(raw[i], dtw[i], prev_word[i], None, nxt, extras)
        onset = speech_onset(audio, ref[i], earliest=lo, latest=hi)
        first_pass[i] = onset if onset is not None else dtw[i]
    prev_final: float | None = None
    for pos, i in enumerate(idx):
        nxt = first_pass[idx[pos + 1]] if pos + 1 < len(idx) else None
        lo, hi = _onset_span(raw[i], dtw[i], prev_word[i], prev_final, nxt, extras)
        onset = speech_onset(audio, ref[i], earliest=lo, latest=hi)
        e = raw[i]
        if onset is not None:
            e["start"] = onset
            words = e["words"]
            if words:
                w0 = words[0]
                e["words"] = (Word(w0.text, onset, max(onset, w0.end), w0.probability), *words[1:])
        prev_final = e["start"]


def _onset_span(
    e: dict[str, Any],
    start: float,
    prev_word_start: float,
    prev_start: float | None,
    next_start: float | None,
    extras: Sequence[Region],
) -> tuple[float, float]:
    """Where the onset of line ``e`` (aligned at ``start``) may be searched."""
    words: tuple[Word, ...] = e["words"]
    first_end = words[1].start if len(words) > 1 else (words[0].end if words else start)
    earliest = max(prev_word_start - 0.2, start - ONSET_REACH)
    if prev_start is not None:
        earliest = max(earliest, prev_start + MIN_LINE_SECONDS)
    for r in extras:
        if r.start <= earliest < r.end:
            earliest = min(r.end, start)
    reach = 2 * ONSET_REACH if len(words) > 1 else ONSET_REACH
    latest = min(max(first_end, start + 0.2), start + reach)
    if next_start is not None:
        latest = min(latest, next_start - MIN_LINE_SECONDS)
    return earliest, max(earliest, latest)


def _no_overlap(raw: list[dict[str, Any]]) -> None:
    """End each timed line no later than the next timed line starts."""
    nxt: float | None = None
    for e in reversed(raw):
        if e.get("start") is None:
            continue
        if nxt is not None and e["status"] is not LineStatus.NOT_IN_AUDIO and e["end"] > nxt:
            e["end"] = max(e["start"], nxt)
        if e["status"] is not LineStatus.NOT_IN_AUDIO:
            nxt = e["start"]


def _interpolate(
    raw: list[dict[str, Any]], duration: float | None, extras: Sequence[Region] = ()
) -> None:
    """Give lines without a time one between their timed neighbours, by text length."""
    n = len(raw)
    i = 0
    while i < n:
        if "start" in raw[i]:
            i += 1
            continue
        j = i
        while j < n and "start" not in raw[j]:
            j += 1
        lo = raw[i - 1]["end"] if i > 0 else 0.0
        hi = raw[j]["start"] if j < n else (duration if duration is not None else lo)
        hi = max(lo, hi)
        for r in extras:  # never spread unplaced lines over audio known not to be theirs
            if lo <= r.start < hi and r.end >= hi:
                hi = max(lo, r.start)
            elif lo < r.end <= hi:
                lo = r.end
        weights = [max(1, len(raw[m]["line"].text)) for m in range(i, j)]
        total = float(sum(weights))
        acc = 0.0
        for m, wgt in zip(range(i, j), weights):
            raw[m]["start"] = lo + (hi - lo) * acc / total
            acc += wgt
            raw[m]["end"] = lo + (hi - lo) * acc / total
        i = j


# -- entry points -----------------------------------------------------------------------------


def check_sanity(alignment: Alignment, *, force: bool) -> None:
    """Refuse (unless ``force``) an alignment whose transcript matched little of the audio."""
    share = alignment.aligned_share
    if not force and alignment.lines and share < MIN_ALIGNED_SHARE:
        raise AlignmentError(
            f"the transcript matches little of the audio (only {share:.0%} of its lines were "
            "found): is it for this episode? Use --force to keep the alignment anyway"
        )


def align(
    transcript: Transcript,
    audio: np.ndarray,
    *,
    model: Any,
    device: str = "auto",
    force: bool = False,
    whisper: Any = None,
    source: str = "",
    sanity: bool = True,
) -> Stage[Alignment]:
    """Align ``transcript`` to ``audio`` (16 kHz mono float32) with the Whisper ``model``
    (an :class:`aligner.models.ModelSpec`); ``whisper`` may pass an already loaded
    ``faster_whisper.WhisperModel``.

    Unless ``force``, a transcript that matches nothing in the first ten minutes (or half) of
    the audio stops the work early, and (when ``sanity``) one that matches little of it is
    refused at the end; both raise :class:`AlignmentError`.
    """
    if whisper is None:
        from aligner.models import load_whisper

        yield Progress("model", 0, 1, message=f"loading {getattr(model, 'name', model)}")
        whisper = load_whisper(model, device=device)
        yield Progress("model", 1, 1)
    duration = len(audio) / SAMPLE_RATE
    words, line_of = transcript_words(transcript)
    if not words:
        raise AlignmentError("the transcript has no words to align")
    aligner = ForcedAligner(whisper)
    state = yield from walk(aligner, audio, words, line_of=line_of, force=force)
    placed_ends = [t.end for t in state.timings if t.end is not None]
    if placed_ends:
        yield from scan_tail(aligner, audio, max(placed_ends) + 0.5, state)
    log.debug("model calls %s seconds %s", aligner.calls, aligner.seconds)
    model_name = getattr(model, "name", None) if model is not None else None
    alignment = assemble(
        transcript,
        state.timings,
        extras=state.extras,
        audio=audio,
        duration=duration,
        source=source,
        model=model_name,
    )
    yield Progress("align", done=duration, total=duration, unit="s", message="done")
    if sanity:
        check_sanity(alignment, force=force)
    return alignment


def align_words(
    transcript: Transcript,
    heard: Sequence[Word],
    *,
    duration: float | None = None,
    audio: np.ndarray | None = None,
    source: str = "",
    model: str | None = None,
) -> Alignment:
    """Align ``transcript`` using Whisper's own words (``heard``) only: anchored words take the
    heard times, ``extra_audio`` gaps become extra regions, ``missing_text`` gaps (and the text
    side of dissimilar mismatches) become ``not_in_audio``."""
    words, _ = transcript_words(transcript)
    timings = [WordTiming() for _ in words]
    hyp = [w.text for w in heard]
    amap = anchor_words(words, hyp)
    for m in amap.matches:
        h = heard[m.hyp]
        timings[m.ref] = WordTiming(h.start, h.end, h.probability)
    extras: list[Region] = []
    for gap in amap.gaps:
        extra = gap.kind == "extra_audio" or (gap.kind == "mismatch" and gap.similarity < 0.4)
        missing = gap.kind == "missing_text" or (gap.kind == "mismatch" and gap.similarity < 0.4)
        if extra:
            hs = heard[gap.hyp_start : gap.hyp_end]
            extras.append(Region(hs[0].start, hs[-1].end, "extra", " ".join(w.text for w in hs)))
        if missing:
            for i in range(gap.ref_start, gap.ref_end):
                timings[i] = WordTiming(missing=True)
        elif gap.kind in ("minor", "mismatch") and gap.ref_len and gap.hyp_len:
            # Same speech heard differently: spread the words over the heard span.
            hs = heard[gap.hyp_start : gap.hyp_end]
            span0, span1 = hs[0].start, hs[-1].end
            step = (span1 - span0) / gap.ref_len
            for j, i in enumerate(range(gap.ref_start, gap.ref_end)):
                timings[i] = WordTiming(span0 + j * step, span0 + (j + 1) * step, 0.3)
    return assemble(
        transcript,
        timings,
        extras=extras,
        audio=audio,
        duration=duration,
        source=source,
        model=model,
    )


__all__ = [
    "ALIGNER_VERSION",
    "WordTiming",
    "align",
    "align_words",
    "assemble",
    "check_sanity",
    "transcript_words",
    "walk",
]
