"""Command-line options that several subcommands share, defined once so they read the same."""

from __future__ import annotations

import argparse


def add_transcript_format(parser: argparse.ArgumentParser) -> None:
    """``--transcript-format F``: force one transcript reader instead of detecting it."""
    from aligner.formats import FORMAT_NAMES

    parser.add_argument(
        "--transcript-format",
        metavar="F",
        choices=FORMAT_NAMES,
        help=f"force the transcript reader ({', '.join(FORMAT_NAMES)}); default: detect",
    )


def add_outputs(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """``-o OUT`` (repeatable, format from the extension) and ``--format`` for ``.json``."""
    from aligner.export import EXPORT_FORMATS

    parser.add_argument(
        "-o",
        "--output",
        dest="outputs",
        metavar="OUT",
        action="append",
        required=required,
        default=None if required else [],
        help="output file; format from the extension (.vtt .srt .json .md); repeatable",
    )
    parser.add_argument(
        "--format",
        dest="format_override",
        metavar="F",
        choices=EXPORT_FORMATS,
        help="write .json outputs as this format instead (podcast-json for Podcasting 2.0)",
    )


def add_no_edits(parser: argparse.ArgumentParser) -> None:
    """``--no-edits``: write the computed alignment without the user's saved corrections."""
    parser.add_argument(
        "--no-edits",
        action="store_true",
        help="ignore the corrections saved for this episode (see 'podalign edits list')",
    )
