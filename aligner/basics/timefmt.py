"""Every way podalign writes or reads a time, in one place.

Each output has its own, deliberately distinct format (captions need milliseconds and a fixed
``hh:``, a transcript page prints whole seconds, the player shows ``mm:ss``...), so each format
is its own named function here; what they share is the rounding code. Changing one changes an
output byte for byte, and the tests pin each of them.

=================  ===========================  ==============================================
function           example                      used by
=================  ===========================  ==============================================
caption_clock      ``00:01:02.500``             VTT/SRT cue times (``sep=","`` for SRT)
page_hms           ``00:01:02``                 markdown/HTML turn and chapter times
report_clock       ``1:02.5``, ``-0:03.0``      the drift report (``-`` when there is no time)
elapsed_clock      ``1:02``, ``1:01:02``        CLI progress amounts (seconds of audio)
player_clock       ``01:02``, ``1:01:02``       the player, clips, ``--:--`` when unknown
span_time          ``1:02.50``                  ``podalign retranscribe`` word times
span_clock         ``01:02.50``                 the player's re-transcription panel
=================  ===========================  ==============================================

Reading: :func:`parse_timestamp` (timestamps inside transcripts) and :func:`parse_time` (times
the user types on the command line, ``75``, ``12:30``, ``1:02:03.5``).
"""

from __future__ import annotations

import re

from aligner.errors import UsageError

#: ``hh:mm:ss``, ``mm:ss``, ``h:mm:ss.mmm``, ``hh:mm:ss,mmm`` (captions use a comma or a dot).
TIMESTAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TS = re.compile(rf"^{TIMESTAMP}$")
_USER_TIME = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d*)?)$")


def _hms(total: int) -> tuple[int, int, int]:
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return h, m, s


def caption_clock(seconds: float, sep: str = ".", hours: bool = True) -> str:
    """``hh:mm:ss.mmm`` (``sep`` between seconds and milliseconds; ``,`` for SRT)."""
    ms = round(max(0.0, seconds) * 1000)
    whole, ms = divmod(ms, 1000)
    h, m, s = _hms(whole)
    if hours or h:
        return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"
    return f"{m:02d}:{s:02d}{sep}{ms:03d}"


def page_hms(seconds: float) -> str:
    """Whole-second ``hh:mm:ss`` (rounded down), as transcript pages print turn times."""
    h, m, s = _hms(int(max(0.0, seconds) + 1e-6))
    return f"{h:02d}:{m:02d}:{s:02d}"


def report_clock(t: float | None) -> str:
    """Signed ``[h:]m:ss.f`` (tenths, truncated seconds) for the drift report; ``-`` for None."""
    if t is None:
        return "-"
    sign = "-" if t < 0 else ""
    t = abs(t)
    h, m, s = _hms(int(t))
    frac = f"{t - int(t):.1f}"[1:]
    return f"{sign}{h}:{m:02d}:{s:02d}{frac}" if h else f"{sign}{m}:{s:02d}{frac}"


def elapsed_clock(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour on), whole seconds rounded down: progress amounts."""
    h, m, s = _hms(max(0, int(seconds)))
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def player_clock(seconds: float | None) -> str:
    """``83.4`` -> ``"01:23"``; an hour or more -> ``"1:02:03"``; None -> ``"--:--"``."""
    if seconds is None:
        return "--:--"
    h, m, s = _hms(max(0, int(seconds)))
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _centis(seconds: float) -> tuple[int, int, int, int]:
    whole, cs = divmod(round(max(0.0, seconds) * 100), 100)
    return (*_hms(whole), cs)


def span_time(seconds: float) -> str:
    """``M:SS.ss`` (``H:MM:SS.ss`` from an hour on): word times printed on the command line."""
    h, m, s, cs = _centis(seconds)
    return f"{h}:{m:02d}:{s:02d}.{cs:02d}" if h else f"{m}:{s:02d}.{cs:02d}"


def span_clock(seconds: float) -> str:
    """``MM:SS.ss`` (``H:MM:SS.ss`` from an hour on): span times in the player."""
    h, m, s, cs = _centis(seconds)
    return f"{h}:{m:02d}:{s:02d}.{cs:02d}" if h else f"{m:02d}:{s:02d}.{cs:02d}"


def parse_timestamp(text: str) -> float:
    """Seconds from ``hh:mm:ss``/``mm:ss`` with optional ``.mmm``/``,mmm`` fraction."""
    text = text.strip()
    if not _TS.match(text):
        raise ValueError(f"not a timestamp: {text!r}")
    main, _, frac = text.replace(",", ".").partition(".")
    parts = [int(p) for p in main.split(":")]
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    if frac:
        seconds += int(frac) / (10 ** len(frac))
    return round(seconds, 3)


def parse_time(text: str) -> float:
    """Seconds from ``SS``, ``M:SS``, ``H:MM:SS`` (each optionally with a fraction), as typed."""
    match = _USER_TIME.match(text.strip())
    if match is None:
        raise UsageError(f"cannot read the time {text!r}; write it like 75, 12:30 or 1:02:03.5")
    hours, minutes, seconds = match.groups()
    if (hours or minutes) and float(seconds) >= 60:
        raise UsageError(f"the time {text!r} has {seconds} seconds; write minutes as M:SS")
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)


__all__ = [
    "TIMESTAMP",
    "caption_clock",
    "elapsed_clock",
    "page_hms",
    "parse_time",
    "parse_timestamp",
    "player_clock",
    "report_clock",
    "span_clock",
    "span_time",
]
