"""The truth file of a synthetic episode, and the transcript variants derived from it.

The schema is the one of ``shared/examples/podsim-mini.truth.json``: ``sample_rate``,
``duration``, ``turns`` (index, speaker, published, in_audio, start, end), ``sentences``
(turn, index, text, start, end) and ``extra`` (regions not in the transcript), plus
``dropped_turn``. Sentences of a turn left out of the audio have ``start``/``end`` None.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class TruthTurn:
    index: int
    speaker: str | None
    published: float | None
    in_audio: bool
    start: float | None
    end: float | None


@dataclass(frozen=True)
class TruthSentence:
    turn: int
    index: int
    text: str
    start: float | None
    end: float | None


@dataclass(frozen=True)
class TruthRegion:
    what: str
    start: float
    end: float
    text: str = ""


@dataclass(frozen=True)
class Truth:
    sample_rate: int
    duration: float
    turns: tuple[TruthTurn, ...]
    sentences: tuple[TruthSentence, ...]
    extra: tuple[TruthRegion, ...]
    dropped_turn: int | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "sample_rate": self.sample_rate,
            "duration": self.duration,
            "turns": [asdict(t) for t in self.turns],
            "sentences": [asdict(s) for s in self.sentences],
            "extra": [asdict(r) for r in self.extra],
            "dropped_turn": self.dropped_turn,
        }
        if self.meta:
            d["meta"] = self.meta
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Truth:
        return cls(
            sample_rate=int(d["sample_rate"]),
            duration=float(d["duration"]),
            turns=tuple(
                TruthTurn(
                    index=int(t["index"]),
                    speaker=t.get("speaker"),
                    published=t.get("published"),
                    in_audio=bool(t.get("in_audio", True)),
                    start=t.get("start"),
                    end=t.get("end"),
                )
                for t in d["turns"]
            ),
            sentences=tuple(
                TruthSentence(
                    turn=int(s["turn"]),
                    index=int(s["index"]),
                    text=s["text"],
                    start=s.get("start"),
                    end=s.get("end"),
                )
                for s in d["sentences"]
            ),
            extra=tuple(
                TruthRegion(
                    what=r.get("what", "extra"),
                    start=float(r["start"]),
                    end=float(r["end"]),
                    text=r.get("text", ""),
                )
                for r in d.get("extra", ())
            ),
            dropped_turn=d.get("dropped_turn"),
            meta=d.get("meta", {}),
        )

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n", "utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Truth:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @property
    def dropped_turns(self) -> tuple[int, ...]:
        return tuple(t.index for t in self.turns if not t.in_audio)


# --- transcript variants -----------------------------------------------------------------------


def _srt_time(t: float) -> str:
    ms = max(0, round(t * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def drifting_srt(truth: Truth, rate: float = 1.015, offset: float = 9.0) -> str:
    """One cue per sentence at ``truth * rate + offset``, as a caption file from another clock.

    Sentences not in the audio get cues squeezed into the pause where they were cut, like a
    caption file made from a cut that still had them.
    """
    spans: list[tuple[float, float]] = []
    sentences = truth.sentences
    i = 0
    while i < len(sentences):
        s = sentences[i]
        if s.start is not None and s.end is not None:
            spans.append((s.start, s.end))
            i += 1
            continue
        j = i
        while j < len(sentences) and sentences[j].start is None:
            j += 1
        before = spans[-1][1] if spans else 0.0
        after = sentences[j].start if j < len(sentences) else truth.duration
        assert after is not None
        step = max(0.0, after - before) / (j - i + 1)
        for k in range(j - i):
            a = before + step * (k + 0.5)
            spans.append((a, a + step * 0.9))
        i = j
    cues = []
    for n, (s, (a, b)) in enumerate(zip(sentences, spans), start=1):
        cues.append(
            f"{n}\n{_srt_time(a * rate + offset)} --> {_srt_time(b * rate + offset)}\n{s.text}\n"
        )
    return "\n".join(cues)


def plain_text(paragraphs: list[str]) -> str:
    """The transcript as plain text: paragraphs separated by blank lines, no names, no times."""
    return "\n\n".join(p.strip() for p in paragraphs if p.strip()) + "\n"
