"""The rich progress renderer the commands share: units, speed, and stage messages kept."""

from __future__ import annotations

import io

from rich.console import Console

from aligner.progress import Progress
from podalign.progress_view import ProgressView, format_amount, human_bytes


def test_amounts() -> None:
    assert human_bytes(512) == "512 B"
    assert human_bytes(1_500_000) == "1.5 MB"
    assert format_amount(65, 200, "s") == "1:05 / 3:20"
    assert format_amount(3700, None, "s") == "1:01:40"
    assert format_amount(2_000_000, 4_000_000, "B") == "2.0 MB / 4.0 MB"
    assert format_amount(3, 10, "lines") == "3 / 10 lines"


def test_view_renders_bars_and_keeps_messages() -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    with ProgressView(console) as view:
        view(Progress("download", 0, None, "B", message="fetching media information"))
        view(Progress("download", 2_000_000, 4_000_000, "B"))
        view(Progress("transcribe", 0, 200, "s", message="resumed at 70.9s (21 segments kept)"))
        view(Progress("transcribe", 100, 200, "s"))
        view(Progress("transcribe", 120, 200, "s"))  # same message not repeated
    out = buf.getvalue()
    assert "resumed at 70.9s" in out and "fetching media information" in out
    assert "Transcribing" in out and "Downloading" in out
    assert view.messages == [
        "download: fetching media information",
        "transcribe: resumed at 70.9s (21 segments kept)",
    ]


def test_disabled_view_prints_nothing() -> None:
    buf = io.StringIO()
    with ProgressView(Console(file=buf), enabled=False) as view:
        view(Progress("decode", 1, 2, "s", message="decoding x"))
    assert buf.getvalue() == "" and view.messages == ["decode: decoding x"]


def test_off_a_terminal_each_stage_prints_one_short_line() -> None:
    buf = io.StringIO()
    with ProgressView(Console(file=buf, width=40)) as view:  # a file: not a terminal
        view(Progress("decode", 0, 200, "s", message="decoding a-rather-long-file-name.opus"))
        view(Progress("decode", 100, 200, "s", message="half way"))
        view(Progress("decode", 200, 200, "s"))
        view(Progress("align", 0, 200, "s"))
        view(Progress("align", 200, 200, "s", message="done"))
    assert not view.interactive
    assert buf.getvalue().splitlines() == [
        "decode: decoding a-rather-long-file-name.opus",
        "align: aligning",
    ]
    assert view.messages[-1] == "align: done"  # kept for callers, not printed


def test_quiet_and_global_quiet_silence_progress_and_an_error_is_the_last_line(
    tmp_path, capsys
) -> None:
    from podalign.cli import main

    bad = tmp_path / "not-audio.mp3"
    bad.write_text("this is not audio")
    for argv in (
        ["align", str(bad), "-o", str(tmp_path / "x.vtt")],
        ["-q", "align", str(bad), "-o", str(tmp_path / "x.vtt")],
        ["align", str(bad), "-q", "-o", str(tmp_path / "x.vtt")],
    ):
        assert main(argv) != 0
        lines = capsys.readouterr().err.splitlines()
        assert lines[-1].startswith("podalign: error: ")
        if "-q" in argv:
            assert len(lines) == 1, lines
        else:
            assert "hash: hashing not-audio.mp3" in lines and len(lines) >= 2


def test_a_warning_shows_off_a_terminal_and_even_when_quiet() -> None:
    for enabled in (True, False):
        buf = io.StringIO()
        with ProgressView(Console(file=buf), enabled=enabled) as view:
            view(Progress("decode", 0, 10, "s", message="decoding x.flac"))
            view(Progress("decode", 5, 5, "s", message="x.flac ends at 5.0 s", warning=True))
        lines = buf.getvalue().splitlines()
        assert lines[-1] == "decode: warning: x.flac ends at 5.0 s"
        assert len(lines) == (2 if enabled else 1)
