"""Playback and transport on the player screen: play/pause, seeking, line jumps, volume.

Everything that moves *where in the audio* the listener is (and brings follow mode back) lives
here, as a mixin of :class:`~tui.screens.player.PlayerScreen`; the actions are bound in
:mod:`tui.keys`. Only choosing a line (enter, a click, a chapter) starts playback; seeking and
``[``/``]`` keep playing or paused as they were.
"""

from __future__ import annotations

from tui.corrections import Notice
from tui.keys import SEEK_STEP, VOLUME_STEP
from tui.screens.player_parts import PlayerParts
from tui.widgets.chapters_panel import ChaptersPanel
from tui.widgets.transcript_view import TranscriptView


class TransportActions(PlayerParts):
    """Seek, play a line, step between lines, follow, volume."""

    def seek_to(self, t: float, *, follow: bool = True) -> None:
        self.player.seek(max(0.0, t))
        self.user_seeked(max(0.0, t))
        if follow:
            self.transcript.follow = True
        self.sync_to_clock()

    def play_line(self, index: int, *, play: bool = True) -> None:
        """Go to line ``index``; ``play``: and start playing (else keep the play state)."""
        if self.episode is None:
            return
        al = self.episode.alignment.lines[index]
        start = self.timeline.start_of(index) if self.timeline else None
        start = start if start is not None else al.start
        if start is None:
            self.say(Notice("this line has no time in the audio", "warning"))
            return
        self.seek_to(start)
        if play:
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
            self.play_line(index, play=False)

    def action_follow(self) -> None:
        self.transcript.follow = True
        self.sync_to_clock()

    def on_transcript_view_follow_changed(self, message: TranscriptView.FollowChanged) -> None:
        self.sync_to_clock()

    def on_chapters_panel_jump(self, message: ChaptersPanel.Jump) -> None:
        self.seek_to(message.start)
        self.player.play()

    def action_volume(self, direction: int) -> None:
        self.player.set_volume(round(self.player.volume + direction * VOLUME_STEP, 2))
        self.sync_to_clock()


__all__ = ["TransportActions"]
