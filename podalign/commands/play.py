"""``podalign play``: open the Textual player on an episode.

This is the only module in :mod:`aligner` that touches the TUI, and it imports :mod:`tui` lazily
inside the handler, so the core (and every other command) stays headless.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

from aligner.errors import SourceError, UsageError
from podalign.options import (
    TRANSCRIPT_HELP,
    add_device,
    add_links,
    add_model,
    add_quiet,
    add_source,
    add_transcript_format,
    pipeline_request,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "play",
        help="play an episode in the terminal with its transcript in sync",
        description="Open the player: the audio plays while the transcript line being spoken is "
        "highlighted. Fetching, transcribing and aligning run in the background (cached, so a "
        "second play starts at once). Set PODALIGN_AUDIO=null to play silently.",
    )
    add_source(parser)
    parser.add_argument("--transcript", metavar="FILE|URL|none", help=TRANSCRIPT_HELP)
    add_transcript_format(parser)
    add_links(parser)
    add_model(parser)
    parser.add_argument(
        "--retranscribe-model",
        metavar="M",
        help="model r re-transcribes a line with (default: the best installed, base when its "
        "packages are present, else tiny.en)",
    )
    add_device(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="keep the alignment even if the transcript matches little of the audio",
    )
    parser.add_argument(
        "--speed",
        metavar="X",
        type=_speed,
        help="playback speed, 0.5 to 3 in steps of 0.25, pitch kept (default: the last speed "
        "used; ( and ) change it while playing)",
    )
    parser.add_argument(
        "--skip-extra",
        action="store_true",
        help="skip what is not in the transcript (intro, ads) as playback reaches it (G toggles)",
    )
    add_quiet(parser)
    parser.set_defaults(func=handle)


def _speed(value: str) -> float:
    try:
        speed = float(value)
    except ValueError:
        speed = -1.0
    if not 0.5 <= speed <= 3.0 or (speed * 4) % 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give 0.5 to 3 in steps of 0.25 (e.g. 1.5)")
    return speed


def _check_source(source: str) -> None:
    if urlparse(source).scheme.lower() in {"http", "https", "file"}:
        return
    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"{source}: no such file; give an audio/video file or an http(s) URL")
    if path.is_dir():
        raise SourceError(f"{source}: is a directory; give an audio/video file")


def handle(args: argparse.Namespace) -> int:
    _check_source(args.source)
    from aligner.sources.episode import is_http_url

    given: str | None = args.transcript
    transcript: str | Path | None = given
    discover = True
    if given is not None and given.strip().lower() == "none":
        transcript, discover = None, False
    elif given is not None and not is_http_url(given):
        transcript = Path(given)
        if not transcript.is_file():
            raise UsageError(f"--transcript {args.transcript}: no such file")
    if args.retranscribe_model is not None:
        from aligner.transcription.models import resolve_model

        resolve_model(args.retranscribe_model)  # an unknown name fails here, not on r
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError(
            "podalign play needs an interactive terminal; "
            "use 'podalign align ... -o FILE.vtt' to write captions instead"
        )

    request = pipeline_request(args, transcript, discover)
    from tui.app import create_app  # lazy: the core never imports Textual
    from tui.services import PipelineServices

    services = PipelineServices(retranscribe_model=args.retranscribe_model, device=args.device)
    from tui.screens.player_listening import ListeningOptions

    listening = ListeningOptions(speed=args.speed, skip_extra=args.skip_extra)
    app = create_app(request, services=services, listening=listening)
    app.run()
    if app.failure is not None:
        raise app.failure
    return 0
