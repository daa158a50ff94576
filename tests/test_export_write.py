"""Choosing output formats from paths, and writing files atomically with one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aligner.errors import OutputError
from aligner.export import format_for_path, render, write_outputs
from aligner.result import Alignment


@pytest.mark.parametrize(
    ("path", "override", "fmt"),
    [
        ("a.vtt", None, "vtt"),
        ("a.VTT", None, "vtt"),
        ("a.srt", None, "srt"),
        ("a.json", None, "json"),
        ("a.md", None, "md"),
        ("a.json", "podcast-json", "podcast-json"),
        ("dir.x/a.srt", None, "srt"),
    ],
)
def test_format_for_path(path: str, override: str | None, fmt: str) -> None:
    assert format_for_path(path, override) == fmt


@pytest.mark.parametrize("path", ["a.txt", "a", "a.vtt.bak"])
def test_format_for_path_unknown(path: str) -> None:
    with pytest.raises(OutputError) as exc:
        format_for_path(path)
    assert "\n" not in str(exc.value) and ".vtt" in str(exc.value)
    with pytest.raises(OutputError, match="unknown output format"):
        format_for_path("a.json", "docx")


def test_write_several(tmp_path: Path, sample_alignment: Alignment) -> None:
    paths = [tmp_path / n for n in ("a.vtt", "a.srt", "a.json", "a.md")]
    written = write_outputs(sample_alignment, paths)
    assert written == paths
    for p, fmt in zip(paths, ("vtt", "srt", "json", "md")):
        assert p.read_text(encoding="utf-8") == render(sample_alignment, fmt)
    assert sorted(x.name for x in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_podcast_json_override_applies_to_json_only(
    tmp_path: Path, sample_alignment: Alignment
) -> None:
    paths = [tmp_path / "p.json", tmp_path / "p.vtt"]
    write_outputs(sample_alignment, paths, format_override="podcast-json")
    assert paths[0].read_text() == render(sample_alignment, "podcast-json")
    assert paths[1].read_text() == render(sample_alignment, "vtt")


def test_missing_folder_is_one_line_and_writes_nothing(
    tmp_path: Path, sample_alignment: Alignment
) -> None:
    good = tmp_path / "ok.vtt"
    with pytest.raises(OutputError) as exc:
        write_outputs(sample_alignment, [tmp_path / "no" / "such" / "x.vtt"])
    assert "does not exist" in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(OutputError):
        write_outputs(sample_alignment, [good, tmp_path / "bad.docx"])
    assert not good.exists()  # a bad extension fails before anything is written


def test_unwritable_folder(
    tmp_path: Path, sample_alignment: Alignment, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aligner.basics.atomic

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # creating the temp file beside the target is refused (as in a read-only folder, which a
    # root test run cannot make)
    monkeypatch.setattr(aligner.basics.atomic, "open", denied, raising=False)
    with pytest.raises(OutputError) as exc:
        write_outputs(sample_alignment, [tmp_path / "x.vtt"])
    assert "Permission denied" in str(exc.value) and "\n" not in str(exc.value)
    assert list(tmp_path.iterdir()) == []


def test_failed_replace_leaves_old_file_and_no_temp(
    tmp_path: Path, sample_alignment: Alignment, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.vtt"
    target.write_text("old content")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match="No space left"):
        write_outputs(sample_alignment, [target])
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["x.vtt"]


def test_overwrite_keeps_permissions(tmp_path: Path, sample_alignment: Alignment) -> None:
    target = tmp_path / "x.srt"
    target.write_text("old")
    target.chmod(0o640)
    write_outputs(sample_alignment, [target])
    assert target.read_text() == render(sample_alignment, "srt")
    assert target.stat().st_mode & 0o777 == 0o640


def test_output_path_is_a_folder(tmp_path: Path, sample_alignment: Alignment) -> None:
    (tmp_path / "x.vtt").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_outputs(sample_alignment, [tmp_path / "x.vtt"])


def test_untimed_transcript_has_no_captions(tmp_path: Path) -> None:
    from aligner.formats import parse_transcript
    from aligner.result import from_published

    al = from_published(parse_transcript("Ann: Hello there.\n\nBo: Hi.\n"))
    with pytest.raises(OutputError, match="no line of this transcript has a time"):
        render(al, "vtt")
    write_outputs(al, [tmp_path / "x.json", tmp_path / "x.md"])  # these need no times
    assert "**Ann**: Hello there." in (tmp_path / "x.md").read_text()
