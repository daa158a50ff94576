"""``podalign transcribe SOURCE``: fetch, decode and transcribe with Whisper (cached, resumable).

Writes the transcription as JSON (``-o out.json``; segments with word times) or prints the text.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from aligner.errors import OutputError


def _handler(args: argparse.Namespace) -> int:
    from aligner.decoding.decode import decode_audio
    from aligner.progress import drive
    from aligner.sources import open_source
    from aligner.transcription.models import resolve_model
    from aligner.transcription.transcribe import TranscribeOptions, transcribe
    from cache.store import default_store
    from podalign.progress_view import ProgressView

    store = default_store()
    options = TranscribeOptions(
        language=None if args.language == "auto" else args.language, beam_size=args.beam_size
    )
    with ProgressView(enabled=not args.quiet) as view:
        media = drive(open_source(args.source, store), view)
        spec = resolve_model(args.model, store=store)
        audio = drive(decode_audio(media.path), view)
        result = drive(
            transcribe(
                audio,
                audio_sha256=media.sha256,
                model=spec,
                options=options,
                device=args.device,
                store=store,
            ),
            view,
        )
    if args.output is None:
        print(result.text)
        return 0
    data = {"source": media.source, "title": media.info.title, **result.to_dict()}
    _write(Path(args.output), json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return 0


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "transcribe",
        help="transcribe an audio/video file or URL with Whisper (cached)",
        description="Fetch (yt-dlp), decode and transcribe SOURCE; the result is cached and an "
        "interrupted run resumes.",
    )
    parser.add_argument("source", metavar="SOURCE", help="audio/video file, file:// or http(s) URL")
    parser.add_argument(
        "--model", default=None, help="tiny.en (default, bundled), base, a hub name or a folder"
    )
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--language", default="en", help="language code, or 'auto' to detect")
    parser.add_argument("--beam-size", type=int, default=5, help="beam size (default 5)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write JSON here (else print text)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(func=_handler)
