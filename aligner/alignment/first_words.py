"""Ask the decoder where a line's first word is spoken, when the sound alone cannot tell.

The onset snap (:mod:`aligner.alignment.onsets`) reads only the level of the sound: it finds
where speech rises out of a pause, and takes the rise nearest to where the alignment path put
the line. On real speech two sounds can stand where a line starts, and the level cannot say
which one is the line's: a filler the published transcript leaves out ("you know", "uh") before
the first word, laughter after a slowly spoken first word, a breath. A path that swallowed such
a sound puts the line on it, seconds away from its words.

The decoder can tell. Encoded from the right place, a short window makes the line's first word
probable; from the filler before it, or from after it, the word is improbable (measured on the
real episode: "Montreal" after an unwritten "you know" 0.02 from the filler, 0.93 from the
word; "Look", "But", "And", "I'm" 0.00-0.20 from a window that starts after them). So where a
line's start is in doubt (the snap moved it far from the path, it passed over another onset
after a long pause, or the path's words were too improbable for the line to count as aligned),
each place a line could start is tried with a short window, and the start moves only when
another place makes the first word clearly more probable than the chosen one. The places are
onsets, where a sound rises out of a pause: a window that starts inside a pause makes any first
word more probable than one that starts right at a sound (the room tone before JFK's "And":
0.58 against 0.15 from the word itself). A few lines per episode (15 in the 10-minute real
one); a look costs one 4 s encoding and one alignment call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

#: judge(start, words): how probable the first of ``words`` is, heard from ``start``.
Judge = Callable[[float, Sequence[str]], float]

#: A start is in doubt when the onset snap moved it this far from the path's start.
DOUBT_SECONDS = 0.3
#: The short window a start is tried with, and the lead before the candidate start.
LOOK_SECONDS = 4.0
LOOK_LEAD = 0.05
#: Words of the line aligned in a look (the first one is judged; the rest steady the path).
LOOK_WORDS = 4
#: Another start wins when its first word is at least this probable (a window that starts
#: right at a word, with no context before it, rarely makes it very probable: JFK's "What"
#: 0.2, from 0.0001 a second earlier) ...
MIN_PROBABILITY = 0.1
#: ... and this many times as probable as at the chosen start (plus a little: near-zero
#: probabilities are noise).
MARGIN = 3.0
#: A chosen start the sound does not back (no onset, no word boundary near it: only the path's
#: word) needs less: a place where a sound rises out of a pause is evidence of its own.
UNBACKED_MARGIN = 1.5
SLACK = 0.05
#: Candidate starts closer than this to one already tried are the same place.
SAME_PLACE = 0.15
MAX_LOOKS = 4


def decoder_judge(aligner: Any, audio: np.ndarray) -> Judge:
    """A :data:`Judge` that encodes :data:`LOOK_SECONDS` of ``audio`` from just before
    ``start`` with the forced aligner (:class:`aligner.alignment.forced.ForcedAligner`) and
    returns the probability of the first word there (capitalized: the window starts an
    utterance, and Whisper writes one with a capital)."""

    def judge(start: float, words: Sequence[str]) -> float:
        window = aligner.encode(audio, max(0.0, start - LOOK_LEAD), LOOK_SECONDS)
        batch = list(words[:LOOK_WORDS])
        batch[0] = batch[0][:1].upper() + batch[0][1:]
        placed = aligner.align(window, batch[: max(1, aligner.fit(batch))])
        return float(placed[0].probability) if placed else 0.0

    return judge


def in_doubt(path_start: float, chosen: float) -> bool:
    """Whether a line's chosen start is far enough from the path's to be checked."""
    return abs(chosen - path_start) > DOUBT_SECONDS


def pick_start(
    chosen: float,
    candidates: Sequence[float],
    words: Sequence[str],
    judge: Judge,
    *,
    backed: bool = True,
) -> float:
    """``chosen``, or the one of ``candidates`` from which ``judge`` hears the first of
    ``words`` clearly more probably (:data:`MIN_PROBABILITY`, :data:`MARGIN`, or
    :data:`UNBACKED_MARGIN` when the sound does not back ``chosen``); the candidates nearest
    to ``chosen`` are tried first, at most :data:`MAX_LOOKS` of them."""
    if not words:
        return chosen
    tried = [chosen]
    for c in sorted(candidates, key=lambda c: abs(c - chosen)):
        if len(tried) > MAX_LOOKS:
            break
        if all(abs(c - t) >= SAME_PLACE for t in tried):
            tried.append(c)
    if len(tried) == 1:
        return chosen
    probs = [judge(t, words) for t in tried]
    best = int(np.argmax(probs))
    log.debug("first word %r from %s: %s", words[0], [round(t, 2) for t in tried], probs)
    margin = MARGIN if backed else UNBACKED_MARGIN
    if best and probs[best] >= MIN_PROBABILITY and probs[best] >= margin * probs[0] + SLACK:
        return tried[best]
    return chosen


__all__ = ["Judge", "decoder_judge", "in_doubt", "pick_start"]
