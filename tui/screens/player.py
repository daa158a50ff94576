"""The player screen: progress while the pipeline works, then the synced transcript.

It owns the pipeline worker (a Textual thread worker running :meth:`Services.prepare`, posting
:mod:`tui.messages`) and polls the :class:`~tui.clock.Clock` on a timer to move the highlight.
The side panel (``#side``) is a :class:`~textual.widgets.ContentSwitcher` holding the chapters
and the re-transcription diff; which one is open is the ``side_panel`` reactive. The actions
bound in :mod:`tui.keys` and :mod:`tui.edit_bindings` come from one mixin per responsibility:

- :class:`~tui.screens.player_transport.TransportActions` -- play/pause, seek, lines, volume;
- :class:`~tui.screens.player_navigation.SelectionAndSearch` -- selection, search, panels;
- :class:`~tui.screens.player_export.ExportActions` -- WebVTT export and clips;
- :class:`~tui.screens.player_corrections.CorrectionActions` -- the correction keys over the
  plain :class:`~tui.corrections.Corrections` state;
- :class:`~tui.screens.player_listening.ListeningActions` -- speed, word highlight, skipping
  what is not in the transcript, the timeline strip, quotes.
- :class:`~tui.screens.player_feed.FeedPicking` -- for a feed, the episode picker before the
  pipeline (the worker runs its ``feed_stage`` first).

What they rely on from this class is declared in :mod:`tui.screens.player_parts`. An action that
cannot work now is never run: :meth:`PlayerScreen.check_action` hides it (False: nothing to do in
this player, e.g. corrections without edit services, or before the episode is on screen) or
shows it disabled (None: e.g. corrections while the saved edits could not be read). Notices go
through :meth:`PlayerScreen.say`, so a new one replaces the last instead of piling up.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static
from textual.worker import Worker, get_current_worker

from aligner.errors import PodalignError
from aligner.progress import Stage
from aligner.result import Alignment
from tui.corrections import Corrections, Notice, join_notices
from tui.diff_panel import DiffPanel
from tui.edit_bindings import EDIT_ACTIONS
from tui.eta import EtaEstimator, format_clock
from tui.keys import NEEDS_EPISODE, PLAYER_BINDINGS
from tui.lookup import Timeline
from tui.messages import EpisodeReady, FeedListed, PipelineFailed, PipelineProgress
from tui.screens.player_corrections import CorrectionActions
from tui.screens.player_export import ExportActions
from tui.screens.player_feed import FeedPicking
from tui.screens.player_listening import ListeningActions, ListeningOptions
from tui.screens.player_navigation import SelectionAndSearch
from tui.screens.player_transport import TransportActions
from tui.services import EditServices
from tui.widgets.chapters_panel import ChaptersPanel
from tui.widgets.progress_panel import ProgressPanel
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_bar import StatusBar, StatusInfo
from tui.widgets.timeline_strip import TimelineStrip
from tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from tui.clock import Clock
    from tui.player import Player
    from tui.services import Episode, Services

#: How often the highlight follows the clock (seconds); well inside the 100 ms budget.
TICK = 0.05
#: What :meth:`PlayerScreen._drive` returns when the app stopped it.
_STOPPED = object()


def request_source(request: Any) -> str:
    return str(getattr(request, "source", request))


class PlayerScreen(
    TransportActions,
    SelectionAndSearch,
    ExportActions,
    CorrectionActions,
    ListeningActions,
    FeedPicking,
    Screen[None],
):
    BINDINGS = PLAYER_BINDINGS

    side_panel: var[str | None] = var(None, init=False, bindings=True)

    def __init__(
        self,
        request: Any,
        *,
        clock: Clock,
        player: Player,
        services: Services,
        now: Callable[[], float] = time.monotonic,
        listening: ListeningOptions | None = None,
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
        edits = services if isinstance(services, EditServices) else None
        self.corrections = Corrections(edits)
        self.init_listening(listening or ListeningOptions())

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
        yield TimelineStrip(id="timeline")
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
        try:
            feed = self._drive(worker, self.feed_stage())
            if feed is _STOPPED:
                return
            if feed is not None:  # a feed: the picker chooses the episode, then this reruns
                self.post_message(FeedListed(feed))
                return
            episode = self._drive(worker, self.services.prepare(self.request))
            if episode is not _STOPPED:
                self.post_message(EpisodeReady(episode))
        except PodalignError as exc:
            self.post_message(PipelineFailed(exc))
        except Exception as exc:  # a bug, not bad input: still shown, never a silent crash
            error = PodalignError(f"unexpected error: {exc!r}")
            error.__cause__ = exc
            self.post_message(PipelineFailed(error))

    def _drive(self, worker: Worker[None], stage: Stage[Any]) -> Any:
        """Run ``stage`` to its value, posting its progress; ``_STOPPED`` if the app stopped."""
        try:
            while True:
                if worker.is_cancelled or self._finished:
                    return _STOPPED
                try:
                    event = next(stage)
                except StopIteration as stop:
                    return stop.value
                self.post_message(PipelineProgress(event))
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
        loaded = self.corrections.load(episode)
        notices = [loaded.notice] if loaded.notice else []
        self.episode = episode = replace(episode, alignment=loaded.shown or episode.alignment)
        self.timeline = Timeline(episode.alignment)
        self._set_title(episode.title)
        view = self.transcript
        view.set_alignment(episode.alignment)
        self._show_chapters()
        self.query_one("#main", ContentSwitcher).current = "transcript"
        view.focus()
        resume = self.services.load_position(episode.key)
        if resume is not None:
            self.player.seek(resume)
            text = f"resumed at {format_clock(resume)} (left: back, [: previous line)"
            notices.append(Notice(text))
        if notices:
            self.say(join_notices(notices))
        self.refresh_bindings()
        self.start_listening()
        self.player.play()
        self.sync_to_clock()

    def _show_chapters(self) -> None:
        """The transcript's chapters where the shown alignment (edits and all) put their lines;
        else the media's."""
        assert self.episode is not None
        shown = self.episode.alignment
        chapters = shown.chapters if shown.transcript.chapters else self.episode.chapters
        self.chapters.set_chapters(chapters)

    def apply_alignment(self, alignment: Alignment) -> None:
        """Swap in an edited alignment of the current episode (timing/text corrections)."""
        if self.episode is None:
            return
        self.episode = replace(self.episode, alignment=alignment)
        self.corrections.shown = alignment
        self.timeline = Timeline(alignment)
        self.transcript.replace_alignment(alignment)
        self._show_chapters()
        self.mark_extras()
        self.sync_to_clock()

    def say(self, notice: Notice) -> None:
        """Tell the user ``notice``; it replaces the notice shown before (no pile of toasts)."""
        self.app.clear_notifications()
        self.notify(notice.text, severity=notice.severity)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides an action that cannot work in this state; None shows it disabled."""
        if action in EDIT_ACTIONS:
            if not self.corrections.offered or self.episode is None:
                return False
            return None if self.corrections.unavailable() else True
        if action in NEEDS_EPISODE and self.episode is None:
            return False
        if action == "search_next":
            views = self.query(TranscriptView)
            return True if views and views.first().search_query else None
        return True

    # -- the clock drives the highlight -----------------------------------------------------------
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
            t = self.listen_tick(t)
            heard = self.timeline.heard_at(t)
            word = heard.word if self.words_lit else None
            view.set_current(heard.line, word=word, region=heard.region)
            self.chapters.playing_at(t)
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
                speed=self.player.speed,
                skip_extra=self.auto_skip.enabled,
            )
        )

    # An @on handler stays on the Screen class itself: Textual collects decorated handlers only
    # from its own message-pump classes, not from plain mixins (named on_* handlers work there).
    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.transcript.search(event.value)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit_player(self) -> None:
        self.finish()
        self.app.exit()

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
