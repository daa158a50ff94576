"""Golden-file tests for every writer, and the re-timed original of a markdown page.

``tests/golden/writers/sample.*`` are the expected renderings of the ``sample_alignment``
fixture (escaping, skipped lines, speakers, paragraphs); ``substack.retimed.md`` is
``readers/substack.md`` with its stamps moved. Regenerate with ``PODALIGN_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from aligner.export import render
from aligner.formats import read_transcript
from aligner.result import Alignment, LineStatus, from_published

GOLDEN = Path(__file__).parent / "golden"
WRITERS = GOLDEN / "writers"
SUFFIX = {"vtt": ".vtt", "srt": ".srt", "json": ".json", "podcast-json": ".p20.json", "md": ".md"}


def _check(got: str, path: Path) -> None:
    if os.environ.get("PODALIGN_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_writer_golden(sample_alignment: Alignment, fmt: str) -> None:
    _check(render(sample_alignment, fmt), WRITERS / f"sample{SUFFIX[fmt]}")


def test_caption_writers_skip_untimed_and_not_in_audio(sample_alignment: Alignment) -> None:
    for fmt in ("vtt", "srt", "podcast-json"):
        out = render(sample_alignment, fmt)
        assert "Thanks." not in out  # not_in_audio
        assert "Never placed." not in out  # no time
        assert "Second para line." in out


def _shifted(alignment: Alignment, delta: float) -> Alignment:
    lines = tuple(
        dataclasses.replace(
            al, start=al.start + delta, end=al.end + delta, status=LineStatus.ALIGNED
        )
        for al in alignment.lines
    )
    return dataclasses.replace(alignment, lines=lines)


def test_retimed_original_golden() -> None:
    src = GOLDEN / "readers" / "substack.md"
    alignment = _shifted(from_published(read_transcript(src)), 62.5)
    _check(render(alignment, "md"), WRITERS / "substack.retimed.md")


STAMP = re.compile(r"\d\d:\d\d:\d\d")


def test_retimed_seed_page_changes_only_stamps(shared_dir: Path) -> None:
    page = shared_dir / "examples" / "interconnects-ross-taylor.md"
    original = page.read_text(encoding="utf-8")
    published = from_published(read_transcript(page))
    assert render(published, "md") == original  # published times: byte-identical
    shifted = _shifted(published, -30.4)
    out = render(shifted, "md")
    assert out != original
    assert STAMP.sub("T", out) == STAMP.sub("T", original)  # nothing but stamps changed
    assert "**Nathan Lambert**\xa0\\[00:00:36\\]: Today, we\\'re here" in out
    # chapter stamps that match a turn move with it; 00:00:00 stays
    assert "-   \\[00:00:00\\] Introduction" in out
    assert "-   \\[00:01:41\\] Papers with Code" in out  # 00:02:12 - 30.4 s
    again = read_transcript_text(out)
    assert [t.published_start for t in again.turns] == [
        float(int(t.published_start - 30.4)) for t in published.transcript.turns
    ]


def read_transcript_text(text: str):
    from aligner.formats import parse_transcript

    return parse_transcript(text)


def test_retimed_keeps_turns_not_in_audio(shared_dir: Path) -> None:
    page = shared_dir / "examples" / "interconnects-ross-taylor.md"
    published = from_published(read_transcript(page))
    first_turn = {i for i, al in enumerate(published.lines) if al.line.turn == 0}
    lines = tuple(
        dataclasses.replace(al, status=LineStatus.NOT_IN_AUDIO) if i in first_turn else al
        for i, al in enumerate(published.lines)
    )
    out = render(dataclasses.replace(published, lines=lines), "md")
    assert "**Nathan Lambert**\xa0\\[00:01:07\\]: Today" in out


def test_clean_markdown_for_other_inputs_reads_back(sample_alignment: Alignment) -> None:
    t = read_transcript_text(render(sample_alignment, "md"))
    src = sample_alignment.transcript
    assert [(u.speaker, u.paragraphs) for u in t.turns] == [
        (u.speaker, u.paragraphs) for u in src.turns
    ]
    assert [u.published_start for u in t.turns] == [1.0, 4.0, 6.0]
    assert t.chapters == src.chapters and t.title == src.title
