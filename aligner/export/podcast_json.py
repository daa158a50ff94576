"""Podcasting 2.0 JSON writer (``<podcast:transcript type="application/json">``).

One segment per timed line: ``{"speaker", "startTime", "endTime", "body"}`` (speaker omitted
when unknown), times in seconds with millisecond precision.
"""

from __future__ import annotations

import json
from typing import Any

from aligner.export.common import cues
from aligner.result import Alignment

VERSION = "1.0.0"


def to_dict(alignment: Alignment) -> dict[str, Any]:
    segments: list[dict[str, Any]] = []
    for cue in cues(alignment):
        seg: dict[str, Any] = {}
        if cue.speaker:
            seg["speaker"] = cue.speaker
        seg.update({"startTime": cue.start, "endTime": cue.end, "body": cue.text})
        segments.append(seg)
    return {"version": VERSION, "segments": segments}


def render(alignment: Alignment) -> str:
    return json.dumps(to_dict(alignment), ensure_ascii=False, indent=1) + "\n"
