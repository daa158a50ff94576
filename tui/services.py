"""What the player needs from the rest of podalign, behind a protocol tests can fake.

The player never calls the pipeline directly: it asks :class:`Services` to ``prepare`` an
:class:`Episode` (a :class:`~aligner.progress.Stage`, run in a Textual thread worker) and to
remember the resume position. :class:`PipelineServices` is the real implementation over
:func:`aligner.pipeline.run_pipeline` and :class:`cache.store.Store`.

Corrections (re-transcribing a line, keeping the user's edits) are the optional
:class:`EditServices`: services that also offer them enable the player's edit keys.
:class:`StoreEdits` is the real implementation (edits in the cache store, re-transcription with
:func:`aligner.edits.retranscribe.retranscribe_lines`); :class:`PipelineServices` includes it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from aligner.pipeline import PipelineRequest, PipelineResult
from aligner.progress import Stage
from aligner.result import Alignment
from aligner.transcript import Chapter
from tui.resume import ResumeStore

if TYPE_CHECKING:
    import numpy as np

    from aligner.edits import EditLayer, EpisodeKey
    from aligner.edits.retranscribe import LineRetranscription
    from aligner.sources.feeds import Feed
    from aligner.transcription.models import ModelSpec
    from cache.store import Store


@dataclass(frozen=True)
class Episode:
    """Everything the player shows and plays for one episode.

    ``key`` identifies the audio (its sha256) for the resume position; ``source`` is what the
    user typed (a path or URL), ``audio_path`` the local file to play.
    """

    key: str
    source: str
    audio_path: Path
    title: str
    alignment: Alignment
    duration: float | None = None
    chapters: tuple[Chapter, ...] = ()
    model: str | None = None


@runtime_checkable
class Services(Protocol):
    def prepare(self, request: PipelineRequest) -> Stage[Episode]:
        """Fetch, decode, transcribe and align ``request``."""
        ...

    def load_position(self, key: str) -> float | None: ...

    def save_position(self, key: str, position: float, duration: float | None) -> None: ...

    def load_speed(self) -> float | None:
        """The playback speed the listener used last (any episode), or None."""
        ...

    def save_speed(self, speed: float) -> None: ...


@runtime_checkable
class EditServices(Protocol):
    """What the player's corrections need (optional: without it the edit keys say so)."""

    @property
    def retranscribe_model(self) -> str:
        """The name of the model ``r`` re-transcribes with."""
        ...

    @property
    def retranscribe_model_chosen(self) -> bool:
        """True when the user named that model; False when it is just the best installed."""
        ...

    def load_edits(self, episode: EpisodeKey) -> EditLayer: ...

    def save_edits(
        self, episode: EpisodeKey, layer: EditLayer, *, source: str = "", title: str = ""
    ) -> None: ...

    def retranscribe(
        self, episode: Episode, alignment: Alignment, first: int, last: int
    ) -> LineRetranscription:
        """Re-transcribe lines ``first``..``last`` of ``alignment`` (the one shown, edits and
        all) from the episode's audio; blocking, called from a worker thread."""
        ...


@runtime_checkable
class FeedServices(Protocol):
    """What the episode picker needs (optional: without it a feed plays its newest episode)."""

    def episodes(self, request: PipelineRequest) -> Stage[Feed | None]:
        """The feed ``request.source`` is, to pick an episode from; None when it is not a feed
        (a page, a media URL, a file) or ``request`` already names its episode."""
        ...


