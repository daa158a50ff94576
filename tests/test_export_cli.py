"""``podalign export`` from a real subprocess: conversions, exit codes and one-line errors
(argument errors, which argparse answers before any work, in-process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def podalign(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "podalign"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "podalign"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Path:
    return shared_dir / "examples" / "interconnects-ross-taylor.md"


@pytest.mark.slow  # runs the installed podalign script in a subprocess
def test_export_seed_page_to_vtt(tmp_path: Path, seed: Path) -> None:
    out = tmp_path / "x.vtt"
    proc = podalign("export", str(seed), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT")
    # 844 lines, the long ones as several subtitle-sized cues (tests/test_captions.py)
    assert text.count(" --> ") > 844
    assert "00:01:07.000 --> " in text
    assert "<v Nathan Lambert>Today, we&#39;re" not in text  # no over-escaping
    assert "<v Nathan Lambert>Today, we're here with Ross.</v>" in text


@pytest.mark.slow  # runs the installed podalign script in a subprocess
def test_export_relative_path_like_the_readme(tmp_path: Path, seed: Path) -> None:
    proc = podalign("export", str(seed), "-o", "x.vtt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "x.vtt").is_file()


@pytest.mark.slow  # runs the installed podalign script in a subprocess
def test_export_many_and_reexport_alignment(tmp_path: Path, seed: Path) -> None:
    outs = [tmp_path / n for n in ("a.vtt", "a.srt", "a.json", "a.md")]
    args = [x for p in outs for x in ("-o", str(p))]
    proc = podalign("export", str(seed), *args)
    assert proc.returncode == 0, proc.stderr
    assert all(p.stat().st_size > 0 for p in outs)
    data = json.loads(outs[2].read_text())
    assert data["version"] == 1 and len(data["lines"]) == 844
    assert outs[3].read_text(encoding="utf-8") == seed.read_text(encoding="utf-8")
    # an earlier alignment (podalign JSON) as input gives the same exports
    again = [tmp_path / "b.vtt", tmp_path / "b.md"]
    proc = podalign("export", str(outs[2]), "-o", str(again[0]), "-o", str(again[1]))
    assert proc.returncode == 0, proc.stderr
    assert again[0].read_text() == outs[0].read_text()
    assert again[1].read_text() == outs[3].read_text()


@pytest.mark.slow  # runs the installed podalign script in a subprocess
def test_export_podcast_json_format(tmp_path: Path, seed: Path) -> None:
    out = tmp_path / "p.json"
    proc = podalign("export", str(seed), "-o", str(out), "--format", "podcast-json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert data["version"] == "1.0.0"
    assert data["segments"][0] == {
        "speaker": "Nathan Lambert",
        "startTime": 67.0,
        "endTime": data["segments"][1]["startTime"],
        "body": "Today, we're here with Ross.",
    }


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    err = proc.stderr.strip()
    assert err.startswith("podalign: error: "), err
    assert "\n" not in err and "Traceback" not in err, err
    return err


@pytest.mark.slow  # runs the installed podalign script in a subprocess
@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"%PDF-1.4\n...", "PDF"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        (b'{"not": "a transcript"}', "Podcasting 2.0"),
    ],
)
def test_bad_transcript_is_one_line_exit_1(tmp_path: Path, content: bytes, needle: str) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    out = tmp_path / "x.vtt"
    proc = podalign("export", str(src), "-o", str(out))
    assert proc.returncode == 1
    assert needle in _one_line_error(proc)
    assert not out.exists()


@pytest.mark.slow  # runs the installed podalign script in a subprocess
def test_other_failures_exit_1(tmp_path: Path, seed: Path) -> None:
    proc = podalign("export", str(tmp_path / "missing.md"), "-o", str(tmp_path / "x.vtt"))
    assert proc.returncode == 1 and "not found" in _one_line_error(proc)
    proc = podalign("export", str(seed), "-o", str(tmp_path / "nodir" / "x.vtt"))
    assert proc.returncode == 1 and "does not exist" in _one_line_error(proc)
    proc = podalign("export", str(seed), "-o", str(tmp_path / "x.docx"))
    assert proc.returncode == 1 and "extension" in _one_line_error(proc)
    proc = podalign(
        "export", str(seed), "--transcript-format", "srt", "-o", str(tmp_path / "x.vtt")
    )
    assert proc.returncode == 1 and "no SRT cues" in _one_line_error(proc)


def test_usage_errors_exit_2(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # argparse answers these before any work: checked in-process, no subprocess needed
    from podalign.cli import main

    for argv, needle in (
        (["export", str(seed)], "-o"),
        (["export", str(seed), "-o", "x.vtt", "--transcript-format", "docx"], "docx"),
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("podalign: error: ") and "\n" not in err, err
        assert needle in err and "Traceback" not in err, err
