"""Format detection, forcing a format, and one-line errors for what is not a transcript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.errors import TranscriptFormatError
from aligner.formats import FORMAT_NAMES, parse_transcript, read_transcript
from aligner.formats.detect import detect


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n", "vtt"),
        ("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt"),
        ('{"version": "1.0.0", "segments": []}', "podcast-json"),
        ("**Ann** \\[00:00:01\\]: hi\n", "markdown"),
        ("Ann (00:00:01):\nhi\n\nBo (00:00:05):\nyo\n", "timestamped"),
        ("[00:00:01] Ann: hi\n[00:00:05] Bo: yo\n", "timestamped"),
        ("Ann: hi\n\nBo: yo\n", "plain"),
        ("Just some words.", "plain"),
    ],
)
def test_detect(text: str, fmt: str) -> None:
    assert detect(text) == fmt
    assert fmt in FORMAT_NAMES


def _one_line(exc: pytest.ExceptionInfo[TranscriptFormatError]) -> str:
    msg = str(exc.value)
    assert "\n" not in msg and msg
    return msg


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (json.dumps({"results": [1, 2]}).encode(), "neither Podcasting 2.0"),
        (json.dumps([1, 2, 3]).encode(), "Podcasting 2.0"),
        (b"12345 678 --- !!!", "no words"),
    ],
)
def test_not_a_transcript(tmp_path: Path, data: bytes, needle: str) -> None:
    p = tmp_path / "input.bin"
    p.write_bytes(data)
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(p)
    msg = _one_line(exc)
    assert needle in msg
    assert str(p) in msg


def test_errors_name_what_was_tried(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text('{"foo": 1}')
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(p)
    for name in ("podcast-json", "vtt", "srt", "markdown", "timestamped", "plain"):
        assert name in str(exc.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(TranscriptFormatError, match="not found"):
        read_transcript(tmp_path / "nope.md")
    with pytest.raises(TranscriptFormatError, match="folder"):
        read_transcript(tmp_path)


def test_forced_format_that_does_not_fit() -> None:
    with pytest.raises(TranscriptFormatError, match="no SRT cues"):
        parse_transcript("just prose here.", format="srt")
    with pytest.raises(TranscriptFormatError, match="WEBVTT"):
        parse_transcript("1\n00:00:01,000 --> 00:00:02,000\nhi\n", format="vtt")
    with pytest.raises(TranscriptFormatError, match="markdown speaker turns"):
        parse_transcript("no turns", format="markdown")
    with pytest.raises(TranscriptFormatError, match="unknown transcript format"):
        parse_transcript("x", format="docx")
    with pytest.raises(TranscriptFormatError, match="not valid JSON"):
        parse_transcript("{oops", format="podcast-json")


def test_bad_podcast_json_segments() -> None:
    with pytest.raises(TranscriptFormatError, match="no 'body'"):
        parse_transcript('{"version": "1", "segments": [{"startTime": 1}]}')
    with pytest.raises(TranscriptFormatError, match="not a number"):
        parse_transcript('{"segments": [{"startTime": "soon", "body": "hi"}]}')


def test_encodings(tmp_path: Path) -> None:
    text = "Zoë: Café au lait. Très bien.\n"
    for enc in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        p = tmp_path / f"t-{enc}.txt"
        p.write_bytes(text.encode(enc))
        t = read_transcript(p)
        assert t.turns[0].speaker == "Zoë", enc
        assert [ln.text for ln in t.lines] == ["Café au lait.", "Très bien."], enc


def test_crlf_input(tmp_path: Path) -> None:
    p = tmp_path / "c.srt"
    p.write_bytes(
        b"1\r\n00:00:01,000 --> 00:00:02,000\r\nAnn: hi\r\n\r\n"
        b"2\r\n00:00:02,000 --> 00:00:03,000\r\nyo\r\n"
    )
    t = read_transcript(p)
    assert [(ln.speaker, ln.text) for ln in t.lines] == [("Ann", "hi"), ("Ann", "yo")]


def test_podalign_json_reads_as_its_transcript(tmp_path: Path, shared_dir: Path) -> None:
    from aligner.export import render
    from aligner.result import from_published

    seed = read_transcript(shared_dir / "examples" / "interconnects-ross-taylor.md")
    p = tmp_path / "a.json"
    p.write_text(render(from_published(seed), "json"))
    again = read_transcript(p)
    assert again == seed
    assert again.source_text == seed.source_text
