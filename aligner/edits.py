"""The user's corrections, kept as a layer on top of a computed alignment.

The original transcript file and the computed (cached) alignment are never overwritten. What the
user fixes -- a line's text accepted from a re-transcription, a nudge of a line's start or end,
a line's start set to the playback position, a global offset for the whole episode -- is
recorded as an ordered list of small frozen edits in an :class:`EditLayer`, which replays them
over the alignment (:meth:`EditLayer.apply`) and keeps an undo/redo history. Layers are stored
in the cache per episode: (audio sha256, transcript hash), see :class:`EpisodeKey`.

Re-aligning the timing of a line whose text was accepted needs the audio and a model; that is
the caller's :data:`Realign` hook (the aligner's forced alignment, or :func:`place_on_words` with
the words of the re-transcription), run once when the text is accepted and recorded in the
edit, so replaying a saved layer needs no model.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from aligner.errors import CacheError, EditError
from aligner.result import AlignedLine, Alignment, LineStatus, Word
from aligner.transcript import Transcript

#: Cache namespace of the stored edit layers.
NAMESPACE = "edits"
#: Version of the stored document; a newer one is refused rather than misread.
FORMAT_VERSION = 1
#: Times are rounded to this many decimals after edits are applied (millisecond precision).
_DECIMALS = 3

#: Places a line (whose text was just replaced) on the audio: given the line with its new text
#: and its current times as a hint, return it with new ``start``/``end``/``words``/``confidence``.
Realign = Callable[[AlignedLine], AlignedLine]


# --------------------------------------------------------------------------------------------
# Edits
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextEdit:
    """Replace line ``line_index``'s text; ``start``/``end``/``words`` are its re-aligned timing
    (None when it was not re-aligned: the line then keeps its times and loses its word times)."""

    line_index: int
    text: str
    start: float | None = None
    end: float | None = None
    words: tuple[Word, ...] = ()
    confidence: float = 1.0
    kind: ClassVar[str] = "text"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "line": self.line_index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "words": [w.to_dict() for w in self.words],
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class TimingEdit:
    """Move line ``line_index``'s start and/or end by the given seconds (a nudge)."""

    line_index: int
    start_delta: float = 0.0
    end_delta: float = 0.0
    kind: ClassVar[str] = "nudge"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "line": self.line_index,
            "start_delta": self.start_delta,
            "end_delta": self.end_delta,
        }


@dataclass(frozen=True)
class SetStart:
    """Set line ``line_index``'s start to ``start`` seconds (e.g. the playback position).

    The end stays where it was unless the new start passes it; then the line keeps its length.
    """

    line_index: int
    start: float
    kind: ClassVar[str] = "set_start"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line_index, "start": self.start}


@dataclass(frozen=True)
class GlobalOffset:
    """Shift every line (and its words) by ``seconds``; offsets add up."""

    seconds: float
    kind: ClassVar[str] = "offset"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "seconds": self.seconds}


Edit = TextEdit | TimingEdit | SetStart | GlobalOffset


