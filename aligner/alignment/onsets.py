"""Snap a line's start to the moment speech actually begins.

Forced alignment tends to pull the first word after a pause back into the silence before it (the
alignment path has to be somewhere during the pause), and on real voices it starts a word's
first token about a tenth of a second late. A short-time level envelope finds the speech onset
near the aligned start: the point where the level rises from the pause's floor into speech.

The level is measured twice, each against its own floor (:func:`level_rise`): broadband,
which sees voiced and nasal onsets ("There's", "Mm"), and pre-emphasized (the first difference
of the samples), which sees the weak fricatives that begin many words ("From", "Thou", "For":
under the low hum and rumble of a real room their broadband level hardly rises, and the onset
would come at the vowel). A rise must last (a click in a pause is not speech), a pause must
come down near the recording's own quiet level (:func:`noise_floor`), and the onset found on
10 ms frames is refined to a few milliseconds (:func:`refine_onset`). A quiet stretch shorter
than a pause may be a stop's closure between two words: an onset after it is not taken across
a whole word from where the path put the line. A line in connected speech, with no pause
before it, starts at the dip of the level between two words (:func:`word_boundary`). Pure
numpy on the decoded samples; cheap enough to run for every line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aligner.alignment.lead import FRAME, LONG_QUIET_FRAMES, FirstWordLead, frame_at
from aligner.basics.audio import SAMPLE_RATE

#: A pause this long (in 10 ms frames) before a rise marks a possible onset ...
MIN_QUIET_FRAMES = 10
#: Seconds of audio before ``earliest`` measured to know how long a pause already lasted.
PRE_ROLL = 0.5
#: Frames within this many dB of the span's floor count as silence.
QUIET_DB = 8.0
#: A quiet stretch shorter than this (frames) may be a stop's closure inside connected speech,
#: not a pause: 200 ms, the shortest silence pause studies count (closures are 50-150 ms).
PAUSE_AFTER_SPEECH = 20
#: A pause has at least PAUSE_FRAMES frames within PAUSE_DB of the recording's quiet level
#: (:func:`noise_floor`, over NOISE_AROUND seconds either side).
PAUSE_FRAMES = 3
PAUSE_DB = 10.0
NOISE_AROUND = 2.0
#: Pre-emphasis coefficient: ``y[n] = x[n] - EMPHASIS * x[n-1]`` (+6 dB per octave).
EMPHASIS = 0.97
#: A rise is speech only if at least this many of the 10 frames from it are loud (a click or
#: a lone burst inside a pause is not).
LOUD_FRAMES = 3
#: A line in connected speech starts at a dip of the level this many dB deep ...
DIP_DB = 6.0
#: ... at most this many seconds before the aligned start; the boundary is where the dip's low
#: part begins (the level within this many dB of its quietest frame: a stop's closure, the
#: end of the previous word's sound).
DIP_REACH = 0.2
DIP_LOW_DB = 3.0
#: The refined onset: the first 10 ms window (2.5 ms hops) this many dB above the loudest
#: window of the pause before it.
REFINE_DB = 3.0


def _emphasized(seg: np.ndarray) -> np.ndarray:
    """``seg`` pre-emphasized (same length; the first sample has no predecessor: 0)."""
    out = np.empty_like(seg)
    if len(seg):
        out[0] = 0.0
        out[1:] = seg[1:] - EMPHASIS * seg[:-1]
    return out


def energy_db(
    audio: np.ndarray, start: float, end: float, *, emphasis: bool = False
) -> tuple[np.ndarray, float]:
    """Frame energies in dB (10 ms hops, 20 ms windows) over [start, end) and the first
    frame's time; of the pre-emphasized samples if ``emphasis``."""
    a = max(0, int(start * SAMPLE_RATE))
    b = min(len(audio), int(end * SAMPLE_RATE))
    seg = np.asarray(audio[a:b], dtype=np.float32)
    if emphasis:
        seg = _emphasized(seg)
    n = (len(seg) - 2 * FRAME) // FRAME + 1
    if n <= 0:
        return np.zeros(0), a / SAMPLE_RATE
    # a 20 ms window is two 10 ms blocks: sum the squares once per block
    blocks = (seg[: (n + 1) * FRAME].astype(np.float64) ** 2).reshape(n + 1, FRAME).sum(axis=1)
    power = (blocks[:-1] + blocks[1:]) / (2 * FRAME)
    return 10.0 * np.log10(power + 1e-10), a / SAMPLE_RATE


