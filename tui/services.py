"""What the player needs from the rest of podalign, behind a protocol tests can fake.

The player never calls the pipeline directly: it asks :class:`Services` to ``prepare`` an
:class:`Episode` (a :class:`~aligner.progress.Stage`, run in a Textual thread worker) and to
remember the resume position. :class:`PipelineServices` is the real implementation over
:func:`aligner.pipeline.run_pipeline` and :class:`cache.store.Store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from aligner.progress import Stage
from aligner.result import Alignment
from aligner.transcript import Chapter
from tui.resume import ResumeStore

if TYPE_CHECKING:
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
    def prepare(self, request: Any) -> Stage[Episode]:
        """Fetch, decode, transcribe and align ``request`` (a ``PipelineRequest``)."""
        ...

    def load_position(self, key: str) -> float | None: ...

    def save_position(self, key: str, position: float, duration: float | None) -> None: ...


def episode_from_result(request: Any, result: Any) -> Episode:
    """Build an :class:`Episode` from an :class:`aligner.pipeline.PipelineResult`."""
    media, alignment = result.media, result.alignment
    info = media.info
    title = (
        info.title
        or alignment.transcript.title
        or Path(str(getattr(request, "source", media.path))).stem
    )
    return Episode(
        key=media.sha256,
        source=str(getattr(request, "source", media.source)),
        audio_path=Path(media.path),
        title=title,
        alignment=alignment,
        duration=info.duration or alignment.duration,
        chapters=alignment.chapters or tuple(info.chapters),
        model=alignment.model,
    )


class PipelineServices:
    """The real services: :func:`aligner.pipeline.run_pipeline` and the cache store."""

    def __init__(self, store: Store | None = None) -> None:
        self._store = store

    @property
    def store(self) -> Store:
        if self._store is None:
            from cache.store import default_store

            self._store = default_store()
        return self._store

    def prepare(self, request: Any) -> Stage[Episode]:
        from aligner.pipeline import run_pipeline

        result = yield from run_pipeline(request, self.store)
        return episode_from_result(request, result)

    def load_position(self, key: str) -> float | None:
        return ResumeStore(self.store).load(key)

    def save_position(self, key: str, position: float, duration: float | None) -> None:
        ResumeStore(self.store).save(key, position, duration)
