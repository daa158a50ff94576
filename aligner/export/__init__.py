"""Writing an :class:`~aligner.result.Alignment` out: captions, JSON and the re-timed original.

``render(alignment, fmt)`` produces one format's text; ``write_outputs`` writes several files
atomically (a temporary file in the target folder, then ``os.replace``), so a failure never
leaves a half-written output. Which format a path gets comes from its extension
(``format_for_path``) unless overridden (``podcast-json`` shares ``.json`` with podalign JSON).
Writers that need more than the alignment (the HTML page needs its audio's address, relative to
the file it is written to) take :class:`RenderOptions`; the others ignore them.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from aligner.basics.atomic import write_text_atomic
from aligner.errors import OutputError, UsageError
from aligner.export.captions import CaptionStyle
from aligner.result import Alignment

#: Output formats ``render`` accepts.
EXPORT_FORMATS: tuple[str, ...] = ("vtt", "srt", "json", "podcast-json", "md", "html")

_EXTENSIONS = {
    ".vtt": "vtt",
    ".webvtt": "vtt",
    ".srt": "srt",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
_OVERRIDES = {
    "podcast-json": "podcast-json",
    "podcasting-2.0": "podcast-json",
    "p20": "podcast-json",
    "json": "json",
    "podalign-json": "json",
    "vtt": "vtt",
    "webvtt": "vtt",
    "srt": "srt",
    "md": "md",
    "markdown": "md",
    "html": "html",
}
_MODULES = {
    "vtt": "aligner.export.vtt",
    "srt": "aligner.export.srt",
    "json": "aligner.result_json",
    "podcast-json": "aligner.export.podcast_json",
    "md": "aligner.export.markdown",
    "html": "aligner.export.html",
}
#: Formats whose writer takes ``render(alignment, options)``.
_TAKES_OPTIONS = frozenset({"html", "vtt", "srt"})


@dataclass(frozen=True)
class RenderOptions:
    """What some writers need beyond the alignment.

    ``audio_href``: the page's audio address exactly as given (``--audio-href``; ``""`` for no
    audio). ``audio_source``: the audio the alignment was made from (a path or URL) when the
    caller knows it better than ``Alignment.source`` (a cached alignment keeps the source string
    of its first run). ``output``: the file being written (a local audio path is made relative
    to its folder); :func:`write_outputs` sets it per file. ``captions``: how big a VTT/SRT cue
    may get (:class:`aligner.export.captions.CaptionStyle`; default 2 rows of 42, 7 s).
    """

    audio_href: str | None = None
    audio_source: str | None = None
    output: Path | None = None
    captions: CaptionStyle | None = None


def format_for_path(path: str | os.PathLike[str], override: str | None = None) -> str:
    """The export format for ``path``: ``override`` if given, else from the extension."""
    if override:
        fmt = _OVERRIDES.get(override.strip().lower())
        if fmt is None:
            raise OutputError(
                f"unknown output format {override!r}; choose one of {', '.join(EXPORT_FORMATS)}"
            )
        return fmt
    suffix = Path(path).suffix.lower()
    fmt = _EXTENSIONS.get(suffix)
    if fmt is None:
        raise OutputError(
            f"cannot tell the output format of {os.fspath(path)!r} from its extension "
            f"{suffix or '(none)'}; use .vtt, .srt, .json, .md or .html (or --format podcast-json)"
        )
    return fmt


def render(alignment: Alignment, fmt: str, options: RenderOptions | None = None) -> str:
    """The text of ``alignment`` in export format ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    module_name = _MODULES.get(fmt)
    if module_name is None:
        raise OutputError(
            f"unknown output format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    module = importlib.import_module(module_name)
    if fmt in _TAKES_OPTIONS:
        return module.render(alignment, options or RenderOptions())
    return module.render(alignment)


def write_outputs(
    alignment: Alignment,
    paths: Iterable[str | os.PathLike[str]],
    format_override: str | None = None,
    options: RenderOptions | None = None,
) -> list[Path]:
    """Render and write each path atomically; returns the paths written.

    Everything is rendered before anything is written, so a bad extension fails before any file
    exists. ``format_override`` (e.g. ``"podcast-json"``) applies to ``.json`` paths only when
    several paths are given, and to the single path otherwise. ``options`` go to the writers
    that take them, with ``output`` set to each path.
    """
    targets = [Path(p) for p in paths]
    if not targets:
        raise OutputError("no output files given; add -o FILE (.vtt, .srt, .json, .md or .html)")
    rendered: list[tuple[Path, str]] = []
    for p in targets:
        override = format_override
        if override and len(targets) > 1 and p.suffix.lower() != ".json":
            override = None
        opts = replace(options or RenderOptions(), output=p)
        rendered.append((p, render(alignment, format_for_path(p, override), opts)))
    written: list[Path] = []
    for p, text in rendered:
        _write_atomic(p, text)
        written.append(p)
    return written


def check_outputs(
    paths: Iterable[str | os.PathLike[str]], format_override: str | None = None
) -> list[str]:
    """Check before any work that each output can be written: its format is known (else
    :class:`UsageError`) and its folder exists (else :class:`OutputError`). Returns the formats."""
    targets = [Path(p) for p in paths]
    formats = []
    for p in targets:
        override = format_override
        if override and len(targets) > 1 and p.suffix.lower() != ".json":
            override = None
        try:
            formats.append(format_for_path(p, override))
        except OutputError as exc:
            raise UsageError(str(exc)) from None
        _check_folder(p)
    return formats


def check_not_inputs(
    paths: Iterable[str | os.PathLike[str]], inputs: dict[str, str | os.PathLike[str] | None]
) -> None:
    """Refuse (:class:`OutputError`) an output that is one of the command's input files
    (``inputs``: what each input is, e.g. ``{"the input transcript": path}``): writing it
    would overwrite the published transcript or the audio. URLs and absent inputs never match."""
    for p in paths:
        out = Path(p)
        for what, given in inputs.items():
            if given is None or "://" in os.fspath(given):
                continue
            src = Path(given).expanduser()
            try:
                same = out.exists() and src.exists() and os.path.samefile(out, src)
            except OSError:
                same = False
            if same or out.resolve() == src.resolve():
                raise OutputError(
                    f"refusing to write {os.fspath(p)}: it is {what}; give the output another name"
                )


def _check_folder(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"cannot write {path}: {folder} is a file, not a folder; give a path in a folder"
        )
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist; create it first")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")
    return folder


def _write_atomic(path: Path, text: str) -> None:
    _check_folder(path)
    write_text_atomic(path, text)


__all__ = [
    "EXPORT_FORMATS",
    "RenderOptions",
    "check_not_inputs",
    "check_outputs",
    "format_for_path",
    "render",
    "write_outputs",
]
