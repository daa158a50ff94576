"""Turn per-word timings into timed transcript lines: status, confidence, onsets, gaps.

The walk (:mod:`aligner.alignment.walk`) and the word-only path
(:func:`aligner.alignment.align.align_words`) both
end here: a line is ``aligned`` when most of its words were placed, ``not_in_audio`` when most
are known missing, else ``interpolated`` between its neighbours. Aligned line starts are snapped
to the speech onset (:mod:`aligner.alignment.onsets`), or in connected speech to the word
boundary, and no line runs into the next. A short first word the path started after its sound,
on the silence that follows it, starts where that sound begins
(:func:`aligner.alignment.stretches.sound_behind`). A line whose first words the model did not
hear (a name, jargon) but whose other words it placed starts where those words are spoken, not
at its first heard word.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from aligner.alignment.first_words import Judge, in_doubt, pick_start
from aligner.alignment.normalize import normalize_word
from aligner.alignment.onsets import (
    pause_onsets,
    rival_onsets,
    speech_onset,
    word_boundary,
)
from aligner.alignment.stretches import sound_behind
from aligner.result import AlignedLine, Alignment, LineStatus, Region, Word
from aligner.transcript import Transcript

#: How far (s) a line start may move to reach the speech onset.
ONSET_REACH = 1.5
#: The shortest a line can take (its start stays this far after the previous line's start).
MIN_LINE_SECONDS = 0.25
#: An onset is the line's only if there is at most this much sound between it and the aligned
#: start, beyond the first word's own length (:func:`said_seconds`): the path starts a first
#: word late by part of it, so more sound before it is something else (a filler the transcript
#: leaves out, a breath, the previous sentence's end).
LEAD_SLACK = 0.1


@dataclass(frozen=True, slots=True)
class WordTiming:
    """Where one transcript word ended up (the walk replaces a word's timing as it learns more;
    frozen, so one unplaced timing can stand for every word not placed yet)."""

    start: float | None = None
    end: float | None = None
    probability: float = 0.0
    missing: bool = False  # not_in_audio


#: A word not placed (yet), and an unplaced word known to be missing from the audio.
UNPLACED = WordTiming()
MISSING = WordTiming(missing=True)


def transcript_words(transcript: Transcript) -> tuple[list[str], list[int]]:
    """Every word of the transcript's lines and the index of the line it belongs to."""
    words: list[str] = []
    owner: list[int] = []
    for i, line in enumerate(transcript.lines):
        for w in line.text.split():
            words.append(w)
            owner.append(i)
    return words, owner


def assemble(
    transcript: Transcript,
    timings: Sequence[WordTiming],
    *,
    extras: Sequence[Region] = (),
    audio: np.ndarray | None = None,
    duration: float | None = None,
    source: str = "",
    model: str | None = None,
    judge: Judge | None = None,
) -> Alignment:
    """Lines with times, status and confidence from per-word timings.

    A line is ``aligned`` when at least half its words were placed with some confidence,
    ``not_in_audio`` when most of its words are known to be missing, else ``interpolated``
    between its neighbours by text length.
    """
    words, owner = transcript_words(transcript)
    per_line: list[list[int]] = [[] for _ in transcript.lines]
    for wi, li in enumerate(owner):
        per_line[li].append(wi)
    raw: list[dict[str, Any]] = []
    for li, line in enumerate(transcript.lines):
        idx = per_line[li]
        placed = [i for i in idx if timings[i].start is not None]
        missing = [i for i in idx if timings[i].missing]
        # "unheard": seconds of the first words before the first placed one that were not
        # placed nor found missing: spoken, not heard (a name, jargon).
        entry: dict[str, Any] = {
            "line": line,
            "status": LineStatus.INTERPOLATED,
            "conf": 0.0,
            "unheard": 0.0,
        }
        if idx and len(missing) * 2 > len(idx):
            entry["status"] = LineStatus.NOT_IN_AUDIO
        elif placed and len(placed) * 2 >= len(idx):
            probs = [timings[i].probability for i in placed]
            conf = float(statistics.fmean(probs)) * len(placed) / len(idx)
            entry["conf"] = round(max(0.0, min(1.0, conf)), 3)
            entry["status"] = LineStatus.ALIGNED if conf >= 0.2 else LineStatus.INTERPOLATED
            first = timings[placed[0]]
            last = timings[placed[-1]]
            assert first.start is not None and last.start is not None and last.end is not None
            entry["start"] = first.start
            entry["unheard"] = sum(
                said_seconds(words[i]) for i in idx if i < placed[0] and not timings[i].missing
            )
            entry["end"] = min(last.end, last.start + spoken_seconds(words[placed[-1]]))
            entry["words"] = tuple(
                Word(
                    words[i], timings[i].start or 0.0, timings[i].end or 0.0, timings[i].probability
                )
                for i in placed
            )
        raw.append(entry)
    if audio is not None:
        _snap_onsets(raw, audio, extras, judge)
        if judge is not None:
            _judge_unsure(raw, audio, extras, judge)
    _interpolate(raw, duration, extras)
    _no_overlap(raw)
    lines = tuple(
        AlignedLine(
            line=e["line"],
            start=e.get("start"),
            end=e.get("end"),
            status=e["status"],
            confidence=e["conf"],
            words=e.get("words", ()),
        )
        for e in raw
    )
    return Alignment(
        transcript=transcript,
        lines=lines,
        source=source,
        duration=duration,
        model=model,
        extra_regions=tuple(extras),
    )


