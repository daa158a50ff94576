"""The Textual app behind ``podalign play``, built by :func:`create_app`.

The factory is the seam for tests: inject a clock, a player and :class:`~tui.services.Services`
(the fakes are in ``tests/tui_fakes.py``); by default it opens the real audio device
(:class:`~tui.audio.playback.AudioPlayer`, which must happen *before* the app takes over the
terminal because device init briefly redirects stderr), reads the time from that player and
runs the real pipeline.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, ClassVar

from textual.app import App

from tui.clock import Clock
from tui.player import Player
from tui.screens.player import PlayerScreen
from tui.screens.player_listening import ListeningOptions
from tui.services import PipelineServices, Services


class PodalignApp(App[int]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "styles/app.tcss",
        "styles/transcript.tcss",
        "styles/panels.tcss",
    ]
    TITLE = "podalign"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        request: Any,
        *,
        clock: Clock,
        player: Player,
        services: Services,
        listening: ListeningOptions | None = None,
    ) -> None:
        super().__init__()
        self.request = request
        self.clock = clock
        self.player = player
        self.services = services
        self.player_screen = PlayerScreen(
            request, clock=clock, player=player, services=services, listening=listening
        )

    def get_default_screen(self) -> PlayerScreen:
        return self.player_screen

    @property
    def failure(self) -> Exception | None:
        """The pipeline's error, if preparing the episode failed (the CLI reports it)."""
        return self.player_screen.failure

    async def action_quit(self) -> None:
        self.player_screen.finish()
        self.exit()

    def on_unmount(self) -> None:
        self.player_screen.finish()


def create_app(
    request: Any,
    *,
    clock: Clock | None = None,
    player: Player | None = None,
    services: Services | None = None,
    listening: ListeningOptions | None = None,
) -> PodalignApp:
    """The player app for ``request`` (an :class:`aligner.pipeline.PipelineRequest`);
    ``listening``: the starting speed and ``--skip-extra``."""
    if player is None:
        from tui.audio.playback import AudioPlayer

        player = AudioPlayer()
    if clock is None:
        clock = player  # the player's position is the content being heard
    if services is None:
        services = PipelineServices()
    return PodalignApp(request, clock=clock, player=player, services=services, listening=listening)