def level_rise(audio: np.ndarray, start: float, end: float) -> tuple[np.ndarray, np.ndarray, float]:
    """How far each 10 ms frame over [start, end) rises above the span's floor, in dB: the
    larger of the broadband and the pre-emphasized rise, each over its own floor (the quietest
    10 % of its frames). Also the broadband energies themselves and the first frame's time."""
    broad, t0 = energy_db(audio, start, end)
    if len(broad) == 0:
        return broad, broad, t0
    emph, _ = energy_db(audio, start, end, emphasis=True)
    rise = np.maximum(broad - np.percentile(broad, 10), emph - np.percentile(emph, 10))
    return rise, broad, t0


def noise_floor(audio: np.ndarray, around: float) -> float:
    """The recording's own quiet level near ``around``: the quietest 5 % of the broadband frame
    energies within :data:`NOISE_AROUND` seconds of it (dB)."""
    db, _ = energy_db(audio, max(0.0, around - NOISE_AROUND), around + NOISE_AROUND)
    return float(np.percentile(db, 5)) if len(db) else -100.0


def refine_onset(audio: np.ndarray, t: float) -> float:
    """The onset found at ``t`` on 10 ms frames, to a few ms: the first 10 ms window (2.5 ms
    hops) from ``t - 0.04`` on whose level (broadband or pre-emphasized) rises
    :data:`REFINE_DB` above every window of the pause over [t - 0.12, t - 0.04] (the loudest,
    not the typical one: the hum and rumble of a real room swing by several dB from one 10 ms
    window to the next); ``t`` when none does before ``t + 0.03``. The caller found at least
    0.1 s of pause before ``t``."""
    win, hop = SAMPLE_RATE // 100, SAMPLE_RATE // 400
    a = int((t - 0.12) * SAMPLE_RATE)
    b = int((t + 0.03) * SAMPLE_RATE)
    if a < 0 or b > len(audio):
        return t
    seg = np.asarray(audio[a:b], dtype=np.float32)
    n = (len(seg) - win) // hop + 1
    idx = np.arange(n)[:, None] * hop + np.arange(win)[None, :]
    pause = int(0.08 * SAMPLE_RATE) // hop  # windows starting in the pause part
    rise = np.full(n, -np.inf)
    for x in (seg, _emphasized(seg)):
        level = 10.0 * np.log10(np.mean(x[idx] ** 2, axis=1) + 1e-10)
        rise = np.maximum(rise, level - np.max(level[:pause]))
    above = np.flatnonzero(rise[pause:] > REFINE_DB)
    if len(above) == 0:
        return t
    # the sound began in the window's second half: its end, less half the window
    return (a + (pause + int(above[0])) * hop + win) / SAMPLE_RATE - 0.005


def speech_onset(
    audio: np.ndarray,
    aligned: float,
    *,
    earliest: float,
    latest: float,
    rise_db: float = 12.0,
    lead_sound: float | None = None,
    path_start: float | None = None,
    second_start: float | None = None,
) -> float | None:
    """The speech onset nearest to ``aligned`` within [earliest, latest], or None.

    The level is :func:`level_rise`'s (broadband or pre-emphasized, over its floor); speech is
    any frame more than ``rise_db`` above the floor (and within 35 dB of the span's loudest
    frame), for at least :data:`LOUD_FRAMES` of 10 frames. The onset is the start of a speech
    run after a quiet stretch of at least 100 ms that comes down near the recording's quiet
    level (:data:`PAUSE_FRAMES`): the one after the longest stretch (up to 300 ms; among
    equals, the one closest to ``aligned``), refined to a few milliseconds.

    ``lead_sound`` (seconds): an onset before ``aligned`` with more sound than that between it
    and ``aligned`` is not this word's. The alignment path starts a word late by a fraction of
    it, never by whole sounds: a filler the transcript leaves out ("um", "uh"), a breath or
    the end of the previous sentence, heard right before the word with no pause between, is
    sound before the word that the onset must not jump back over. Nor is an onset whose sound
    a long pause parts from the path's start (a breath, a filler: the word's own sound runs up
    to where the path starts it), unless the path pressed the word into no time (``aligned``
    leans earlier than ``path_start``). ``second_start``: where the path starts the line's
    second word; a path that gave a filler before the line to its first word starts that word
    on the filler, so the budget is also kept up to the second word
    (:class:`aligner.alignment.lead.FirstWordLead`).

    ``path_start``: where the path itself put the word (``aligned`` may lean earlier than it).
    A quiet stretch shorter than :data:`PAUSE_AFTER_SPEECH` may be a stop's closure inside
    connected speech ("that | beautiful", "by | Peter"): an onset after it is not taken past
    speech that follows the path's start (the line's own first word), nor back over more than
    :data:`DIP_REACH` of speech before it (:func:`_closure_ok`).
    """
    levels = _levels(audio, aligned, earliest, latest, rise_db)
    if levels is None:
        return None
    candidates, _ = _candidates(
        levels, aligned, earliest, latest, lead_sound, path_start, second_start
    )
    if not candidates:
        return None
    best = _best(candidates, aligned)
    return min(max(refine_onset(audio, best[0]), earliest), latest)