def edit_from_dict(d: dict[str, Any]) -> Edit:
    """Read one edit written by ``to_dict``; raises :class:`CacheError` on anything else."""
    try:
        kind = d["kind"]
        if kind == TextEdit.kind:
            return TextEdit(
                line_index=int(d["line"]),
                text=str(d["text"]),
                start=None if d.get("start") is None else float(d["start"]),
                end=None if d.get("end") is None else float(d["end"]),
                words=tuple(Word.from_dict(w) for w in d.get("words", ())),
                confidence=float(d.get("confidence", 1.0)),
            )
        if kind == TimingEdit.kind:
            return TimingEdit(
                int(d["line"]), float(d.get("start_delta", 0.0)), float(d.get("end_delta", 0.0))
            )
        if kind == SetStart.kind:
            return SetStart(int(d["line"]), float(d["start"]))
        if kind == GlobalOffset.kind:
            return GlobalOffset(float(d["seconds"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheError(
            f"a stored edit is malformed ({exc!r}); see 'podalign edits list'"
        ) from exc
    raise CacheError(
        f"unknown stored edit kind {kind!r}; upgrade podalign or 'podalign edits clear'"
    )


def describe(edit: Edit) -> str:
    """A short human description, for notifications and ``podalign edits list``."""
    if isinstance(edit, TextEdit):
        timing = ""
        if edit.start is not None and edit.end is not None:
            timing = f", re-aligned to {edit.start:.2f}-{edit.end:.2f} s"
        return f"line {edit.line_index + 1}: text {edit.text!r}{timing}"
    if isinstance(edit, TimingEdit):
        parts = []
        if edit.start_delta:
            parts.append(f"start {edit.start_delta:+.2f} s")
        if edit.end_delta:
            parts.append(f"end {edit.end_delta:+.2f} s")
        return f"line {edit.line_index + 1}: " + (", ".join(parts) or "no change")
    if isinstance(edit, SetStart):
        return f"line {edit.line_index + 1}: start set to {edit.start:.2f} s"
    return f"global offset {edit.seconds:+.2f} s"


# --------------------------------------------------------------------------------------------
# Applying edits
# --------------------------------------------------------------------------------------------


def _shift_words(words: tuple[Word, ...], seconds: float) -> tuple[Word, ...]:
    return tuple(replace(w, start=w.start + seconds, end=w.end + seconds) for w in words)


def _offset_line(al: AlignedLine, seconds: float) -> AlignedLine:
    return replace(
        al,
        start=None if al.start is None else al.start + seconds,
        end=None if al.end is None else al.end + seconds,
        words=_shift_words(al.words, seconds),
    )


def _apply_one(lines: list[AlignedLine], edit: Edit, touched: set[int]) -> None:
    if isinstance(edit, GlobalOffset):
        lines[:] = [_offset_line(al, edit.seconds) for al in lines]
        return
    i = edit.line_index
    al = lines[i]
    if isinstance(edit, TimingEdit):
        touched.add(i)
        lines[i] = replace(
            al,
            start=None if al.start is None else al.start + edit.start_delta,
            end=None if al.end is None else al.end + edit.end_delta,
        )
    elif isinstance(edit, SetStart):
        touched.add(i)
        end = al.end
        if end is None or al.start is None:
            end = edit.start if end is None else max(end, edit.start)
        elif edit.start >= end:
            end = edit.start + max(0.0, end - al.start)
        # The user placed the line on the audio by ear: it is in the audio, and certain.
        lines[i] = replace(al, start=edit.start, end=end, status=LineStatus.ALIGNED, confidence=1.0)
    else:
        touched.discard(i)
        line = replace(al.line, text=edit.text)
        if edit.start is None or edit.end is None:
            lines[i] = replace(al, line=line, words=())
        else:
            lines[i] = replace(
                al,
                line=line,
                start=edit.start,
                end=edit.end,
                words=edit.words,
                status=LineStatus.ALIGNED,
                confidence=edit.confidence,
            )


def _finish(al: AlignedLine, touched: bool) -> AlignedLine:
    """Round times, keep start >= 0 and end >= start, and (for re-timed lines) keep only the
    words whose middle is still inside the line."""
    start = None if al.start is None else round(max(0.0, al.start), _DECIMALS)
    end = None if al.end is None else round(al.end, _DECIMALS)
    if start is not None and end is not None:
        end = max(start, end)
    words = tuple(
        replace(w, start=round(max(0.0, w.start), _DECIMALS), end=round(max(0.0, w.end), _DECIMALS))
        for w in al.words
    )
    if touched and start is not None and end is not None:
        words = tuple(w for w in words if start <= (w.start + w.end) / 2 <= end)
    return replace(al, start=start, end=end, words=words)


def _check(edit: Edit, n_lines: int) -> None:
    if isinstance(edit, GlobalOffset):
        return
    if not 0 <= edit.line_index < n_lines:
        raise EditError(
            f"an edit refers to line {edit.line_index + 1} but the transcript has {n_lines} "
            "lines; the edits belong to another transcript ('podalign edits clear' drops them)"
        )


def place_on_words(words: Sequence[Word]) -> Realign:
    """A :data:`Realign` that places the line on ``words`` (e.g. the re-transcribed words of the
    span whose text is being accepted): their first start, last end and mean probability."""
    placed = tuple(words)

    def realign(al: AlignedLine) -> AlignedLine:
        if not placed:
            return al
        confidence = sum(w.probability for w in placed) / len(placed)
        return replace(
            al,
            start=placed[0].start,
            end=placed[-1].end,
            words=placed,
            status=LineStatus.ALIGNED,
            confidence=confidence,
        )

    return realign


# --------------------------------------------------------------------------------------------
# The layer
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditLayer:
    """Ordered edits plus the redo stack (``undone``, most recently undone last). Immutable:
    every operation returns a new layer."""

    edits: tuple[Edit, ...] = ()
    undone: tuple[Edit, ...] = ()

    @property
    def can_undo(self) -> bool:
        return bool(self.edits)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)

    @property
    def is_empty(self) -> bool:
        return not self.edits and not self.undone

    @property
    def global_offset(self) -> float:
        """The sum of the global offsets in effect."""
        return sum(e.seconds for e in self.edits if isinstance(e, GlobalOffset))

    @property
    def edited_lines(self) -> frozenset[int]:
        """Indexes of the lines a per-line edit touches (for marking them in a view)."""
        return frozenset(e.line_index for e in self.edits if not isinstance(e, GlobalOffset))

    def push(self, edit: Edit) -> EditLayer:
        """Record ``edit`` (a new edit drops the redo history, as in any editor)."""
        return EditLayer(edits=(*self.edits, edit), undone=())

    def undo(self) -> EditLayer:
        """Take back the last edit (no-op when there is none)."""
        if not self.edits:
            return self
        return EditLayer(edits=self.edits[:-1], undone=(*self.undone, self.edits[-1]))

    def redo(self) -> EditLayer:
        """Re-apply the last undone edit (no-op when there is none)."""
        if not self.undone:
            return self
        return EditLayer(edits=(*self.edits, self.undone[-1]), undone=self.undone[:-1])

    def apply(self, alignment: Alignment, realign: Realign | None = None) -> Alignment:
        """``alignment`` with the edits replayed in order; ``alignment`` itself is unchanged.

        In order means what the user saw: a global offset shifts the lines as the edits before
        it left them, while times recorded after it (a start set to the playback position, the
        re-aligned timing of accepted text) are audio times and are taken as they are.

        A :class:`TextEdit` recorded without timing is re-aligned with ``realign`` when given
        (else it keeps the line's times). Raises :class:`EditError` when an edit refers to a
        line the alignment does not have.
        """
        if not self.edits:
            return alignment
        n = len(alignment.lines)
        lines = list(alignment.lines)
        touched: set[int] = set()
        for edit in self.edits:
            _check(edit, n)
            if isinstance(edit, TextEdit) and edit.start is None and realign is not None:
                edit = _placed_text_edit(
                    edit.line_index, lines[edit.line_index], edit.text, realign
                )
            _apply_one(lines, edit, touched)
        everything = any(isinstance(e, GlobalOffset) for e in self.edits)
        changed = {e.line_index for e in self.edits if not isinstance(e, GlobalOffset)}
        final = tuple(
            _finish(al, i in touched) if everything or i in changed else al
            for i, al in enumerate(lines)
        )
        transcript = alignment.transcript
        if any(isinstance(e, TextEdit) for e in self.edits):
            transcript = _with_line_texts(transcript, final)
        return replace(alignment, transcript=transcript, lines=final)

    def accept_text(
        self,
        alignment: Alignment,
        line_index: int,
        text: str,
        realign: Realign | None = None,
    ) -> EditLayer:
        """Record that line ``line_index`` now reads ``text``, re-aligned once with ``realign``
        (its result is stored in the edit, so replaying needs no model). ``alignment`` is the
        computed, unedited one, as for :meth:`apply`."""
        text = " ".join(text.split())
        if not text:
            raise EditError("the accepted text is empty; nothing to replace the line with")
        edit = TextEdit(line_index, text)
        _check(edit, len(alignment.lines))
        if realign is not None:
            current = self.apply(alignment).lines[line_index]
            edit = _placed_text_edit(line_index, current, text, realign)
        return self.push(edit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "edits": [e.to_dict() for e in self.edits],
            "undone": [e.to_dict() for e in self.undone],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EditLayer:
        return cls(
            edits=tuple(edit_from_dict(e) for e in d.get("edits", ())),
            undone=tuple(edit_from_dict(e) for e in d.get("undone", ())),
        )


def _placed_text_edit(
    line_index: int, current: AlignedLine, text: str, realign: Realign
) -> TextEdit:
    candidate = replace(current, line=replace(current.line, text=text), words=())
    placed = realign(candidate)
    return TextEdit(
        line_index=line_index,
        text=text,
        start=placed.start,
        end=placed.end,
        words=tuple(placed.words),
        confidence=placed.confidence,
    )


def _with_line_texts(transcript: Transcript, lines: tuple[AlignedLine, ...]) -> Transcript:
    """The transcript with its lines' texts as edited (its turns, the published text, stay)."""
    if len(transcript.lines) == len(lines):
        return replace(transcript, lines=tuple(al.line for al in lines))
    by_index = {al.line.index: al.line for al in lines}
    new_lines = tuple(by_index.get(line.index, line) for line in transcript.lines)
    return replace(transcript, lines=new_lines)


# --------------------------------------------------------------------------------------------
# Persistence
# --------------------------------------------------------------------------------------------


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
    "NAMESPACE",
    "Edit",
    "EditLayer",
    "EpisodeKey",
    "GlobalOffset",
    "Realign",
    "SavedEdits",
    "SetStart",
    "TextEdit",
    "TimingEdit",
    "apply_episode_edits",
    "apply_saved_edits",
    "clear_edits",
    "describe",
    "edit_from_dict",
    "episode_key",
    "list_edits",
    "load_edits",
    "place_on_words",
    "save_edits",
    "transcript_hash",
]
