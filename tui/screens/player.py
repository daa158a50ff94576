"""The player screen: progress while the pipeline works, then the synced transcript.

It owns the pipeline worker (a Textual thread worker running :meth:`Services.prepare`, posting
:mod:`tui.messages`), polls the :class:`~tui.clock.Clock` on a timer to move the highlight, and
implements every action bound in :mod:`tui.keys`. The side panel (``#side``) is a
:class:`~textual.widgets.ContentSwitcher` holding the chapters and the re-transcription diff.

Corrections (:mod:`tui.edit_bindings`, when the services offer
:class:`~tui.services.EditServices`): ``r`` re-transcribes the selected line(s) in a thread
worker and shows the word diff; ``a`` accepts the heard text (re-timed on the heard words);
nudges, "start here", the global offset and undo/redo change an
:class:`~aligner.edits.EditLayer`. The screen keeps the computed alignment untouched
(``unedited``), saves the layer after every change and shows ``layer.apply(unedited)``; on load
the saved layer is applied.
"""

from __future__ import annotations

import bisect
import contextlib
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static
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
from aligner.result import AlignedLine, Alignment
from tui.diff_panel import DiffPanel, DiffView
from tui.eta import EtaEstimator, format_clock
from tui.keys import PLAYER_BINDINGS, SEEK_STEP, VOLUME_STEP
from tui.messages import (
    EpisodeReady,
    PipelineFailed,
    PipelineProgress,
    RetranscriptionFailed,
    RetranscriptionReady,
)
from tui.services import EditServices
from tui.timeline import Timeline
from tui.widgets.chapters_panel import ChaptersPanel
from tui.widgets.progress_panel import ProgressPanel
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_bar import StatusBar, StatusInfo
from tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from aligner.retranscribe import LineRetranscription
    from tui.clock import Clock
    from tui.player import Player
    from tui.services import Episode, Services

#: How often the highlight follows the clock (seconds); well inside the 100 ms budget.
TICK = 0.05


def request_source(request: Any) -> str:
    return str(getattr(request, "source", request))


