"""Other mixes of the real-speech episode: the same pieces, the pauses between them re-drawn.

Why: podalign's walk encodes the audio in windows whose placement follows the audio's clock,
and some decisions on real speech (a filler before a line, a near-tie of two onsets) turn on
where a window falls. One fixed mix gives one draw of that; a figure that holds on one mix and
not on the next is luck, not accuracy. ``--mix N`` (N > 0) scales every pause after a slot by a
factor drawn from [0.7, 1.3] (at least 0.15 s; a pause of 0 stays 0) and moves the opening
music's length by up to 2 s either way, so every window falls elsewhere. Mix 0 is the episode
itself, byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from benchmarks.real_episode import Slot

#: Each pause is scaled by a factor in this range ...
GAP_SCALE = (0.7, 1.3)
#: ... and kept at least this long (seconds).
MIN_GAP = 0.15
#: The opening music is longer or shorter by up to this much (seconds).
INTRO_SHIFT = 2.0


def remixed(slots: Sequence[Slot], mix: int) -> tuple[Slot, ...]:
    """The running order ``slots`` with its pauses re-drawn for mix number ``mix`` (0: as is)."""
    if mix < 0:
        raise ValueError(f"mix must be 0 or more, not {mix}")
    if mix == 0:
        return tuple(slots)
    rng = np.random.default_rng(1000 + mix)
    out: list[Slot] = []
    intro = True
    for slot in slots:
        scale = float(rng.uniform(*GAP_SCALE))
        gap = round(max(MIN_GAP, slot.gap * scale), 3) if slot.gap > 0 else slot.gap
        seconds = slot.seconds
        if slot.kind == "music" and intro:
            seconds = round(max(1.0, seconds + float(rng.uniform(-INTRO_SHIFT, INTRO_SHIFT))), 3)
        intro = intro and slot.kind != "music"
        out.append(replace(slot, gap=gap, seconds=seconds))
    return tuple(out)


__all__ = ["GAP_SCALE", "INTRO_SHIFT", "MIN_GAP", "remixed"]
