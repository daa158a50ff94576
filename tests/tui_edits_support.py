"""Shared parts of the player corrections tests: the services (the fake pipeline plus the real
store of edits), the app on podsim-mini, selecting lines, and reading the exported cues."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from tui_fakes import (
    FakeClock,
    FakePlayer,
    FakeServices,
    Request,
    podsim_audio,
    podsim_episode,
)

from aligner.result import Alignment
from cache.store import Store
from tui.app import PodalignApp, create_app
from tui.screens.player import PlayerScreen
from tui.services import Episode, StoreEdits

SIZE = (110, 32)
#: "So I'm kind of curious, like, how you ended up there and why you all started this startup
#: that ended up building this thing that got acquired by Meta?" (85.68-93.03 s)
LINE = 13


class EditingServices(FakeServices, StoreEdits):
    """The fake pipeline (hands over ``episode``) with the real edits store and re-transcriber."""

    def __init__(self, episode: Episode, store: Store, model: str = "tiny.en") -> None:
        FakeServices.__init__(self, episode)
        StoreEdits.__init__(self, store, retranscribe_model=model, device="cpu")


def episode_at(source: Path) -> Episode:
    """podsim-mini's true alignment, played from ``source`` (exports land beside it)."""
    return replace(podsim_episode(), source=str(source), audio_path=source)


def copied_episode(tmp_path: Path) -> Path:
    """podsim-mini's audio copied into ``tmp_path`` (the episode a test edits)."""
    path = tmp_path / "episode.opus"
    shutil.copy(podsim_audio(), path)
    return path


def make_app(services: EditingServices) -> tuple[PodalignApp, FakeClock]:
    clock = FakeClock()
    player = FakePlayer(clock, duration=200.6)
    app = create_app(
        Request(services.episode.source), clock=clock, player=player, services=services
    )
    return app, clock


async def select(pilot, screen: PlayerScreen, index: int) -> None:
    screen.transcript.select(index)
    await pilot.pause()
    assert screen.transcript.selected == index


def lines(alignment: Alignment) -> list[tuple[str, float | None, float | None]]:
    return [(al.line.text, al.start, al.end) for al in alignment.lines]


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    """(start, end, text without voice tags) of each cue of a WebVTT file."""

    def secs(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    out = []
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        rows = block.strip().splitlines()
        if len(rows) >= 2 and " --> " in rows[0]:
            a, b = rows[0].split(" --> ")
            text = re.sub(r"</?v[^>]*>", "", " ".join(rows[1:]))
            out.append((secs(a), secs(b.split()[0]), text))
    return out


def cue_spans(cues: list[tuple[float, float, str]], text: str) -> list[tuple[float, float]]:
    """(start, end) of each run of consecutive cues whose texts make up ``text`` (a long line
    may be exported as several cues)."""
    spans = []
    for i in range(len(cues)):
        joined = ""
        for j in range(i, len(cues)):
            joined = f"{joined} {cues[j][2]}".strip()
            if joined == text:
                spans.append((cues[i][0], cues[j][1]))
            if not text.startswith(joined):
                break
    return spans


# --------------------------------------------------------------------------------------------
# The real model
# --------------------------------------------------------------------------------------------
