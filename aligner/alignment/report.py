"""The drift report: how far the published timestamps are from where the lines really are.

For every line that came with a published time, the report compares it with the aligned start,
then fits ``published = rate * aligned + offset`` over the aligned ones: the offset is the
constant shift (another cut, an intro added), the rate the clock drift (a transcript made from a
sped-up or resampled copy). It also lists the audio that is not in the transcript (intro, ads,
outro) and the lines that are not in the audio. Pure; built from an :class:`Alignment`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from aligner.basics.timefmt import report_clock
from aligner.result import Alignment, LineStatus, Region


@dataclass(frozen=True)
class LineDrift:
    """One line with a published time: ``published`` vs ``aligned`` start (seconds)."""

    line: int
    turn: int
    speaker: str | None
    text: str
    published: float
    aligned: float | None
    status: LineStatus

    @property
    def delta(self) -> float | None:
        return None if self.aligned is None else self.published - self.aligned


@dataclass(frozen=True)
class DriftReport:
    rows: tuple[LineDrift, ...]
    offset: float | None  # seconds: published time at aligned time 0
    rate: float | None  # published seconds per aligned second (1.0 = no drift)
    median_abs_delta: float | None
    extra_regions: tuple[Region, ...]
    not_in_audio: tuple[int, ...]  # line indices
    aligned_share: float
    line_count: int

    @property
    def drift_per_hour(self) -> float | None:
        return None if self.rate is None else (self.rate - 1.0) * 3600.0


#: Published times that all lie within this many seconds are no times at all.
MIN_PUBLISHED_SPREAD = 1.0


def drift_report(alignment: Alignment) -> DriftReport:
    rows: list[LineDrift] = []
    for al in alignment.lines:
        ln = al.line
        if ln.published_start is None:
            continue
        aligned = al.start if al.status is LineStatus.ALIGNED else None
        rows.append(
            LineDrift(
                ln.index, ln.turn, ln.speaker, ln.text, ln.published_start, aligned, al.status
            )
        )
    published = [r.published for r in rows]
    if len(published) >= 2 and max(published) - min(published) < MIN_PUBLISHED_SPREAD:
        rows = []  # every line "published" at one time (an all-zero SRT): nothing to compare
    pairs = [(r.aligned, r.published) for r in rows if r.aligned is not None]
    offset = rate = None
    if len(pairs) >= 2:
        rate, offset = _robust_fit(pairs)
    elif len(pairs) == 1:
        rate, offset = 1.0, pairs[0][1] - pairs[0][0]
    deltas = [abs(r.delta) for r in rows if r.delta is not None]
    return DriftReport(
        rows=tuple(rows),
        offset=offset,
        rate=rate,
        median_abs_delta=statistics.median(deltas) if deltas else None,
        extra_regions=alignment.extra_regions,
        not_in_audio=tuple(
            al.line.index for al in alignment.lines if al.status is LineStatus.NOT_IN_AUDIO
        ),
        aligned_share=alignment.aligned_share,
        line_count=len(alignment.lines),
    )


def _fit(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    xs = [p[0] for p in pairs]
    ys = [p[1] for p in pairs]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx <= 1e-9:
        return 1.0, my - mx
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return slope, my - slope * mx


def _robust_fit(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares, refitted without points far off the first line (edited-out passages
    make a few published times jump)."""
    slope, icpt = _fit(pairs)
    resid = [abs(y - (slope * x + icpt)) for x, y in pairs]
    cut = max(2.0, 3.0 * statistics.median(resid))
    kept = [p for p, r in zip(pairs, resid) if r <= cut]
    return _fit(kept) if len(kept) >= 2 else (slope, icpt)


def format_report(report: DriftReport, *, max_rows: int | None = None) -> str:
    """The report as plain text (one row per line with a published time)."""
    out: list[str] = []
    out.append(
        f"aligned {report.aligned_share:.0%} of {report.line_count} lines; "
        f"{len(report.not_in_audio)} not in the audio"
    )
    if not report.rows:
        out.append("no published times to compare (the transcript has no timestamps)")
    elif report.rate is not None and report.offset is not None:
        drift = report.drift_per_hour or 0.0
        out.append(
            f"published ≈ {report.rate:.4f} × aligned {report.offset:+.1f} s "
            f"(offset {report.offset:+.1f} s, drift {drift:+.1f} s per hour)"
        )
    if report.median_abs_delta is not None:
        out.append(f"median |published - aligned| = {report.median_abs_delta:.1f} s")
    if report.extra_regions:
        spans = ", ".join(
            f"{report_clock(r.start)}–{report_clock(r.end)}" for r in report.extra_regions
        )
        out.append(f"audio not in the transcript: {spans}")
    if report.not_in_audio:
        out.append("lines not in the audio: " + ", ".join(str(i) for i in report.not_in_audio))
    rows = report.rows if max_rows is None else report.rows[:max_rows]
    if rows:
        out.append("")
        out.append(f"{'line':>5} {'published':>10} {'aligned':>10} {'delta':>8}  speaker / text")
        for r in rows:
            delta = "-" if r.delta is None else f"{r.delta:+.1f}"
            who = f"{r.speaker}: " if r.speaker else ""
            text = (who + r.text)[:60]
            published, aligned = report_clock(r.published), report_clock(r.aligned)
            out.append(f"{r.line:>5} {published:>10} {aligned:>10} {delta:>8}  {text}")
        if max_rows is not None and len(report.rows) > max_rows:
            out.append(f"... {len(report.rows) - max_rows} more")
    return "\n".join(out)


__all__ = ["DriftReport", "LineDrift", "drift_report", "format_report"]
