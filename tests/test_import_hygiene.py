"""The layers hold at run time: importing every module of ``aligner`` and ``cache`` must not pull
in Textual, the player never loads the CLI, and the CLI's parser loads no heavy library (each
checked in a fresh interpreter so other tests' imports cannot hide a leak). The static side of
the layers is tests/test_layers.py (import-linter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # each test imports in a fresh interpreter

CHECK = r"""
import importlib, pkgutil, sys
import aligner, cache
for pkg in (aligner, cache):
    for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if mod.name.endswith("__main__"):
            continue
        importlib.import_module(mod.name)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "tui"))
print(",".join(leaked))
"""


def test_core_imports_without_textual() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"headless core imported: {out}"


def _loaded_after(code: str, names: set[str]) -> list[str]:
    """Which of the top-level packages ``names`` a fresh interpreter has loaded after ``code``."""
    probe = (
        f"{code}\nimport sys\nnames = {sorted(names)!r}\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & set(names))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    return [name for name in out.split(",") if name]


def test_the_player_loads_textual_but_never_the_cli() -> None:
    # The layers at run time: tui sits below podalign, so the app never imports the CLI.
    assert _loaded_after("import tui.app", {"textual", "podalign"}) == ["textual"]


def test_the_cli_parser_loads_no_heavy_library() -> None:
    # `podalign --help` and argument errors stay instant: commands import their work lazily.
    heavy = {"textual", "tui", "faster_whisper", "ctranslate2", "av", "yt_dlp", "numpy"}
    assert _loaded_after("import podalign.cli as c; c.build_parser()", heavy) == []
