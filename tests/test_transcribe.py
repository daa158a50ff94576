"""Whisper transcription with the real bundled model: the JFK clip, caching (a second run makes
no model call), a SIGKILLed run that resumes to the same text, two processes on one entry, and
re-transcription of a span. The podsim-mini clean run is done once per session."""

from __future__ import annotations

import itertools
import json
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from podsim_cut import make_cut

import aligner.transcription.resume as resume
import aligner.transcription.transcribe as tr
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.progress import drive
from aligner.result import Transcription
from aligner.transcription.models import resolve_model
from aligner.transcription.transcribe import (
    NAMESPACE,
    TranscribeOptions,
    transcribe,
    transcribe_span,
    transcription_key,
)
from cache.keys import sha256_file
from cache.store import Store
from podalign.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split())


@pytest.fixture(scope="session")
def jfk(shared_dir: Path) -> tuple[np.ndarray, str]:
    path = shared_dir / "audio" / "jfk.flac"
    return drive(decode_audio(path)), sha256_file(path)


@pytest.fixture(scope="session")
def jfk_result(jfk: tuple[np.ndarray, str], tmp_path_factory: pytest.TempPathFactory):
    audio, sha = jfk
    store = Store(tmp_path_factory.mktemp("jfk-cache"))
    return drive(transcribe(audio, audio_sha256=sha, model=resolve_model(), store=store))


