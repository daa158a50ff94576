"""Test doubles and data for the player tests: an alignment built from podsim-mini's truth
file (exact sentence times), fake pipeline services and a stand-in pipeline request."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from aligner.progress import Progress, Stage
from aligner.result import AlignedLine, Alignment, LineStatus, Region, Word
from aligner.transcript import Chapter, Line, Transcript, Turn
from tui.services import Episode

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def podsim_audio() -> Path:
    shared = SHARED / "audio" / "podsim-mini.opus"
    return shared if shared.is_file() else ROOT / "examples" / "podsim-mini.opus"


@dataclass(frozen=True)
class Request:
    """Stands in for ``aligner.pipeline.PipelineRequest`` (the player only reads ``source``)."""

    source: str
    transcript: Path | None = None


def truth_alignment(*, chapters: tuple[Chapter, ...] = (), words: bool = False) -> Alignment:
    """podsim-mini's sentences at their true times (ALIGNED), with the intro regions."""
    truth = json.loads((SHARED / "examples" / "podsim-mini.truth.json").read_text())
    speakers = {t["index"]: t["speaker"] for t in truth["turns"]}
    lines, aligned = [], []
    for i, s in enumerate(truth["sentences"]):
        line = Line(index=i, turn=s["turn"], speaker=speakers[s["turn"]], text=s["text"])
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


CHAPTERS = (
    Chapter(0.0, "Cold open"),
    Chapter(32.9, "Welcome, Ross"),
    Chapter(64.9, "Papers with Code"),
    Chapter(157.2, "Deep RL evaluation"),
)


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
    ) -> None:
        self.episode = episode if episode is not None else podsim_episode()
        self.events = events
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.error = error
        self.resume = resume
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
