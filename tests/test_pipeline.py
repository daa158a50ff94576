"""run_pipeline on the 11 s JFK clip (real bundled model): Whisper's segments as lines when there
is no transcript, a transcript for other audio refused in one line (and kept in the cache for
--force), and cache keys that change with what changes the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.alignment.normalize import normalize_text
from aligner.errors import AlignmentError
from aligner.formats import parse_transcript
from aligner.pipeline import PipelineRequest, alignment_key, run_pipeline
from aligner.progress import drive
from aligner.result import LineStatus
from cache.store import Store

OTHER = (
    "Welcome back to the cooking hour. Today we bake sourdough bread with a long cold proof. "
    "First feed the starter the night before and keep it somewhere warm. Then mix flour, water "
    "and salt, and fold the dough every half hour for three hours."
)


@pytest.fixture
def jfk(shared_dir: Path) -> str:
    return str(shared_dir / "audio" / "jfk.flac")


def test_without_transcript_whisper_segments_become_lines(jfk: str, tmp_path: Path) -> None:
    store = Store(tmp_path)
    result = drive(run_pipeline(PipelineRequest(source=jfk), store))
    al = result.alignment
    assert al.transcript.format == "whisper"
    assert al.lines and all(a.status is LineStatus.ALIGNED for a in al.lines)
    text = " ".join(normalize_text(" ".join(a.line.text for a in al.lines)))
    assert "ask not what your country can do for you" in text
    for a in al.lines:
        assert a.start is not None and a.end is not None
        assert 0.0 <= a.start < a.end <= 11.5
    again = drive(run_pipeline(PipelineRequest(source=jfk), store))
    assert again.cached and again.alignment.lines == al.lines
    # A finished result names its audio, fresh or cached (saved edits find the episode by it).
    assert len(result.media.sha256) == 64
    assert al.audio_sha256 == result.media.sha256 == again.alignment.audio_sha256


def test_transcript_of_other_audio_is_refused(jfk: str, tmp_path: Path) -> None:
    store = Store(tmp_path)
    other = parse_transcript(OTHER, "plain")
    with pytest.raises(AlignmentError, match=r"matches little of the audio \(only \d+%"):
        drive(run_pipeline(PipelineRequest(source=jfk, transcript=other), store))
    # the refused alignment was kept: --force needs no new work
    forced = drive(run_pipeline(PipelineRequest(source=jfk, transcript=other, force=True), store))
    assert forced.cached
    assert forced.alignment.aligned_share < 0.3
    assert forced.alignment.audio_sha256 == forced.media.sha256


def test_alignment_key_follows_audio_transcript_and_model() -> None:
    a = parse_transcript("One line here. And another.", "plain")
    b = parse_transcript("One line here. And another one.", "plain")
    base = alignment_key("sha-1", a, "tiny.en:x")
    same = parse_transcript("One line here. And another.", "plain")
    assert base == alignment_key("sha-1", same, "tiny.en:x")
    assert base != alignment_key("sha-2", a, "tiny.en:x")
    assert base != alignment_key("sha-1", b, "tiny.en:x")
    assert base != alignment_key("sha-1", a, "base:y")
    assert base != alignment_key("sha-1", None, "tiny.en:x")
