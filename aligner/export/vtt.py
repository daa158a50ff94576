"""WebVTT writer: one cue per timed line, speakers as ``<v Name>`` voice spans.

The title goes on the header line (``WEBVTT - Title``). The output must pass the W3C WebVTT
parser with no errors (a test runs it), so cue text and voice annotations escape ``&``, ``<``
and ``>`` (which also defuses a ``-->`` in the text), cues are in start order and every cue
lasts longer than zero.
"""

from __future__ import annotations

from aligner.export.common import clock, cues
from aligner.result import Alignment


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(alignment: Alignment) -> str:
    out = ["WEBVTT", ""]
    title = alignment.transcript.title
    if title:
        # Header text, not cue text: no escaping, but it must not contain "-->".
        out[0] = f"WEBVTT - {' '.join(title.split()).replace('-->', '->')}"
    for cue in cues(alignment):
        out.append(f"{clock(cue.start)} --> {clock(cue.end)}")
        text = escape(cue.text)
        if cue.speaker:
            text = f"<v {escape(' '.join(cue.speaker.split()))}>{text}</v>"
        out.append(text)
        out.append("")
    return "\n".join(out)
