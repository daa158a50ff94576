"""Test doubles and data for the player tests: an alignment built from podsim-mini's truth
file (exact sentence times), a clock and a player that move only when told to, fake pipeline
services and a stand-in pipeline request."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.edits.retranscribe import LineRetranscription
from aligner.edits.worddiff import diff_tokens, tokenize
from aligner.progress import Progress, Stage
from aligner.result import AlignedLine, Alignment, LineStatus, Region, Segment, Transcription, Word
from aligner.transcript import Chapter, Line, Transcript, Turn
from tui.audio.tempo import clamp_speed
from tui.player import NULL_BACKEND, BackendName, clamp_volume
from tui.services import Episode

if TYPE_CHECKING:
    from tui.screens.player import PlayerScreen

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def podsim_audio() -> Path:
    shared = SHARED / "audio" / "podsim-mini.opus"
    return shared if shared.is_file() else ROOT / "examples" / "podsim-mini.opus"


class FakeClock:
    """A :class:`tui.clock.Clock` that only moves when told to (``advance``/``set``).

    ``advance(dt)`` is ``dt`` seconds of wall time: the media time moves ``dt * speed`` (the
    speed the :class:`FakePlayer` was set to), as a real player's position does.
    """

    def __init__(self, t: float = 0.0) -> None:
        self.t = t
        self.speed = 1.0

    def position(self) -> float:
        return self.t

    def set(self, t: float) -> None:
        self.t = max(0.0, t)

    def advance(self, dt: float) -> None:
        self.t = max(0.0, self.t + dt * self.speed)


class FakePlayer(BackendName):
    """A :class:`tui.player.Player` that records commands; seeks move its :class:`FakeClock`.

    Nothing advances by itself: tests call ``clock.advance(dt)``.
    """

    def __init__(
        self, clock: FakeClock | None = None, *, backend: str = NULL_BACKEND, duration: float = 0
    ) -> None:
        self.clock = clock if clock is not None else FakeClock()
        self._backend = backend
        self._duration = duration or None
        self.playing = False
        self.volume = 1.0
        self.loaded: Path | None = None
        self.seeks: list[float] = []
        self.closed = False

    @property
    def duration(self) -> float | None:
        return self._duration

    def set_volume(self, volume: float) -> None:
        self.volume = clamp_volume(volume)

    @property
    def speed(self) -> float:
        return self.clock.speed

    def set_speed(self, speed: float) -> None:
        self.clock.speed = clamp_speed(speed)

    def load(self, path: Path) -> None:
        self.loaded = Path(path)
        self.playing = False
        self.clock.set(0.0)

    def play(self) -> None:
        self.playing = True

    def pause(self) -> None:
        self.playing = False

    def seek(self, t: float) -> None:
        t = max(0.0, t)
        self.seeks.append(t)
        self.clock.set(t)

    def position(self) -> float:
        return self.clock.position()

    def close(self) -> None:
        self.closed = True
        self.playing = False


@dataclass(frozen=True)
class Request:
    """Stands in for ``aligner.pipeline.PipelineRequest`` (the player reads ``source``; the feed
    listing ``episode`` and ``refresh``)."""

    source: str
    transcript: Path | None = None
    episode: str | None = None
    refresh: bool = False


def truth_alignment(*, chapters: tuple[Chapter, ...] = (), words: bool = False) -> Alignment:
    """podsim-mini's sentences at their true times (ALIGNED), with the intro regions."""
    truth = json.loads((SHARED / "examples" / "podsim-mini.truth.json").read_text())
    speakers = {t["index"]: t["speaker"] for t in truth["turns"]}
    published = {t["index"]: float(t["published"]) for t in truth["turns"]}
    lines, aligned = [], []
    for i, s in enumerate(truth["sentences"]):
        first = not lines or lines[-1].turn != s["turn"]  # the page's time is on a turn's first
        line = Line(
            index=i,
            turn=s["turn"],
            speaker=speakers[s["turn"]],
            text=s["text"],
            published_start=published[s["turn"]] if first else None,
        )
        lines.append(line)
        ws: tuple[Word, ...] = ()
        if words:
            toks = s["text"].split()
            step = (s["end"] - s["start"]) / len(toks)
            ws = tuple(
                Word(tok, s["start"] + k * step, s["start"] + (k + 1) * step)
                for k, tok in enumerate(toks)
            )
        aligned.append(
            AlignedLine(line, s["start"], s["end"], LineStatus.ALIGNED, confidence=0.9, words=ws)
        )
    turns = tuple(
        Turn(
            index=t["index"],
            speaker=t["speaker"],
            published_start=float(t["published"]),
            paragraphs=(" ".join(ln.text for ln in lines if ln.turn == t["index"]),),
        )
        for t in truth["turns"]
    )
    transcript = Transcript(
        turns=turns, lines=tuple(lines), chapters=chapters, format="markdown", title="podsim-mini"
    )
    regions = tuple(Region(r["start"], r["end"], r["what"]) for r in truth["extra"])
    return Alignment(
        transcript=transcript,
        lines=tuple(aligned),
        source="podsim-mini.opus",
        duration=truth["duration"],
        model="tiny.en",
        extra_regions=regions,
    )