class StoreEdits:
    """Edits kept in the cache store; re-transcription with ``retranscribe_model`` (default:
    the best installed, see :func:`aligner.edits.retranscribe.best_installed_model`).

    The episode's audio is decoded once, on the first re-transcription, and kept (as the
    pipeline does while aligning); the model is resolved once.
    """

    def __init__(
        self,
        store: Store | None = None,
        *,
        retranscribe_model: str | None = None,
        device: str = "auto",
    ) -> None:
        self._store = store
        self._model_name = retranscribe_model
        self._chosen = retranscribe_model is not None
        self._device = device
        self._spec: ModelSpec | None = None
        self._audio: tuple[Path, np.ndarray] | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        if self._store is None:
            from cache.store import default_store

            self._store = default_store()
        return self._store

    @property
    def retranscribe_model(self) -> str:
        if self._model_name is None:
            from aligner.edits.retranscribe import best_installed_model_name

            self._model_name = best_installed_model_name()
        return self._model_name

    @property
    def retranscribe_model_chosen(self) -> bool:
        return self._chosen

    def load_edits(self, episode: EpisodeKey) -> EditLayer:
        from aligner.edits import load_edits

        return load_edits(self.store, episode)

    def save_edits(
        self, episode: EpisodeKey, layer: EditLayer, *, source: str = "", title: str = ""
    ) -> None:
        from aligner.edits import save_edits

        save_edits(self.store, episode, layer, source=source, title=title)

    def _model_spec(self) -> ModelSpec:
        if self._spec is None:
            if self._model_name is None:
                from aligner.edits.retranscribe import best_installed_model

                self._spec = best_installed_model(self.store)
                self._model_name = self._spec.name
            else:
                from aligner.transcription.models import resolve_model

                self._spec = resolve_model(self._model_name, store=self.store)
        return self._spec

    def _decoded(self, path: Path) -> np.ndarray:
        if self._audio is None or self._audio[0] != path:
            from aligner.decoding.decode import decode_audio
            from aligner.progress import drive

            self._audio = (path, drive(decode_audio(path)))
        return self._audio[1]

    def retranscribe(
        self, episode: Episode, alignment: Alignment, first: int, last: int
    ) -> LineRetranscription:
        from aligner.edits.retranscribe import retranscribe_lines

        with self._lock:  # one at a time: a second r waits for the decoded audio
            audio = self._decoded(episode.audio_path)
            spec = self._model_spec()
        return retranscribe_lines(audio, alignment, first, last, model=spec, device=self._device)


def episode_from_result(request: PipelineRequest, result: PipelineResult) -> Episode:
    """Build an :class:`Episode` from a finished pipeline result (its alignment already carries
    the audio hash)."""
    media, alignment = result.media, result.alignment
    info = media.info
    title = info.title or alignment.transcript.title or Path(request.source).stem
    return Episode(
        key=media.sha256,
        source=request.source,
        audio_path=Path(media.path),
        title=title,
        alignment=alignment,
        duration=info.duration or alignment.duration,
        chapters=alignment.chapters or tuple(info.chapters),
        model=alignment.model,
    )


class PipelineServices(StoreEdits):
    """The real services: :func:`aligner.pipeline.run_pipeline`, the cache store, and the
    corrections of :class:`StoreEdits`."""

    def prepare(self, request: PipelineRequest) -> Stage[Episode]:
        from aligner.pipeline import run_pipeline

        result = yield from run_pipeline(request, self.store)
        return episode_from_result(request, result)

    def episodes(self, request: PipelineRequest) -> Stage[Feed | None]:
        from aligner.errors import SourceError
        from aligner.sources.episode import is_http_url
        from aligner.sources.feeds import list_episodes
        from aligner.sources.links import resolve_link

        if request.episode is not None or not is_http_url(request.source):
            return None
        try:
            link = yield from resolve_link(request.source, self.store, refresh=request.refresh)
        except SourceError as exc:
            # e.g. the newest episode has no audio: the feed can still be listed to pick one.
            try:
                return list_episodes(request.source, self.store)
            except SourceError:
                raise exc from None
        return link.feed if link.kind == "feed" else None

    def load_position(self, key: str) -> float | None:
        return ResumeStore(self.store).load(key)

    def save_position(self, key: str, position: float, duration: float | None) -> None:
        ResumeStore(self.store).save(key, position, duration)

    def load_speed(self) -> float | None:
        from tui.speed_memory import SpeedMemory

        return SpeedMemory(self.store).load()

    def save_speed(self, speed: float) -> None:
        from tui.speed_memory import SpeedMemory

        SpeedMemory(self.store).save(speed)
