"""Two ``podalign align`` runs on the same episode (a 65 s cut of podsim-mini) at the same
time, sharing one cache.

Both must succeed with byte-identical outputs, and the cache must end with one entry per
result (one alignment, one content hash, one transcription when Whisper ran), every entry
verifying against its hash, no checkpoint or temp file left behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import Running, verify_cache
from podsim_cut import SHORT_SECONDS, SHORT_TURNS, Episode, make_cut

pytestmark = pytest.mark.slow  # each test runs two CLI subprocesses at once


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> Episode:
    """A 65 s cut of podsim-mini and its page (three Whisper windows, every stage)."""
    return make_cut(tmp_path_factory.mktemp("episode"), SHORT_SECONDS, SHORT_TURNS)


@pytest.mark.parametrize("mode", ["transcript", "whisper"])
def test_two_runs_at_once_share_one_cache(mode: str, episode: Episode, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    runs = []
    for i in (1, 2):
        out = tmp_path / f"out{i}"
        out.mkdir()
        args: list = ["align", episode.audio, "-o", out / "out.vtt", "-o", out / "out.json"]
        if mode == "transcript":
            args += ["--transcript", episode.transcript]
        runs.append((out, Running(args, cache, cwd=tmp_path)))
    for _, run in runs:
        assert run.finish(timeout=600) == 0, run.stderr
        assert "Traceback" not in run.stderr
    (out1, _), (out2, _) = runs
    for name in ("out.vtt", "out.json"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name
    assert "-->" in (out1 / "out.vtt").read_text(encoding="utf-8")

    report = verify_cache(cache)
    assert not report.bad and not report.temp_files and not report.partials, report
    expected = {"alignments": 1, "hashes": 1}
    if mode == "whisper":
        expected["transcriptions"] = 1
    assert report.entries == expected, report.entries
