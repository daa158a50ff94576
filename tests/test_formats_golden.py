"""Golden-file tests for every transcript reader.

Each small hand-written input in ``tests/golden/readers/`` is read (format auto-detected) and
compared with ``<input>.expected.json``: format, title, chapters, turns and every line with its
published times. Regenerate after an intended change with ``PODALIGN_UPDATE_GOLDEN=1 pytest``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from aligner.formats import read_transcript
from aligner.transcript import Transcript

READERS = Path(__file__).parent / "golden" / "readers"
INPUTS = sorted(p for p in READERS.iterdir() if ".expected." not in p.name)
EXPECTED_FORMAT = {
    "substack.md": "markdown",
    "post.html": "html",
    "rev.txt": "timestamped",
    "descript.txt": "timestamped",
    "otter.txt": "timestamped",
    "captions.srt": "srt",
    "voices.vtt": "vtt",
    "youtube-auto.vtt": "vtt",
    "segments.json": "podcast-json",
    "words.json": "podcast-json",
    "plain.txt": "plain",
}


def transcript_dict(t: Transcript) -> dict[str, Any]:
    return {
        "format": t.format,
        "title": t.title,
        "chapters": [[c.start, c.title] for c in t.chapters],
        "turns": [
            {"speaker": u.speaker, "start": u.published_start, "paragraphs": list(u.paragraphs)}
            for u in t.turns
        ],
        "lines": [
            [ln.turn, ln.paragraph, ln.speaker, ln.published_start, ln.published_end, ln.text]
            for ln in t.lines
        ],
    }


def test_every_reader_has_a_golden_input() -> None:
    assert {p.name for p in INPUTS} == set(EXPECTED_FORMAT)
    assert set(EXPECTED_FORMAT.values()) == {
        "markdown",
        "timestamped",
        "srt",
        "vtt",
        "podcast-json",
        "html",
        "plain",
    }


def _dumps(d: dict[str, Any]) -> str:
    """JSON with one list item per line, so golden diffs are readable."""
    out = ["{"]
    for i, (key, value) in enumerate(d.items()):
        comma = "," if i < len(d) - 1 else ""
        if isinstance(value, list) and value:
            items = [json.dumps(v, ensure_ascii=False) for v in value]
            out.append(f" {json.dumps(key)}: [")
            out.extend(f"  {item}," for item in items[:-1])
            out.append(f"  {items[-1]}")
            out.append(f" ]{comma}")
        else:
            out.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_reader_golden(path: Path) -> None:
    t = read_transcript(path)
    assert t.format == EXPECTED_FORMAT[path.name]
    assert t.source_text == path.read_text(encoding="utf-8")
    assert [ln.index for ln in t.lines] == list(range(len(t.lines)))
    assert [u.index for u in t.turns] == list(range(len(t.turns)))
    got = transcript_dict(t)
    expected_path = path.with_name(path.name + ".expected.json")
    if os.environ.get("PODALIGN_UPDATE_GOLDEN"):
        expected_path.write_text(_dumps(got), encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_forcing_the_detected_format_gives_the_same(path: Path) -> None:
    detected = read_transcript(path)
    forced = read_transcript(path, format=EXPECTED_FORMAT[path.name])
    assert forced == detected
