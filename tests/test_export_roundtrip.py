"""Round trips: what a caption writer writes, the matching reader reads back unchanged.

VTT, SRT and Podcasting 2.0 JSON must preserve every written cue's speaker, text and times (to
the millisecond the formats store; VTT and SRT write subtitle-sized cues, several per long line,
:mod:`aligner.export.captions`); podalign JSON must be lossless for the whole Alignment.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from aligner.export import render
from aligner.export.captions import caption_cues
from aligner.export.common import cues
from aligner.export.srt import speaker_lead
from aligner.formats import parse_transcript, read_transcript
from aligner.result import Alignment, LineStatus, from_published
from aligner.result_json import from_dict, to_dict

CAPTIONS = ("vtt", "srt", "podcast-json")


@pytest.fixture(scope="module")
def seed_alignment(shared_dir: Path) -> Alignment:
    page = shared_dir / "examples" / "interconnects-ross-taylor.md"
    return from_published(read_transcript(page), source=str(page))


def _written(alignment: Alignment, fmt: str = "podcast-json") -> list[tuple]:
    """What the writer of ``fmt`` writes: whole lines (JSON) or subtitle-sized cues."""
    if fmt == "podcast-json":
        written = cues(alignment)
    else:  # SRT's "Name:" at speaker changes counts toward the row's width
        written = caption_cues(alignment, lead=speaker_lead if fmt == "srt" else None)
    return [(c.speaker, c.text, c.start, c.end) for c in written]


def _read(text: str) -> list[tuple[str | None, str, float | None, float | None]]:
    t = parse_transcript(text)
    return [(ln.speaker, ln.text, ln.published_start, ln.published_end) for ln in t.lines]


@pytest.mark.parametrize("fmt", CAPTIONS)
def test_caption_round_trip_seed_page(seed_alignment: Alignment, fmt: str) -> None:
    written = _written(seed_alignment, fmt)
    assert len(seed_alignment.lines) == 844
    assert len(written) == 844 if fmt == "podcast-json" else len(written) > 844
    back = _read(render(seed_alignment, fmt))
    assert back == written
    assert {s for s, *_ in back} == {"Nathan Lambert", "Ross Taylor"}


@pytest.mark.parametrize("fmt", CAPTIONS)
def test_caption_round_trip_is_stable(seed_alignment: Alignment, fmt: str) -> None:
    """Reading what we wrote and writing it again gives the same file."""
    first = render(seed_alignment, fmt)
    again = render(from_published(parse_transcript(first)), fmt)
    assert again == first


@pytest.mark.parametrize("fmt", ("vtt", "podcast-json"))
def test_caption_round_trip_special_text(sample_alignment: Alignment, fmt: str) -> None:
    # &, <, >, -->, a speaker with markup characters and a line without speaker
    assert _read(render(sample_alignment, fmt)) == _written(sample_alignment, fmt)


def test_srt_round_trip_named_speakers(sample_alignment: Alignment) -> None:
    # SRT only marks speakers with "Name:" at changes: plain names and text with &, <, -->.
    al = sample_alignment
    lines = []
    for a in al.lines:
        speaker = {"Tom & Jerry <Hosts>": "Tom Jones", None: "Bo"}.get(a.line.speaker, "Ann Lee")
        lines.append(dataclasses.replace(a, line=dataclasses.replace(a.line, speaker=speaker)))
    al = dataclasses.replace(al, lines=tuple(lines))
    assert _read(render(al, "srt")) == _written(al, "srt")


def test_round_trip_of_files_read_from_each_caption_format() -> None:
    golden = Path(__file__).parent / "golden" / "readers"
    for name, fmt in (
        ("captions.srt", "srt"),
        ("voices.vtt", "vtt"),
        ("segments.json", "podcast-json"),
        ("words.json", "podcast-json"),
    ):
        t = read_transcript(golden / name)
        a = from_published(t)
        expected = [(ln.speaker, ln.text, ln.published_start, ln.published_end) for ln in t.lines]
        if fmt != "podcast-json":
            expected = _written(a, fmt)
        assert _read(render(a, fmt)) == expected, name


def test_podalign_json_lossless(sample_alignment: Alignment, seed_alignment: Alignment) -> None:
    for al in (sample_alignment, seed_alignment):
        d = to_dict(al)
        text = json.dumps(d)
        back = from_dict(json.loads(text))
        assert back == al
        assert back.transcript == al.transcript
        assert back.transcript.source_text == al.transcript.source_text
        assert back.lines[0].words == al.lines[0].words
        assert to_dict(back) == d
    assert d["version"] == 1
    line = d["lines"][0]
    for key in ("index", "turn", "speaker", "text", "start", "end", "published_start"):
        assert key in line
    assert line["status"] in {s.value for s in LineStatus}


def test_podalign_json_when_alignment_lines_differ_from_transcript(
    sample_alignment: Alignment,
) -> None:
    # An alignment may carry lines that differ from its transcript's (e.g. after edits).
    al = dataclasses.replace(sample_alignment, lines=sample_alignment.lines[:3])
    assert from_dict(to_dict(al)) == al


def test_podalign_json_rejects_bad_input() -> None:
    from aligner.errors import TranscriptFormatError

    with pytest.raises(TranscriptFormatError, match="version"):
        from_dict({"version": 99, "lines": []})
    with pytest.raises(TranscriptFormatError, match="no 'lines'"):
        from_dict({"version": 1})
    with pytest.raises(TranscriptFormatError, match="malformed"):
        from_dict({"version": 1, "lines": [{"index": 0}]})
    with pytest.raises(TranscriptFormatError, match="malformed"):
        from_dict({"version": 1, "lines": [], "extra_regions": [{"start": "x", "end": 1}]})
