"""From a source and a transcript to an alignment: fetch, decode, (transcribe), align — cached.

This is what ``podalign align`` and the player's workers run. Every step is a stage (it yields
:class:`~aligner.progress.Progress` and can be cancelled by closing it) and every expensive
result is cached: the media by :mod:`aligner.sources`, Whisper's transcription by
:mod:`aligner.transcription.transcribe`, and the finished :class:`~aligner.result.Alignment` here,
keyed by
(audio hash, transcript content, model identity, aligner version), so a second run on the same
episode is near-instant, and two runs at once on one episode compute it once: the second waits
for the first (which holds the entry's lock while it works) and takes its result.

Without a transcript, Whisper's own segments become the lines.
"""

from __future__ import annotations

import json
import math
import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.progress import Progress, Stage
from aligner.result import AlignedLine, Alignment, LineStatus, Transcription, rounded
from aligner.sources import Media
from aligner.transcript import Line, Transcript, Turn

if TYPE_CHECKING:
    from cache.store import Store

ALIGNMENTS_NS = "alignments"


@dataclass(frozen=True)
class PipelineRequest:
    """What to align: ``source`` (path or URL), ``transcript`` (a file, an already parsed
    :class:`Transcript`, or None to use Whisper's segments), and how."""

    source: str
    transcript: str | Path | Transcript | None = None
    transcript_format: str | None = None
    model: str | None = None
    device: str = "auto"
    force: bool = False
    #: Links (:mod:`aligner.sources.episode`): the feed item (number, GUID or title words),
    #: re-fetch cached pages/feeds/transcripts, and whether to look for a published transcript
    #: when ``transcript`` is None (False: ``--transcript none``, Whisper's segments).
    episode: str | None = None
    refresh: bool = False
    discover: bool = True


@dataclass(frozen=True)
class PipelineResult:
    """A finished result: ``alignment.audio_sha256`` is the hash of ``media`` (so saved edits
    find their episode) and, for a published transcript, the sanity check has passed (or
    ``force`` was given). ``cached``: the alignment came from the cache."""

    media: Media
    alignment: Alignment
    cached: bool = False
    #: Which transcript was used, in one line (None: the user's file), and fallbacks taken.
    transcript_used: str | None = None
    notes: tuple[str, ...] = ()


def transcript_fingerprint(transcript: Transcript) -> str:
    """A hash of everything in a transcript that changes the alignment or its outputs."""
    from cache.keys import sha256_text

    data = {
        "format": transcript.format,
        "title": transcript.title,
        "lines": [
            [ln.turn, ln.speaker, ln.text, ln.published_start, ln.published_end, ln.paragraph]
            for ln in transcript.lines
        ],
        "turns": [
            [t.index, t.speaker, t.published_start, list(t.paragraphs)] for t in transcript.turns
        ],
        "chapters": [[c.start, c.title] for c in transcript.chapters],
        "source": transcript.source_text,
    }
    return sha256_text(json.dumps(data, ensure_ascii=False, sort_keys=True))


def alignment_key(audio_sha256: str, transcript: Transcript | None, model_identity: str) -> str:
    from aligner.alignment.align import ALIGNER_VERSION
    from cache.keys import key

    text = transcript_fingerprint(transcript) if transcript is not None else "whisper-segments"
    return key("alignment", ALIGNER_VERSION, audio_sha256, text, model_identity)


def load_transcript(request: PipelineRequest) -> Transcript | None:
    """The request's transcript file, read (None for none, or a URL: fetched with the source)."""
    from aligner.sources.episode import is_http_url

    if request.transcript is None or isinstance(request.transcript, Transcript):
        return request.transcript
    if isinstance(request.transcript, str) and is_http_url(request.transcript):
        return None
    from aligner.formats import read_transcript

    return read_transcript(request.transcript, request.transcript_format)