@pytest.fixture(scope="session")
def podsim_cut(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 93 s cut of podsim-mini: three decoding windows (seek 0, 2970, 5940), 29 segments."""
    return make_cut(tmp_path_factory.mktemp("podsim-cut")).audio


@pytest.fixture(scope="session")
def podsim_clean(podsim_cut: Path, tmp_path_factory: pytest.TempPathFactory) -> Transcription:
    store = Store(tmp_path_factory.mktemp("podsim-clean"))
    audio = drive(decode_audio(podsim_cut))
    return drive(
        transcribe(audio, audio_sha256=sha256_file(podsim_cut), model=resolve_model(), store=store)
    )


def test_jfk_with_the_bundled_model(jfk_result: Transcription) -> None:
    assert "ask not what your country can do for you" in _norm(jfk_result.text)
    words = jfk_result.words
    assert len(words) >= 15
    assert all(0.0 <= w.start <= w.end <= 11.05 for w in words)
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))
    country = [w for w in words if _norm(w.text) == "country"]
    assert len(country) == 2 and country[0].start < country[1].start
    assert jfk_result.model == "tiny.en" and jfk_result.language == "en"
    assert Transcription.from_dict(jfk_result.to_dict()) == jfk_result


def test_second_run_makes_no_model_call(
    jfk: tuple[np.ndarray, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from faster_whisper import WhisperModel

    calls = []
    real = WhisperModel.transcribe

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(WhisperModel, "transcribe", counting)
    audio, sha = jfk
    store = Store(tmp_path)
    first = drive(transcribe(audio, audio_sha256=sha, model=resolve_model(), store=store))
    assert len(calls) == 1
    events = []
    second = drive(
        transcribe(audio, audio_sha256=sha, model=resolve_model(), store=store), events.append
    )
    assert len(calls) == 1 and second == first
    assert any("cached" in e.message for e in events)
    # options that change the output make a different entry
    other = TranscribeOptions(beam_size=1)
    assert transcription_key(sha, resolve_model(), other) != transcription_key(
        sha, resolve_model(), TranscribeOptions()
    )
    assert not list(tmp_path.glob("transcriptions/*.partial.jsonl"))


WORKER = textwrap.dedent(
    """
    import json, sys
    from aligner.decoding.decode import decode_audio
    from aligner.transcription.models import resolve_model
    from aligner.progress import drive
    from aligner.transcription.transcribe import transcribe
    from cache.keys import sha256_file
    from cache.store import Store
    path, root, out = sys.argv[1:4]
    audio = drive(decode_audio(path))
    def show(event):
        if event.message:
            print("MSG", event.message, flush=True)
    result = drive(
        transcribe(audio, audio_sha256=sha256_file(path), model=resolve_model(), store=Store(root)),
        show,
    )
    with open(out, "w") as fh:
        json.dump(result.to_dict(), fh)
    """
)


@pytest.mark.slow  # spawns a subprocess
def test_killed_run_resumes_to_the_same_text(
    podsim_cut: Path, tmp_path: Path, podsim_clean: Transcription
) -> None:
    """Killed while its third window is decoded, the resumed run equals a clean one: text, segments
    and every word time (the resumed window starts in a clean run's state)."""
    audio_path = podsim_cut
    root, out = tmp_path / "cache", tmp_path / "out.json"
    args = [sys.executable, "-c", WORKER, str(audio_path), str(root), str(out)]
    victim = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    windows: set[int] = set()
    try:
        # two finished windows are on disk and the third is being decoded (a window's segments
        # come out together, so waiting for one of the third would race with the end of the
        # run): the resumed run starts in the third, where a resume without the last word's
        # end moved a word by 0.08 s
        while len(windows) < 2:
            if victim.poll() is not None:
                pytest.fail("the transcription finished before it could be killed")
            assert time.monotonic() < deadline
            for partial in root.glob("transcriptions/*.partial.jsonl"):
                lines = partial.read_bytes().split(b"\n")[1:-1]
                windows = {json.loads(line)["seek"] for line in lines}
            time.sleep(0.02)
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    assert victim.returncode == -signal.SIGKILL and not out.exists()

    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    resumed = [line for line in proc.stdout.splitlines() if "resumed" in line]
    assert resumed, proc.stdout
    kept = int(re.search(r"\((\d+) segments kept\)", resumed[0]).group(1))
    assert kept >= 1
    result = Transcription.from_dict(json.loads(out.read_text()))
    assert result.text == podsim_clean.text
    assert len(result.segments) == len(podsim_clean.segments)
    assert [s.index for s in result.segments] == list(range(len(result.segments)))
    assert result == podsim_clean
    assert not list(root.glob("transcriptions/*.partial.jsonl"))


def test_partial_file_tolerates_a_torn_last_line(tmp_path: Path) -> None:
    partial = tmp_path / "p.jsonl"
    header = {
        "kind": "header",
        "v": tr.FORMAT_VERSION,
        "key": "k",
        "chunks": None,
        "language": "en",
    }
    seg = {
        "kind": "segment",
        "seek": 0,
        "temperature": 0.0,
        "tokens": [1, 2],
        "segment": {"index": 0, "start": 0.0, "end": 1.0, "text": "hi"},
    }
    lines = [json.dumps(header), json.dumps(seg), json.dumps(seg | {"seek": 3000})]
    partial.write_text("\n".join(lines) + "\n" + lines[1][:25])
    cp = tr._read_partial(partial, "k")
    assert [r["seek"] for r in cp.records] == [0, 3000] and cp.language == "en"
    assert cp.offsets[-1] == len("\n".join(lines)) + 1
    assert tr._read_partial(partial, "another-key").records == []


def test_prompt_reconstruction_honours_prompt_resets() -> None:
    opts = TranscribeOptions()
    kept = [
        {"seek": 0, "tokens": [1, 2], "temperature": 0.0},
        {"seek": 0, "tokens": [3], "temperature": 0.0},
        {"seek": 3000, "tokens": [4, 5], "temperature": 0.8},  # window fell back: reset
        {"seek": 6000, "tokens": [6], "temperature": 0.2},
    ]
    assert resume.prompt_tokens(None, opts, kept) == [6]
    assert resume.prompt_tokens(None, opts, kept[:2]) == [1, 2, 3]
    no_cond = TranscribeOptions(condition_on_previous_text=False)
    assert resume.prompt_tokens(None, no_cond, kept) == []


SECOND_PROCESS = textwrap.dedent(
    """
    import sys
    import numpy as np
    import aligner.transcription.transcribe as tr
    from aligner.transcription.models import resolve_model
    from aligner.progress import drive
    from cache.store import Store
    def no_model(*a, **k):
        raise SystemExit("the second process must not load the model")
    tr.load_whisper = no_model
    audio = np.zeros(11 * 16000, dtype=np.float32)
    def show(event):
        if event.message:
            print("MSG", event.message, flush=True)
    result = drive(
        tr.transcribe(audio, audio_sha256=sys.argv[2], model=resolve_model(),
                      store=Store(sys.argv[1])),
        show,
    )
    print("TEXT", result.text, flush=True)
    """
)


@pytest.mark.slow  # spawns a subprocess
def test_second_process_waits_for_the_first(
    jfk: tuple[np.ndarray, str], jfk_result: Transcription, tmp_path: Path
) -> None:
    _, sha = jfk
    store = Store(tmp_path)
    entry = transcription_key(sha, resolve_model(), TranscribeOptions())
    with store.lock(NAMESPACE, entry):  # we are "the first process", mid-transcription
        proc = subprocess.Popen(
            [sys.executable, "-c", SECOND_PROCESS, str(tmp_path), sha],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert "waiting for another podalign process" in proc.stdout.readline()
        store.write_json(NAMESPACE, entry, jfk_result.to_dict())
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert f"TEXT {jfk_result.text}" in out


def test_transcribe_span_has_absolute_times(jfk: tuple[np.ndarray, str]) -> None:
    audio, _ = jfk
    span = transcribe_span(audio, 3.0, 9.0, model=resolve_model(), options=TranscribeOptions())
    assert "country" in _norm(span.text)
    assert span.words and all(3.0 <= w.start <= w.end <= 9.05 for w in span.words)
    assert len(audio) / SAMPLE_RATE > 9.0


def test_transcribe_command_writes_json(
    shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PODALIGN_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "jfk.json"
    assert main(["transcribe", str(shared_dir / "audio" / "jfk.flac"), "-q", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["title"] == "jfk" and "ask not what your country" in _norm(
        Transcription.from_dict(data).text
    )
    assert main(["transcribe", str(tmp_path / "missing.mp3"), "-q"]) == 1


def test_closing_the_stage_cancels_cleanly(jfk: tuple[np.ndarray, str], tmp_path: Path) -> None:
    from cache.lock import is_locked

    audio, sha = jfk
    store = Store(tmp_path)
    stage = transcribe(audio, audio_sha256=sha, model=resolve_model(), store=store)
    first = next(stage)
    assert first.stage == "transcribe"
    stage.close()  # what the TUI does when the user quits mid-transcription
    entry = transcription_key(sha, resolve_model(), TranscribeOptions())
    assert not is_locked(store.path(NAMESPACE, entry, ".lock"))
    assert store.read_json(NAMESPACE, entry) is None
