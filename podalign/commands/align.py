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
from podalign.options import add_no_edits, add_outputs, add_transcript_format


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "align",
        help="align a published transcript to the audio and export fixed captions",
        description="Place every line of TRANSCRIPT on the audio of SOURCE (a file, file:// or "
        "http(s) URL) and write the result to each -o file (.vtt .srt .json .md). Lines that "
        "are not in the audio are flagged; audio that is not in the transcript gets no cue.",
    )
    p.add_argument("source", metavar="SOURCE", help="audio/video file, file:// or http(s) URL")
    p.add_argument(
        "--transcript",
        "-t",
        metavar="FILE",
        help="the published transcript (markdown, SRT, VTT, Podcasting 2.0 JSON, timestamped "
        "or plain text); without it Whisper's own segments become the lines",
    )
    add_transcript_format(p)
    add_outputs(p, required=False)
    p.add_argument(
        "--model", default=None, help="tiny.en (default, bundled), base, a hub name or a folder"
    )
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
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
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from aligner.alignment.report import drift_report, format_report
    from aligner.edits import apply_episode_edits
    from aligner.export import write_outputs
    from aligner.pipeline import PipelineRequest, run_pipeline
    from aligner.progress import drive
    from aligner.result import LineStatus
    from cache.store import default_store
    from podalign.progress_view import ProgressView

    if not args.outputs and not args.report:
        raise UsageError("give at least one output with -o OUT (or --report)")
    from aligner.export import check_outputs

    check_outputs(args.outputs, args.format_override)  # before the work, not after it
    transcript = None
    if args.transcript is not None:
        from aligner.formats import read_transcript

        # Read first: a bad transcript is reported before any download or progress bar.
        transcript = read_transcript(args.transcript, args.transcript_format)
    request = PipelineRequest(
        source=args.source,
        transcript=transcript,
        transcript_format=args.transcript_format,
        model=args.model,
        device=args.device,
        force=args.force,
    )
    with ProgressView(enabled=not args.quiet) as view:
        result = drive(run_pipeline(request), view)
    if args.transcript is None and not result.alignment.lines:
        raise AlignmentError(
            f"{args.source}: no speech found in the audio (only silence or music?); "
            "check that it is the right file"
        )
    alignment = replace(result.alignment, audio_sha256=result.media.sha256)
    n_edits = 0
    if not args.no_edits:
        alignment, n_edits = apply_episode_edits(alignment, default_store())
    written = write_outputs(alignment, args.outputs, args.format_override) if args.outputs else []
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
