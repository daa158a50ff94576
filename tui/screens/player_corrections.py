"""Corrections on the player screen: re-transcribe, accept, nudge, offset, undo/redo.

Bound in :mod:`tui.edit_bindings`. The state and rules live in the plain
:class:`~tui.corrections.Corrections` object (``screen.corrections``); this mixin maps each key
to one call, shows the :class:`~tui.corrections.Outcome` (the alignment to show, the notice) and
runs the re-transcription in a thread worker, showing its word diff in the side panel. When the
keys cannot work (no edit services, the episode not ready, unreadable saved edits), the screen's
``check_action`` hides or disables them, so none of these methods needs a guard.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from aligner.errors import PodalignError
from aligner.result import Alignment
from tui.corrections import Notice, Outcome
from tui.diff_panel import DiffView
from tui.messages import RetranscriptionFailed, RetranscriptionReady
from tui.screens.player_parts import PlayerParts


class CorrectionActions(PlayerParts):
    """The correction keys over :attr:`PlayerParts.corrections`."""

    def show_outcome(self, outcome: Outcome) -> None:
        if outcome.shown is not None:
            self.apply_alignment(outcome.shown)
        if outcome.notice is not None:
            self.say(outcome.notice)

    def _target_line(self) -> int | None:
        view = self.transcript
        index = view.selected if view.selected is not None else view.current
        if index is None:
            self.say(Notice("select a line first (up/down)", "warning"))
        return index

    def action_nudge_start(self, seconds: float) -> None:
        self._nudge(seconds, 0.0)

    def action_nudge_end(self, seconds: float) -> None:
        self._nudge(0.0, seconds)

    def _nudge(self, start_delta: float, end_delta: float) -> None:
        index = self._target_line()
        if index is not None:
            self.show_outcome(self.corrections.nudge(index, start_delta, end_delta))

    def action_set_start_here(self) -> None:
        index = self._target_line()
        if index is not None:
            self.show_outcome(self.corrections.set_start(index, self.clock.position()))

    def action_global_offset(self, seconds: float) -> None:
        self.show_outcome(self.corrections.global_offset(seconds))

    def action_undo_edit(self) -> None:
        self.show_outcome(self.corrections.undo())

    def action_redo_edit(self) -> None:
        self.show_outcome(self.corrections.redo())

    def action_accept_retranscription(self) -> None:
        self.show_outcome(self.corrections.accept())

    # -- re-transcription (r) ------------------------------------------------------------------
    def action_retranscribe(self) -> None:
        pointless = self.corrections.no_better_model()
        if pointless is not None:
            self.say(pointless)
            return
        index = self._target_line()
        services = self.corrections.services
        if index is None or self.episode is None or services is None:
            return
        lines = self.transcript.selected_range() or range(index, index + 1)
        shown = self.episode.alignment
        chosen = [shown.lines[i] for i in lines]
        starts = [al.start for al in chosen if al.start is not None]
        ends = [al.end for al in chosen if al.end is not None]
        if starts and ends:
            self.diff_panel.show_pending(min(starts), max(ends), services.retranscribe_model)
        self.corrections.begin_retranscription(lines)
        self.side_panel = "diff"
        self._retranscribe(shown, lines[0], lines[-1])

    @work(thread=True, exclusive=True, group="retranscribe", exit_on_error=False)
    def _retranscribe(self, alignment: Alignment, first: int, last: int) -> None:
        worker = get_current_worker()
        services, episode = self.corrections.services, self.episode
        assert services is not None and episode is not None
        try:
            result = services.retranscribe(episode, alignment, first, last)
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
        notice = self.corrections.retranscribed(message.result)
        self.diff_panel.show_diff(DiffView.of(message.result))
        if self.corrections.diff_shown:
            self.say(notice)

    def on_retranscription_failed(self, message: RetranscriptionFailed) -> None:
        self.corrections.retranscription_failed()
        self.diff_panel.show_error(str(message.error))
        if not self.corrections.diff_shown:
            self.say(Notice(f"re-transcription failed: {message.error}", "error"))


__all__ = ["CorrectionActions"]
