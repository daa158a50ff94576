"""Model resolution (bundled tiny.en, assembled base, local folders, hub names) and loading
(memoised; device selection; one-line errors)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import aligner.transcription.models as models
from aligner.errors import ModelError
from aligner.transcription.models import load_whisper, pick_device, resolve_model
from cache.store import Store

ROOT = Path(__file__).resolve().parents[1]


def test_default_is_the_bundled_tiny_en() -> None:
    spec = resolve_model()
    assert spec.name == "tiny.en"
    assert (Path(spec.location) / "model.bin").is_file()
    assert spec.identity.startswith("tiny.en:")
    assert resolve_model("tiny.en") == spec  # stable: usable in cache keys


def test_local_folder(tmp_path: Path) -> None:
    bundled = Path(resolve_model().location)
    spec = resolve_model(str(bundled))
    assert spec.location == str(bundled.resolve())
    assert spec.identity.split(":", 1)[1] == resolve_model().identity.split(":", 1)[1]
    empty = tmp_path / "empty-model"
    empty.mkdir()
    with pytest.raises(ModelError, match="incomplete"):
        resolve_model(str(empty))
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model(str(tmp_path / "missing-model"))


def test_names() -> None:
    assert resolve_model("small").identity == "hub:small"
    assert resolve_model("Systran/faster-whisper-small").location == "Systran/faster-whisper-small"
    with pytest.raises(ModelError) as err:
        resolve_model("tiny-but-wrong")
    assert "\n" not in str(err.value) and "tiny-but-wrong" in str(err.value)


def test_base_is_assembled_once_and_loads(tmp_path: Path) -> None:
    store = Store(tmp_path)
    spec = resolve_model("base", store=store)
    folder = Path(spec.location)
    assert folder.parent == tmp_path / "models"
    parts = [
        Path(__import__(m).__file__).parent / "data" / f"model.bin.part{i}"
        for i, m in enumerate(models._BASE_PACKAGES, start=1)
    ]
    assert (folder / "model.bin").stat().st_size == sum(p.stat().st_size for p in parts)
    assert (folder / "tokenizer.json").is_file() and (folder / "config.json").is_file()
    mtime = (folder / "model.bin").stat().st_mtime_ns
    again = resolve_model("base", store=store)
    assert again == spec and (folder / "model.bin").stat().st_mtime_ns == mtime
    assert not [p for p in (tmp_path / "models").iterdir() if p.name.endswith(".tmp")]
    model = load_whisper(spec, device="cpu")
    assert model.model.is_multilingual  # base (unlike tiny.en) is multilingual


def test_device_selection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "cuda_device_count", lambda: 0)
    assert pick_device("auto") == ("cpu", "int8")
    assert pick_device("cpu", "float32") == ("cpu", "float32")
    with pytest.raises(ModelError) as err:
        pick_device("cuda")
    assert "no CUDA GPU" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ModelError):
        load_whisper(resolve_model(), device="cuda")
    monkeypatch.setattr(models, "cuda_device_count", lambda: 1)
    assert pick_device("auto") == ("cuda", "float16")


def test_load_is_memoised() -> None:
    spec = resolve_model()
    first = load_whisper(spec, device="cpu")
    assert load_whisper(spec, device="cpu") is first
    assert load_whisper(spec) is load_whisper(spec)


OFFLINE = textwrap.dedent(
    """
    from aligner.errors import ModelError
    from aligner.transcription.models import load_whisper, resolve_model
    try:
        load_whisper(resolve_model("small"), device="cpu")
    except ModelError as exc:
        print("MODELERROR", exc)
    """
)


@pytest.mark.slow  # spawns a subprocess
def test_hub_model_offline_is_a_one_line_error(tmp_path: Path) -> None:
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf"))
    proc = subprocess.run(
        [sys.executable, "-c", OFFLINE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("MODELERROR"), proc.stdout
    assert "'small'" in lines[0] and "network" in lines[0]