def _best(candidates: list[tuple[float, int]], aligned: float) -> tuple[float, int]:
    """The rise :func:`speech_onset` takes: the longest pause wins (a sentence break is longer
    than a stop consonant); pauses of :data:`LONG_QUIET_FRAMES` or more count as equal, and
    then the one closest to ``aligned`` wins."""
    return max(candidates, key=lambda cq: (min(cq[1], LONG_QUIET_FRAMES), -abs(cq[0] - aligned)))


def rival_onsets(
    audio: np.ndarray,
    aligned: float,
    *,
    earliest: float,
    latest: float,
    lead_sound: float | None = None,
    path_start: float | None = None,
    second_start: float | None = None,
    rise_db: float = 12.0,
) -> list[float]:
    """The onsets after a long pause (:data:`LONG_QUIET_FRAMES`) that :func:`speech_onset`
    (same arguments) passes over, refined: all long pauses count as equal there and the one
    nearest ``aligned`` wins, and an onset with more than ``lead_sound`` of sound before
    ``aligned`` is left out. That sound is either not the line's (a filler, a breath, the end
    of the sentence before) or its own first word drawn out ("aaand here's"); of two long
    pauses, either may be the sentence break. The level cannot tell which, a caller that
    hears words can (:mod:`aligner.alignment.first_words`)."""
    levels = _levels(audio, aligned, earliest, latest, rise_db)
    if levels is None:
        return []
    taken, over = _candidates(
        levels, aligned, earliest, latest, lead_sound, path_start, second_start
    )
    chosen = _best(taken, aligned)[0] if taken else None
    longs = [t for t, quiet in [*taken, *over] if quiet >= LONG_QUIET_FRAMES and t != chosen]
    return [min(max(refine_onset(audio, t), earliest), latest) for t in longs]


def _candidates(
    levels: _Levels,
    aligned: float,
    earliest: float,
    latest: float,
    lead_sound: float | None,
    path_start: float | None,
    second_start: float | None,
) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """The rises :func:`speech_onset` may take, ``(time, quiet frames before it)``, and those
    it may not take only for the first word's sound budget (``lead_sound``:
    :class:`aligner.alignment.lead.FirstWordLead`)."""
    db, t0 = levels.db, levels.t0
    # said[i]: loud frames before frame i; ``start``: the frame of the path's start
    said = np.concatenate(([0], np.cumsum(levels.loud)))
    path_start = aligned if path_start is None else path_start
    leaning = path_start > aligned  # the search leans earlier than the path's start
    lead = None
    if lead_sound is not None:
        lead = FirstWordLead.over(
            levels.silent, levels.t0, aligned, lead_sound, second_start, pressed=leaning
        )
    start = frame_at(path_start, t0, len(db))
    candidates: list[tuple[float, int]] = []
    over: list[tuple[float, int]] = []
    for i, t, quiet in _rises(levels):
        # a quiet too short to be surely a pause may be a stop's closure between two words
        closure = quiet < PAUSE_AFTER_SPEECH
        if closure and not _closure_ok(said, i, start, t > path_start, leaning):
            continue
        if not earliest <= t <= latest:
            continue
        if lead is None or lead.allows(i, t, aligned):
            candidates.append((t, quiet))
        else:
            over.append((t, quiet))
    return candidates, over


@dataclass(frozen=True)
class _Levels:
    """The frame levels :func:`speech_onset` and :func:`pause_onsets` read (10 ms frames from
    ``t0``): the rise over the span's floor, and which frames are quiet, loud, and (broadband)
    down near the recording's own quiet level."""

    db: np.ndarray
    t0: float
    silent: np.ndarray
    loud: np.ndarray
    deep: np.ndarray


def _levels(
    audio: np.ndarray, around: float, earliest: float, latest: float, rise_db: float
) -> _Levels | None:
    """The levels over [earliest - PRE_ROLL, latest + 0.1], or None when the span is too short
    or has no pause to speak of (no frame ``rise_db`` above its floor)."""
    if latest - earliest < 0.05:
        return None
    # Measure from half a second earlier so a pause that began before ``earliest`` counts in
    # full; onsets are only taken inside [earliest, latest].
    db, broad, t0 = level_rise(audio, max(0.0, earliest - PRE_ROLL), latest + 0.1)
    if len(db) < 5:
        return None
    floor = float(np.percentile(db, 10))
    peak = float(np.max(db))
    if peak - floor < rise_db:
        return None
    # A pause comes down near the recording's own quiet level; the dips between words in
    # connected speech (a stop's closure) stay above it, however quiet they are in the span.
    deep = broad < noise_floor(audio, around) + PAUSE_DB
    return _Levels(db, t0, db < floor + QUIET_DB, db > max(floor + rise_db, peak - 35.0), deep)


