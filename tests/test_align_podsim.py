"""The whole pipeline on podsim-mini (real audio, real bundled model): accuracy against the
exact truth, nothing placed on the intro, the cache making a second run instant, and the
``podalign align`` command writing captions."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from aligner.pipeline import PipelineRequest, PipelineResult, run_pipeline
from aligner.progress import drive
from aligner.result import LineStatus
from aligner.result_json import to_dict
from cache.store import Store
from podalign.cli import main
from tests.align_truth import assert_thresholds, score

pytestmark = pytest.mark.slow  # the model on the 200 s episode, and the CLI in subprocesses


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("podalign-cache")


@pytest.fixture(scope="module")
def truth(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "examples" / "podsim-mini.truth.json").read_text())


@pytest.fixture(scope="module")
def request_(shared_dir: Path) -> PipelineRequest:
    return PipelineRequest(
        source=str(shared_dir / "audio" / "podsim-mini.opus"),
        transcript=str(shared_dir / "examples" / "podsim-mini.md"),
    )


@pytest.fixture(scope="module")
def first_run(request_: PipelineRequest, cache_dir: Path) -> PipelineResult:
    return drive(run_pipeline(request_, Store(cache_dir)))


def test_accuracy_meets_the_bar(first_run: PipelineResult, truth: dict) -> None:
    assert not first_run.cached
    sc = score(first_run.alignment, truth["sentences"])
    assert sc.sentences == len(truth["sentences"]) == 36
    assert_thresholds(sc)


def test_nothing_on_the_intro(first_run: PipelineResult, truth: dict) -> None:
    intro_end = max(r["end"] for r in truth["extra"])
    for al in first_run.alignment.lines:
        assert al.status is LineStatus.ALIGNED
        assert al.start is not None and al.start >= intro_end, al.line.text
    # the read intro is reported as audio that is not in the transcript
    regions = first_run.alignment.extra_regions
    assert regions, "the intro should be reported"
    intro = next(r for r in truth["extra"] if r["what"] == "intro")
    covered = sum(
        max(0.0, min(r.end, intro["end"]) - max(r.start, intro["start"])) for r in regions
    )
    assert covered >= 0.8 * (intro["end"] - intro["start"])


def test_second_run_comes_from_the_cache(
    first_run: PipelineResult, request_: PipelineRequest, cache_dir: Path
) -> None:
    t0 = time.perf_counter()
    again = drive(run_pipeline(request_, Store(cache_dir)))
    elapsed = time.perf_counter() - t0
    assert again.cached
    assert to_dict(again.alignment) == to_dict(first_run.alignment)
    assert elapsed < 3.0


def test_align_command_writes_captions(
    first_run: PipelineResult,
    shared_dir: Path,
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PODALIGN_CACHE", str(cache_dir))
    vtt, js = tmp_path / "out.vtt", tmp_path / "out.json"
    rc = main(
        [
            "align",
            str(shared_dir / "audio" / "podsim-mini.opus"),
            "--transcript",
            str(shared_dir / "examples" / "podsim-mini.md"),
            "-o",
            str(vtt),
            "-o",
            str(js),
            "--report",
            "-q",
        ]
    )
    assert rc == 0
    text = vtt.read_text()
    assert text.startswith("WEBVTT")
    first_cue = text.split("\n\n")[1].splitlines()[0]
    assert first_cue.startswith("00:00:32."), first_cue
    data = json.loads(js.read_text())
    assert len(data["lines"]) == len(first_run.alignment.lines)
    out = capsys.readouterr()
    assert "offset" in out.out and "audio not in the transcript" in out.out
    assert "47 of 47 lines aligned" in out.err


def test_align_command_bad_transcript_is_one_line(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(
        [
            "align",
            str(shared_dir / "audio" / "podsim-mini.opus"),
            "--transcript",
            str(tmp_path / "missing.md"),
            "-o",
            str(tmp_path / "out.vtt"),
        ]
    )
    err = capsys.readouterr().err
    assert rc != 0
    assert err.startswith("podalign: error:") and err.count("\n") == 1
    assert not (tmp_path / "out.vtt").exists()


def test_align_command_needs_an_output(
    shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(["align", str(shared_dir / "audio" / "podsim-mini.opus")])
    assert rc == 2
    assert "-o OUT" in capsys.readouterr().err