class PlayerScreen(Screen[None]):
    BINDINGS = PLAYER_BINDINGS

    def __init__(
        self,
        request: Any,
        *,
        clock: Clock,
        player: Player,
        services: Services,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(id="player")
        self.request = request
        self.clock = clock
        self.player = player
        self.services = services
        self.episode: Episode | None = None
        self.timeline: Timeline | None = None
        self.failure: Exception | None = None
        self._eta = EtaEstimator(now)
        self._finished = False
        self._word_starts: dict[int, list[float]] = {}
        # Corrections: the computed alignment (never changed), the user's layer over it, where
        # the layer is saved (None: not saved, e.g. the stored one could not be read), the
        # last re-transcription and whether its text was accepted.
        self.unedited: Alignment | None = None
        self.edit_layer = EditLayer()
        self._edits_key: EpisodeKey | None = None
        self.retranscription: LineRetranscription | None = None
        self._accepted = False

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="titlebar")
        with Horizontal(id="body"):
            with ContentSwitcher(id="main", initial="progress"):
                yield ProgressPanel(request_source(self.request), id="progress")
                yield TranscriptView(id="transcript")
            with ContentSwitcher(id="side", initial="chapters"):
                yield ChaptersPanel(id="chapters")
                yield DiffPanel(id="diff")
        yield SearchBar(id="search")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def transcript(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def chapters(self) -> ChaptersPanel:
        return self.query_one(ChaptersPanel)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def diff_panel(self) -> DiffPanel:
        return self.query_one(DiffPanel)

    def on_mount(self) -> None:
        self._set_title(request_source(self.request))
        # Children finish mounting after this handler: start the worker once they have.
        self.call_after_refresh(self.run_pipeline)
        self.set_interval(TICK, self.sync_to_clock)
        self.call_after_refresh(self.sync_to_clock)

    def _set_title(self, title: str) -> None:
        self.query_one("#titlebar", Static).update(f"♪ podalign — {title}")

    # -- pipeline worker ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="pipeline", name="pipeline")
    def run_pipeline(self) -> None:
        worker = get_current_worker()
        stage = self.services.prepare(self.request)
        try:
            while True:
                if worker.is_cancelled or self._finished:
                    return
                try:
                    event = next(stage)
                except StopIteration as stop:
                    self.post_message(EpisodeReady(stop.value))
                    return
                self.post_message(PipelineProgress(event))
        except PodalignError as exc:
            self.post_message(PipelineFailed(exc))
        except Exception as exc:  # a bug, not bad input: still shown, never a silent crash
            error = PodalignError(f"unexpected error: {exc!r}")
            error.__cause__ = exc
            self.post_message(PipelineFailed(error))
        finally:
            stage.close()

    def on_pipeline_progress(self, message: PipelineProgress) -> None:
        eta = self._eta.update(message.event)
        self.query_one(ProgressPanel).advance(message.event, eta)

    def on_pipeline_failed(self, message: PipelineFailed) -> None:
        self.failure = message.error
        self.query_one(ProgressPanel).fail(str(message.error))

    def on_episode_ready(self, message: EpisodeReady) -> None:
        episode = message.episode
        try:
            self.player.load(episode.audio_path)
        except PodalignError as exc:
            self.on_pipeline_failed(PipelineFailed(exc))
            return
        episode = self._with_saved_edits(episode)
        self.episode = episode
        self.timeline = Timeline(episode.alignment)
        self._set_title(episode.title)
        view = self.transcript
        view.set_alignment(episode.alignment)
        self.chapters.set_chapters(episode.chapters)
        self.query_one("#main", ContentSwitcher).current = "transcript"
        view.focus()
        resume = self.services.load_position(episode.key)
        if resume is not None:
            self.player.seek(resume)
            self.notify(f"resumed at {format_clock(resume)} (left: back, [: previous line)")
        self.player.play()
        self.sync_to_clock()

    def apply_alignment(self, alignment: Alignment) -> None:
        """Swap in an edited alignment of the current episode (timing/text corrections)."""
        if self.episode is None:
            return
        self.episode = replace(self.episode, alignment=alignment)
        self.timeline = Timeline(alignment)
        self._word_starts.clear()
        self.transcript.replace_alignment(alignment)
        self.sync_to_clock()

    # -- the clock drives the highlight -----------------------------------------------------------
    def _word_at(self, index: int, t: float) -> int | None:
        assert self.episode is not None
        starts = self._word_starts.get(index)
        if starts is None:
            starts = [w.start for w in self.episode.alignment.lines[index].words]
            self._word_starts[index] = starts
        k = bisect.bisect_right(starts, t) - 1
        return k if k >= 0 else None

    def sync_to_clock(self) -> None:
        """Read the clock once; move the highlight and refresh the status bar."""
        if self._finished or not self.is_mounted:
            return
        views = self.query(TranscriptView)
        if not views:
            return
        t = self.clock.position()
        view = views.first()
        episode = self.episode
        if episode is not None and self.timeline is not None:
            index = self.timeline.line_at(t)
            region = None
            if index is None:
                for i, r in enumerate(episode.alignment.extra_regions):
                    if r.start <= t < r.end:
                        region = i
                        break
            word = self._word_at(index, t) if index is not None else None
            view.set_current(index, word=word, region=region)
            chapter = self.chapters.chapter_at(t)
            if chapter is not None and self.chapters.highlighted != chapter:
                with contextlib.suppress(Exception):
                    self.chapters.highlighted = chapter
        alignment = episode.alignment if episode else None
        self.status.show(
            StatusInfo(
                playing=self.player.playing,
                position=float(int(t)),  # shown to the second: re-render once a second
                duration=(episode.duration if episode else None) or self.player.duration,
                title=episode.title if episode else "",
                model=episode.model if episode else None,
                aligned_share=alignment.aligned_share if alignment and alignment.model else None,
                backend=self.player.backend,
                silent=self.player.silent,
                volume=self.player.volume,
                follow=view.follow,
            )
        )

    def seek_to(self, t: float, *, follow: bool = True) -> None:
        self.player.seek(max(0.0, t))
        if follow:
            self.transcript.set_follow(True)
        self.sync_to_clock()

    def play_line(self, index: int) -> None:
        if self.episode is None:
            return
        al = self.episode.alignment.lines[index]
        start = self.timeline.start_of(index) if self.timeline else None
        start = start if start is not None else al.start
        if start is None:
            self.notify("this line has no time in the audio", severity="warning")
            return
        self.seek_to(start)
        self.player.play()
        self.sync_to_clock()

    # -- actions (bound in tui.keys) --------------------------------------------------------------
    def action_toggle_play(self) -> None:
        if self.player.playing:
            self.player.pause()
        else:
            self.player.play()
        self.sync_to_clock()

    def action_seek(self, delta: float) -> None:
        self.seek_to(self.clock.position() + delta * SEEK_STEP)

    def action_move(self, delta: int) -> None:
        self.transcript.move_selection(delta)

    def action_extend(self, delta: int) -> None:
        self.transcript.move_selection(delta, extend=True)

    def action_page(self, direction: int) -> None:
        self.transcript.page(direction)

    def action_play_selected(self) -> None:
        selected = self.transcript.selected
        if selected is not None:
            self.play_line(selected)

    def on_transcript_view_line_activated(self, message: TranscriptView.LineActivated) -> None:
        self.play_line(message.index)

    def action_line(self, step: int) -> None:
        if self.timeline is None:
            return
        index = self.timeline.neighbour(self.clock.position(), step)
        if index is not None:
            self.play_line(index)

    def action_follow(self) -> None:
        self.transcript.set_follow(True)
        self.sync_to_clock()

    def on_transcript_view_follow_changed(self, message: TranscriptView.FollowChanged) -> None:
        self.sync_to_clock()

    def action_search(self) -> None:
        if self.episode is None:
            return
        bar = self.search_bar
        bar.add_class("-open")
        bar.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.transcript.set_query(event.value)

    def on_search_bar_done(self, message: SearchBar.Done) -> None:
        bar = self.search_bar
        bar.remove_class("-open")
        view = self.transcript
        view.focus()
        if not message.accepted:
            bar.value = ""
            view.set_query("")
            return
        matches = view.set_query(message.query)
        if not matches:
            self.notify(f"no line contains {message.query!r}", severity="warning")
            return
        view.next_match(1)
        self.notify(f"{len(matches)} matching lines: n / N for next / previous, enter plays")

    def action_search_next(self, direction: int) -> None:
        if self.transcript.next_match(direction) is None and self.transcript.query:
            self.notify(f"no line contains {self.transcript.query!r}", severity="warning")

    def action_chapters(self) -> None:
        side = self.query_one("#side", ContentSwitcher)
        if side.has_class("-open") and side.current == "chapters":
            self.action_close_panel()
            return
        side.current = "chapters"
        side.add_class("-open")
        self.chapters.focus()

    def on_chapters_panel_jump(self, message: ChaptersPanel.Jump) -> None:
        self.seek_to(message.start)
        self.player.play()

    def action_close_panel(self) -> None:
        self.query_one("#side", ContentSwitcher).remove_class("-open")
        if self.search_bar.has_class("-open"):
            self.on_search_bar_done(SearchBar.Done(self.search_bar.value, accepted=False))
        self.transcript.focus()

    def action_volume(self, direction: int) -> None:
        self.player.set_volume(round(self.player.volume + direction * VOLUME_STEP, 2))
        self.sync_to_clock()

    def _output_dir(self) -> Path:
        if self.episode is not None:
            source = Path(self.episode.source).expanduser()
            if source.is_file():
                return source.parent
        return Path.cwd()

    def _output_stem(self) -> str:
        assert self.episode is not None
        source = Path(self.episode.source).expanduser()
        return source.stem if source.is_file() else self.episode.audio_path.stem

    def action_export(self) -> None:
        if self.episode is None:
            return
        from aligner.export import write_outputs

        path = self._output_dir() / f"{self._output_stem()}.vtt"
        try:
            written = write_outputs(self.episode.alignment, [path])
        except PodalignError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"wrote {', '.join(str(p) for p in written)}")

    def action_clip(self) -> None:
        if self.episode is None or self.transcript.selected is None:
            return
        lines = [self.episode.alignment.lines[i] for i in self.transcript.selected_range()]
        self._export_clip(lines)

    @work(thread=True, group="clip", exit_on_error=False)
    def _export_clip(self, lines: list[AlignedLine]) -> None:
        from tui.clip import export_clip

        assert self.episode is not None
        try:
            clip = export_clip(
                self.episode.audio_path,
                lines,
                self._output_dir(),
                title=self.episode.title,
                duration=self.episode.duration,
            )
        except PodalignError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"saved clip {clip.audio} (+ {clip.text.name})")

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit_player(self) -> None:
        self.finish()
        self.app.exit()

    # -- corrections (bound in tui.edit_bindings) ----------------------------------------------
    @property
    def edit_services(self) -> EditServices | None:
        return self.services if isinstance(self.services, EditServices) else None

    def _with_saved_edits(self, episode: Episode) -> Episode:
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

    def _open_side(self, panel: str) -> None:
        side = self.query_one("#side", ContentSwitcher)
        side.current = panel
        side.add_class("-open")

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
        self._open_side("diff")
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
        self._open_side("diff")

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

    def finish(self) -> None:
        """Remember the position and release the audio device (idempotent)."""
        if self._finished:
            return
        self._finished = True
        if self.episode is not None:
            with contextlib.suppress(PodalignError, OSError):
                self.services.save_position(
                    self.episode.key, self.clock.position(), self.episode.duration
                )
        with contextlib.suppress(Exception):
            self.player.close()