def spoken_seconds(word: str) -> float:
    """A generous guess of how long ``word`` takes to say (alignment ends include pauses)."""
    return max(0.25, 0.075 * len(word) + 0.15)


def said_seconds(word: str) -> float:
    """:func:`spoken_seconds` of ``word`` as it is said: a number by its words ("2018" is
    "twenty eighteen")."""
    said = normalize_word(word)
    if len(said) > 1:
        return sum(spoken_seconds(w) for w in said)
    return spoken_seconds(word)


def _snap_onsets(
    raw: list[dict[str, Any]],
    audio: np.ndarray,
    extras: Sequence[Region],
    judge: Judge | None = None,
) -> None:
    """Move each aligned line's start to the speech onset near it.

    Two passes: first every line's onset on its own, then again with each line's search ending
    before the next line's own onset (and starting after the previous line's final start), so
    that a one-word line ("Yeah.") and the line after it cannot both take the same onset.
    With a ``judge``, a start the snap moved far from the path is checked by the decoder
    (:mod:`aligner.alignment.first_words`). A line whose first words were spoken but not heard
    (``unheard``: not placed, not found missing) starts before its first heard word: the search
    reaches back by those words' length, and they count in the first word's sound budget;
    the decoder does not judge it (it cannot hear where those words begin). With no onset
    near a line, its first word may lie on the silence after its own sound
    (:func:`aligner.alignment.stretches.sound_behind`); else the word boundary in connected
    speech.
    """
    idx = [i for i, e in enumerate(raw) if e["status"] is LineStatus.ALIGNED and "start" in e]
    if not idx:
        return
    dtw = {i: float(raw[i]["start"]) for i in idx}
    prev_word: dict[int, float] = {}
    last = 0.0
    for i in idx:
        prev_word[i] = last
        words: tuple[Word, ...] = raw[i]["words"]
        if words:
            last = max(last, words[-1].start)
    # A first word pressed into almost no time was not found where the path put it: it is
    # more likely spoken earlier, so the search leans earlier.
    ref = dict(dtw)
    lead: dict[int, float | None] = {}
    second: dict[int, float | None] = {}
    for i in idx:
        words = raw[i]["words"]
        second[i] = words[1].start if len(words) > 1 else None
        first = said_seconds(words[0].text) + raw[i]["unheard"] if words else None
        lead[i] = None if first is None else first + LEAD_SLACK
        if len(words) > 1 and words[0].end - words[0].start < 0.5 * spoken_seconds(words[0].text):
            ref[i] = dtw[i] - 0.4
            lead[i] = None if first is None else first + 0.4 + LEAD_SLACK

    def first_word(i: int) -> dict[str, Any]:
        return {"lead_sound": lead[i], "path_start": dtw[i], "second_start": second[i]}

    first_pass: dict[int, float] = {}
    for pos, i in enumerate(idx):
        nxt = dtw[idx[pos + 1]] if pos + 1 < len(idx) else None
        lo, hi = _onset_span(raw[i], dtw[i], prev_word[i], None, nxt, extras)
        onset = speech_onset(audio, ref[i], earliest=lo, latest=hi, **first_word(i))
        first_pass[i] = onset if onset is not None else dtw[i]
    prev_final: float | None = None
    for pos, i in enumerate(idx):
        nxt = first_pass[idx[pos + 1]] if pos + 1 < len(idx) else None
        lo, hi = _onset_span(raw[i], dtw[i], prev_word[i], prev_final, nxt, extras)
        onset = speech_onset(audio, ref[i], earliest=lo, latest=hi, **first_word(i))
        e, budget = raw[i], lead[i]
        if onset is None and e["words"] and budget is not None:  # put after its own sound?
            end = min(e["words"][0].end, hi)
            onset = sound_behind(audio, dtw[i], end, earliest=lo, budget=budget)
        if onset is None:  # no pause before the line: the word boundary in connected speech
            onset = word_boundary(audio, dtw[i], earliest=lo, latest=hi)
        # The decoder cannot judge where words it does not hear begin.
        if (
            judge is not None
            and not e["unheard"]
            and _doubtful(audio, onset, ref[i], first_word(i), (lo, hi))
        ):
            chosen = onset if onset is not None else dtw[i]
            backed = onset is not None  # by the sound: an onset or a word boundary
            onset = _judged_start(audio, e, chosen, dtw[i], (lo, hi), judge, backed=backed)
        if onset is not None:
            _set_start(e, onset)
        prev_final = e["start"]


def _doubtful(
    audio: np.ndarray,
    onset: float | None,
    ref: float,
    first_word: dict[str, Any],
    span: tuple[float, float],
) -> bool:
    """Whether the decoder should judge a line's start: the snap moved it far from the path
    (``onset``), or it passed over another onset after a long pause (:func:`rival_onsets`:
    a filler before the line, or its first word drawn out)."""
    if onset is not None and in_doubt(first_word["path_start"], onset):
        return True
    return bool(rival_onsets(audio, ref, earliest=span[0], latest=span[1], **first_word))