def run_pipeline(request: PipelineRequest, store: Store | None = None) -> Stage[PipelineResult]:
    """Fetch, decode, (transcribe) and align ``request``; see the module docstring."""
    from aligner.alignment.align import align
    from aligner.decoding.decode import decode_audio
    from aligner.result_json import from_dict, to_dict
    from aligner.sources.episode import open_episode
    from aligner.transcription.models import pick_device, resolve_model
    from cache.store import default_store

    store = store or default_store()
    transcript = load_transcript(request)  # a bad transcript fails before any download,
    spec = resolve_model(request.model, store=store)  # so does an unknown model name
    pick_device(request.device)  # and a GPU asked for that is not there
    opened = yield from open_episode(
        request.source,
        store,
        transcript=transcript or _url_of(request),
        transcript_format=request.transcript_format,
        discover=request.discover,
        episode=request.episode,
        refresh=request.refresh,
    )
    media, transcript = opened.media, opened.transcript
    entry = alignment_key(media.sha256, transcript, spec.identity)
    cached = store.read_json(ALIGNMENTS_NS, entry)
    with ExitStack() as held:
        if cached is None:
            # One computation per entry: a second run on the same episode waits for the first
            # (which holds the entry's lock while it works) and takes its result.
            held.enter_context((yield from _claim(store, entry)))
            cached = store.read_json(ALIGNMENTS_NS, entry)
        if cached is not None:
            alignment = from_dict(cached)
            total = alignment.duration or 0.0
            yield Progress("align", total, total or None, "s", message="cached alignment")
            result = _finished(request, media, alignment, transcript is not None, cached=True)
            return replace(result, transcript_used=opened.used, notes=opened.notes)
        audio = yield from decode_audio(media.path)
        if transcript is None:
            from aligner.transcription.transcribe import transcribe

            transcription = yield from transcribe(
                audio, audio_sha256=media.sha256, model=spec, device=request.device, store=store
            )
            alignment = alignment_from_transcription(transcription, source=request.source)
        else:
            # The sanity check runs after caching (in _finished), so that a refused alignment
            # is kept and a re-run with --force needs no new work.
            alignment = yield from align(
                transcript,
                audio,
                model=spec,
                device=request.device,
                force=request.force,
                source=request.source,
            )
        del audio
        alignment = rounded(alignment)  # what the cache keeps, so a cached run gives the same
        title = media.info.title or Path(str(media.path)).name
        store.write_json(ALIGNMENTS_NS, entry, to_dict(alignment), label=f"alignment of {title}")
    result = _finished(request, media, alignment, transcript is not None, cached=False)
    return replace(result, transcript_used=opened.used, notes=opened.notes)


#: How often a run waiting for another run's alignment looks again (seconds).
_WAIT_POLL = 0.25


def _claim(store: Store, entry: str) -> Stage[ExitStack]:
    """Take the lock on alignment ``entry``; while another process holds it (aligning the same
    episode), report that it waits, staying cancellable. Returns the held lock."""
    waited = 0.0
    while True:
        stack = ExitStack()
        if stack.enter_context(store.lock(ALIGNMENTS_NS, entry, wait=False)):
            return stack
        stack.close()
        yield Progress(
            "align", waited, None, "s", message="waiting for another podalign aligning this episode"
        )
        time.sleep(_WAIT_POLL)
        waited += _WAIT_POLL


def _url_of(request: PipelineRequest) -> str | None:
    """``--transcript URL``: the URL (None for a file or no transcript)."""
    from aligner.sources.episode import is_http_url

    t = request.transcript
    return t if isinstance(t, str) and is_http_url(t) else None


def _finished(
    request: PipelineRequest,
    media: Media,
    alignment: Alignment,
    published: bool,
    *,
    cached: bool,
) -> PipelineResult:
    """The one place a result is finished: the sanity check (for a published transcript) and
    the audio hash stamped on the alignment (the cache entry itself stays unstamped)."""
    from aligner.alignment.align import check_sanity

    if published:
        check_sanity(alignment, force=request.force)
    return PipelineResult(media, replace(alignment, audio_sha256=media.sha256), cached=cached)


def alignment_from_transcription(transcription: Transcription, *, source: str = "") -> Alignment:
    """Whisper's segments as the lines of a transcript (format ``whisper``), all aligned."""
    turns: list[Turn] = []
    lines: list[Line] = []
    aligned: list[AlignedLine] = []
    for seg in transcription.segments:
        text = seg.text.strip()
        if not text:
            continue
        i = len(lines)
        turns.append(Turn(i, None, seg.start, (text,)))
        line = Line(i, i, None, text, published_start=seg.start, published_end=seg.end)
        lines.append(line)
        start = seg.words[0].start if seg.words else seg.start
        confidence = max(0.0, min(1.0, math.exp(seg.avg_logprob)))
        aligned.append(
            AlignedLine(
                line, start, seg.end, LineStatus.ALIGNED, round(confidence, 3), tuple(seg.words)
            )
        )
    transcript = Transcript(
        turns=tuple(turns),
        lines=tuple(lines),
        format="whisper",
        source_text=transcription.text,
    )
    return Alignment(
        transcript=transcript,
        lines=tuple(aligned),
        source=source,
        duration=transcription.duration,
        model=transcription.model,
    )


__all__ = [
    "ALIGNMENTS_NS",
    "PipelineRequest",
    "PipelineResult",
    "alignment_from_transcription",
    "alignment_key",
    "run_pipeline",
    "transcript_fingerprint",
]
