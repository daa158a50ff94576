"""``podalign export``: convert a transcript (or an earlier alignment) to other formats.

Without audio this uses the transcript's published times (:func:`aligner.result.from_published`);
given a podalign JSON alignment (``podalign align -o out.json``) it writes that alignment's times.
The output format comes from each ``-o`` file's extension. When that alignment names its audio
(``audio_sha256``) and the user corrected the episode in the player, the saved edits are applied
(``--no-edits`` writes the computed alignment as it is).
"""

from __future__ import annotations

import argparse
import sys

from aligner.errors import TranscriptFormatError, UsageError
from aligner.export import RenderOptions, check_not_inputs, write_outputs
from aligner.formats import normalise_format, parse_transcript, read_text
from aligner.formats.detect import detect
from aligner.result import Alignment, from_published
from podalign.options import (
    add_audio_href,
    add_caption_style,
    add_no_edits,
    add_outputs,
    add_quiet,
    add_transcript_format,
    caption_style,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="convert a transcript or an alignment to VTT, SRT, JSON, markdown or a web page",
        description="Convert TRANSCRIPT (markdown page, SRT, VTT, Podcasting 2.0 JSON, "
        "timestamped or plain text, or a podalign JSON alignment) to the formats named by each "
        "output's extension (.vtt, .srt, .json, .md, .html). Without an alignment the transcript's "
        "published times are used.",
    )
    p.add_argument("transcript", metavar="TRANSCRIPT", help="transcript or podalign JSON file")
    add_outputs(p, required=True)
    add_transcript_format(p)
    add_no_edits(p)
    add_audio_href(p)
    add_caption_style(p)
    add_quiet(p)
    p.set_defaults(func=handler)


def load_alignment(path: str, transcript_format: str | None = None) -> Alignment:
    """An Alignment from a podalign JSON file, or from a transcript's published times."""
    text = read_text(path)
    try:
        fmt = normalise_format(transcript_format) if transcript_format else detect(text)
        if fmt == "podalign-json":
            from aligner.result_json import loads

            return loads(text)
        transcript = parse_transcript(text, fmt)
    except TranscriptFormatError as exc:
        raise TranscriptFormatError(f"{path}: {exc}") from None
    return from_published(transcript, source=str(path))


def handler(args: argparse.Namespace) -> int:
    if not args.outputs:
        raise UsageError("give at least one output with -o OUT")
    check_not_inputs(args.outputs, {"the input transcript": args.transcript})
    alignment = load_alignment(args.transcript, args.transcript_format)
    if alignment.audio_sha256 is not None and not args.no_edits:
        from aligner.edits import apply_episode_edits
        from cache.store import default_store

        alignment, n_edits = apply_episode_edits(alignment, default_store())
        if n_edits:
            print(f"applied {n_edits} saved edit(s) (--no-edits to skip)", file=sys.stderr)
    options = RenderOptions(audio_href=args.audio_href, captions=caption_style(args))
    written = write_outputs(alignment, args.outputs, args.format_override, options)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0
