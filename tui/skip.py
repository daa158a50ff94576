"""Skipping what is not in the transcript: where to jump from a position, and what to say.

Pure logic over an :class:`~aligner.result.Alignment` (no Textual, no audio). The aligner marks
speech that is not in the published transcript as ``extra_regions`` (an intro, an ad); the
player's skip key jumps over the one being heard, and ``--skip-extra`` jumps over each as
playback reaches it, saying so in one line (``"skipped 0:31 of intro"``).

A region is skipped up to where the transcript resumes (a little before the next timed line,
not into the silence the region leaves before it), regions close together are skipped as one,
and everything before the first timed line is part of the first run: the music before an intro
is no more in the transcript than the intro is.
"""

from __future__ import annotations

from dataclasses import dataclass

from aligner.result import Alignment, LineStatus

#: Regions (or a region and the episode's start) closer than this are skipped as one (seconds).
MERGE_GAP = 1.0
#: Land this long before the next line's start, so its first word is heard whole (seconds).
LEAD_IN = 0.25
#: Audio before the first line counts as a run only when at least this long (seconds).
MIN_LEAD = 3.0
#: Region kinds that say nothing more than "not in the transcript".
GENERIC_KINDS = frozenset({"", "extra", "speech"})


@dataclass(frozen=True)
class Run:
    """A stretch of audio not in the transcript: skipped from ``start`` to ``end``."""

    start: float
    end: float
    kind: str

    def contains(self, t: float) -> bool:
        return self.start <= t < self.end


@dataclass(frozen=True)
class Jump:
    """Where a skip lands, and the notice to show."""

    target: float
    notice: str


def format_span(seconds: float) -> str:
    """A duration as ``m:ss`` (``31.4`` -> ``"0:31"``), ``h:mm:ss`` from an hour."""
    total = max(0, round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def skip_notice(seconds: float, kind: str) -> str:
    return f"skipped {format_span(seconds)} of {kind}"


def untranscribed_runs(alignment: Alignment) -> tuple[Run, ...]:
    """The runs to skip in ``alignment``, in time order, never overlapping."""
    timed = sorted(
        (al.start, al.end if al.end is not None else al.start)
        for al in alignment.lines
        if al.start is not None and al.status is not LineStatus.NOT_IN_AUDIO
    )
    duration = alignment.duration or None
    starts = [s for s, _e in timed]
    first = starts[0] if starts else None
    pieces: list[tuple[float, float, str, float]] = []  # start, end, kind, weight
    for region in sorted(alignment.extra_regions, key=lambda r: r.start):
        if region.end <= region.start:
            continue
        later = [s for s in starts if s >= region.end - 1e-6]
        resume = later[0] - LEAD_IN if later else (duration or region.end)
        end = max(region.end, resume)
        if duration is not None:
            end = min(end, duration)
        pieces.append((region.start, end, region.kind, region.end - region.start))
    if first is not None and first - LEAD_IN >= MIN_LEAD:
        pieces.append((0.0, first - LEAD_IN, "", 0.0))
    pieces.sort()
    merged: list[list] = []  # [start, end, {kind: weight}]
    for start, end, kind, weight in pieces:
        if merged and start <= merged[-1][1] + MERGE_GAP:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, {}])
        kinds = merged[-1][2]
        kinds[kind] = kinds.get(kind, 0.0) + weight
    if merged and merged[0][0] <= MERGE_GAP:
        merged[0][0] = 0.0
    last_end = timed[-1][1] if timed else None
    return tuple(
        Run(start, end, _label(kinds, start, first, last_end)) for start, end, kinds in merged
    )


def _label(
    kinds: dict[str, float], start: float, first: float | None, last_end: float | None
) -> str:
    specific = {k: w for k, w in kinds.items() if k.strip().lower() not in GENERIC_KINDS}
    if specific:
        return max(specific, key=lambda k: specific[k])
    if first is None or start < first:
        return "intro"
    if last_end is not None and start >= last_end:
        return "outro"
    return "audio not in the transcript"


def run_at(runs: tuple[Run, ...], t: float) -> Run | None:
    for run in runs:
        if run.contains(t):
            return run
        if run.start > t:
            return None
    return None


def skip_from(runs: tuple[Run, ...], t: float) -> Jump | None:
    """The jump over the run being heard at ``t`` (None when none is)."""
    run = run_at(runs, t)
    if run is None:
        return None
    return Jump(run.end, skip_notice(run.end - t, run.kind))


class AutoSkip:
    """``--skip-extra``: jump over each run as playback reaches it.

    A run the listener went into on purpose (a seek, a click on the timeline) is not skipped
    until playback has left it: :meth:`seeked` records that.
    """

    def __init__(self, runs: tuple[Run, ...], *, enabled: bool = False) -> None:
        self.runs = runs
        self.enabled = enabled
        self._kept: Run | None = None

    def seeked(self, t: float) -> None:
        """The listener moved to ``t``: a run there is theirs to hear."""
        self._kept = run_at(self.runs, t)

    def check(self, t: float) -> Jump | None:
        """Where to jump now (None: keep playing)."""
        run = run_at(self.runs, t)
        if run is None or run != self._kept:
            self._kept = None
        if not self.enabled or run is None or run == self._kept:
            return None
        return Jump(run.end, skip_notice(run.end - t, run.kind))


__all__ = [
    "GENERIC_KINDS",
    "LEAD_IN",
    "MERGE_GAP",
    "MIN_LEAD",
    "AutoSkip",
    "Jump",
    "Run",
    "format_span",
    "run_at",
    "skip_from",
    "skip_notice",
    "untranscribed_runs",
]