#: Chapters as the page publishes them (its clock: the first turn is at 01:07 there, 32.9 s
#: into the audio); the alignment moves them to the lines they point at (:data:`ALIGNED_AT`).
CHAPTERS = (
    Chapter(0.0, "Cold open"),
    Chapter(67.0, "Welcome, Ross"),
    Chapter(104.0, "Papers with Code"),
    Chapter(196.0, "Deep RL evaluation"),
)
#: Where those chapters are in the audio: the true starts of the turns they open.
ALIGNED_AT = (0.0, 32.892, 64.889, 157.217)


def podsim_episode(**kwargs: object) -> Episode:
    alignment = truth_alignment(**kwargs)  # type: ignore[arg-type]
    return Episode(
        key="0" * 64,
        source=str(podsim_audio()),
        audio_path=podsim_audio(),
        title="podsim-mini",
        alignment=alignment,
        duration=alignment.duration,
        chapters=alignment.chapters,
        model="tiny.en",
    )


class FakeServices:
    """Yields ``events`` then returns ``episode``; ``hold`` keeps it waiting (progress view)."""

    def __init__(
        self,
        episode: Episode | None = None,
        events: tuple[Progress, ...] = (),
        *,
        hold: bool = False,
        error: Exception | None = None,
        resume: float | None = None,
        speed: float | None = None,
    ) -> None:
        self.episode = episode if episode is not None else podsim_episode()
        self.events = events
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.error = error
        self.resume = resume
        self.speed = speed  # the remembered speed (save_speed records into it)
        self.saved: list[tuple[str, float]] = []
        self.requests: list[object] = []
        self.closed = threading.Event()

    def prepare(self, request: object) -> Stage[Episode]:
        self.requests.append(request)
        try:
            yield from self.events
            while not self.release.wait(0.1):  # keep yielding so a cancelled worker can stop
                yield self.events[-1] if self.events else Progress("prepare")
            if self.error is not None:
                raise self.error
            return self.episode
        finally:
            self.closed.set()

    def load_position(self, key: str) -> float | None:
        return self.resume

    def save_position(self, key: str, position: float, duration: float | None) -> None:
        self.saved.append((key, position))

    def load_speed(self) -> float | None:
        return self.speed

    def save_speed(self, speed: float) -> None:
        self.speed = speed


def canned(alignment: Alignment, first: int, last: int) -> LineRetranscription:
    """Each line heard as 'heard <n> words' spread over its span."""
    chosen = alignment.lines[first : last + 1]
    words = []
    for al in chosen:
        step = (al.end - al.start) / 3
        for k, text in enumerate(("heard", str(al.line.index + 1), "words")):
            words.append(Word(text, al.start + k * step, al.start + (k + 1) * step, 0.8))
    seg = Segment(0, words[0].start, words[-1].end, " ".join(w.text for w in words), tuple(words))
    published = " ".join(al.line.text for al in chosen)
    return LineRetranscription(
        line_indexes=tuple(range(first, last + 1)),
        starts=tuple(al.start for al in chosen),
        start=chosen[0].start,
        end=chosen[-1].end,
        published=published,
        heard=Transcription((seg,), "en", 1.0, "canned"),
        ops=diff_tokens(tokenize(published), tuple(w.text for w in words)),
    )


async def episode_ready(pilot, app) -> PlayerScreen:  # type: ignore[no-untyped-def]
    """Wait (at most 5 s of pauses) until ``app``'s player screen shows its episode."""
    import pytest

    screen = app.player_screen
    for _ in range(250):
        if screen.episode is not None:
            await pilot.pause()
            return screen
        await pilot.pause(0.02)
    pytest.fail("the episode never became ready")
