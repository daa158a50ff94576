"""Place every line of a published transcript on the audio, and say which lines are not there.

The fast path (:func:`align`) walks through the audio once, window by window, and never
transcribes what the transcript already says:

1. Encode a 20 s window starting just before the next unplaced transcript word (the last placed
   words ride along as context so the alignment path enters the window on real speech).
2. Force-align the next transcript words to it (:mod:`aligner.alignment.forced`). Words are kept
while
   the decoder finds them probable and they end a second before the window's edge; the next
   window starts at the last kept words.
3. Only when the transcript's next words are *not* what the window starts with (an intro, an ad,
   a passage cut from the audio, a long aside) is the window decoded with Whisper, and the heard
   words anchored against the transcript (:mod:`aligner.alignment.anchors`): heard words with no
   counterpart become an extra region (never a cue), transcript words nobody said become
   ``not_in_audio``, and the walk resumes where the transcript resumes.
4. A line opening the path pressed into no time before a pause is moved onto the sound after
   it (:mod:`aligner.alignment.openings`). Line starts are snapped to the speech onset
   (:mod:`aligner.alignment.onsets`), and each line gets a status and a confidence
   (:func:`assemble`).

Published timestamps are never used as windows; they only feed the drift report.

:func:`align_words` is the same assembly from Whisper's own words (a full transcription), used
by the pure tests and as a fallback when forced alignment is not available.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from typing import Any

import numpy as np

from aligner.alignment.anchors import anchor_words
from aligner.alignment.assemble import (
    MISSING,
    UNPLACED,
    WordTiming,
    assemble,
    spoken_seconds,
    transcript_words,
)
from aligner.alignment.first_words import decoder_judge
from aligner.alignment.forced import ForcedAligner
from aligner.alignment.openings import open_pressed_lines
from aligner.alignment.resolve import scan_tail
from aligner.alignment.walk import walk
from aligner.basics.audio import SAMPLE_RATE
from aligner.errors import AlignmentError
from aligner.progress import Progress, Stage
from aligner.result import Alignment, LineStatus, Region, Word
from aligner.transcript import Transcript

log = logging.getLogger(__name__)

#: Bump when a change makes cached alignments stale.
ALIGNER_VERSION = "15"
#: Share of lines that must be aligned, below which the transcript is for other audio.
MIN_ALIGNED_SHARE = 0.3


#: A recording of part of the transcript's episode: at least this many aligned lines in one
#: stretch of the transcript ...
MIN_PART_LINES = 8
#: ... in which at least this share of the lines is aligned ...
MIN_PART_DENSITY = 0.7
#: ... heard with at least this mean confidence ...
MIN_PART_CONFIDENCE = 0.5
#: ... spanning at least this share of the audio.
MIN_PART_COVER = 0.5


def matched_stretch(alignment: Alignment) -> tuple[int, int, int]:
    """The stretch of lines that matches best: (first, last, aligned lines in it), the densest
    run (at least :data:`MIN_PART_DENSITY` aligned) with the most aligned lines."""
    cost = MIN_PART_DENSITY / (1.0 - MIN_PART_DENSITY)
    best = (0, -1, 0)
    best_score = 0.0
    score, first, count = 0.0, 0, 0
    for i, al in enumerate(alignment.lines):
        if score <= 0.0:
            score, first, count = 0.0, i, 0
        if al.status is LineStatus.ALIGNED:
            score += 1.0
            count += 1
        else:
            score -= cost
        if score > best_score:
            best_score, best = score, (first, i, count)
    return best


def is_part_of_episode(alignment: Alignment) -> bool:
    """True when the audio is a part of the transcript's episode (a cut, a clip, a partial
    download): one contiguous stretch of the transcript matches it well and spans most of it,
    although most of the transcript is not in it."""
    first, last, count = matched_stretch(alignment)
    if count < MIN_PART_LINES:
        return False
    found = [
        al
        for al in alignment.lines[first : last + 1]
        if al.status is LineStatus.ALIGNED and al.start is not None and al.end is not None
    ]
    if not found or statistics.fmean(al.confidence for al in found) < MIN_PART_CONFIDENCE:
        return False
    span = max(al.end or 0.0 for al in found) - min(al.start or 0.0 for al in found)
    duration = alignment.duration or max(al.end or 0.0 for al in found)
    return duration > 0 and span >= MIN_PART_COVER * duration


def check_sanity(alignment: Alignment, *, force: bool) -> None:
    """Refuse (unless ``force``) an alignment whose transcript matched little of the audio.

    Few lines found is fine when they are one stretch that covers most of the audio: the audio
    is then a part of the episode (:func:`is_part_of_episode`), and the rest of the transcript
    is ``not_in_audio``. A transcript for other audio matches a few scattered words at best.
    """
    share = alignment.aligned_share
    if force or not alignment.lines or share >= MIN_ALIGNED_SHARE:
        return
    if not is_part_of_episode(alignment):
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
) -> Stage[Alignment]:
    """Align ``transcript`` to ``audio`` (16 kHz mono float32) with the Whisper ``model``
    (an :class:`aligner.transcription.models.ModelSpec`); ``whisper`` may pass an already loaded
    ``faster_whisper.WhisperModel``.

    Unless ``force``, a transcript that matches nothing in the first ten minutes (or half) of
    the audio stops the work early (:class:`AlignmentError`). Refusing one that matches little
    of it overall (:func:`check_sanity`) is the pipeline's job, done once on its result.
    """
    if whisper is None:
        from aligner.transcription.models import load_whisper

        yield Progress("model", 0, 1, message=f"loading {getattr(model, 'name', model)}")
        whisper = load_whisper(model, device=device)
        yield Progress("model", 1, 1)
    duration = len(audio) / SAMPLE_RATE
    words, line_of = transcript_words(transcript)
    if not words:
        raise AlignmentError("the transcript has no words to align")
    aligner = ForcedAligner(whisper)
    state = yield from walk(aligner, audio, words, line_of=line_of, force=force)
    mark_unspoken(state.timings, words, line_of)
    opened = open_pressed_lines(audio, words, line_of, state.timings)
    log.debug("line openings moved off a pause: %d", opened)
    placed_ends = [t.end for t in state.timings if t.end is not None]
    if placed_ends:
        yield from scan_tail(aligner, audio, max(placed_ends) + 0.5, state)
    model_name = getattr(model, "name", None) if model is not None else None
    alignment = assemble(
        transcript,
        state.timings,
        extras=state.extras,
        audio=audio,
        duration=duration,
        source=source,
        model=model_name,
        judge=decoder_judge(aligner, audio),
    )
    log.debug("model calls %s seconds %s", aligner.calls, aligner.seconds)
    yield Progress("align", done=duration, total=duration, unit="s", message="done")
    return alignment


#: Unplaced lines need at least this share of :func:`spoken_seconds` per word to be in the audio.
SQUEEZE = 0.3


def _missing(t: WordTiming) -> WordTiming:
    if t is UNPLACED:
        return MISSING
    return WordTiming(t.start, t.end, t.probability, missing=True)


def mark_unspoken(timings: list[WordTiming], words: Sequence[str], line_of: Sequence[int]) -> None:
    """Mark as missing (``not_in_audio``) the transcript words the audio cannot hold, instead
    of squeezing them into it: every word after the last placed one (the audio ended before
    the transcript did), and each run of lines with no placed word that lies between placed
    words too close together to say them (less than :data:`SQUEEZE` of their spoken time)."""
    placed = [i for i, t in enumerate(timings) if t.start is not None]
    last = placed[-1] if placed else -1
    for i in range(last + 1, len(timings)):
        timings[i] = _missing(timings[i])
    by_line: dict[int, list[int]] = {}
    for i in range(last + 1):
        by_line.setdefault(line_of[i], []).append(i)
    prev_end = 0.0
    run: list[int] = []
    for li in sorted(by_line):
        idx = by_line[li]
        here = [timings[i] for i in idx if timings[i].start is not None]
        if not here:
            run.extend(i for i in idx if not timings[i].missing)
            continue
        if run:
            needed = SQUEEZE * sum(spoken_seconds(words[i]) for i in run)
            if (here[0].start or 0.0) - prev_end < needed:
                for i in run:
                    timings[i] = _missing(timings[i])
            run = []
        prev_end = max(prev_end, max(t.end or t.start or 0.0 for t in here))


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
    timings = [UNPLACED] * len(words)
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
                timings[i] = MISSING
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
