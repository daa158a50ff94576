"""Whisper transcription with word timestamps: cached, checkpointed and resumable.

``transcribe`` is the expensive stage (minutes per hour of audio on a laptop CPU), so:

- the result is cached under (audio sha256, model identity, every option that changes the
  output); a second run reads it and never touches the model;
- each finished segment is appended to a partial file (JSON lines, fsync per line), so a run
  that is killed resumes where it stopped;
- a per-entry inter-process lock lets two processes on the same episode run safely: the second
  waits, then reads the first one's result.

How resuming stays faithful: we run Silero VAD ourselves (the same code faster-whisper runs
internally) and store the speech chunks in the partial file, then transcribe the concatenated
speech with ``clip_timestamps``. Each checkpointed segment records the 30 s decoding window it
came from (faster-whisper's ``seek``), its tokens, its temperature and its last word's end. A
resumed run drops the segments of the last window (it may have been cut short) and restarts at
that window's ``seek`` in the state an uninterrupted run would have had there (the earlier
windows' tokens as the prompt, the last word's end for the word-timing heuristics;
:mod:`aligner.transcription.resume`), so the resumed transcription equals a clean run's.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from aligner.basics.audio import SAMPLE_RATE
from aligner.progress import Progress, Stage
from aligner.result import Segment, Transcription, Word
from aligner.transcription.models import ModelSpec, load_whisper
from aligner.transcription.resume import (
    last_speech_end,
    prompt_tokens,
    resumed_model,
    tap_speech_ends,
)

if TYPE_CHECKING:
    from cache.store import Store

log = logging.getLogger(__name__)

NAMESPACE = "transcriptions"
#: Bump when the transcription code changes what it produces (invalidates cached entries).
FORMAT_VERSION = 1
_FRAMES_PER_SECOND = 100  # faster-whisper's mel frames per second (hop 160 at 16 kHz)


@dataclass(frozen=True)
class TranscribeOptions:
    """Whisper decoding options. Every field changes the output, so all are in the cache key.

    Defaults: ``language="en"`` (podcasts here are English; ``None`` detects it), beam search
    of 5 with Whisper's temperature fallback (0 → 1 in steps of 0.2 when a window looks like a
    hallucination by compression ratio or log-probability), Silero VAD on (skips music beds and
    silences, which is where small models hallucinate; min silence 2 s, 0.4 s padding as in
    faster-whisper), word timestamps on (the aligner needs them), conditioning on the previous
    text on (consistent punctuation and casing across windows; the temperature fallback resets
    the prompt when a window goes wrong).
    """

    language: str | None = "en"
    beam_size: int = 5
    best_of: int = 5
    patience: float = 1.0
    temperature: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    compression_ratio_threshold: float | None = 2.4
    log_prob_threshold: float | None = -1.0
    no_speech_threshold: float | None = 0.6
    condition_on_previous_text: bool = True
    prompt_reset_on_temperature: float = 0.5
    initial_prompt: str | None = None
    word_timestamps: bool = True
    vad_filter: bool = True
    vad_threshold: float = 0.5
    vad_min_silence_ms: int = 2000
    vad_speech_pad_ms: int = 400
    hallucination_silence_threshold: float | None = None

    def cache_fields(self) -> dict[str, Any]:
        return asdict(self)

    def whisper_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``WhisperModel.transcribe`` (VAD is applied by us)."""
        return {
            "language": self.language,
            "beam_size": self.beam_size,
            "best_of": self.best_of,
            "patience": self.patience,
            "temperature": list(self.temperature),
            "compression_ratio_threshold": self.compression_ratio_threshold,
            "log_prob_threshold": self.log_prob_threshold,
            "no_speech_threshold": self.no_speech_threshold,
            "condition_on_previous_text": self.condition_on_previous_text,
            "prompt_reset_on_temperature": self.prompt_reset_on_temperature,
            "word_timestamps": self.word_timestamps,
            "hallucination_silence_threshold": self.hallucination_silence_threshold,
            "without_timestamps": False,
        }

    def vad_options(self) -> Any:
        from faster_whisper.vad import VadOptions

        return VadOptions(
            threshold=self.vad_threshold,
            min_silence_duration_ms=self.vad_min_silence_ms,
            speech_pad_ms=self.vad_speech_pad_ms,
        )


def transcription_key(audio_sha256: str, model: ModelSpec, options: TranscribeOptions) -> str:
    from cache.keys import key

    return key(
        "transcription", FORMAT_VERSION, audio_sha256, model.identity, options.cache_fields()
    )


