"""The one-line status bar: play state, position/duration and speed, backend, model, share aligned.

On a machine with no sound device it says so ("silent mode: no audio device") so a listener
who hears nothing knows why, while the clock keeps running in real time.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from tui.audio.tempo import format_speed
from tui.eta import format_clock

SILENT_NOTICE = "silent mode: no audio device"


@dataclass(frozen=True)
class StatusInfo:
    playing: bool = False
    position: float = 0.0
    duration: float | None = None
    title: str = ""
    model: str | None = None
    aligned_share: float | None = None
    backend: str = ""
    silent: bool = False
    volume: float = 1.0
    follow: bool = True
    speed: float = 1.0
    skip_extra: bool = False


class StatusBar(Static):
    """Shows a :class:`StatusInfo`; re-renders only when it changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.info: StatusInfo | None = None

    def show(self, info: StatusInfo) -> None:
        if info == self.info:
            return
        self.info = info
        self.update(render_status(info))


def render_status(info: StatusInfo) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" ▶ " if info.playing else " ⏸ ", "bold")
    text.append(f"{format_clock(info.position)} / {format_clock(info.duration)}", "bold")
    text.append(f" {format_speed(info.speed)}", "bold" if info.speed != 1.0 else "")
    if info.skip_extra:
        text.append(" │ skipping extras")
    if info.silent:
        text.append(" │ ")
        text.append(SILENT_NOTICE, "bold reverse")
    elif info.backend:
        text.append(f" │ audio: {info.backend}")
    if info.title:
        text.append(f" │ {info.title}")
    if info.model:
        text.append(f" │ {info.model}")
    if info.aligned_share is not None:
        text.append(f" │ {round(info.aligned_share * 100)}% aligned")
    text.append(f" │ vol {round(info.volume * 100)}%")
    text.append(" │ ")
    text.append("following" if info.follow else "browsing (f: follow)", "italic")
    return text
