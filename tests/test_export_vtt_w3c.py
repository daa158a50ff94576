"""Every WebVTT file podalign writes passes the W3C WebVTT parser (npm webvtt-parser) cleanly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aligner.export import render
from aligner.export.captions import caption_cues
from aligner.formats import read_transcript
from aligner.result import AlignedLine, Alignment, LineStatus, from_published
from aligner.transcript import Line, Transcript, Turn

NASTY = [
    "Fish & chips & <b>bold</b> claims",
    "Arrows --> everywhere --> really",
    "-->",
    "a<b && c>d; &amp; is already escaped? &lt;",
    "Tags <v Someone> and </v> and <00:00:01.000> inside",
    "Unicode: café — naïve ünïcödé 🎙️",
    "NOTE this is not a comment",
    "WEBVTT in the middle",
    "00:00:01.000 --> 00:00:02.000 looks like timing",
]


def _nasty_alignment() -> Alignment:
    speakers = ["A & B", "<C>", "D --> E", "Ann Lee", None, "x>y", "NOTE", "  spaced  out  ", "Z"]
    turns = tuple(Turn(i, s, float(i), (t,)) for i, (s, t) in enumerate(zip(speakers, NASTY)))
    lines = tuple(Line(i, i, s, t, float(i)) for i, (s, t) in enumerate(zip(speakers, NASTY)))
    t = Transcript(turns=turns, lines=lines, title="Title --> with & <stuff>")
    aligned = [
        AlignedLine(ln, 0.5 * i, 0.5 * i + 0.4, LineStatus.ALIGNED, 1.0)
        for i, ln in enumerate(lines)
    ]
    # zero-length, overlapping and out-of-order cues, hours, a not_in_audio line
    aligned[1] = dataclasses.replace(aligned[1], start=2.0, end=2.0)
    aligned[2] = dataclasses.replace(aligned[2], start=1.9, end=5.0)
    aligned[3] = dataclasses.replace(aligned[3], start=3725.25, end=3727.5)
    aligned[4] = dataclasses.replace(aligned[4], status=LineStatus.NOT_IN_AUDIO)
    return Alignment(transcript=t, lines=tuple(aligned))


@pytest.mark.slow  # spawns a subprocess
def test_w3c_zero_errors_on_everything_we_write(
    tmp_path: Path, shared_dir: Path, w3c_vtt, sample_alignment: Alignment
) -> None:
    golden = Path(__file__).parent / "golden" / "readers"
    alignments = {
        "seed": from_published(
            read_transcript(shared_dir / "examples" / "interconnects-ross-taylor.md")
        ),
        "sample": sample_alignment,
        "nasty": _nasty_alignment(),
    }
    for p in sorted(golden.iterdir()):
        if ".expected." not in p.name and p.name != "plain.txt":  # plain text has no times
            alignments[p.name] = from_published(read_transcript(p))
    paths = []
    for name, al in alignments.items():
        path = tmp_path / f"{name}.vtt"
        path.write_text(render(al, "vtt"), encoding="utf-8")
        paths.append(path)
    results = w3c_vtt(*paths)
    assert len(results) == len(paths)
    for res in results:
        assert res["errors"] == 0, (res["path"], res["messages"][:5])
        assert res["cues"] > 0, res["path"]
    by_name = {Path(r["path"]).stem: r for r in results}
    assert by_name["seed"]["cues"] == len(caption_cues(alignments["seed"])) > 844
    nasty = by_name["nasty"]
    assert nasty["cues"] == len(NASTY) - 1  # the not_in_audio line is skipped
    assert any("--&gt;" in text for text in nasty["texts"])
    assert any("&amp;" in text for text in nasty["texts"])


def test_nasty_text_round_trips_through_vtt() -> None:
    from aligner.export.common import cues
    from aligner.formats import parse_transcript

    al = _nasty_alignment()
    back = parse_transcript(render(al, "vtt"))
    written = cues(al)
    assert [ln.text for ln in back.lines] == [c.text for c in written]
    assert [ln.speaker for ln in back.lines] == [
        " ".join(c.speaker.split()) if c.speaker else None for c in written
    ]
    starts = [ln.published_start for ln in back.lines]
    assert starts == sorted(starts)
    assert all(ln.published_end > ln.published_start for ln in back.lines)
