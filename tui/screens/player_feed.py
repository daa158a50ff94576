"""Choosing the episode of a feed: ``podalign play FEED`` opens the episode picker first.

As a mixin of :class:`~tui.screens.player.PlayerScreen`: its pipeline worker first runs
:meth:`FeedPicking.feed_stage` (the services' :meth:`~tui.services.FeedServices.episodes`, when
they offer it and the request names no episode). A feed comes back as
:class:`~tui.messages.FeedListed`; the :class:`~tui.screens.picker.EpisodePicker` opens, and the
chosen episode goes into the request (``episode=``) before the pipeline runs again. A page,
media URL or file plays directly; esc in the picker quits.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tui.messages import FeedListed
from tui.screens.player_parts import PlayerParts
from tui.services import FeedServices

if TYPE_CHECKING:
    from aligner.progress import Stage
    from aligner.sources.feeds import Feed


def _no_feed() -> Stage[Feed | None]:
    return None
    yield  # a generator that returns at once


class FeedPicking(PlayerParts):
    """Ask for the feed's episodes; show the picker; rerun the pipeline with the choice."""

    #: Set once the user picked (or the request named) the episode.
    episode_chosen: bool = False

    def feed_stage(self) -> Stage[Feed | None]:
        services = self.services
        named = getattr(self.request, "episode", None) is not None
        if self.episode_chosen or named or not isinstance(services, FeedServices):
            return _no_feed()
        return services.episodes(self.request)  # type: ignore[arg-type]

    def on_feed_listed(self, message: FeedListed) -> None:
        from tui.screens.picker import EpisodePicker

        self.app.push_screen(EpisodePicker(message.feed), callback=self._picked)

    def _picked(self, episode: str | None) -> None:
        if episode is None:
            self.app.exit()
            return
        self.episode_chosen = True
        self.request = replace(self.request, episode=episode)  # type: ignore[type-var]
        self.run_pipeline()


__all__ = ["FeedPicking"]
