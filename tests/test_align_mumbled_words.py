"""Words said otherwise than the published text, inside a line, do not stop the walk.

A speaker with a cold mumbles "probably sound quite" (the model hears "constantly", and gives
the published words 0.0-0.15), or an editor changed a few words of a sentence: three unheard
words in a row would stop the walk there as if the transcript had left the audio, and the rest
of the line, heard clearly, could be lost with them (a spoken line flagged ``not_in_audio``, on
the real-speech benchmark's re-mixes). Inside a line, a short run of unheard words followed by
the line's next words heard clearly is gone through; a run that begins a line, a long one, or
one that nothing clear follows still stops the walk (a passage cut from the audio is whole
lines). The walk's decision on placed word lists, without the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from aligner.alignment.forced import EncodedWindow, PlacedWord
from aligner.alignment.walk import CLEAR_AFTER, LOW_PROB, MUMBLED_WORDS, _accept

WINDOW = EncodedWindow(start=0.0, num_frames=2000, features=None)


def _placed(probs: Sequence[float]) -> list[PlacedWord]:
    return [PlacedWord(i, 0.3 * i, 0.3 * i + 0.25, p) for i, p in enumerate(probs)]


def _keep(probs: Sequence[float], lines: Sequence[int]) -> tuple[int, str]:
    return _accept(_placed(probs), WINDOW, at_end=True, trusted=False, lines=lines)


LOW = LOW_PROB / 10


def test_a_short_unheard_run_inside_a_line_is_gone_through() -> None:
    probs = [0.9, 0.9, LOW, LOW, LOW, 0.95, 0.9, 0.9]
    assert _keep(probs, [0] * 9) == (8, "all")
    # the run may follow the context: the line began before these words
    assert _keep(probs[2:], [0] * 7) == (6, "all")


def test_an_unheard_run_that_begins_a_line_stops_the_walk() -> None:
    probs = [0.9, 0.9, LOW, LOW, LOW, 0.95, 0.9, 0.9]
    assert _keep(probs, [-1, 0, 0, 1, 1, 1, 1, 1, 1]) == (2, "unheard")
    assert _keep(probs[2:], [-1] + [0] * 6) == (0, "unheard")  # no context: not known


def test_a_long_run_or_one_nothing_clear_follows_stops_the_walk() -> None:
    long = [0.9] + [LOW] * (MUMBLED_WORDS + 1) + [0.95] * CLEAR_AFTER
    assert _keep(long, [0] * (len(long) + 1)) == (1, "unheard")
    unclear = [0.9, LOW, LOW, LOW, 0.95, LOW, LOW]
    assert _keep(unclear, [0] * 8) == (1, "unheard")
    # the clear words after the run are the next line's: the run ends its line, unheard
    ends = [0.9, LOW, LOW, LOW, 0.95, 0.95, 0.95]
    assert _keep(ends, [0, 0, 0, 0, 0, 1, 1, 1]) == (1, "unheard")


def test_without_lines_the_walk_stops_as_before() -> None:
    assert _keep([0.9, LOW, LOW, LOW, 0.95, 0.95], ()) == (1, "unheard")
