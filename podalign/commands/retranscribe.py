"""``podalign retranscribe SOURCE --from 12:30 --to 13:10 [--model base]``: what was said there?

Transcribes just that span (with a second of context either side) with the best installed model
by default, and prints the span's text, then one line per word with its start and end. Only the
words spoken inside the span are printed. ``--json`` prints the words as JSON instead.
"""

from __future__ import annotations

import argparse
import json
import re

from aligner.errors import UsageError

_TIME = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d*)?)$")


def parse_time(text: str) -> float:
    """Seconds from ``SS``, ``M:SS``, ``H:MM:SS`` (each optionally with a fraction)."""
    match = _TIME.match(text.strip())
    if match is None:
        raise UsageError(f"cannot read the time {text!r}; write it like 75, 12:30 or 1:02:03.5")
    hours, minutes, seconds = match.groups()
    if (hours or minutes) and float(seconds) >= 60:
        raise UsageError(f"the time {text!r} has {seconds} seconds; write minutes as M:SS")
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)


def format_time(seconds: float) -> str:
    """``M:SS.ss`` (``H:MM:SS.ss`` from an hour on)."""
    centis = round(max(0.0, seconds) * 100)
    whole, cs = divmod(centis, 100)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}.{cs:02d}" if h else f"{m}:{s:02d}.{cs:02d}"


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
            f"[dim]{format_time(start)}-{format_time(end)} with {model.name}: {len(words)} words[/]"
        )
    if not words:
        err.print("no speech heard in that span")
        return 0
    print(heard.text)
    for w in words:
        print(f"  {format_time(w.start):>10}  {format_time(w.end):>10}  {w.text}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "retranscribe",
        help="re-transcribe a span of the audio with a (better) model and print it with word times",
        description="Transcribe SOURCE from --from to --to (with a little context either side) "
        "and print the span's text and each word's start and end; only words spoken inside the "
        "span are printed.",
    )
    parser.add_argument("source", metavar="SOURCE", help="audio/video file, file:// or http(s) URL")
    parser.add_argument(
        "--from", dest="start", required=True, metavar="TIME", help="span start: 75, 12:30, 1:02:03"
    )
    parser.add_argument("--to", dest="end", required=True, metavar="TIME", help="span end")
    parser.add_argument(
        "--model",
        default=None,
        help="model (default: the best installed, base when its packages are present, "
        "else the bundled tiny.en)",
    )
    parser.add_argument(
        "--context",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="audio Whisper hears on each side of the span (default 1.0)",
    )
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--json", action="store_true", help="print the words as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=_handler)
