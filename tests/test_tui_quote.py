"""The quote formatter (pure): speakers and times per turn, the credit line, and the link to
the moment: ``?t=`` on YouTube URLs (replacing an old ``t``), ``#t=`` elsewhere, none for files."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tui_fakes import truth_alignment

from aligner.result import AlignedLine, LineStatus
from aligner.transcript import Line
from tui.quote import format_quote, quote_notice, time_link


def _lines(first: int, last: int) -> list[AlignedLine]:
    return list(truth_alignment().lines[first : last + 1])


def test_two_turns_get_speaker_and_time_and_a_youtube_link() -> None:
    lines = _lines(7, 9)
    turns = {al.line.turn for al in lines}
    assert len(turns) == 2, "the sample should cross a turn boundary"
    text = format_quote(lines, title="podsim-mini", source="https://www.youtube.com/watch?v=abc")
    rows = text.splitlines()
    assert len(rows) == 3
    for row, turn in zip(rows[:2], sorted(turns), strict=True):
        mine = [al for al in lines if al.line.turn == turn]
        first = mine[0]
        stamp = f"[{int(first.start) // 60:02d}:{int(first.start) % 60:02d}]"
        assert row == f"{first.line.speaker} {stamp}: " + " ".join(al.line.text for al in mine)
    link = rows[2].removeprefix("— podsim-mini, ")
    query = parse_qs(urlsplit(link).query)
    assert query == {"v": ["abc"], "t": [str(int(lines[0].start))]}


def test_links_by_kind_of_source() -> None:
    assert time_link("https://youtu.be/xyz?t=5", 75.9) == "https://youtu.be/xyz?t=75"
    assert time_link("https://m.youtube.com/watch?v=a&t=1&list=b", 12) == (
        "https://m.youtube.com/watch?v=a&list=b&t=12"
    )
    assert time_link("https://example.com/ep1.mp3", 61.2) == "https://example.com/ep1.mp3#t=61"
    assert time_link("https://example.com/p#chapter", 3) == "https://example.com/p#t=3"
    assert time_link("https://notyoutube.com/v", 3) == "https://notyoutube.com/v#t=3"
    assert time_link("/home/me/ep1.mp3", 3) is None
    assert time_link("file:///home/me/ep1.mp3", 3) is None


def test_a_local_file_is_credited_with_the_time_and_untimed_lines_still_quote() -> None:
    lines = _lines(0, 0)
    text = format_quote(lines, title="podsim-mini", source="/tmp/podsim-mini.opus")
    assert text == (
        f"{lines[0].line.speaker} [00:32]: {lines[0].line.text}\n— podsim-mini at 00:32"
    )
    bare = AlignedLine(Line(index=0, turn=0, speaker=None, text="Hello."), None, None)
    assert format_quote([bare], title="", source="https://example.com/a") == "Hello.\n—"
    timed = AlignedLine(
        Line(index=0, turn=0, speaker=None, text="Hi."), 5.0, 6.0, LineStatus.INTERPOLATED
    )
    assert format_quote([timed], title="x", source="y").splitlines()[0] == "[00:05]: Hi."
    assert quote_notice(_lines(7, 9)) == "copied 3 lines from 01:00 to the clipboard"
