"""Snap a line's start to the moment speech actually begins.

Forced alignment tends to pull the first word after a pause back into the silence before it (the
alignment path has to be somewhere during the pause). A short-time energy envelope finds the
speech onset near the aligned start: the point where the level rises from the pause's floor
into speech. Pure numpy on the decoded samples; cheap enough to run for every line.
"""

from __future__ import annotations

import numpy as np

from aligner.basics.audio import SAMPLE_RATE

FRAME = 160  # 10 ms hops
#: A pause this long (in 10 ms frames) before a rise marks a possible onset ...
MIN_QUIET_FRAMES = 10
#: Seconds of audio before ``earliest`` measured to know how long a pause already lasted.
PRE_ROLL = 0.5
#: Frames within this many dB of the span's floor count as silence.
QUIET_DB = 8.0
#: Longer pauses are preferred up to this length (a real pause, not a stop consonant).
LONG_QUIET_FRAMES = 30


def energy_db(audio: np.ndarray, start: float, end: float) -> tuple[np.ndarray, float]:
    """Frame energies in dB (10 ms hops, 20 ms windows) over [start, end) and the first
    frame's time."""
    a = max(0, int(start * SAMPLE_RATE))
    b = min(len(audio), int(end * SAMPLE_RATE))
    seg = np.asarray(audio[a:b], dtype=np.float32)
    n = (len(seg) - 2 * FRAME) // FRAME + 1
    if n <= 0:
        return np.zeros(0), a / SAMPLE_RATE
    idx = np.arange(n)[:, None] * FRAME + np.arange(2 * FRAME)[None, :]
    power = np.mean(seg[idx] ** 2, axis=1)
    return 10.0 * np.log10(power + 1e-10), a / SAMPLE_RATE


def speech_onset(
    audio: np.ndarray,
    aligned: float,
    *,
    earliest: float,
    latest: float,
    rise_db: float = 12.0,
    lead_sound: float | None = None,
) -> float | None:
    """The speech onset nearest to ``aligned`` within [earliest, latest], or None.

    The floor is the quietest 10 % of the frames in the search span; speech is any frame more
    than ``rise_db`` above it (and within 35 dB of the span's loudest frame). The onset is the
    start of a speech run after a quiet stretch of at least 100 ms: the one after the longest
    stretch (up to 300 ms; among equals, the one closest to ``aligned``).

    ``lead_sound`` (seconds): an onset before ``aligned`` with more sound than that between it
    and ``aligned`` is not this word's. The alignment path starts a word late by a fraction of
    it, never by whole sounds: a filler the transcript leaves out ("um", "uh"), a breath or
    the end of the previous sentence, heard right before the word with no pause between, is
    sound before the word that the onset must not jump back over.
    """
    if latest - earliest < 0.05:
        return None
    # Measure from half a second earlier so a pause that began before ``earliest`` counts in
    # full; onsets are only taken inside [earliest, latest].
    db, t0 = energy_db(audio, max(0.0, earliest - PRE_ROLL), latest + 0.1)
    if len(db) < 5:
        return None
    floor = float(np.percentile(db, 10))
    peak = float(np.max(db))
    if peak - floor < rise_db:
        return None  # no pause to speak of: keep the aligned time
    silent = db < floor + QUIET_DB
    loud = db > max(floor + rise_db, peak - 35.0)
    lead = None
    if lead_sound is not None:
        # lead[i]: seconds of sound from frame i up to the aligned time
        upto = min(len(db), max(0, round((aligned - t0) * SAMPLE_RATE / FRAME)))
        sound = np.zeros(len(db) + 1)
        sound[:upto] = np.cumsum((~silent[:upto])[::-1])[::-1] * FRAME / SAMPLE_RATE
        lead = (sound, lead_sound)
    # Speech that rises out of a silent stretch: the onset is the first non-silent frame after
    # at least MIN_QUIET_FRAMES silent ones, provided the level then reaches ``loud`` soon.
    candidates: list[tuple[float, int]] = []
    quiet = 0
    in_speech = False
    for i in range(len(db)):
        if silent[i]:
            quiet += 1
            in_speech = False
            continue
        if in_speech:
            continue
        if not loud[i : i + 8].any():
            quiet += 1  # a blip of noise inside a pause, not speech
            continue
        t = t0 + i * FRAME / SAMPLE_RATE + 0.01
        if quiet >= MIN_QUIET_FRAMES and earliest <= t <= latest and _near(i, t, aligned, lead):
            candidates.append((t, quiet))
        quiet = 0
        in_speech = True
    if not candidates:
        return None
    # The longest pause wins (a sentence break is longer than a stop consonant); pauses of
    # LONG_QUIET_FRAMES or more count as equal, and then the one closest to ``aligned`` wins.
    best = max(candidates, key=lambda cq: (min(cq[1], LONG_QUIET_FRAMES), -abs(cq[0] - aligned)))
    return best[0]