@dataclass
class _Checkpoint:
    """What a partial file holds: header (VAD chunks, language) and finished segments."""

    chunks: list[dict[str, int]] | None = None
    language: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # file offset after each record
    header_end: int = 0


def _read_partial(path: Path, entry_key: str) -> _Checkpoint:
    cp = _Checkpoint()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return cp
    pos = 0
    while True:
        nl = raw.find(b"\n", pos)
        if nl < 0:
            break  # an unterminated last line was cut by a kill: ignore it
        try:
            item = json.loads(raw[pos:nl])
        except ValueError:
            break
        pos = nl + 1
        if item.get("kind") == "header":
            if item.get("key") != entry_key or item.get("v") != FORMAT_VERSION:
                return _Checkpoint()
            cp.chunks, cp.language, cp.header_end = item.get("chunks"), item.get("language"), pos
        elif item.get("kind") == "segment" and cp.header_end:
            cp.records.append(item)
            cp.offsets.append(pos)
        else:
            break
    return cp


def _append_line(fh: Any, item: dict[str, Any]) -> None:
    fh.write(json.dumps(item, separators=(",", ":")).encode("utf-8") + b"\n")
    fh.flush()
    os.fsync(fh.fileno())


def _segment_from(seg: Any, index: int, offset: float = 0.0) -> Segment:
    words = tuple(
        Word(
            w.word.strip(),
            round(float(w.start) + offset, 3),
            round(float(w.end) + offset, 3),
            float(w.probability),
        )
        for w in (seg.words or ())
    )
    return Segment(
        index=index,
        start=round(float(seg.start) + offset, 3),
        end=round(float(seg.end) + offset, 3),
        text=seg.text.strip(),
        words=words,
        avg_logprob=float(seg.avg_logprob),
        no_speech_prob=float(seg.no_speech_prob),
    )


def transcribe(
    audio: np.ndarray,
    *,
    audio_sha256: str,
    model: ModelSpec,
    options: TranscribeOptions = TranscribeOptions(),
    device: str = "auto",
    store: Store | None = None,
) -> Stage[Transcription]:
    """Transcribe 16 kHz mono ``audio`` (cached, checkpointed, resumable; see module docs).

    Yields ``Progress("transcribe", seconds_done, seconds_total, "s")``; a resumed run first
    yields a Progress whose message starts with ``"resumed"``.
    """
    from cache.lock import is_locked
    from cache.store import default_store

    store = store or default_store()
    entry = transcription_key(audio_sha256, model, options)
    duration = audio.shape[0] / SAMPLE_RATE
    if audio.shape[0] < SAMPLE_RATE // 10:  # nothing Whisper could hear
        return Transcription((), options.language or "en", duration, model.name)

    cached = store.read_json(NAMESPACE, entry)
    if cached is not None:
        yield Progress("transcribe", duration, duration, "s", message="cached transcription")
        return Transcription.from_dict(cached)

    if is_locked(store.path(NAMESPACE, entry, ".lock")):
        yield Progress(
            "transcribe", 0.0, duration, "s", message="waiting for another podalign process"
        )
    with store.lock(NAMESPACE, entry):
        cached = store.read_json(NAMESPACE, entry)
        if cached is not None:
            yield Progress("transcribe", duration, duration, "s", message="cached transcription")
            return Transcription.from_dict(cached)
        result = yield from _run(audio, entry, duration, model, options, device, store)
        store.write_json(
            NAMESPACE,
            entry,
            result.to_dict()
            | {"meta": {"model": model.identity, "options": options.cache_fields()}},
            label=f"transcription ({model.name}, {duration / 60:.1f} min)",
        )
        partial = store.path(NAMESPACE, entry, ".partial.jsonl")
        partial.unlink(missing_ok=True)
        return result