def _rises(levels: _Levels) -> list[tuple[int, float, int]]:
    """Every rise into speech after a pause: ``(frame, time, quiet frames before it)``.

    The onset is the first non-silent frame after at least :data:`MIN_QUIET_FRAMES` silent
    ones (:data:`PAUSE_FRAMES` of them down near the recording's quiet level), provided the
    level then reaches ``loud`` soon (a blip of noise inside a pause is not speech)."""
    silent, loud, deep = levels.silent, levels.loud, levels.deep
    out: list[tuple[int, float, int]] = []
    quiet = deep_frames = 0
    in_speech = False
    for i in range(len(levels.db)):
        if silent[i]:
            quiet += 1
            deep_frames += int(deep[i])
            in_speech = False
            continue
        if in_speech:
            continue
        if loud[i : i + 10].sum() < LOUD_FRAMES:
            quiet += 1
            continue
        if quiet >= MIN_QUIET_FRAMES and deep_frames >= PAUSE_FRAMES:
            out.append((i, levels.t0 + i * FRAME / SAMPLE_RATE + 0.01, quiet))
        quiet = deep_frames = 0
        in_speech = True
    return out


def pause_onsets(
    audio: np.ndarray, around: float, *, earliest: float, latest: float, rise_db: float = 12.0
) -> list[float]:
    """Every speech onset after a pause within [earliest, latest], refined, without the rules
    :func:`speech_onset` uses to choose one: the places a line could start, for a caller that
    can tell which one its words are spoken from (:mod:`aligner.alignment.first_words`)."""
    levels = _levels(audio, around, earliest, latest, rise_db)
    if levels is None:
        return []
    rises = [t for _, t, _ in _rises(levels) if earliest <= t <= latest]
    return [min(max(refine_onset(audio, t), earliest), latest) for t in rises]


def word_boundary(
    audio: np.ndarray, aligned: float, *, earliest: float, latest: float
) -> float | None:
    """Where a line in connected speech starts: the deepest dip of the level within
    :data:`DIP_REACH` before ``aligned`` (the alignment path starts a word late, never early
    by much), or None.

    With no pause before a line, :func:`speech_onset` finds nothing; the boundary between the
    previous word and this one is still a dip in the level (the previous word's last sound
    dies away before this one's first rises). A dip counts if it is at least :data:`DIP_DB`
    below the loudest frame within 150 ms on each side of it; the boundary is where its low
    part begins (a stop's closure belongs to the word it opens), within [earliest, latest].
    """
    lo = max(earliest, aligned - DIP_REACH)
    hi = min(latest, aligned + 0.02)
    if hi - lo < 0.03:
        return None
    side = 15  # frames
    step = FRAME / SAMPLE_RATE
    db, t0 = energy_db(audio, lo - side * step - 0.01, hi + side * step)
    best: tuple[float, float] | None = None
    for i in range(side, len(db) - side):
        t = t0 + i * step + 0.01
        if not lo <= t <= hi or db[i] > db[i - 1] or db[i] > db[i + 1]:
            continue
        depth = min(db[i - side : i].max(), db[i + 1 : i + 1 + side].max()) - db[i]
        if depth >= DIP_DB and (best is None or depth > best[0]):
            j = i  # the dip's low part begins where the level comes within DIP_LOW_DB of it
            while j > side and db[j - 1] < db[i] + DIP_LOW_DB:
                j -= 1
            best = (float(depth), max(lo, t0 + j * step + 0.01))
    return None if best is None else best[1]


def _closure_ok(said: np.ndarray, i: int, start: int, after: bool, leaning: bool) -> bool:
    """Whether an onset at frame ``i`` after a quiet too short to be surely a pause (a stop's
    closure is shorter than :data:`PAUSE_AFTER_SPEECH`) may still be the line's start, given
    ``said`` (loud frames before each frame) and the path's start at frame ``start``. After
    the path's start, not past speech: that is the line's own first word, and the quiet its
    next word's closure. Before it, not back over more than :data:`DIP_REACH` of speech: the
    path starts a word in connected speech late by part of it, not by a whole word (unless
    ``leaning``: the path pressed the word into almost no time, its start is no guide)."""
    if after:
        return bool(said[i] - said[start] < LOUD_FRAMES)
    return leaning or bool((said[start] - said[i]) * FRAME / SAMPLE_RATE <= DIP_REACH)


__all__ = [
    "energy_db",
    "level_rise",
    "noise_floor",
    "pause_onsets",
    "refine_onset",
    "rival_onsets",
    "speech_onset",
    "word_boundary",
]