def _near(i: int, t: float, aligned: float, lead: tuple[np.ndarray, float] | None) -> bool:
    """Whether an onset at frame ``i`` (time ``t``) is within ``lead``'s sound budget."""
    if lead is None or t >= aligned:
        return True
    sound, budget = lead
    return bool(sound[i] <= budget)


def _sound_runs(db: np.ndarray, floor: float) -> list[tuple[int, int]]:
    """(first, end) frames of the stretches above the floor, joining gaps under 60 ms and
    dropping blips under 40 ms. A run starts where its level comes within 20 dB of its peak
    (a recording's own room tone ahead of a word, above the floor, is not the word)."""
    loud = db >= floor + QUIET_DB
    runs: list[list[int]] = []
    for i in np.flatnonzero(loud):
        if runs and i - runs[-1][1] <= 6:
            runs[-1][1] = int(i) + 1
        else:
            runs.append([int(i), int(i) + 1])
    out = []
    for a, b in runs:
        if b - a < 4:
            continue
        peak = float(np.max(db[a:b]))
        a += int(np.argmax(db[a:b] > peak - 20.0))
        out.append((a, b))
    return out


def word_in_stretch(
    audio: np.ndarray, start: float, end: float, spoken: float
) -> tuple[float, float, str]:
    """Where a word that the alignment path stretched over [start, end] is really spoken.

    A stretched word has two causes with opposite fixes. ``"head"``: a short word followed by
    a pause ("First," "Sorry,"): the path runs on through the pause, the word is where the
    stretch begins. ``"tail"``: unknown sound before the word (music, a jingle, an ad): the path
    sat on it, the word is where the stretch ends. The energy envelope tells them apart: a
    first sound about as long as the word followed by a real pause and at most one more short
    sound (the next word) is the head case; else the
    word is the last sound run (or the last ``spoken`` seconds when music runs into it).
    Returns ``(start, end, "head" | "tail")``.
    """
    db, t0 = energy_db(audio, start, end)
    step = FRAME / SAMPLE_RATE
    if len(db) < 10:
        return start, end, "tail"
    floor = float(np.percentile(db, 10))
    runs = _sound_runs(db, floor) if float(np.max(db)) - floor >= 12.0 else []
    if runs:
        a, b = runs[0]
        pause = (runs[1][0] if len(runs) > 1 else len(db)) - b
        # At most one more short sound (the next word) after the pause: music bars with gaps
        # between them are not a word and its pause.
        alone = len(runs) == 1 or (len(runs) == 2 and (runs[1][1] - runs[1][0]) * step <= 1.0)
        head = a * step <= 0.3 and (b - a) * step <= 2 * spoken + 0.3 and pause * step >= 0.25
        if head and alone:
            return t0 + a * step, t0 + b * step + 0.01, "head"
        a, b = runs[-1]
        if (b - a) * step <= 2 * spoken + 0.5:
            return t0 + a * step + 0.01, end, "tail"
    return max(start, end - spoken), end, "tail"


__all__ = ["energy_db", "speech_onset", "word_in_stretch"]
