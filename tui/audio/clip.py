"""Saving a quote: the selected line(s) as a WAV clip with their text beside it (``x``).

PyAV decodes the span (by content time, like the player), pydub fades and writes it. WAV needs
no external encoder, so this works without a system ffmpeg.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aligner.errors import OutputError
from aligner.result import AlignedLine
from tui.eta import format_clock

CLIP_RATE = 44100
#: Audio kept before the first line and after the last (seconds).
PAD = 0.25
FADE_MS = 40


@dataclass(frozen=True)
class Clip:
    audio: Path
    text: Path
    start: float
    end: float


def clip_span(lines: list[AlignedLine], duration: float | None = None) -> tuple[float, float]:
    """The audio span of ``lines`` with a little padding (raises OutputError if untimed)."""
    starts = [al.start for al in lines if al.start is not None]
    ends = [al.end if al.end is not None else al.start for al in lines if al.start is not None]
    if not starts:
        raise OutputError("the selected lines have no time; nothing to clip")
    start = max(0.0, min(starts) - PAD)
    end = max(e for e in ends if e is not None) + PAD
    if duration is not None:
        end = min(end, duration)
    return start, max(end, start + 0.1)


def clip_text(lines: list[AlignedLine], start: float, end: float, title: str) -> str:
    out = [f"{title} [{format_clock(start)}–{format_clock(end)}]", ""]
    speaker = None
    for al in lines:
        if al.line.speaker and al.line.speaker != speaker:
            speaker = al.line.speaker
            out.append(f"{speaker}:")
        out.append(al.line.text)
    return "\n".join(out) + "\n"


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:40] or "clip"


def export_clip(
    audio_path: Path,
    lines: list[AlignedLine],
    out_dir: Path,
    *,
    title: str = "",
    duration: float | None = None,
) -> Clip:
    """Write ``<title>-<mmss>-<mmss>.wav`` and ``.txt`` into ``out_dir``; return their paths."""
    with warnings.catch_warnings():  # pydub warns about ffmpeg; WAV export does not need it
        warnings.simplefilter("ignore")
        from pydub import AudioSegment

    from tui.audio.decoder import decode_range

    start, end = clip_span(lines, duration)
    samples = decode_range(audio_path, start, end, rate=CLIP_RATE)
    if samples.shape[0] == 0:
        raise OutputError(f"no audio between {format_clock(start)} and {format_clock(end)}")
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    segment = AudioSegment(pcm.tobytes(), sample_width=2, frame_rate=CLIP_RATE, channels=2)
    segment = segment.fade_in(FADE_MS).fade_out(FADE_MS)
    stem = f"{_slug(title)}-{int(start):05d}-{int(end):05d}"
    audio = out_dir / f"{stem}.wav"
    text = out_dir / f"{stem}.txt"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        segment.export(audio, format="wav")
        text.write_text(clip_text(lines, start, end, title or audio_path.stem), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write the clip into {out_dir} ({exc.strerror})") from None
    return Clip(audio, text, start, end)
