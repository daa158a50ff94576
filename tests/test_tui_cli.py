"""``podalign play`` at the CLI edge: bad input is a one-line error with the right exit code,
and the core stays headless (the TUI is imported only inside the handler)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tui_fakes import podsim_audio

pytestmark = pytest.mark.slow  # each test runs the CLI in a subprocess

ROOT = Path(__file__).resolve().parents[1]


def _play(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podalign", "play", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_help_lists_the_options() -> None:
    proc = _play("--help")
    assert proc.returncode == 0
    for option in ("SOURCE", "--transcript", "--transcript-format", "--model", "--device"):
        assert option in proc.stdout


def test_missing_source_is_a_one_line_error() -> None:
    proc = _play("no/such/episode.mp3")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "podalign: error: no/such/episode.mp3: no such file; "
        "give an audio/video file or an http(s) URL"
    ]


def test_missing_transcript_is_a_usage_error() -> None:
    proc = _play(str(podsim_audio()), "--transcript", "nope.md")
    assert proc.returncode == 2
    assert "--transcript nope.md: no such file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_without_a_terminal_it_says_what_to_do_instead() -> None:
    proc = _play(str(podsim_audio()))
    assert proc.returncode == 2
    assert "needs an interactive terminal" in proc.stderr and "podalign align" in proc.stderr


def test_play_cmd_does_not_import_the_tui_at_import_time() -> None:
    code = (
        "import sys, podalign.commands.play; print('tui' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]
