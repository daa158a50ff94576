"""``podalign transcribe SOURCE``: fetch, decode and transcribe with Whisper (cached, resumable).

Writes the transcription as JSON (``-o out.json``; segments with word times) or prints the text.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from aligner.basics.atomic import write_text_atomic
from podalign.options import add_device, add_model, add_quiet, add_source


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
    write_text_atomic(Path(args.output), json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "transcribe",
        help="transcribe an audio/video file or URL with Whisper (cached)",
        description="Fetch (yt-dlp), decode and transcribe SOURCE; the result is cached and an "
        "interrupted run resumes.",
    )
    add_source(parser)
    add_model(parser)
    add_device(parser)
    parser.add_argument("--language", default="en", help="language code, or 'auto' to detect")
    parser.add_argument("--beam-size", type=int, default=5, help="beam size (default 5)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write JSON here (else print text)")
    add_quiet(parser)
    parser.set_defaults(func=_handler)
