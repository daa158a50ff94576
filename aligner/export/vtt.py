"""WebVTT writer: subtitle-sized cues (:mod:`aligner.export.captions`), speakers as ``<v Name>``
voice spans.

The title goes on the header line (``WEBVTT - Title``). The output must pass the W3C WebVTT
parser with no errors (a test runs it), so cue text and voice annotations escape ``&``, ``<``
and ``>`` (which also defuses a ``-->`` in the text), cues are in start order and every cue
lasts longer than zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aligner.basics.timefmt import caption_clock
from aligner.export.captions import caption_cues
from aligner.result import Alignment

if TYPE_CHECKING:
    from aligner.export import RenderOptions


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(alignment: Alignment, options: RenderOptions | None = None) -> str:
    out = ["WEBVTT", ""]
    title = alignment.transcript.title
    if title:
        # Header text, not cue text: no escaping, but it must not contain "-->".
        out[0] = f"WEBVTT - {' '.join(title.split()).replace('-->', '->')}"
    for cue in caption_cues(alignment, options.captions if options else None):
        out.append(f"{caption_clock(cue.start)} --> {caption_clock(cue.end)}")
        text = "\n".join(escape(row) for row in cue.rows)
        if cue.speaker:
            text = f"<v {escape(' '.join(cue.speaker.split()))}>{text}</v>"
        out.append(text)
        out.append("")
    return "\n".join(out)
