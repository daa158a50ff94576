"""Two ``podalign align`` runs on one episode at once compute the alignment once: the second
waits for the first (the cache entry's lock) and reuses its result."""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import Running
from podsim_cut import SHORT_SECONDS, SHORT_TURNS, make_cut

pytestmark = pytest.mark.slow  # two CLI subprocesses aligning a 65 s cut of podsim-mini


def test_second_run_waits_and_reuses(tmp_path: Path) -> None:
    episode = make_cut(tmp_path, SHORT_SECONDS, SHORT_TURNS)
    cache = tmp_path / "cache"
    runs = []
    for i in (1, 2):
        out = tmp_path / f"out{i}.json"
        args = ["align", episode.audio, "-t", episode.transcript, "-o", out]
        runs.append(Running(args, cache, cwd=tmp_path))
    for run in runs:
        assert run.finish(timeout=600) == 0, run.stderr
    summaries = [next(ln for ln in r.lines if "lines aligned" in ln) for r in runs]
    reused = [s for s in summaries if s.endswith("(cached)")]
    assert len(reused) == 1, summaries  # one run aligned, the other took its result
    waiter = runs[0] if summaries[0].endswith("(cached)") else runs[1]
    assert "waiting for another podalign" in waiter.stderr, waiter.stderr
    assert (tmp_path / "out1.json").read_bytes() == (tmp_path / "out2.json").read_bytes()