def _set_start(e: dict[str, Any], start: float) -> None:
    """Start line ``e`` (and its first word) at ``start``."""
    e["start"] = start
    words = e["words"]
    if words and not e["unheard"]:  # else the sound before the first word is not its own
        w0 = words[0]
        e["words"] = (Word(w0.text, start, max(start, w0.end), w0.probability), *words[1:])


def _judge_unsure(
    raw: list[dict[str, Any]], audio: np.ndarray, extras: Sequence[Region], judge: Judge
) -> None:
    """Lines the path placed but too improbably to count as aligned (an unwritten filler
    before the first word makes the whole line improbable): the decoder picks their start among
    the onsets near the path's (:func:`aligner.alignment.first_words.pick_start`)."""
    timed = [i for i, e in enumerate(raw) if e.get("start") is not None and e.get("words")]
    for pos, i in enumerate(timed):
        e = raw[i]
        if e["status"] is not LineStatus.INTERPOLATED:
            continue
        prev = raw[timed[pos - 1]] if pos else None
        nxt = raw[timed[pos + 1]]["start"] if pos + 1 < len(timed) else None
        prev_word = prev["words"][-1].start if prev else 0.0
        start = float(e["start"])
        lo, hi = _onset_span(e, start, prev_word, prev["start"] if prev else None, nxt, extras)
        picked = _judged_start(audio, e, start, start, (lo, hi), judge, backed=False)
        if picked != start:
            _set_start(e, picked)


def _judged_start(
    audio: np.ndarray,
    e: dict[str, Any],
    chosen: float,
    path: float,
    span: tuple[float, float],
    judge: Judge,
    *,
    backed: bool,
) -> float:
    """Line ``e``'s start: ``chosen``, or the onset in ``span`` (near the path's start
    ``path``) from which ``judge`` hears its first word clearly more probably (``backed``:
    whether the sound backs ``chosen``; :func:`aligner.alignment.first_words.pick_start`).
    Onsets only: a window that starts inside a pause makes any first word more probable than
    one that starts at a sound, so the path's own start is no candidate."""
    places = pause_onsets(audio, path, earliest=span[0], latest=span[1])
    return pick_start(chosen, places, [w.text for w in e["words"]], judge, backed=backed)


def _onset_span(
    e: dict[str, Any],
    start: float,
    prev_word_start: float,
    prev_start: float | None,
    next_start: float | None,
    extras: Sequence[Region],
) -> tuple[float, float]:
    """Where the onset of line ``e`` (aligned at ``start``) may be searched."""
    words: tuple[Word, ...] = e["words"]
    first_end = words[1].start if len(words) > 1 else (words[0].end if words else start)
    earliest = max(prev_word_start - 0.2, start - ONSET_REACH - e["unheard"])
    if prev_start is not None:
        earliest = max(earliest, prev_start + MIN_LINE_SECONDS)
    for r in extras:
        if r.start <= earliest < r.end:
            earliest = min(r.end, start)
    reach = 2 * ONSET_REACH if len(words) > 1 else ONSET_REACH
    latest = min(max(first_end, start + 0.2), start + reach)
    if next_start is not None:
        latest = min(latest, next_start - MIN_LINE_SECONDS)
    return earliest, max(earliest, latest)


def _no_overlap(raw: list[dict[str, Any]]) -> None:
    """End each timed line no later than the next timed line starts."""
    nxt: float | None = None
    for e in reversed(raw):
        if e.get("start") is None:
            continue
        if nxt is not None and e["status"] is not LineStatus.NOT_IN_AUDIO and e["end"] > nxt:
            e["end"] = max(e["start"], nxt)
        if e["status"] is not LineStatus.NOT_IN_AUDIO:
            nxt = e["start"]


def _interpolate(
    raw: list[dict[str, Any]], duration: float | None, extras: Sequence[Region] = ()
) -> None:
    """Give lines without a time one between their timed neighbours, by text length."""
    n = len(raw)
    i = 0
    while i < n:
        if "start" in raw[i]:
            i += 1
            continue
        j = i
        while j < n and "start" not in raw[j]:
            j += 1
        lo = raw[i - 1]["end"] if i > 0 else 0.0
        hi = raw[j]["start"] if j < n else (duration if duration is not None else lo)
        hi = max(lo, hi)
        for r in extras:  # never spread unplaced lines over audio known not to be theirs
            if lo <= r.start < hi and r.end >= hi:
                hi = max(lo, r.start)
            elif lo < r.end <= hi:
                lo = r.end
        weights = [max(1, len(raw[m]["line"].text)) for m in range(i, j)]
        total = float(sum(weights))
        acc = 0.0
        for m, wgt in zip(range(i, j), weights):
            raw[m]["start"] = lo + (hi - lo) * acc / total
            acc += wgt
            raw[m]["end"] = lo + (hi - lo) * acc / total
        i = j
