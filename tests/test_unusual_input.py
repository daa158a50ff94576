"""Valid but unusual input must simply work: emoji and right-to-left text through every writer,
and a 3-hour file hashed and decoded in flat memory (both in real subprocesses)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bad_input_support import JFK, UNICODE_TEXT, Ctx
from hardening_support import cli_argv, cli_env
from made_inputs import long_mp3

# The shared fixtures (web, seeded_cache, ctx).
pytest_plugins = ("bad_input_support",)

pytestmark = pytest.mark.slow  # subprocesses, and a 3-hour file


def test_unicode_emoji_and_rtl_text_survive(ctx: Ctx) -> None:
    transcript = ctx.file("unicode.md", UNICODE_TEXT)
    proc = subprocess.run(
        cli_argv(
            [*ctx.align(JFK, transcript), "-o", ctx.out / "out.srt", "-o", ctx.out / "out.md"]
        ),
        cwd=ctx.work,
        env=cli_env(ctx.cache),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    for name in ("out.vtt", "out.srt", "out.json", "out.md"):
        text = (ctx.out / name).read_text(encoding="utf-8")
        for piece in ("🇺🇸", "שָׁלוֹם", "مرحبا", "✨", "Ведущий 🎙️"):
            assert piece in text, (name, piece, text[:500])
    vtt = (ctx.out / "out.vtt").read_text(encoding="utf-8")
    start = re.search(r"(\d\d):(\d\d)\.(\d\d\d) -->", vtt)
    assert start and int(start.group(2)) < 2, vtt  # placed on the speech, not somewhere odd


def test_a_3_hour_file_decodes_in_flat_memory(tmp_path: Path) -> None:
    """Open (hash) and decode a 3-hour file in a subprocess; peak RSS stays near the output."""
    path = long_mp3(tmp_path / "three-hours.mp3", 3.0)
    code = (
        "import resource, sys\n"
        "from aligner.decoding.decode import decode_audio\n"
        "from aligner.progress import drive\n"
        "from aligner.sources import open_source\n"
        "media = drive(open_source(sys.argv[1]))\n"
        "audio = drive(decode_audio(media.path))\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(audio.shape[0], audio.dtype, audio.nbytes, peak)\n"
    )
    proc = subprocess.run(
        [*cli_argv([])[:1], "-c", code, str(path)],
        env=cli_env(tmp_path / "cache"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    n, dtype, nbytes, peak = proc.stdout.split()
    assert dtype == "float32" and abs(int(n) - 3 * 3600 * 16000) <= 16000
    buffer = 3 * 3600 * 16000 * 4  # the 16 kHz float32 result itself: ~691 MB
    assert int(nbytes) <= buffer * 1.001
    assert int(peak) <= 1.5 * buffer, f"peak RSS {int(peak) / 2**20:.0f} MiB for a 659 MiB buffer"
