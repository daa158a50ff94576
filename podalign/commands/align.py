"""``podalign align SOURCE --transcript FILE -o OUT``: fix a transcript's timestamps.

Fetches/decodes the audio, aligns the published transcript to it (or, without ``--transcript``,
uses Whisper's own segments as the lines) and writes each ``-o`` file in the format its
extension names. Progress goes to stderr; ``--report`` prints the drift report on stdout.
Everything is cached: a second run on the same episode and transcript is near-instant.
"""

from __future__ import annotations

import argparse
import sys

from aligner.errors import AlignmentError, UsageError
from podalign.options import (
    TRANSCRIPT_HELP,
    add_audio_href,
    add_caption_style,
    add_device,
    add_links,
    add_model,
    add_no_edits,
    add_outputs,
    add_quiet,
    add_source,
    add_transcript_format,
    caption_style,
    pipeline_request,
    transcript_arg,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "align",
        help="align a published transcript to the audio and export fixed captions",
        description="Place every line of TRANSCRIPT on the audio of SOURCE (a file, file:// or "
        "http(s) URL) and write the result to each -o file (.vtt .srt .json .md .html). Lines that "
        "are not in the audio are flagged; audio that is not in the transcript gets no cue. "
        "SOURCE may be a link: a post page, a podcast feed (--episode) or a video page; without "
        "--transcript the one it publishes is used, and a line says which.",
    )
    add_source(p)
    p.add_argument(
        "--transcript",
        "-t",
        metavar="FILE|URL|none",
        help=TRANSCRIPT_HELP,
    )
    add_transcript_format(p)
    add_links(p)
    add_outputs(p, required=False)
    add_model(p)
    add_device(p)
    p.add_argument(
        "--force",
        action="store_true",
        help="keep the alignment even if the transcript matches little of the audio",
    )
    p.add_argument(
        "--report",
        action="store_true",
        help="print the drift report (published vs aligned times, regions not in the transcript)",
    )
    add_no_edits(p)
    add_audio_href(p)
    add_caption_style(p)
    add_quiet(p)
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from aligner.alignment.report import drift_report, format_report
    from aligner.edits import apply_episode_edits
    from aligner.export import RenderOptions, write_outputs
    from aligner.pipeline import run_pipeline
    from aligner.progress import drive
    from aligner.result import LineStatus
    from cache.store import default_store
    from podalign.progress_view import ProgressView

    if not args.outputs and not args.report:
        raise UsageError("give at least one output with -o OUT (or --report)")
    from aligner.export import check_not_inputs, check_outputs

    check_outputs(args.outputs, args.format_override)  # before the work, not after it
    check_not_inputs(
        args.outputs, {"the input transcript": args.transcript, "the source audio": args.source}
    )
    # Read first: a bad transcript is reported before any download or progress bar.
    transcript, discover = transcript_arg(args.transcript, args.transcript_format)
    request = pipeline_request(args, transcript, discover)
    with ProgressView(enabled=not args.quiet) as view:
        result = drive(run_pipeline(request), view)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.transcript_used:
        print(f"transcript: {result.transcript_used}", file=sys.stderr)
    if result.alignment.transcript.format == "whisper" and not result.alignment.lines:
        raise AlignmentError(
            f"{args.source}: no speech found in the audio (only silence or music?); "
            "check that it is the right file"
        )
    alignment = result.alignment
    n_edits = 0
    if not args.no_edits:
        alignment, n_edits = apply_episode_edits(alignment, default_store())
    # The source as given now (a cached alignment keeps the source string of its first run).
    options = RenderOptions(
        audio_href=args.audio_href, audio_source=args.source, captions=caption_style(args)
    )
    written = (
        write_outputs(alignment, args.outputs, args.format_override, options)
        if args.outputs
        else []
    )
    counts = {s: 0 for s in LineStatus}
    for al in alignment.lines:
        counts[al.status] += 1
    summary = (
        f"{counts[LineStatus.ALIGNED]} of {len(alignment.lines)} lines aligned, "
        f"{counts[LineStatus.INTERPOLATED]} interpolated, "
        f"{counts[LineStatus.NOT_IN_AUDIO]} not in the audio"
    )
    if alignment.extra_regions:
        summary += f"; {len(alignment.extra_regions)} stretch(es) of audio not in the transcript"
    if result.cached:
        summary += " (cached)"
    if n_edits:
        summary += f"; {n_edits} saved edit(s) applied (--no-edits to skip)"
    print(summary, file=sys.stderr)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    if args.report:
        print(format_report(drift_report(alignment)))
    return 0
