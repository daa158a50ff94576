"""Ctrl-C at each stage of a real ``podalign align`` subprocess (download, transcription,
alignment), and ``--debug``: exit 130 with one line, no partial output, finished cache entries
untouched and the work done so far kept (a download's part file, a transcription checkpoint).
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable

import pytest
from bad_input_support import PODSIM, PODSIM_MD, Ctx, alignment_entries
from hardening_support import (
    Running,
    check_one_line_error,
    cli_argv,
    cli_env,
    snapshot,
    verify_cache,
)

# The shared fixtures (web, seeded_cache, ctx).
pytest_plugins = ("bad_input_support",)

pytestmark = pytest.mark.slow  # each test runs the CLI in a subprocess


def test_debug_shows_the_traceback(ctx: Ctx) -> None:
    argv = ["--debug", *ctx.align(ctx.work / "nope.mp3")]
    proc = subprocess.run(
        cli_argv(argv),
        cwd=ctx.work,
        env=cli_env(ctx.cache),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "SourceError" in proc.stderr, proc.stderr


# -- Ctrl-C --------------------------------------------------------------------------------------


def _interrupt(run: Running, when: Callable[[], bool], timeout: float, what: str) -> int:
    assert run.wait_for(when, timeout), f"never reached {what}; stderr:\n{run.stderr}"
    assert run.proc.poll() is None, f"finished before the interrupt; stderr:\n{run.stderr}"
    run.proc.send_signal(signal.SIGINT)
    return run.finish(timeout=60)


def _check_interrupted(rc: int, run: Running, ctx: Ctx, before: dict[str, str]) -> None:
    check_one_line_error((rc, run.stderr), 130, r"interrupt", advice=False)
    assert not os.listdir(ctx.out), "an output or temp file was left behind"
    after = snapshot(ctx.cache)
    assert all(after.get(k) == v for k, v in before.items()), "finished cache entries changed"
    report = verify_cache(ctx.cache)
    assert not report.bad and not report.temp_files, report


def test_ctrl_c_during_download(ctx: Ctx) -> None:
    before = snapshot(ctx.cache)
    run = Running(ctx.align(f"{ctx.web}/slow/episode.opus"), ctx.cache, cwd=ctx.work)
    downloads = ctx.cache / "downloads"
    rc = _interrupt(
        run,
        lambda: (
            downloads.is_dir()
            and any(p.stat().st_size > 30000 for p in downloads.rglob("*") if p.is_file())
        ),
        60,
        "the download",
    )
    _check_interrupted(rc, run, ctx, before)
    assert not (ctx.cache / "media").is_dir() or not os.listdir(ctx.cache / "media")


def test_ctrl_c_during_transcription(ctx: Ctx) -> None:
    before = snapshot(ctx.cache)
    run = Running(ctx.align(PODSIM, None), ctx.cache, cwd=ctx.work)
    partial = ctx.cache / "transcriptions"
    rc = _interrupt(
        run,
        lambda: (
            partial.is_dir() and any(p.stat().st_size > 0 for p in partial.glob("*.partial.jsonl"))
        ),
        120,
        "the transcription",
    )
    _check_interrupted(rc, run, ctx, before)
    assert not list(partial.glob("*.json")), "the transcription finished before the interrupt"
    assert verify_cache(ctx.cache).partials, "the checkpoint of the finished segments was dropped"


def test_ctrl_c_during_alignment(ctx: Ctx) -> None:
    before = snapshot(ctx.cache)
    run = Running(ctx.align(PODSIM, PODSIM_MD), ctx.cache, cwd=ctx.work)
    rc = _interrupt(run, lambda: run.saw(r"^align: \d+ words"), 120, "the alignment")
    _check_interrupted(rc, run, ctx, before)
    assert len(alignment_entries(ctx.cache)) == 1, "the alignment finished before the interrupt"
