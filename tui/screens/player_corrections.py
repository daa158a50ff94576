"""Corrections on the player screen: re-transcribe, accept, nudge, offset, undo/redo.

Bound in :mod:`tui.edit_bindings`, available when the services offer
:class:`~tui.services.EditServices`: ``r`` re-transcribes the selected line(s) in a thread
worker and shows the word diff; ``a`` accepts the heard text (re-timed on the heard words);
nudges, "start here", the global offset and undo/redo change an
:class:`~aligner.edits.EditLayer`. The screen keeps the computed alignment untouched
(``unedited``), saves the layer after every change and shows ``layer.apply(unedited)``; on load
the saved layer is applied (:meth:`CorrectionActions.with_saved_edits`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

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
from tui.diff_panel import DiffView
from tui.messages import RetranscriptionFailed, RetranscriptionReady
from tui.screens.player_parts import PlayerParts
from tui.services import EditServices

if TYPE_CHECKING:
    from aligner.edits.retranscribe import LineRetranscription
    from tui.services import Episode


class CorrectionActions(PlayerParts):
    """The user's edit layer over the computed alignment, and the actions that change it."""

    def init_corrections(self) -> None:
        """No corrections yet: call once from the screen's ``__init__``."""
        # The computed alignment (never changed), the user's layer over it, where the layer is
        # saved (None: not saved, e.g. the stored one could not be read), the last
        # re-transcription and whether its text was accepted.
        self.unedited: Alignment | None = None
        self.edit_layer = EditLayer()
        self._edits_key: EpisodeKey | None = None
        self.retranscription: LineRetranscription | None = None
        self._accepted = False

    @property
    def edit_services(self) -> EditServices | None:
        return self.services if isinstance(self.services, EditServices) else None

    def with_saved_edits(self, episode: Episode) -> Episode:
        """Remember the computed alignment and show it with the episode's saved edits."""
        self.unedited = episode.alignment
        self.edit_layer = EditLayer()
        self._edits_key = None
        services = self.edit_services
        if services is None:
            return episode
        key = episode_key(
            episode.alignment.audio_sha256 or episode.key, episode.alignment.transcript
        )
        try:
            layer = services.load_edits(key)
            shown = layer.apply(episode.alignment)
        except PodalignError as exc:
            # Keep the stored edits as they are (never overwrite what could not be read).
            self.notify(f"saved edits not applied: {exc}", severity="error", timeout=10)
            return episode
        self.edit_layer, self._edits_key = layer, key
        if layer.edits:
            n = len(layer.edits)
            self.notify(f"applied {n} saved edit{'s' if n > 1 else ''} (u undoes)")
            return replace(episode, alignment=shown)
        return episode

    def _can_edit(self) -> bool:
        if self.episode is None or self.unedited is None:
            return False
        if self.edit_services is None:
            self.notify("corrections are not available here", severity="warning")
            return False
        if self._edits_key is None:
            self.notify(
                "corrections are off: the saved edits could not be read "
                "(see 'podalign edits list')",
                severity="warning",
            )
            return False
        return True

    def _selected_line(self) -> int | None:
        view = self.transcript
        index = view.selected if view.selected is not None else view.current
        if index is None:
            self.notify("select a line first (up/down)", severity="warning")
        return index

    def commit_layer(self, layer: EditLayer, message: str) -> bool:
        """Show ``layer`` over the computed alignment, save it, and say ``message``."""
        assert self.unedited is not None and self.episode is not None
        try:
            shown = layer.apply(self.unedited)
        except PodalignError as exc:
            self.notify(str(exc), severity="error")
            return False
        self.edit_layer = layer
        services = self.edit_services
        if services is not None and self._edits_key is not None:
            try:
                services.save_edits(
                    self._edits_key, layer, source=self.episode.source, title=self.episode.title
                )
            except PodalignError as exc:
                self.notify(f"not saved (kept for this session): {exc}", severity="error")
        self.apply_alignment(shown)
        self.notify(message)
        return True

    def _push(self, edit: Edit) -> None:
        self.commit_layer(self.edit_layer.push(edit), describe(edit))

    def action_nudge_start(self, seconds: float) -> None:
        self._nudge(seconds, 0.0)

    def action_nudge_end(self, seconds: float) -> None:
        self._nudge(0.0, seconds)

    def _nudge(self, start_delta: float, end_delta: float) -> None:
        if not self._can_edit():
            return
        index = self._selected_line()
        if index is None:
            return
        assert self.episode is not None
        if self.episode.alignment.lines[index].start is None:
            self.notify("this line has no time yet: s sets its start", severity="warning")
            return
        self._push(TimingEdit(index, start_delta, end_delta))

    def action_set_start_here(self) -> None:
        if not self._can_edit():
            return
        index = self._selected_line()
        if index is not None:
            self._push(SetStart(index, round(max(0.0, self.clock.position()), 3)))

    def action_global_offset(self, seconds: float) -> None:
        if not self._can_edit():
            return
        layer = self.edit_layer.push(GlobalOffset(seconds))
        self.commit_layer(layer, f"global offset now {layer.global_offset:+.2f} s")

    def action_undo_edit(self) -> None:
        if not self._can_edit():
            return
        if not self.edit_layer.can_undo:
            self.notify("nothing to undo")
            return
        self._accepted = False
        self.commit_layer(self.edit_layer.undo(), f"undid {describe(self.edit_layer.edits[-1])}")

    def action_redo_edit(self) -> None:
        if not self._can_edit():
            return
        if not self.edit_layer.can_redo:
            self.notify("nothing to redo")
            return
        self.commit_layer(self.edit_layer.redo(), f"redid {describe(self.edit_layer.undone[-1])}")

    def action_retranscribe(self) -> None:
        if not self._can_edit():
            return
        index = self._selected_line()
        if index is None:
            return
        assert self.episode is not None and self.edit_services is not None
        lines = self.transcript.selected_range() or range(index, index + 1)
        shown = self.episode.alignment
        chosen = [shown.lines[i] for i in lines]
        starts = [al.start for al in chosen if al.start is not None]
        ends = [al.end for al in chosen if al.end is not None]
        panel = self.diff_panel
        if starts and ends:
            panel.show_pending(min(starts), max(ends), self.edit_services.retranscribe_model)
        self.open_side("diff")
        self.retranscription = None
        self._retranscribe(shown, lines[0], lines[-1])

    @work(thread=True, exclusive=True, group="retranscribe", exit_on_error=False)
    def _retranscribe(self, alignment: Alignment, first: int, last: int) -> None:
        worker = get_current_worker()
        services = self.edit_services
        assert services is not None and self.episode is not None
        try:
            result = services.retranscribe(self.episode, alignment, first, last)
        except PodalignError as exc:
            if not worker.is_cancelled:
                self.post_message(RetranscriptionFailed(exc))
            return
        except Exception as exc:  # a bug, not bad input: shown in the panel, never a crash
            if not worker.is_cancelled:
                self.post_message(RetranscriptionFailed(PodalignError(f"unexpected: {exc!r}")))
            return
        if not worker.is_cancelled:
            self.post_message(RetranscriptionReady(result))

    def on_retranscription_ready(self, message: RetranscriptionReady) -> None:
        self.retranscription = message.result
        self._accepted = False
        self.diff_panel.show_diff(DiffView.of(message.result))
        self.notify("a accepts the heard text for the line; esc closes the panel")

    def on_retranscription_failed(self, message: RetranscriptionFailed) -> None:
        self.retranscription = None
        self.diff_panel.show_error(str(message.error))
        self.open_side("diff")

    def action_accept_retranscription(self) -> None:
        if not self._can_edit():
            return
        result = self.retranscription
        if result is None:
            self.notify("nothing to accept: press r on a line first", severity="warning")
            return
        if self._accepted:
            self.notify("already accepted (u undoes it)", severity="warning")
            return
        assert self.unedited is not None
        layer, accepted = self.edit_layer, []
        for index in result.line_indexes:
            words = result.words_for_line(index)
            if not words:
                continue
            try:
                layer = layer.accept_text(
                    self.unedited, index, result.text_for_line(index), place_on_words(words)
                )
            except PodalignError as exc:
                self.notify(str(exc), severity="error")
                return
            accepted.append(index)
        if not accepted:
            self.notify("no speech was heard there: nothing to accept", severity="warning")
            return
        names = ", ".join(str(i + 1) for i in accepted)
        plural = "s" if len(accepted) > 1 else ""
        if self.commit_layer(layer, f"line{plural} {names}: heard text accepted (u undoes)"):
            self._accepted = True


__all__ = ["CorrectionActions"]
