"""The core stays headless: importing every module of ``aligner`` and ``cache`` must not pull in
Textual (checked in a fresh interpreter so other tests' imports cannot hide a leak)."""

from __future__ import annotations

import subprocess
import sys

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


def test_tui_is_importable_separately() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import tui, sys; print('textual' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out in {"True", "False"}
