"""Caption outputs follow subtitle conventions: at most 2 rows of 42 characters, at most 7 s a
cue, cut between words at their aligned times, at clause boundaries where possible; the limits
are options; JSON keeps whole lines."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from aligner.export import RenderOptions, render
from aligner.export.captions import CaptionStyle, caption_cues
from aligner.formats import parse_transcript, read_transcript
from aligner.result import AlignedLine, Alignment, LineStatus, Word, from_published
from aligner.transcript import Line, Transcript, Turn
from podalign.cli import main

_TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)[.,](\d\d\d) --> (\d\d):(\d\d):(\d\d)[.,](\d\d\d)$")


def _seconds(parts: tuple[str, ...]) -> float:
    h, m, s, ms = (int(p) for p in parts)
    return h * 3600 + m * 60 + s + ms / 1000


def parse_cues(text: str) -> list[tuple[float, float, list[str]]]:
    """(start, end, displayed rows) of every cue of a VTT or SRT file (tags and entities out)."""
    out: list[tuple[float, float, list[str]]] = []
    for block in text.split("\n\n"):
        rows = block.strip("\n").split("\n")
        at = next((i for i, r in enumerate(rows) if _TIMING.match(r)), None)
        if at is None:
            continue
        m = _TIMING.match(rows[at])
        assert m is not None
        shown = [html.unescape(re.sub(r"<[^>]*>", "", r)) for r in rows[at + 1 :]]
        out.append((_seconds(m.groups()[:4]), _seconds(m.groups()[4:]), shown))
    return out


def _words(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def page(shared_dir: Path) -> Path:
    return shared_dir / "examples" / "interconnects-ross-taylor.md"


def test_seed_page_vtt_is_subtitle_sized_and_w3c_valid(
    page: Path, tmp_path: Path, w3c_vtt, capsys
) -> None:
    out = tmp_path / "x.vtt"
    assert main(["export", str(page), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    cues = parse_cues(text)
    lines = read_transcript(page).lines
    assert len(cues) > len(lines)  # long lines became several cues
    for start, end, rows in cues:
        assert 1 <= len(rows) <= 2, rows
        assert all(len(r) <= 42 for r in rows), rows
        assert 0 < end - start <= 7.0 + 1e-9, (start, end, rows)
    starts = [c[0] for c in cues]
    assert starts == sorted(starts)
    # no word lost, none repeated, in order
    shown = [w for _, _, rows in cues for r in rows for w in _words(r)]
    assert shown == [w for ln in lines for w in _words(ln.text)]
    (result,) = w3c_vtt(out)
    assert result["errors"] == 0, result["messages"][:5]
    assert result["cues"] == len(cues)
    # it still reads back: every cue keeps its speaker
    back = parse_transcript(text)
    assert {ln.speaker for ln in back.lines} == {"Nathan Lambert", "Ross Taylor"}


def test_srt_rows_count_the_speaker_prefix(page: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.srt"
    assert main(["export", str(page), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    cues = parse_cues(text)
    assert all(len(rows) <= 2 and all(len(r) <= 42 for r in rows) for _, _, rows in cues)
    assert sum(1 for _, _, rows in cues if rows[0].startswith("Ross Taylor: ")) > 10
    assert all(end - start <= 7.0 + 1e-9 for start, end, _ in cues)
    back = parse_transcript(text)
    assert [ln.speaker for ln in back.lines][:3] == ["Nathan Lambert"] * 3


def test_caption_limits_are_options(page: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.vtt"
    args = ["--max-line-chars", "30", "--max-lines", "1", "--max-cue-seconds", "3"]
    assert main(["export", str(page), "-o", str(out), *args]) == 0
    cues = parse_cues(out.read_text(encoding="utf-8"))
    assert all(len(rows) == 1 and len(rows[0]) <= 30 for _, _, rows in cues)
    assert all(end - start <= 3.0 + 1e-9 for start, end, _ in cues)
    assert main(["export", str(page), "-o", str(out), "--max-lines", "0"]) == 2


def test_json_outputs_keep_whole_lines(page: Path) -> None:
    al = from_published(read_transcript(page))
    segments = json.loads(render(al, "podcast-json"))["segments"]
    assert len(segments) == len(al.lines) == 844
    assert max(len(s["body"]) for s in segments) > 84


def _one_line(text: str, start: float, end: float, words: tuple[Word, ...]) -> Alignment:
    line = Line(0, 0, "Ann", text, start)
    t = Transcript(turns=(Turn(0, "Ann", start, (text,)),), lines=(line,))
    return Alignment(t, (AlignedLine(line, start, end, LineStatus.ALIGNED, 0.9, words),))


def test_cuts_fall_on_word_times_and_clause_boundaries() -> None:
    text = (
        "We started the company in a small flat in London, and nobody thought that the idea "
        "would work at all."
    )
    tokens = text.split()
    # slow speech with a pause after "London,": word times are not proportional to length
    times, t = [], 10.0
    for tok in tokens:
        times.append(t)
        t += 1.2 if tok == "London," else 0.45
    words = tuple(Word(tok, s, s + 0.4) for tok, s in zip(tokens, times))
    al = _one_line(text, 10.0, t, words)
    got = caption_cues(al, CaptionStyle())
    assert len(got) == 2
    assert got[0].text.endswith("London,") and got[1].text.startswith("and nobody")
    assert got[1].start == pytest.approx(times[tokens.index("and")])
    assert all(len(r) <= 42 for c in got for r in c.rows)
    # without word times the cut is by text length: the second cue starts elsewhere
    plain = caption_cues(_one_line(text, 10.0, t, ()), CaptionStyle())
    assert plain[1].start != pytest.approx(got[1].start, abs=0.05)


def test_a_long_cue_is_cut_at_the_time_limit() -> None:
    text = "Yes. " * 3 + "And then"
    tokens = text.split()
    words = tuple(Word(tok, 3.0 * i, 3.0 * i + 0.5) for i, tok in enumerate(tokens))
    got = caption_cues(_one_line(text, 0.0, 16.0, words), CaptionStyle(max_cue_seconds=7.0))
    assert all(c.end - c.start <= 7.0 for c in got)
    assert " ".join(c.text for c in got) == " ".join(tokens)


def test_render_options_carry_the_style() -> None:
    text = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen."
    al = _one_line(text, 0.0, 6.0, ())
    narrow = render(al, "srt", RenderOptions(captions=CaptionStyle(max_line_chars=12)))
    rows = [r for _, _, rows in parse_cues(narrow) for r in rows]
    assert all(len(r) <= 12 for r in rows if " " in r)
    assert len(parse_cues(render(al, "srt"))) < len(parse_cues(narrow))


def test_jfk_cue_is_cut_at_word_times(shared_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """The real aligner on JFK: the 10.5 s sentence becomes cues of at most 7 s, cut where a
    clause ends, at a word's aligned start."""
    monkeypatch.setenv("PODALIGN_CACHE", str(tmp_path / "cache"))
    transcript = tmp_path / "jfk.txt"
    transcript.write_text(
        "And so my fellow Americans, ask not what your country can do for you, "
        "ask what you can do for your country.\n",
        encoding="utf-8",
    )
    vtt, js = tmp_path / "jfk.vtt", tmp_path / "jfk.json"
    audio = str(shared_dir / "audio" / "jfk.flac")
    assert main(["align", audio, "-t", str(transcript), "-o", str(vtt), "-o", str(js), "-q"]) == 0
    cues = parse_cues(vtt.read_text(encoding="utf-8"))
    data = json.loads(js.read_text(encoding="utf-8"))
    (line,) = data["lines"]
    assert line["end"] - line["start"] > 7.0
    assert len(cues) >= 2
    assert all(end - start <= 7.0 for start, end, _ in cues)
    word_starts = {round(w["start"], 3) for w in line["words"]}
    for start, _, _ in cues[1:]:
        assert round(start, 3) in word_starts
    assert all(" ".join(rows).rstrip().endswith(",") for _, _, rows in cues[:-1])
