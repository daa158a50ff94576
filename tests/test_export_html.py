"""The HTML player page without a browser: its structure, the audio address, escaping, word
times and size (``tests/test_export_html_browser.py`` runs it in Chromium)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from aligner.errors import UsageError
from aligner.export import (
    EXPORT_FORMATS,
    RenderOptions,
    check_outputs,
    format_for_path,
    render,
    write_outputs,
)
from aligner.export.html import audio_href
from aligner.result import AlignedLine, Alignment, LineStatus, Word, from_published
from aligner.transcript import Line, Transcript, Turn
from podalign.cli import main
from tests.html_support import HOSTILE, hostile_alignment, hour_alignment, parse


def test_html_is_a_registered_format() -> None:
    assert "html" in EXPORT_FORMATS
    assert format_for_path("episode.html") == "html"
    assert format_for_path("EPISODE.HTM") == "html"
    assert format_for_path("x.json", "html") == "html"
    assert check_outputs(["episode.html"]) == ["html"]
    with pytest.raises(UsageError, match=r"\.html"):
        check_outputs(["episode.mp3"])


def test_page_is_self_contained_and_accessible(sample_alignment: Alignment) -> None:
    page = render(sample_alignment, "html", RenderOptions(audio_href="sample.opus"))
    doc = parse(page)
    # one inline script and style, nothing loaded from anywhere but the audio
    assert [e.attrs for e in doc.find("script")] == [{}]
    assert len(doc.find("style")) == 1 and not doc.find("link") and not doc.find("img")
    assert not re.search(r"\b(?:src|href)=\"(?:https?:)?//", page)
    csp = next(e for e in doc.find("meta") if e.attrs.get("http-equiv"))
    assert "default-src 'none'" in csp.attrs["content"]
    (audio,) = doc.find("audio")
    assert audio.attrs["src"] == "sample.opus" and "controls" in audio.attrs
    # landmarks and labels
    assert doc.find("header") and doc.find("main") and doc.find("footer")
    (nav,) = doc.find("nav")
    assert nav.attrs["aria-label"] == "Chapters"
    assert [e.text for e in doc.find("a") if "#ch-" in e.attrs.get("href", "")] == [
        "Intro",
        "Part <2> & more",
    ]
    assert next(e for e in doc.find("div") if e.attrs.get("role") == "region").attrs[
        "aria-label"
    ] == ("Player")
    assert doc.find("label") and any(e.attrs.get("role") == "search" for e in doc.elements)
    assert "prefers-reduced-motion" in page
    # speakers and turn times
    assert [e.text for e in doc.find("span", "spk")] == ["Tom & Jerry <Hosts>", "Dr. Ann Lee"]
    assert len(doc.find("section", "turn")) == 3
    # regions not in the transcript, each with its skip button (shown by the script)
    gaps = doc.find("div", "gap")
    assert [(g.attrs["data-time"], g.attrs["data-end"]) for g in gaps] == [("0", "1"), ("8", "9.5")]
    assert all("Not in the transcript" in g.text for g in gaps)
    assert [b.attrs["data-skip"] for b in doc.find("button", "skipb")] == ["1", "9.5"]


def test_readable_without_script(sample_alignment: Alignment) -> None:
    """Each line is a row of plain text with its time; the untimed and missing ones say so."""
    doc = parse(render(sample_alignment, "html"))
    rows = [(" ".join(e.text.split()), e.classes, e.attrs.get("data-time")) for e in doc.find("p")]
    rows = [r for r in rows if "ln" in r[1]]
    assert [(text, t) for text, _, t in rows] == [
        ("0:01Welcome & hello <world>!", "1.2"),
        ("0:02Arrows --> are tricky.", "2.5"),
        ("–Not in the audio Thanks.", None),
        ("0:04Second para line.", "4.25"),
        ("0:06Unattributed aside.", "6"),
        ("–Never placed.", None),
    ]
    assert "nia" in rows[2][1] and "ip" in rows[1][1]
    # the chapter published at a turn's published time moved with that turn
    chapter = next(e for e in doc.find("h2", "chap") if "Part" in e.text)
    assert chapter.text.endswith("0:04")


def test_word_spans_carry_word_times_in_ms() -> None:
    alignment = hour_alignment(n_words=1500, duration=600.0)
    doc = parse(render(alignment, "html"))
    spans = [e for e in doc.find("span") if "data-time" in e.attrs and "p" in e.parents]
    words = [w for al in alignment.lines for w in al.words]
    assert len(spans) == len(words) == 1500
    for span, word in zip(spans, words):
        assert span.text == word.text
        assert float(span.attrs["data-time"]) == round(word.start, 3)
        assert re.fullmatch(r"\d+(\.\d{1,3})?", span.attrs["data-time"])
    lines = [e for e in doc.find("p", "ln")]
    for el, al in zip(lines, alignment.lines):
        assert float(el.attrs["data-time"]) == round(al.start, 3)
        assert float(el.attrs["data-end"]) == round(al.end, 3)


def test_unplaced_words_stay_plain_text() -> None:
    line = Line(0, 0, "A", "One two, three four.")
    placed = (Word("One", 1.0, 1.2), Word("three", 1.9, 2.1))
    al = AlignedLine(line, 1.0, 2.5, LineStatus.ALIGNED, 0.8, placed)
    alignment = Alignment(
        Transcript((Turn(0, "A", None, (line.text,)),), (line,)), (al,), duration=3.0
    )
    doc = parse(render(alignment, "html"))
    (row,) = doc.find("p", "ln")
    spans = [(e.text, e.attrs["data-time"]) for e in doc.find("span") if "data-time" in e.attrs]
    assert spans == [("One", "1"), ("three", "1.9")]
    assert row.text.endswith("One two, three four.")


def test_hostile_transcript_stays_text() -> None:
    page = render(hostile_alignment(), "html")
    doc = parse(page)
    assert len(doc.find("script")) == 1 and not doc.find("img") and not doc.find("b")
    assert page.count("</script>") == page.lower().count("<script") == 1
    assert "<img" not in page and "<b>" not in page
    assert "__pwned" not in doc.find("script")[0].text
    (title,) = doc.find("title")
    assert title.text == "</title><script>window.__pwned=5</script>"
    (row,) = doc.find("p", "ln")
    assert row.text.endswith(f"Hello {HOSTILE} bye.")
    assert doc.find("span", "spk")[0].text == 'Eve <img src=x onerror="window.__pwned=3">'
    assert "</script><img src=y onerror=alert(1)>" in doc.find("div", "gap")[0].text


def test_hostile_audio_href_is_escaped() -> None:
    page = render(hostile_alignment(), "html", RenderOptions(audio_href='a" onplay="x()'))
    (audio,) = parse(page).find("audio")
    assert audio.attrs == {
        "id": "audio",
        "controls": "",
        "preload": "metadata",
        "src": 'a" onplay="x()',
    }
    page = render(hostile_alignment(), "html", RenderOptions(audio_href="javascript:alert(1)"))
    assert 'href="javascript:' not in page


def test_audio_href_defaults(tmp_path: Path, sample_alignment: Alignment) -> None:
    out = tmp_path / "site" / "episode.html"
    media = tmp_path / "media" / "my show #1.opus"

    def href(**kw: object) -> str | None:
        return audio_href(sample_alignment, RenderOptions(output=out, **kw))  # type: ignore[arg-type]

    assert href(audio_source=str(media)) == "../media/my%20show%20%231.opus"
    assert href(audio_source=media.as_uri()) == "../media/my%20show%20%231.opus"
    assert href(audio_source="https://example.org/ep.mp3?x=1") == "https://example.org/ep.mp3?x=1"
    assert href(audio_href="audio/ep.opus", audio_source=str(media)) == "audio/ep.opus"
    assert href(audio_href="") is None
    # the alignment's own source, relative to the output folder (here: the current folder)
    rel = audio_href(sample_alignment, RenderOptions(output=Path("episode.html")))
    assert rel == "sample.opus"
    # published times only: the source is the transcript, so no audio
    unaligned = from_published(sample_alignment.transcript, source="transcript.md")
    assert audio_href(unaligned, RenderOptions(output=out)) is None
    page = render(unaligned, "html")
    assert "<audio" not in page and "--audio-href" in page


def test_write_outputs_makes_the_href_relative_to_each_file(
    tmp_path: Path, sample_alignment: Alignment
) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    media = tmp_path / "ep.opus"
    opts = RenderOptions(audio_source=str(media))
    outs = [tmp_path / "top.html", tmp_path / "a" / "b" / "deep.html", tmp_path / "x.vtt"]
    write_outputs(sample_alignment, outs, options=opts)
    srcs = [parse(p.read_text()).find("audio")[0].attrs["src"] for p in outs[:2]]
    assert srcs == ["ep.opus", "../../ep.opus"]
    assert outs[2].read_text() == render(sample_alignment, "vtt")  # other writers unchanged


def test_hour_long_page_size() -> None:
    """10k words (an hour of talk) stay well under 1.5 MB, scaled to an hour of audio."""
    alignment = hour_alignment(n_words=10_000, duration=3600.0)
    size = len(render(alignment, "html").encode("utf-8"))
    per_hour = size * 3600.0 / (alignment.duration or 3600.0)
    assert per_hour <= 1.5 * 1024 * 1024, per_hour
    # and it grows with the words, not faster: twice the words, at most about twice the size
    double = len(render(hour_alignment(n_words=20_000, duration=7200.0), "html").encode())
    assert double < 2.05 * size


def test_export_command_writes_a_page(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "episode.html"
    src = shared_dir / "examples" / "podsim-mini.md"
    assert main(["export", str(src), "-o", str(out), "--audio-href", "ep.opus"]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    doc = parse(out.read_text())
    assert doc.find("audio")[0].attrs["src"] == "ep.opus"
    rows = doc.find("p", "ln")
    assert len(rows) == 47
    assert " ".join(rows[0].text.split()) == "1:07Today, we're here with Ross."
    # published times only: no word times, the lines are the click targets
    assert not [e for e in doc.find("span") if "data-time" in e.attrs]
    assert main(["export", str(src), "-o", str(tmp_path / "bad.htmx")]) != 0


def test_interpolated_alignment_keeps_line_times() -> None:
    line = Line(0, 0, None, "Just a line.")
    al = AlignedLine(line, 12.3456, 14.0, LineStatus.INTERPOLATED)
    alignment = Alignment(Transcript((Turn(0, None, None, (line.text,)),), (line,)), (al,))
    alignment = dataclasses.replace(alignment, duration=20.0)
    (row,) = parse(render(alignment, "html")).find("p", "ln")
    assert row.attrs["data-time"] == "12.346" and "ip" in row.classes
