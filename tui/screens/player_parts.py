"""What the player screen's parts may rely on: the state and helpers :class:`PlayerScreen` has.

The screen is assembled from mixins, one per responsibility (:mod:`.player_transport`,
:mod:`.player_navigation`, :mod:`.player_export`, :mod:`.player_corrections`,
:mod:`.player_listening`). Each mixin
subclasses :class:`PlayerParts`, which declares (for readers and type checkers; it adds nothing
at run time) what :class:`~tui.screens.player.PlayerScreen` provides them, so the contract
between the pieces is written down in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    from aligner.result import Alignment
    from tui.clock import Clock
    from tui.corrections import Corrections, Notice
    from tui.diff_panel import DiffPanel
    from tui.lookup import Timeline
    from tui.player import Player
    from tui.services import Episode, Services
    from tui.skip import AutoSkip
    from tui.widgets.chapters_panel import ChaptersPanel
    from tui.widgets.search_bar import SearchBar
    from tui.widgets.status_bar import StatusBar
    from tui.widgets.transcript_view import TranscriptView

    _Base = Screen[None]
else:
    _Base = object


class PlayerParts(_Base):
    """The player screen as its mixins see it (implemented by ``PlayerScreen``)."""

    request: object
    clock: Clock
    player: Player
    services: Services
    episode: Episode | None
    timeline: Timeline | None
    corrections: Corrections
    #: What the side panel shows: ``"chapters"``, ``"diff"`` or None (closed); a reactive.
    side_panel: str | None
    #: Whether the word being spoken is lit (``w``), and ``--skip-extra``'s state (``G``).
    words_lit: bool
    auto_skip: AutoSkip

    if TYPE_CHECKING:

        @property
        def transcript(self) -> TranscriptView: ...

        @property
        def status(self) -> StatusBar: ...

        @property
        def chapters(self) -> ChaptersPanel: ...

        @property
        def search_bar(self) -> SearchBar: ...

        @property
        def diff_panel(self) -> DiffPanel: ...

        def sync_to_clock(self) -> None: ...

        def run_pipeline(self) -> None: ...

        def apply_alignment(self, alignment: Alignment) -> None: ...

        def seek_to(self, t: float, *, follow: bool = True) -> None: ...

        def play_line(self, index: int, *, play: bool = True) -> None: ...

        def say(self, notice: Notice) -> None: ...

        def user_seeked(self, t: float) -> None: ...


__all__ = ["PlayerParts"]
