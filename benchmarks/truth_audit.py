"""How true is the real-speech truth? Line starts against a plain acoustic onset, PocketSphinx
against MFA.

Why: the real-speech bar (median line-start error <= 25 ms) is only as good as the truth it is
measured against. Most of that truth is CMU PocketSphinx 5 forced alignment (10 ms frames,
``real_timings.py``), which may put a word's start inside the silence before it. This module
checks that with a deliberately simple rule that is not podalign's onset code:

* **pause**: a line follows >= ``MIN_PAUSE`` s of no truth word (the previous line's end, or
  the end of a music/ad region, to the line's truth start);
* **room tone**: the median level of the 10 ms frames inside that pause (its first 50 ms and
  the last ``LOOK_BACK`` s before the truth start left out), broadband and pre-emphasized
  (x[n] - 0.97 x[n-1]) separately; a pause is **clean** if none of its frames rises
  ``RISE_DB`` above its room tone (no filler, breath or click in it);
* **onset**: the centre of the first 10 ms frame (1 ms hop) at or after truth start -
  ``LOOK_BACK`` whose broadband OR pre-emphasized level is >= ``RISE_DB`` above its room tone.

* **foot**: where that rise leaves the room tone (the frame after the last one before the
  onset at which both levels are within ``FOOT_DB`` of their room tone).

``onset - truth`` and ``foot - truth`` > 0 mean the truth starts in silence before the sound.
A start is **judged** where its pause is clean and the speech after it rises >= ``MIN_PEAK_DB``
over the room tone (the rule means nothing under a loud room, e.g. the cold corpus).
``checked_truth`` moves a judged line start to its foot where the foot is later (0 < foot -
truth <= ``MAX_SHIFT``) and leaves every other start alone; ``accuracy.py --truth
onset-checked`` scores against both truths. ``truth_audit_aligners.py`` adds PocketSphinx
against MFA's TextGrids and a calibration on a voice with exact onsets.

    python -m benchmarks.truth_audit                 # both episodes, PocketSphinx vs MFA and TTS
    python -m benchmarks.truth_audit --lines         # + one row per line after a pause
    python -m benchmarks.truth_audit --tts-hours     # + PocketSphinx on the synthetic hours
    python -m benchmarks.truth_audit --no-mfa        # the onset tables only (no PocketSphinx)
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.truth import Truth, TruthSentence, TruthTurn

SR = 16000
FRAME = 160  # 10 ms window
HOP = 16  # 1 ms hop
EMPHASIS = 0.97
MIN_PAUSE = 0.25
LOOK_BACK = 0.10
RISE_DB = 10.0
FOOT_DB = 3.0
#: A start is judged only where the speech after it rises this far over the room tone.
MIN_PEAK_DB = 20.0
MAX_SHIFT = 0.25
#: How early PocketSphinx starts the first word after a pause, on exact onsets: the median of
#: ``truth_audit_aligners.tts_report`` on podsim-mini (-27 ms; -23 / -30 ms on the first 20 min
#: of the piper / eSpeak hours).
PS_EARLY = 0.027
OUT_DIR = Path(__file__).resolve().parents[1] / "benchmarks" / "out"

#: First-phone classes of the CMU phone set (ARPAbet, stress digits stripped).
STOPS = {"P", "B", "T", "D", "K", "G", "CH", "JH"}
FRICATIVES = {"F", "V", "TH", "DH", "S", "Z", "SH", "ZH", "HH"}


def phone_class(phone: str) -> str:
    """``stop`` (stops, affricates), ``fricative`` (incl. HH) or ``vowel-nasal`` (the rest:
    vowels, nasals, liquids, glides)."""
    p = re.sub(r"\d", "", phone.upper())
    return "stop" if p in STOPS else "fricative" if p in FRICATIVES else "vowel-nasal"


@dataclass(frozen=True)
class Levels:
    """Frame levels (dB) of a whole recording: 10 ms windows every 1 ms, broadband and
    pre-emphasized; frame k covers samples [k*HOP, k*HOP + FRAME)."""

    broad: np.ndarray
    emph: np.ndarray

    @classmethod
    def of(cls, audio: np.ndarray) -> Levels:
        x = np.asarray(audio, dtype=np.float64)
        e = np.empty_like(x)
        e[0] = 0.0
        e[1:] = x[1:] - EMPHASIS * x[:-1]

        def db(sig: np.ndarray) -> np.ndarray:
            c = np.concatenate(([0.0], np.cumsum(sig**2)))
            starts = np.arange(0, len(sig) - FRAME + 1, HOP)
            return 10.0 * np.log10((c[starts + FRAME] - c[starts]) / FRAME + 1e-12)

        return cls(db(x), db(e))

    def frame(self, t: float) -> int:
        """Index of the first frame starting at or after time ``t``."""
        return max(0, min(len(self.broad), int(np.ceil(t * SR / HOP))))

    @staticmethod
    def centre(k: int) -> float:
        return (k * HOP + FRAME / 2) / SR


@dataclass(frozen=True)
class Check:
    """One line start (or word start) that follows a pause, against the acoustic onset."""

    label: str
    truth: float
    pause: float
    clean: bool  # no frame of the pause rises RISE_DB above its room tone
    onset: float | None  # the first frame RISE_DB above room tone; None: none within 1 s
    foot: float | None  # where that rise leaves the room tone (<= FOOT_DB above it)
    peak: float  # the loudest rise over room tone in the second after the truth start (dB)

    @property
    def offset(self) -> float | None:
        return None if self.onset is None else self.onset - self.truth

    @property
    def foot_offset(self) -> float | None:
        return None if self.foot is None else self.foot - self.truth


def check_start(levels: Levels, truth: float, pause_from: float, label: str = "") -> Check:
    """Room tone over [pause_from + 0.05, truth - LOOK_BACK), then the first frame from
    truth - LOOK_BACK that rises RISE_DB above it (broadband or pre-emphasized), and the foot
    of that rise: the frame after the last one before it where both levels are within
    FOOT_DB of their room tone."""
    sigs = (levels.broad, levels.emph)
    a, b = levels.frame(pause_from + 0.05), levels.frame(truth - LOOK_BACK) - FRAME // HOP
    b = max(b, a + 1)
    if b > len(levels.broad):  # past the end of the audio
        return Check(label, truth, truth - pause_from, False, None, None, 0.0)
    room = [float(np.median(x[a:b])) for x in sigs]
    quiet = all(float(x[a:b].max()) < r + RISE_DB for x, r in zip(sigs, room))
    k0, k1 = levels.frame(truth - LOOK_BACK), levels.frame(truth + 1.0)
    rise = np.maximum(sigs[0][a:k1] - room[0], sigs[1][a:k1] - room[1])
    peak = float(rise[k0 - a :].max()) if k1 > k0 else 0.0
    hit = np.flatnonzero(rise[k0 - a :] >= RISE_DB)
    if not len(hit):
        return Check(label, truth, truth - pause_from, quiet, None, None, peak)
    k = k0 - a + int(hit[0])
    low = np.flatnonzero(rise[:k] <= FOOT_DB)
    j = int(low[-1]) + 1 if len(low) else 0
    onset, foot = levels.centre(a + k), levels.centre(a + j)
    return Check(label, truth, truth - pause_from, quiet, onset, foot, peak)


def after_pauses(truth: Truth) -> list[tuple[int, float]]:
    """(sentence index, end of the sound before it) for every in-audio truth line that follows
    >= MIN_PAUSE of no truth word (the previous line's end or a music/ad region's end)."""
    out: list[tuple[int, float]] = []
    prev_end = 0.0
    for i, s in enumerate(truth.sentences):
        if s.start is None or s.end is None:
            continue
        before = max([prev_end] + [r.end for r in truth.extra if r.end <= s.start + 1e-6])
        prev_end = s.end
        if s.start - before >= MIN_PAUSE:
            out.append((i, before))
    return out


def line_checks(truth: Truth, levels: Levels) -> list[tuple[int, Check]]:
    """(sentence index, check) for every in-audio truth line that follows >= MIN_PAUSE."""
    out: list[tuple[int, Check]] = []
    for i, before in after_pauses(truth):
        s = truth.sentences[i]
        assert s.start is not None
        label = f"{s.turn}.{s.index} {s.text[:34]}"
        out.append((i, check_start(levels, s.start, before, label)))
    return out


def judged(c: Check) -> bool:
    """A clean pause before it and speech >= MIN_PEAK_DB over the room tone after it."""
    return c.clean and c.peak >= MIN_PEAK_DB and c.onset is not None


def movable(c: Check) -> bool:
    """Judged, and the truth start lies in silence: the sound's rise (its foot) begins after
    it, at most MAX_SHIFT later."""
    return judged(c) and c.foot is not None and 0.0 < c.foot - c.truth <= MAX_SHIFT


def with_starts(truth: Truth, starts: dict[int, float]) -> Truth:
    """``truth`` with the sentence starts of ``starts`` (index -> seconds); turn starts follow
    their first line."""
    sents = tuple(
        dataclasses.replace(s, start=starts.get(i, s.start)) for i, s in enumerate(truth.sentences)
    )
    first: dict[int, TruthSentence] = {}
    for s in sents:
        if s.start is not None:
            first.setdefault(s.turn, s)
    turns: tuple[TruthTurn, ...] = tuple(
        dataclasses.replace(t, start=first[t.index].start) if t.index in first else t
        for t in truth.turns
    )
    return dataclasses.replace(truth, sentences=sents, turns=turns)


def checked_truth(truth: Truth, audio: np.ndarray) -> tuple[Truth, int]:
    """``truth`` with line starts moved to the sound's foot where :func:`movable`; the number
    moved."""
    moved = {
        i: round(c.foot, 3)
        for i, c in line_checks(truth, Levels.of(audio))
        if movable(c) and c.foot is not None
    }
    return with_starts(truth, moved), len(moved)


def ps_shifted_truth(truth: Truth) -> tuple[Truth, int]:
    """``truth`` with every PocketSphinx line start after a pause PS_EARLY later (no audio: the
    lead PocketSphinx shows on exact onsets); the number moved. Real-speech truths only."""
    if truth.meta.get("generator") != "benchmarks.real_episode":
        return truth, 0
    sources = turn_sources(str(truth.meta.get("order", "default")))
    moved = {}
    for i, _ in after_pauses(truth):
        s = truth.sentences[i]
        if s.start is not None and sources.get(s.turn) == "PocketSphinx":
            moved[i] = round(s.start + PS_EARLY, 3)
    return with_starts(truth, moved), len(moved)


def alternative_truth(kind: str, truth: Truth, audio: Path) -> tuple[Truth, str]:
    """``accuracy.py --truth KIND``: the other truth and a note saying what changed in it."""
    if kind == "ps-shifted":
        shifted, n = ps_shifted_truth(truth)
        return shifted, f"truth ps-shifted ({n} PocketSphinx line starts after a pause +27 ms)"
    from benchmarks.real_timings import decode16k

    checked, n = checked_truth(truth, decode16k(audio))
    return checked, f"truth onset-checked ({n} line starts after a pause moved to the sound)"


def _ms(x: float) -> str:
    return f"{1000 * x:+.0f}"


def summarize(offsets: list[float]) -> str:
    if not offsets:
        return "n=0"
    d = np.array(offsets)
    return (
        f"n={len(d):3d}  signed median {_ms(float(np.median(d))):>5} ms  "
        f"p10 {_ms(float(np.percentile(d, 10))):>5}  p90 {_ms(float(np.percentile(d, 90))):>5}  "
        f"|p90| {1000 * float(np.percentile(np.abs(d), 90)):4.0f} ms"
    )


# --- which aligner timed a line, and the class of its first sound -------------------------------


def turn_sources(order: str) -> dict[int, str]:
    """Truth turn index -> ``MFA`` (a TextGrid shipped upstream) or ``PocketSphinx``."""
    from benchmarks.real_episode import ORDERS
    from benchmarks.real_sources import by_id
    from benchmarks.real_sources_long import turn_by_id

    slots = [s for s in ORDERS[order] if s.kind in ("turn", "missing")]
    return {
        i: "MFA" if not turn_by_id(s.piece) and by_id(s.piece).textgrid else "PocketSphinx"
        for i, s in enumerate(slots)
    }


@dataclass(frozen=True)
class LineRow:
    sentence: int
    source: str
    sound: str
    check: Check


def episode_rows(order: str, phones: Any) -> tuple[str, list[LineRow]]:
    """The checks of every line after a pause in the episode of ``order`` (its flac)."""
    from benchmarks.real_episode import ensure_episode
    from benchmarks.real_timings import decode16k, spoken_words

    paths, truth = ensure_episode(order=order)
    sources = turn_sources(order)
    rows = []
    for i, c in line_checks(truth, Levels.of(decode16k(paths.flac))):
        s = truth.sentences[i]
        first = spoken_words(s.text)[0]
        rows.append(LineRow(i, sources.get(s.turn, "?"), phones.first_class(first), c))
    return paths.flac.name, rows


def group_table(title: str, groups: dict[str, list[Check]]) -> list[str]:
    out = [title]
    for name, cs in groups.items():
        out.append(
            f"  {name:24s} onset  {summarize([c.offset for c in cs if c.offset is not None])}"
        )
        foot = [c.foot_offset for c in cs if c.foot_offset is not None]
        out.append(f"  {'':24s} foot   {summarize(foot)}")
    return out


def episode_report(name: str, rows: list[LineRow], lines: bool) -> list[str]:
    ok = [r for r in rows if judged(r.check)]
    out = [
        f"{name}: {len(rows)} truth lines after >= {MIN_PAUSE} s of pause, {len(ok)} judged "
        f"(clean pause, speech >= {MIN_PEAK_DB:.0f} dB over room tone); "
        f"{sum(movable(r.check) for r in rows)} starts in silence (foot later, <= {MAX_SHIFT} s)",
    ]
    groups: dict[str, list[Check]] = {"all judged": [r.check for r in ok]}
    for key in ("source", "sound"):
        for v in sorted({getattr(r, key) for r in ok}):
            groups[f"{key}={v}"] = [r.check for r in ok if getattr(r, key) == v]
    out += group_table("  offset = acoustic time - truth start (+: truth before the sound)", groups)
    if lines:
        for r in rows:
            c = r.check
            o = "  none" if c.offset is None else f"{1000 * c.offset:+6.0f}"
            f = "  none" if c.foot_offset is None else f"{1000 * c.foot_offset:+6.0f}"
            flag = "moved" if movable(c) else "judged" if judged(c) else "-"
            out.append(
                f"    {c.truth:8.3f}  pause {c.pause:4.2f}  peak {c.peak:3.0f} dB  onset {o}  "
                f"foot {f} ms  {r.source[:5]:5s} {r.sound:11s} {flag:6s} {c.label}"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    from benchmarks.real_episode import ORDERS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--order", choices=(*ORDERS, "both"), default="both", help="both: default and long"
    )
    ap.add_argument("--lines", action="store_true", help="one row per line after a pause")
    ap.add_argument("--no-mfa", action="store_true", help="skip the PocketSphinx tables")
    ap.add_argument(
        "--tts-hours", action="store_true", help="calibrate on the synthetic hours too (slower)"
    )
    args = ap.parse_args(argv)
    from benchmarks.truth_audit_aligners import Phones, mfa_pairs, mfa_report, tts_report

    phones = Phones()
    out: list[str] = []
    for order in ("default", "long") if args.order == "both" else (args.order,):
        name, rows = episode_rows(order, phones)
        out += [*episode_report(name, rows, args.lines), ""]
    if not args.no_mfa:
        out += [*mfa_report(*mfa_pairs(phones)), "", *tts_report(phones, args.tts_hours)]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
