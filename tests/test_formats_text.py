"""Timestamped (Otter/Descript/Rev) and plain-text readers: header styles and speaker prefixes."""

from __future__ import annotations

import pytest

from aligner.formats import parse_transcript


@pytest.mark.parametrize(
    "text",
    [
        "Ann Lee (00:01:07):\nHello there. Bye.\n\nBo (00:01:20):\nHi.\n",
        "Ann Lee (01:07): Hello there. Bye.\nBo (01:20): Hi.\n",
        "[00:01:07] Ann Lee: Hello there. Bye.\n[00:01:20] Bo: Hi.\n",
        "(00:01:07) Ann Lee: Hello there.\nBye.\n(00:01:20) Bo: Hi.\n",
        "Ann Lee: [00:01:07] Hello there. Bye.\nBo: [00:01:20] Hi.\n",
        "Ann Lee  1:07\nHello there. Bye.\n\nBo  1:20\nHi.\n",
        "Ann Lee | 00:01:07\nHello there. Bye.\n\nBo | 00:01:20\nHi.\n",
        "00:01:07 Ann Lee\nHello there. Bye.\n\n00:01:20 Bo\nHi.\n",
        "00:01:07.500 Ann Lee\nHello there. Bye.\n\n00:01:20 Bo\nHi.\n",
    ],
)
def test_timestamped_header_styles(text: str) -> None:
    t = parse_transcript(text)
    assert t.format == "timestamped"
    assert [(u.speaker, int(u.published_start)) for u in t.turns] == [("Ann Lee", 67), ("Bo", 80)]
    assert [ln.text for ln in t.lines] == ["Hello there.", "Bye.", "Hi."]
    assert [ln.published_start is not None for ln in t.lines] == [True, False, True]


def test_timestamped_without_speaker_and_title_line() -> None:
    t = parse_transcript("My Episode\n\n[00:00:01] Hello.\n[00:00:05] Bye now.\n")
    assert [(u.speaker, u.published_start, u.paragraphs) for u in t.turns] == [
        (None, 1.0, ("Hello.",)),
        (None, 5.0, ("Bye now.",)),
    ]


def test_plain_text_speakers_and_paragraphs() -> None:
    t = parse_transcript(
        "Ann: First. Second.\nBo: Quick reply.\n\nA paragraph of Bo's.\n\nNote: Bo still.\n"
    )
    assert t.format == "plain"
    assert [(u.speaker, u.paragraphs) for u in t.turns] == [
        ("Ann", ("First. Second.",)),
        ("Bo", ("Quick reply.", "A paragraph of Bo's.", "Note: Bo still.")),
    ]
    assert all(ln.published_start is None for ln in t.lines)
    assert [ln.paragraph for ln in t.lines] == [0, 0, 0, 1, 2]


def test_plain_text_without_any_names() -> None:
    t = parse_transcript("Just one speaker talking. For a while.\n\nThen more.\n")
    assert len(t.turns) == 1 and t.turns[0].speaker is None
    assert t.turns[0].paragraphs == ("Just one speaker talking. For a while.", "Then more.")
