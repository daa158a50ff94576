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
4. Line starts are snapped to the speech onset (:mod:`aligner.alignment.onsets`), and each line
gets a
   status and a confidence (:func:`assemble`).

Published timestamps are never used as windows; they only feed the drift report.

:func:`align_words` is the same assembly from Whisper's own words (a full transcription), used
by the pure tests and as a fallback when forced alignment is not available.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from aligner.alignment.anchors import anchor_words
from aligner.alignment.assemble import WordTiming, assemble, transcript_words
from aligner.alignment.forced import ForcedAligner
from aligner.alignment.walk import SAMPLE_RATE, scan_tail, walk
from aligner.errors import AlignmentError
from aligner.progress import Progress, Stage
from aligner.result import Alignment, Region, Word
from aligner.transcript import Transcript

log = logging.getLogger(__name__)

#: Bump when a change makes cached alignments stale.
ALIGNER_VERSION = "2"
#: Share of lines that must be aligned, below which the transcript is for other audio.
MIN_ALIGNED_SHARE = 0.3


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
    (an :class:`aligner.transcription.models.ModelSpec`); ``whisper`` may pass an already loaded
    ``faster_whisper.WhisperModel``.

    Unless ``force``, a transcript that matches nothing in the first ten minutes (or half) of
    the audio stops the work early, and (when ``sanity``) one that matches little of it is
    refused at the end; both raise :class:`AlignmentError`.
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
