"""Shared pytest fixtures: where the shared test data lives, and the W3C WebVTT validator."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser_support import browser, site  # noqa: F401  (session fixtures of the browser tests)

TESTS = Path(__file__).resolve().parent
VTT_VALIDATOR = TESTS / "vtt_validator"
# Support modules some test files load as plugins (their fixtures): rewrite their asserts too.
pytest.register_assert_rewrite("bad_input_support")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (CI clones it there)."""
    path = TESTS.parents[1] / "shared"
    if not path.is_dir():
        pytest.fail(f"shared test data not found at {path}; clone it beside the repository")
    return path


@pytest.fixture(scope="session")
def w3c_vtt() -> Callable[..., list[dict]]:
    """A function validating WebVTT files with the W3C parser (npm ``webvtt-parser``).

    Installs the npm package into ``tests/vtt_validator/node_modules`` on first use. Returns,
    per file, ``{"path", "errors", "messages", "cues", "texts"}``.
    """
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node and npm are needed to validate WebVTT output (install Node.js 18+)")
    if not (VTT_VALIDATOR / "node_modules" / "webvtt-parser").is_dir():
        proc = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=VTT_VALIDATOR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0:
            pytest.fail(f"npm install of webvtt-parser failed: {proc.stderr.strip()[-500:]}")

    def validate(*paths: Path) -> list[dict]:
        proc = subprocess.run(
            [node, str(VTT_VALIDATOR / "validate.js"), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)["files"]

    return validate


@pytest.fixture
def sample_alignment():
    """A small hand-made alignment with every case writers must handle.

    Speakers and text with ``&``, ``<``, ``>`` and ``-->``; a ``not_in_audio`` line; a line
    with no time; a line without speaker; two paragraphs in a turn; words; chapters; regions.
    """
    from aligner.result import AlignedLine, Alignment, LineStatus, Region, Word
    from aligner.transcript import Chapter, Line, Transcript, Turn

    turns = (
        Turn(0, "Tom & Jerry <Hosts>", 1.0, ("Welcome & hello <world>! Arrows --> are tricky.",)),
        Turn(1, "Dr. Ann Lee", 4.0, ("Thanks.", "Second para line.")),
        Turn(2, None, None, ("Unattributed aside.", "Never placed.")),
    )
    lines = (
        Line(0, 0, "Tom & Jerry <Hosts>", "Welcome & hello <world>!", 1.0),
        Line(1, 0, "Tom & Jerry <Hosts>", "Arrows --> are tricky."),
        Line(2, 1, "Dr. Ann Lee", "Thanks.", 4.0),
        Line(3, 1, "Dr. Ann Lee", "Second para line.", paragraph=1),
        Line(4, 2, None, "Unattributed aside."),
        Line(5, 2, None, "Never placed.", paragraph=1),
    )
    transcript = Transcript(
        turns=turns,
        lines=lines,
        chapters=(Chapter(0.0, "Intro"), Chapter(4.0, "Part <2> & more")),
        format="plain",
        title="Sample & <Show>",
        source_text="(hand-made)",
    )
    aligned = (
        AlignedLine(
            lines[0],
            1.2,
            2.5,
            LineStatus.ALIGNED,
            0.91,
            (Word("Welcome", 1.2, 1.6, 0.9), Word("&", 1.6, 1.7, 0.5)),
        ),
        AlignedLine(lines[1], 2.5, 3.9, LineStatus.INTERPOLATED, 0.25),
        AlignedLine(lines[2], 3.9, 3.9, LineStatus.NOT_IN_AUDIO, 0.0),
        AlignedLine(lines[3], 4.25, 5.125, LineStatus.ALIGNED, 0.8),
        AlignedLine(lines[4], 6.0, 7.5, LineStatus.ALIGNED, 0.7),
        AlignedLine(lines[5], None, None, LineStatus.INTERPOLATED, 0.0),
    )
    return Alignment(
        transcript=transcript,
        lines=aligned,
        source="sample.opus",
        duration=10.0,
        model="tiny.en",
        extra_regions=(Region(0.0, 1.0, "music"), Region(8.0, 9.5, "extra", "outro words")),
    )
