"""``podalign cache list`` and ``podalign cache clear [--older-than]`` through the CLI."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from aligner.errors import UsageError
from cache.store import Store
from podalign.cli import main
from podalign.commands.cache import parse_age


def test_parse_age() -> None:
    assert parse_age("7d") == 7 * 86400
    assert parse_age("12h") == 12 * 3600
    assert parse_age("30m") == 1800
    assert parse_age("2w") == 14 * 86400
    assert parse_age("3") == 3 * 86400
    with pytest.raises(UsageError):
        parse_age("soon")


def test_list_and_clear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PODALIGN_CACHE", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "160")
    store = Store(tmp_path)
    store.write_json("transcriptions", "aaaa1111", {"x": 1}, label="Old Episode")
    store.write_json("transcriptions", "bbbb2222", {"x": 2}, label="Fresh Episode")
    old = time.time() - 30 * 86400
    for p in tmp_path.glob("transcriptions/aaaa1111*"):
        os.utime(p, (old, old))

    assert main(["cache", "list"]) == 0
    out = capsys.readouterr().out
    assert "Old Episode" in out and "Fresh Episode" in out and "2 entries" in out

    assert main(["cache", "clear", "--older-than", "7d"]) == 0
    assert "removed 1 entries" in capsys.readouterr().out
    assert store.read_json("transcriptions", "aaaa1111") is None
    assert store.read_json("transcriptions", "bbbb2222") == {"x": 2}

    assert main(["cache", "clear", "--older-than", "tomorrow"]) == 2
    assert "--older-than" in capsys.readouterr().err

    assert main(["cache", "clear"]) == 0
    assert main(["cache", "list"]) == 0
    assert "empty" in capsys.readouterr().out
