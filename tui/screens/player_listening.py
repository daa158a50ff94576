"""Listening aids on the player screen: speed, word highlight, skipping extras, timeline, quote.

A mixin of :class:`~tui.screens.player.PlayerScreen` (bound in :mod:`tui.keys`):

- ``(`` / ``)`` change the playback speed by 0.25 (0.5x-3x, pitch kept by
  :mod:`tui.audio.tempo`); the speed is remembered across episodes (``services.save_speed``);
  ``--speed`` sets it for one ``play`` (:class:`ListeningOptions`);
- ``w`` switches the word highlight inside the current line;
- ``g`` jumps over the stretch not in the transcript being heard, ``G`` (or ``--skip-extra``)
  skips each one as playback reaches it (:mod:`tui.skip`), with a one-line notice;
- the timeline strip (:class:`~tui.widgets.timeline_strip.TimelineStrip`) shows the episode,
  its chapters and the regions not in the transcript; a click seeks;
- ``y`` copies the selected line(s) as a quote (:mod:`tui.quote`) to the clipboard (OSC 52).

The clock stays content time at every speed (the player's position is), so highlight, seeking
and clips need nothing special here.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from aligner.errors import PodalignError
from tui.audio.tempo import DEFAULT_SPEED, format_speed, step_speed
from tui.corrections import Notice
from tui.quote import format_quote, quote_notice
from tui.screens.player_parts import PlayerParts
from tui.skip import AutoSkip, skip_from, untranscribed_runs
from tui.widgets.timeline_strip import TimelineStrip


@dataclass(frozen=True)
class ListeningOptions:
    """How ``podalign play`` starts: ``speed`` (None: the remembered one, else 1x) and whether
    to skip what is not in the transcript."""

    speed: float | None = None
    skip_extra: bool = False


class ListeningActions(PlayerParts):
    """Speed, word highlight, skipping extras, the timeline strip, quotes."""

    def init_listening(self, options: ListeningOptions) -> None:
        """Call once from the screen's ``__init__``."""
        self.listening = options
        self.words_lit = True
        self.auto_skip = AutoSkip((), enabled=options.skip_extra)

    @property
    def timeline_strip(self) -> TimelineStrip:
        return self.query_one(TimelineStrip)

    def start_listening(self) -> None:
        """The episode is on screen: set the speed, mark the strip, find what to skip."""
        speed = self.listening.speed
        if speed is None:
            with contextlib.suppress(PodalignError, OSError):
                speed = self.services.load_speed()
        else:
            self._remember_speed(speed)
        self.player.set_speed(speed or DEFAULT_SPEED)
        self.mark_extras()

    def mark_extras(self) -> None:
        """(Re)read the shown alignment's regions and chapters into the strip and the skipper."""
        assert self.episode is not None
        alignment = self.episode.alignment
        self.auto_skip = AutoSkip(untranscribed_runs(alignment), enabled=self.auto_skip.enabled)
        duration = self.episode.duration or alignment.duration or self.player.duration
        self.timeline_strip.set_content(
            duration,
            chapters=[c.start for c in self.chapters.chapters],
            regions=[(r.start, r.end) for r in alignment.extra_regions],
        )

    def listen_tick(self, t: float) -> float:
        """Each clock tick: skip an extra if auto-skipping, move the strip's dot; returns the
        position after any skip."""
        if self.player.playing:
            jump = self.auto_skip.check(t)
            if jump is not None:
                self.player.seek(jump.target)
                self.say(Notice(jump.notice))
                t = jump.target
        self.timeline_strip.set_position(t)
        return t

    def user_seeked(self, t: float) -> None:
        """The listener chose to go to ``t``: an extra there is not auto-skipped."""
        self.auto_skip.seeked(t)

    def _remember_speed(self, speed: float) -> None:
        try:
            self.services.save_speed(speed)
        except (PodalignError, OSError) as exc:
            self.say(Notice(f"the speed is not remembered: {exc}", "warning"))

    # -- actions (bound in tui.keys) --------------------------------------------------------------
    def action_speed(self, steps: int) -> None:
        old = self.player.speed
        new = step_speed(old, steps)
        if new == old:
            self.say(Notice(f"speed stays {format_speed(old)} (0.5× to 3×)", "warning"))
            return
        self.player.set_speed(new)
        self._remember_speed(new)
        self.say(Notice(f"speed {format_speed(new)}"))
        self.sync_to_clock()

    def action_toggle_words(self) -> None:
        self.words_lit = not self.words_lit
        self.say(Notice(f"word highlight {'on' if self.words_lit else 'off'}"))
        self.sync_to_clock()

    def action_skip_extra(self) -> None:
        jump = skip_from(self.auto_skip.runs, self.clock.position())
        if jump is None:
            self.say(Notice("nothing to skip here: this part is in the transcript", "warning"))
            return
        self.player.seek(jump.target)
        self.transcript.follow = True
        self.say(Notice(jump.notice))
        self.sync_to_clock()

    def action_toggle_auto_skip(self) -> None:
        self.auto_skip.enabled = not self.auto_skip.enabled
        if self.auto_skip.enabled:
            self.say(Notice("skipping what is not in the transcript (G stops)"))
        else:
            self.say(Notice("playing everything, extras too"))
        self.sync_to_clock()

    def action_quote(self) -> None:
        assert self.episode is not None
        view = self.transcript
        chosen = view.selected_range()
        if not chosen and view.current is not None:
            chosen = range(view.current, view.current + 1)
        if not chosen:
            self.say(Notice("select a line to quote first", "warning"))
            return
        lines = [self.episode.alignment.lines[i] for i in chosen]
        text = format_quote(lines, title=self.episode.title, source=self.episode.source)
        self.app.copy_to_clipboard(text)
        self.say(Notice(quote_notice(lines)))

    def on_timeline_strip_seek(self, message: TimelineStrip.Seek) -> None:
        self.seek_to(message.t)


__all__ = ["ListeningActions", "ListeningOptions"]
