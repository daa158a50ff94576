"""Persistence of edit layers in the cache, one per episode.

A layer is stored under (audio sha256, transcript hash), see :class:`EpisodeKey`, as a versioned
JSON document; a newer version is refused rather than misread, and what cannot be read is
reported, never silently dropped. Also the two entry points the CLI and the player use to show
an episode with its saved edits (:func:`apply_saved_edits`, :func:`apply_episode_edits`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from aligner.edits.layer import EditLayer
from aligner.edits.placement import Realign
from aligner.errors import CacheError
from aligner.result import Alignment
from aligner.transcript import Transcript

#: Cache namespace of the stored edit layers.
NAMESPACE = "edits"
#: Version of the stored document; a newer one is refused rather than misread.
FORMAT_VERSION = 1


def transcript_hash(transcript: Transcript) -> str:
    """A hash of what edits refer to: the transcript's lines (index, turn, speaker, text).

    Compute it from the *unedited* transcript. Two files that split into the same lines share
    their edits; a change of line splitting gives a new hash, so old edits are never misapplied.
    """
    from cache.keys import key

    return key("lines", [(ln.index, ln.turn, ln.speaker, ln.text) for ln in transcript.lines])


@dataclass(frozen=True)
class EpisodeKey:
    """Which episode a layer belongs to: the audio's sha256 and the transcript's hash."""

    audio_sha256: str
    transcript_hash: str

    @property
    def store_key(self) -> str:
        from cache.keys import key

        return key("edits", self.audio_sha256, self.transcript_hash)


def episode_key(audio_sha256: str, transcript: Transcript) -> EpisodeKey:
    """The key of the edits for ``transcript`` (unedited) played against audio ``audio_sha256``."""
    return EpisodeKey(audio_sha256, transcript_hash(transcript))


@dataclass(frozen=True)
class SavedEdits:
    """One stored layer with what ``podalign edits list`` shows about it."""

    episode: EpisodeKey
    layer: EditLayer
    source: str = ""
    title: str = ""
    saved_at: float = 0.0

    @property
    def store_key(self) -> str:
        return self.episode.store_key


def _document(data: dict[str, Any], episode: EpisodeKey | None) -> SavedEdits:
    version = data.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise CacheError(
            f"stored edits have format version {version!r}, this podalign reads "
            f"{FORMAT_VERSION}; upgrade podalign (the edits are kept)"
        )
    try:
        stored = EpisodeKey(str(data["audio_sha256"]), str(data["transcript_hash"]))
    except KeyError as exc:
        raise CacheError(f"stored edits lack {exc}; 'podalign edits clear' drops them") from exc
    if episode is not None and stored != episode:
        raise CacheError("stored edits belong to another episode; 'podalign edits clear' them")
    return SavedEdits(
        episode=stored,
        layer=EditLayer.from_dict(data),
        source=str(data.get("source", "")),
        title=str(data.get("title", "")),
        saved_at=float(data.get("saved_at", 0.0)),
    )


def load_edits(store: Any, episode: EpisodeKey) -> EditLayer:
    """The stored layer for ``episode`` (an empty one when nothing is stored).

    ``store`` is a :class:`cache.store.Store`. Raises :class:`CacheError` for a layer this
    version cannot read, rather than silently dropping the user's work.
    """
    data = store.read_json(NAMESPACE, episode.store_key)
    if data is None:
        return EditLayer()
    return _document(data, episode).layer


def save_edits(
    store: Any,
    episode: EpisodeKey,
    layer: EditLayer,
    *,
    source: str = "",
    title: str = "",
) -> None:
    """Store ``layer`` for ``episode`` (atomically); an empty layer removes the entry."""
    if layer.is_empty:
        clear_edits(store, episode)
        return
    data = {
        "version": FORMAT_VERSION,
        "audio_sha256": episode.audio_sha256,
        "transcript_hash": episode.transcript_hash,
        "source": source,
        "title": title,
        "saved_at": time.time(),
        **layer.to_dict(),
    }
    try:
        with store.lock(NAMESPACE, episode.store_key):
            store.write_json(NAMESPACE, episode.store_key, data, label=title or source)
    except OSError as exc:
        raise CacheError(f"could not save edits in the cache at {store.root}: {exc}") from exc


def clear_edits(store: Any, episode: EpisodeKey | str) -> bool:
    """Drop the stored layer of ``episode`` (an :class:`EpisodeKey` or a store key).

    Returns whether there was one.
    """
    key = episode.store_key if isinstance(episode, EpisodeKey) else episode
    removed = False
    try:
        with store.lock(NAMESPACE, key):
            path = store.path(NAMESPACE, key, ".json")
            if path.exists():
                path.unlink()
                removed = True
    except OSError as exc:
        raise CacheError(f"could not remove edits from the cache at {store.root}: {exc}") from exc
    return removed


def list_edits(store: Any) -> list[SavedEdits]:
    """Every stored layer, most recently saved first (unreadable ones are skipped)."""
    out = []
    for entry in store.entries():
        if entry.namespace != NAMESPACE:
            continue
        data = store.read_json(NAMESPACE, entry.key)
        if data is None:
            continue
        try:
            out.append(_document(data, None))
        except CacheError:
            continue
    out.sort(key=lambda s: s.saved_at, reverse=True)
    return out


def apply_saved_edits(
    alignment: Alignment, store: Any, episode: EpisodeKey, realign: Realign | None = None
) -> Alignment:
    """``alignment`` with the stored edits of ``episode`` applied (unchanged when none).

    What ``podalign export`` and the player's export call before rendering.
    """
    return load_edits(store, episode).apply(alignment, realign)


def apply_episode_edits(alignment: Alignment, store: Any) -> tuple[Alignment, int]:
    """``alignment`` with its episode's saved edits applied, and how many there were.

    The episode is found from ``alignment.audio_sha256`` and its (unedited) transcript; without
    a sha, or with no saved edits, ``alignment`` comes back as it is. An edited result has no
    ``audio_sha256`` any more, so writing it and exporting that file never applies the edits a
    second time. What ``podalign align`` and ``podalign export`` call before writing.
    """
    if alignment.audio_sha256 is None:
        return alignment, 0
    layer = load_edits(store, episode_key(alignment.audio_sha256, alignment.transcript))
    if not layer.edits:
        return alignment, 0
    return replace(layer.apply(alignment), audio_sha256=None), len(layer.edits)


__all__ = [
    "FORMAT_VERSION",
    "NAMESPACE",
    "EpisodeKey",
    "SavedEdits",
    "apply_episode_edits",
    "apply_saved_edits",
    "clear_edits",
    "episode_key",
    "list_edits",
    "load_edits",
    "save_edits",
    "transcript_hash",
]
