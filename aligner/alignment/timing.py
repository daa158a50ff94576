"""Turning sparse published times into a start/end for every line.

Published transcripts give a time per turn (markdown pages) or per cue (captions) or none at
all. Writers and the player need a span for every line; this module interpolates the missing
ones by text length between known times. It is pure and tested without audio.
"""

from __future__ import annotations

import itertools

from aligner.transcript import Transcript

#: Speaking rate used to extrapolate past the last known time (characters per second).
CHARS_PER_SECOND = 15.0


def published_spans(transcript: Transcript) -> list[tuple[float | None, float | None]]:
    """(start, end) per line from published times; (None, None) for all if none are known."""
    lines = transcript.lines
    n = len(lines)
    starts: list[float | None] = [line.published_start for line in lines]
    known = [i for i, s in enumerate(starts) if s is not None]
    if not known:
        return [(None, None)] * n
    weights = [max(1, len(line.text)) for line in lines]
    # Before the first known start: extrapolate backwards at CHARS_PER_SECOND.
    first = known[0]
    t = starts[first]
    assert t is not None
    for i in range(first - 1, -1, -1):
        t = max(0.0, t - weights[i] / CHARS_PER_SECOND)
        starts[i] = t
    # Between known starts: distribute the gap by text length.
    for a, b in itertools.pairwise(known):
        sa, sb = starts[a], starts[b]
        assert sa is not None and sb is not None
        total = sum(weights[a:b])
        acc = 0.0
        for i in range(a + 1, b):
            acc += weights[i - 1]
            starts[i] = sa + (sb - sa) * acc / total
    # After the last known start: extrapolate forwards.
    last = known[-1]
    for i in range(last + 1, n):
        prev = starts[i - 1]
        assert prev is not None
        starts[i] = prev + weights[i - 1] / CHARS_PER_SECOND
    spans: list[tuple[float | None, float | None]] = []
    for i, line in enumerate(lines):
        s = starts[i]
        assert s is not None
        if line.published_end is not None:
            e = line.published_end
        elif i + 1 < n:
            nxt = starts[i + 1]
            assert nxt is not None
            e = max(s, nxt)
        else:
            e = s + weights[i] / CHARS_PER_SECOND
        spans.append((s, e))
    return spans
