"""Reading Podcasting 2.0 JSON transcripts (``<podcast:transcript type="application/json">``).

The shape is ``{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}]}``.
Segment-level files give one transcript line per segment. Many publishers write one *word* per
segment instead; those words are merged back into sentences (per speaker run), each line
starting at its first word and ending at its last.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aligner.errors import TranscriptFormatError
from aligner.formats.common import RawCue, build_from_cues, clean_ws
from aligner.formats.sentences import split_sentences
from aligner.transcript import Transcript

_PUNCT_ONLY = re.compile(r"^[^\w\s]+$")


def _segments(data: Any) -> list[RawCue]:
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise TranscriptFormatError(
            "not a Podcasting 2.0 transcript: expected {version, segments: [...]}"
        )
    out: list[RawCue] = []
    for i, seg in enumerate(data["segments"]):
        if not isinstance(seg, dict) or "body" not in seg:
            raise TranscriptFormatError(
                f"Podcasting 2.0 segment {i} has no 'body'; expected "
                "{speaker, startTime, endTime, body}"
            )
        try:
            start = None if seg.get("startTime") is None else float(seg["startTime"])
            end = None if seg.get("endTime") is None else float(seg["endTime"])
        except (TypeError, ValueError):
            raise TranscriptFormatError(
                f"Podcasting 2.0 segment {i} has a startTime/endTime that is not a number"
            ) from None
        speaker = seg.get("speaker")
        speaker = (clean_ws(str(speaker)) or None) if speaker is not None else None
        out.append(RawCue(speaker, start, end, str(seg["body"])))
    return out


def _is_word_level(cues: list[RawCue]) -> bool:
    bodies = [c.text.strip() for c in cues if c.text.strip()]
    if len(bodies) < 3:
        return False
    single = sum(1 for b in bodies if " " not in b)
    return single / len(bodies) >= 0.8


def _merge_words(words: list[RawCue]) -> list[RawCue]:
    """One-word segments -> sentence cues, per run of one speaker."""
    out: list[RawCue] = []
    run: list[RawCue] = []

    def flush() -> None:
        if not run:
            return
        tokens: list[tuple[str, float | None, float | None]] = []
        for w in run:
            body = w.text.strip()
            if not body:
                continue
            if tokens and _PUNCT_ONLY.match(body):
                text, s, e = tokens[-1]
                tokens[-1] = (text + body, s, w.end if w.end is not None else e)
            else:
                tokens.append((body, w.start, w.end))
        joined = ""
        offsets: list[int] = []
        for text, _, _ in tokens:
            if joined:
                joined += " "
            offsets.append(len(joined))
            joined += text
        pos = 0
        speaker = run[0].speaker
        for sentence in split_sentences(joined):
            at = joined.find(sentence, pos)
            if at < 0:
                at = pos
            stop = at + len(sentence)
            pos = stop
            own = [k for k, off in enumerate(offsets) if at <= off < stop]
            if not own:
                own = [max(k for k, off in enumerate(offsets) if off <= at)]
            starts = [s for k in own if (s := tokens[k][1]) is not None]
            ends = [e for k in own if (e := tokens[k][2]) is not None]
            out.append(
                RawCue(
                    speaker, min(starts) if starts else None, max(ends) if ends else None, sentence
                )
            )
        run.clear()

    for w in words:
        if run and w.speaker != run[0].speaker:
            flush()
        run.append(w)
    flush()
    return out


def parse(text: str) -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    cues = _segments(data)
    if _is_word_level(cues):
        cues = _merge_words(cues)
    transcript = build_from_cues(cues, "podcast-json", source_text=text, inherit_speaker=False)
    if not transcript.lines:
        raise TranscriptFormatError("the Podcasting 2.0 transcript has no segments with text")
    return transcript
