"""The aligners behind the real-speech truth, measured: PocketSphinx against MFA's TextGrids,
and PocketSphinx and the onset rule of ``truth_audit`` on a voice whose onsets are known exactly.

Why: ``truth_audit`` finds the truth's line starts before the sound; this module says whose
habit that is. PocketSphinx (run as ``real_timings.py`` runs it) aligns the three pieces that
ship MFA TextGrids (acoustic, cold, cold3) and is compared word by word, by the class of the
word's first phone (CMU dictionary). Then both PocketSphinx and the onset rule meet the exact
sentence starts of the synthetic ``podsim-mini`` (TTS: its truth is where each sentence's audio
begins), which calibrates the rule (no lag on clean onsets) and PocketSphinx (how early it puts
a first word after a pause). Run through ``python -m benchmarks.truth_audit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from benchmarks.truth import Truth
from benchmarks.truth_audit import (
    MIN_PAUSE,
    SR,
    Check,
    Levels,
    check_start,
    group_table,
    judged,
    line_checks,
    phone_class,
    summarize,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"


class Phones:
    """First phones of words from PocketSphinx's CMU dictionary (plus ``real_timings``'s own)."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self._dec = Decoder(lm=None, loglevel="FATAL")

    def first_class(self, word: str) -> str:
        from benchmarks.real_timings import EXTRA_PRONUNCIATIONS

        w = word.lower()
        phones = self._dec.lookup_word(w) or EXTRA_PRONUNCIATIONS.get(w) or ""
        return phone_class(phones.split()[0]) if phones else "?"


@dataclass(frozen=True)
class WordPair:
    piece: str
    word: str
    sound: str
    mfa: float
    ps: float
    line_start: bool
    mfa_check: Check | None  # both against the onset, where MFA has a pause before the word
    ps_check: Check | None


def mfa_pairs(phones: Phones) -> tuple[list[WordPair], list[str]]:
    """PocketSphinx (as ``real_timings`` runs it) on the pieces with an MFA TextGrid; the ids
    of those it could not align."""
    from aligner.formats import parse_transcript
    from benchmarks.real_episode import _line_starts
    from benchmarks.real_sources import PIECES, audio_path, data_dir
    from benchmarks.real_timings import decode16k, pocketsphinx_align, read_textgrid_words

    data = data_dir(None)
    out: list[WordPair] = []
    skipped: list[str] = []
    for p in PIECES:
        tg = data / f"{p.id}.TextGrid"
        if not (p.textgrid and tg.exists()):
            continue
        every = read_textgrid_words(tg)
        keep = [k for k, m in enumerate(every) if re.fullmatch(r"[a-z']+", m[0].lower())]
        mfa = [every[k] for k in keep]
        audio = decode16k(audio_path(data, p))
        try:
            ps = pocketsphinx_align(audio, [w.lower() for w, _, _ in mfa])
        except SystemExit:  # as in real_timings.check: PocketSphinx loses the thread (cold3)
            skipped.append(p.id)
            continue
        levels = Levels.of(audio)
        page = parse_transcript(f"**X** \\[00:00:00\\]: {p.text}", "markdown")
        starts = {round(a, 3) for a, _ in _line_starts([ln.text for ln in page.lines], mfa)}
        for k, (w, a, _b), (_, pa, _pb) in zip(keep, mfa, ps):
            prev = every[k - 1][2] if k else 0.0
            mc = pc = None
            if a - prev >= MIN_PAUSE and pa - prev >= 0.15:
                mc = check_start(levels, a, prev, w)
                pc = check_start(levels, pa, prev, w)
            out.append(
                WordPair(p.id, w, phones.first_class(w), a, pa, round(a, 3) in starts, mc, pc)
            )
    return out, skipped


def mfa_report(pairs: list[WordPair], skipped: list[str]) -> list[str]:
    out = ["PocketSphinx - MFA word starts (+: PocketSphinx later)"]
    if skipped:
        out[0] += f"; PocketSphinx could not align {', '.join(skipped)}"
    groups: dict[str, list[WordPair]] = {"all words": pairs}
    for piece in dict.fromkeys(p.piece for p in pairs):
        groups[piece] = [p for p in pairs if p.piece == piece]
    for sound in ("stop", "fricative", "vowel-nasal"):
        groups[f"sound={sound}"] = [p for p in pairs if p.sound == sound]
    groups["line starts"] = [p for p in pairs if p.line_start]
    for name, ps in groups.items():
        out.append(f"  {name:24s} {summarize([p.ps - p.mfa for p in ps])}")
    both = [p for p in pairs if p.mfa_check and p.ps_check and judged(p.mfa_check)]
    out.append(
        f"  words after >= {MIN_PAUSE} s of pause (judged on MFA's start), against the onset:"
    )
    for who, name in (("mfa", "MFA"), ("ps", "PocketSphinx")):
        out += group_table("", {name: [getattr(p, f"{who}_check") for p in both]})[1:]
    return out


#: Synthetic episodes with exact sentence starts: podsim-mini (shared), and the hours of
#: ``make_episode.py`` (piper, eSpeak NG) where built, their first 20 minutes.
OUT = Path(__file__).resolve().parent / "out"
TTS = (
    (
        "podsim-mini",
        SHARED / "examples" / "podsim-mini.truth.json",
        SHARED / "audio/podsim-mini.opus",
    ),
    ("piper hour", OUT / "interconnects-ross-taylor-s7-fd46fe824a.truth.json", None),
    ("eSpeak hour", OUT / "interconnects-ross-taylor-espeak-s7-43cdc0fdac.truth.json", None),
)
TTS_SECONDS = 1200.0


def tts_report(phones: Phones, hours: bool = False) -> list[str]:
    """The onset rule and PocketSphinx against exact sentence starts after a pause of
    >= MIN_PAUSE (PocketSphinx aligns each such sentence in a cut from 0.5 s before it), by the
    class of the first sound; podsim-mini, and with ``hours`` the synthetic hours."""
    from benchmarks.real_timings import decode16k, pocketsphinx_align, spoken_words

    out = ["TTS with exact sentence starts, lines after a pause: time - truth start"]
    for name, truth_path, audio_path in TTS if hours else TTS[:1]:
        audio_path = audio_path or truth_path.with_name(
            truth_path.name.replace(".truth.json", ".opus")
        )
        if not (truth_path.exists() and audio_path.exists()):
            out.append(f"  {name}: not built")
            continue
        truth = Truth.load(truth_path)
        audio = decode16k(audio_path)[: round(TTS_SECONDS * SR)]
        levels = Levels.of(audio)
        ps: dict[str, list[float]] = {"all": []}
        rule: list[Check] = []
        missing = 0
        for i, c in line_checks(truth, levels):
            s = truth.sentences[i]
            words = spoken_words(s.text)
            if not judged(c) or s.end is None or s.end > TTS_SECONDS - 1 or not words:
                continue
            rule.append(c)
            a, b = max(c.truth - c.pause, c.truth - 0.5), s.end + 0.2
            try:
                timed = pocketsphinx_align(audio[round(a * SR) : round(b * SR)], words)
            except SystemExit:  # a word the CMU dictionary lacks
                missing += 1
                continue
            for key in ("all", phones.first_class(words[0])):
                ps.setdefault(key, []).append(a + timed[0][1] - c.truth)
        out += group_table(f"  {name}", {"the onset rule": rule})
        out += [f"  {'PocketSphinx ' + k:24s} start  {summarize(v)}" for k, v in ps.items()]
        out.append(f"  {'':24s} ({missing} not aligned: a word without pronunciation)")
    return out
