"""Playback speed with the pitch kept: FFmpeg's ``atempo`` run through PyAV's filter graph.

Why ``atempo`` (and not a time-stretch library such as audiotsm or pyrubberband): PyAV is
already how the player decodes, and the FFmpeg it bundles ships ``atempo`` (WSOLA, in C), so a
speed change needs no new dependency, no external binary (rubberband's CLI) and no Python
per-sample loop; it streams, so it works on chunks as the decoder thread produces them.
One ``atempo`` instance is documented for 0.5-2.0, so faster speeds chain instances
(:func:`atempo_factors`: 3x is two instances of sqrt(3), which also sounds better than 2 x 1.5).

The chunks keep the player's *content* labels: :func:`stretch` turns ``(t, samples)`` decoded
from content time ``t`` into shorter (or longer) chunks labelled with the content time their
first sample comes from, counting output samples (``atempo``'s output timeline is linear in
the input's: ``speed`` content seconds per output second). The player's position bookkeeping
multiplies heard wall time by the same ``speed``. At 1x nothing is filtered at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from fractions import Fraction

import numpy as np

#: The speeds the player offers (0.25 steps), and the default.
MIN_SPEED, MAX_SPEED, SPEED_STEP = 0.5, 3.0, 0.25
DEFAULT_SPEED = 1.0
#: The range one ``atempo`` instance accepts (per the FFmpeg documentation).
ATEMPO_MIN, ATEMPO_MAX = 0.5, 2.0


def clamp_speed(speed: float) -> float:
    """``speed`` on the 0.25 grid inside [MIN_SPEED, MAX_SPEED]."""
    stepped = round(float(speed) / SPEED_STEP) * SPEED_STEP
    return max(MIN_SPEED, min(MAX_SPEED, stepped))


def step_speed(speed: float, steps: int) -> float:
    """The speed ``steps`` 0.25 steps away from ``speed`` (kept in range)."""
    return clamp_speed(speed + steps * SPEED_STEP)


def format_speed(speed: float) -> str:
    """``1.5`` -> ``"1.5×"``, ``1.25`` -> ``"1.25×"``, ``1`` -> ``"1×"``."""
    return f"{speed:g}×"


def atempo_factors(speed: float) -> tuple[float, ...]:
    """Equal ``atempo`` factors, each in [ATEMPO_MIN, ATEMPO_MAX], whose product is ``speed``."""
    if speed <= 0:
        raise ValueError(f"speed must be positive, not {speed}")
    if ATEMPO_MIN <= speed <= ATEMPO_MAX:
        return (speed,)
    limit = ATEMPO_MAX if speed > 1 else ATEMPO_MIN
    count = math.ceil(math.log(speed) / math.log(limit) - 1e-9)
    return (speed ** (1.0 / count),) * count


class TempoFilter:
    """A streaming ``abuffer -> atempo[ -> atempo] -> abuffersink`` graph for float32 PCM.

    ``push`` interleaved ``(n, channels)`` float32 samples, get back whatever the filter has
    produced so far (possibly nothing: WSOLA needs a window of input first); ``flush`` at the
    end of the input returns the rest.
    """

    def __init__(self, speed: float, *, rate: int, channels: int = 2) -> None:
        from av.filter import Graph

        if channels not in (1, 2):
            raise ValueError("only mono or stereo")
        self.speed = speed
        self.rate = rate
        self.channels = channels
        self._layout = "stereo" if channels == 2 else "mono"
        self._pts = 0
        graph = Graph()
        node = graph.add_abuffer(
            format="flt", sample_rate=rate, layout=self._layout, time_base=Fraction(1, rate)
        )
        source = node
        for factor in atempo_factors(speed):
            nxt = graph.add("atempo", f"{factor:.6f}")
            node.link_to(nxt)
            node = nxt
        sink = graph.add("abuffersink")
        node.link_to(sink)
        graph.configure()
        self._graph = graph
        self._source = source

    def push(self, samples: np.ndarray) -> list[np.ndarray]:
        import av

        samples = np.ascontiguousarray(samples, dtype=np.float32).reshape(-1, self.channels)
        if samples.shape[0] == 0:
            return []
        frame = av.AudioFrame.from_ndarray(
            samples.reshape(1, -1), format="flt", layout=self._layout
        )
        frame.sample_rate = self.rate
        frame.pts = self._pts
        frame.time_base = Fraction(1, self.rate)
        self._pts += samples.shape[0]
        self._graph.push(frame)
        return self._drain()

    def flush(self) -> list[np.ndarray]:
        self._graph.push(None)
        return self._drain()

    def _drain(self) -> list[np.ndarray]:
        import av

        out: list[np.ndarray] = []
        while True:
            try:
                frame = self._graph.pull()
            except (av.BlockingIOError, av.EOFError):
                return out
            pcm = frame.to_ndarray().reshape(-1, self.channels)
            if pcm.shape[0]:
                out.append(pcm.astype(np.float32, copy=False))


def stretch(
    chunks: Iterable[tuple[float, np.ndarray]],
    speed: float,
    *,
    rate: int,
    channels: int = 2,
) -> Iterator[tuple[float, np.ndarray]]:
    """Chunks decoded from content time ``t`` played at ``speed``, pitch kept.

    Yields ``(content time of the chunk's first sample, output samples)``; each output sample
    stands for ``speed / rate`` seconds of content. At 1x the chunks pass through untouched.
    """
    if speed == 1.0:
        yield from chunks
        return
    tempo: TempoFilter | None = None
    t0 = 0.0
    produced = 0
    for t, samples in chunks:
        if tempo is None:
            tempo = TempoFilter(speed, rate=rate, channels=channels)
            t0 = t
        for out in tempo.push(samples):
            yield t0 + produced * speed / rate, out
            produced += out.shape[0]
    if tempo is not None:
        for out in tempo.flush():
            yield t0 + produced * speed / rate, out
            produced += out.shape[0]


__all__ = [
    "ATEMPO_MAX",
    "ATEMPO_MIN",
    "DEFAULT_SPEED",
    "MAX_SPEED",
    "MIN_SPEED",
    "SPEED_STEP",
    "TempoFilter",
    "atempo_factors",
    "clamp_speed",
    "format_speed",
    "step_speed",
    "stretch",
]
