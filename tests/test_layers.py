"""The layers are enforced: import-linter's contracts (pyproject ``[tool.importlinter]``) run as
part of the suite, so an import that breaks them fails CI like a bug.

The contracts: podalign (CLI) > tui (player) > aligner (core) > cache, each importing only
downwards; the core and the cache never import Textual, the TUI or the CLI; only
``podalign play`` opens the player; and no two sibling modules or stage packages import each
other (no cycles in aligner's stages, tui, podalign or cache).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # spawns lint-imports


def _lint_imports() -> str:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("import-linter is not installed: pip install -e '.[test]'")
    return exe


def test_import_contracts_are_kept() -> None:
    proc = subprocess.run([_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    # Every contract of pyproject.toml was checked and kept.
    assert "Contracts: 4 kept, 0 broken." in out, out


def test_a_layer_violation_is_caught(tmp_path: Path) -> None:
    # The contracts can fail: a copy of the tree where the core imports the CLI breaks them.
    for name in ("aligner", "cache", "podalign", "tui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "aligner" / "basics" / "leak.py").write_text(
        '"""A deliberate layer violation."""\n\nimport podalign.cli  # noqa: F401\n'
    )
    proc = subprocess.run(
        [_lint_imports(), "--no-cache"], cwd=tmp_path, capture_output=True, text=True
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "aligner.basics.leak -> podalign.cli" in out, out