def _run(
    audio: np.ndarray,
    entry: str,
    duration: float,
    model: ModelSpec,
    options: TranscribeOptions,
    device: str,
    store: Store,
) -> Stage[Transcription]:
    partial = store.path(NAMESPACE, entry, ".partial.jsonl")
    cp = _read_partial(partial, entry)

    # Keep only whole decoding windows: the last window may have been cut short by a kill.
    kept: list[dict[str, Any]] = []
    resume_seek = 0
    keep_end = cp.header_end
    if cp.records:
        resume_seek = int(cp.records[-1]["seek"])
        n = sum(1 for r in cp.records if r["seek"] < resume_seek)
        kept = cp.records[:n]
        keep_end = cp.offsets[n - 1] if n else cp.header_end
    segments = [Segment.from_dict(r["segment"]) for r in kept]

    yield Progress("transcribe", 0.0, duration, "s", message=f"loading model {model.name}")
    whisper = load_whisper(model, device)

    chunks = cp.chunks if cp.header_end else None
    if not cp.header_end and options.vad_filter:
        from faster_whisper.vad import get_speech_timestamps

        yield Progress("transcribe", 0.0, duration, "s", message="finding speech (VAD)")
        chunks = [
            {"start": int(c["start"]), "end": int(c["end"])}
            for c in get_speech_timestamps(audio, options.vad_options())
        ]
    if options.vad_filter and not chunks:
        return Transcription((), options.language or "en", duration, model.name)
    speech = np.concatenate([audio[c["start"] : c["end"]] for c in chunks]) if chunks else audio

    kwargs = options.whisper_kwargs()
    if cp.header_end:
        kwargs["language"] = cp.language or kwargs["language"]
    if resume_seek:
        kwargs["clip_timestamps"] = [resume_seek / _FRAMES_PER_SECOND]
        kwargs["initial_prompt"] = prompt_tokens(whisper, options, kept)
        whisper = resumed_model(whisper, last_speech_end(kept))
        resumed_at = segments[-1].end if segments else 0.0
        message = (
            f"resumed an interrupted transcription at {resumed_at:.1f}s "
            f"({len(segments)} segments kept)"
        )
        log.info(message)
        yield Progress("transcribe", resumed_at, duration, "s", message=message)
    elif options.initial_prompt:
        kwargs["initial_prompt"] = options.initial_prompt

    raw_segments, info = whisper.transcribe(speech, vad_filter=False, **kwargs)
    language = info.language
    speech_ends: list[float | None] = []  # each segment's last word end, on `speech`'s timeline
    raw_segments = tap_speech_ends(raw_segments, speech_ends)
    if chunks:
        from faster_whisper.transcribe import restore_speech_timestamps

        raw_segments = restore_speech_timestamps(raw_segments, chunks, SAMPLE_RATE)

    mode = "r+b" if partial.exists() else "wb"
    with open(partial, mode) as fh:
        if cp.header_end:
            fh.seek(keep_end)
            fh.truncate()
        else:
            fh.truncate(0)
            _append_line(
                fh,
                {
                    "kind": "header",
                    "v": FORMAT_VERSION,
                    "key": entry,
                    "chunks": chunks,
                    "language": language,
                },
            )
        for seg in raw_segments:
            segment = _segment_from(seg, len(segments))
            segments.append(segment)
            _append_line(
                fh,
                {
                    "kind": "segment",
                    "seek": int(seg.seek),
                    "temperature": float(seg.temperature or 0.0),
                    "tokens": list(seg.tokens),
                    "speech_end": speech_ends[-1],
                    "segment": segment.to_dict(),
                },
            )
            yield Progress("transcribe", min(segment.end, duration), duration, "s")
    yield Progress("transcribe", duration, duration, "s")
    return Transcription(tuple(segments), language, duration, model.name)


def transcribe_span(
    audio: np.ndarray,
    start: float,
    end: float,
    *,
    model: ModelSpec,
    options: TranscribeOptions = TranscribeOptions(),
    device: str = "auto",
) -> Transcription:
    """Transcribe ``audio[start:end]`` (seconds), uncached; all times are absolute."""
    total = audio.shape[0] / SAMPLE_RATE
    start = max(0.0, min(start, total))
    end = max(start, min(end, total))
    clip = audio[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)]
    if clip.shape[0] < SAMPLE_RATE // 10:
        return Transcription((), options.language or "en", end - start, model.name)
    whisper = load_whisper(model, device)
    kwargs = options.whisper_kwargs()
    if options.initial_prompt:
        kwargs["initial_prompt"] = options.initial_prompt
    raw, info = whisper.transcribe(
        clip,
        vad_filter=options.vad_filter,
        vad_parameters=options.vad_options() if options.vad_filter else None,
        **kwargs,
    )
    segments = tuple(_segment_from(seg, i, offset=start) for i, seg in enumerate(raw))
    return Transcription(segments, info.language, end - start, model.name)


__all__ = [
    "NAMESPACE",
    "TranscribeOptions",
    "transcribe",
    "transcribe_span",
    "transcription_key",
]
