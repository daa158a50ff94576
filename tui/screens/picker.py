"""The episode picker: ``podalign play FEED`` lists the feed's episodes to choose one from.

Newest first (the feed's own numbering, 1 = newest); typing filters by the words of the title;
episodes that publish a transcript (``<podcast:transcript>``) are marked, since those align
against the published text, and so are those with no audio (they cannot be chosen). Enter (or
a click) plays the highlighted episode, esc quits. The screen dismisses with the selector for
:attr:`aligner.pipeline.PipelineRequest.episode` (the GUID, else the number), or None.
:func:`matching` and :func:`episode_label` are the pure parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.eta import format_clock

if TYPE_CHECKING:
    from aligner.sources.feeds import Episode, Feed

#: The mark of an episode that publishes a transcript.
TRANSCRIPT_MARK = "✎ transcript"
#: The mark of an episode with no audio (no enclosure): it cannot be played.
NO_AUDIO_MARK = "(no audio)"


def matching(episodes: tuple[Episode, ...], text: str) -> list[Episode]:
    """The episodes (newest first) whose title has every word of ``text`` (case-insensitive)."""
    words = text.casefold().split()
    ordered = sorted(episodes, key=lambda ep: ep.number)
    return [ep for ep in ordered if all(w in ep.title.casefold() for w in words)]


def episode_label(episode: Episode) -> str:
    """One row of the list: number, date, duration, title, and the transcript mark."""
    date = episode.published.date().isoformat() if episode.published else "          "
    duration = format_clock(episode.duration) if episode.duration else "     "
    mark = f"  {TRANSCRIPT_MARK}" if episode.has_transcript else ""
    if episode.enclosure is None:
        mark += f"  {NO_AUDIO_MARK}"
    return f"{episode.number:>3}  {date}  {duration:>7}  {episode.title}{mark}"


def selector(episode: Episode) -> str:
    """What ``--episode`` would be for ``episode`` (an all-digit GUID would read as a number)."""
    from aligner.sources.feeds import selector_for

    return selector_for(episode)


class EpisodePicker(Screen[str | None]):
    """Choose one episode of ``feed`` (see module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Quit"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
    ]
    DEFAULT_CSS = """
    EpisodePicker #picker-title { padding: 0 1; text-style: bold; }
    EpisodePicker #filter { margin: 0 1; }
    EpisodePicker #episodes { height: 1fr; margin: 0 1; }
    """

    def __init__(self, feed: Feed) -> None:
        super().__init__(id="picker")
        self.feed = feed
        self.shown: list[Episode] = []

    def compose(self) -> ComposeResult:
        n = len(self.feed.episodes)
        marked = sum(1 for ep in self.feed.episodes if ep.has_transcript)
        yield Static(
            f"♪ {self.feed.title or self.feed.url} — {n} episodes, {marked} with a transcript "
            "(type to filter, enter plays, esc quits)",
            id="picker-title",
        )
        yield Input(placeholder="filter by title", id="filter")
        yield OptionList(id="episodes")
        yield Footer()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#filter", Input).focus()

    @property
    def episode_list(self) -> OptionList:
        return self.query_one("#episodes", OptionList)

    def _fill(self, text: str) -> None:
        self.shown = matching(self.feed.episodes, text)
        options = self.episode_list
        options.clear_options()
        if not self.shown:
            options.add_option(Option(f"no episode's title has {text.strip()!r}", disabled=True))
            return
        options.add_options(Option(episode_label(ep)) for ep in self.shown)
        options.highlighted = 0

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_choose()

    @on(OptionList.OptionSelected, "#episodes")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.episode_list.highlighted = event.option_index
        self.action_choose()

    def action_move(self, delta: int) -> None:
        options = self.episode_list
        if self.shown:
            at = options.highlighted or 0
            options.highlighted = max(0, min(len(self.shown) - 1, at + delta))

    def action_choose(self) -> None:
        at = self.episode_list.highlighted
        if not self.shown or at is None or at >= len(self.shown):
            return
        episode = self.shown[at]
        if episode.enclosure is None:
            self.app.clear_notifications()
            self.notify(f"episode {episode.number} has no audio: pick another", severity="warning")
            return
        self.dismiss(selector(episode))

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = [
    "NO_AUDIO_MARK",
    "TRANSCRIPT_MARK",
    "EpisodePicker",
    "episode_label",
    "matching",
    "selector",
]
