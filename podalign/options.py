"""Command-line options that several subcommands share, defined once so they read the same.

Every option more than one command takes (``SOURCE``, ``--model``, ``--device``, ``--quiet``,
``--transcript-format``, ``-o``/``--format``, ``--no-edits``) is defined here and only here.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligner.export.captions import CaptionStyle
    from aligner.pipeline import PipelineRequest
    from aligner.transcript import Transcript


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
        help="output file; format from the extension (.vtt .srt .json .md .html); repeatable",
    )
    parser.add_argument(
        "--format",
        dest="format_override",
        metavar="F",
        choices=EXPORT_FORMATS,
        help="write .json outputs as this format instead (podcast-json for Podcasting 2.0)",
    )


def add_audio_href(parser: argparse.ArgumentParser) -> None:
    """``--audio-href URL``: where an ``.html`` output's player finds the audio."""
    parser.add_argument(
        "--audio-href",
        metavar="URL",
        help="the audio address written into .html outputs (a URL, or a path relative to the "
        "page); default: the audio source, as a path relative to the page when it is a file",
    )


def add_no_edits(parser: argparse.ArgumentParser) -> None:
    """``--no-edits``: write the computed alignment without the user's saved corrections."""
    parser.add_argument(
        "--no-edits",
        action="store_true",
        help="ignore the corrections saved for this episode (see 'podalign edits list')",
    )


SOURCE_HELP = (
    "audio/video file, or a URL: media, an episode's post page, a podcast feed (see --episode) "
    "or a video page yt-dlp supports"
)
MODEL_HELP = "Whisper model: tiny.en (default, bundled), base, a hub name or a folder"
DEVICES = ("auto", "cpu", "cuda")


def add_source(parser: argparse.ArgumentParser) -> None:
    """``SOURCE``: the episode's audio/video (a path, ``file://`` or ``http(s)`` URL)."""
    parser.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)


def add_model(parser: argparse.ArgumentParser, *, help: str = MODEL_HELP) -> None:
    """``--model M`` (default None: the command's own default, see ``help``)."""
    parser.add_argument("--model", metavar="M", default=None, help=help)


def add_device(parser: argparse.ArgumentParser) -> None:
    """``--device {auto,cpu,cuda}``: where Whisper runs."""
    parser.add_argument(
        "--device", default="auto", choices=DEVICES, help="where Whisper runs (default: auto)"
    )


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet``: no progress on stderr (results, summaries and errors still print).

    Given on the main parser (``podalign -q align ...``) it defaults to False; given on a
    subcommand it leaves the main parser's value alone unless used (``argparse.SUPPRESS``),
    so ``podalign -q align`` and ``podalign align -q`` both work.
    """
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="no progress on stderr (results and errors still print)",
    )


def add_caption_style(parser: argparse.ArgumentParser) -> None:
    """``--max-line-chars``, ``--max-lines``, ``--max-cue-seconds``: VTT/SRT cue sizes."""
    group = parser.add_argument_group("caption cues (.vtt and .srt outputs)")
    group.add_argument(
        "--max-line-chars",
        type=int,
        default=42,
        metavar="N",
        help="characters per caption row (default 42)",
    )
    group.add_argument(
        "--max-lines", type=int, default=2, metavar="N", help="rows per caption cue (default 2)"
    )
    group.add_argument(
        "--max-cue-seconds",
        type=float,
        default=7.0,
        metavar="S",
        help="longest a caption cue stays on screen (default 7); longer lines are cut at word "
        "times, at clause boundaries where possible",
    )


def caption_style(args: argparse.Namespace) -> CaptionStyle:
    """The :class:`CaptionStyle` the options of :func:`add_caption_style` ask for."""
    from aligner.export.captions import CaptionStyle

    return CaptionStyle(args.max_line_chars, args.max_lines, args.max_cue_seconds)


def add_links(parser: argparse.ArgumentParser) -> None:
    """``--episode`` and ``--refresh``: for SOURCE links (post pages, podcast feeds)."""
    parser.add_argument(
        "--episode",
        metavar="N|GUID|WORDS",
        help="for a podcast feed: the item to use (1 = newest, the default; a GUID; or words "
        "of its title); see 'podalign episodes FEED'",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="fetch pages, feeds and transcripts again instead of using the cached copies",
    )


#: ``--transcript`` help for commands that take links.
TRANSCRIPT_HELP = (
    "the published transcript: a file or an http(s) URL (markdown, SRT, VTT, Podcasting 2.0 "
    "JSON, HTML, timestamped or plain text), or 'none' for Whisper's own segments; default: "
    "the one the feed or page publishes, else Whisper's"
)


def transcript_arg(value: str | None, fmt: str | None) -> tuple[str | Transcript | None, bool]:
    """``--transcript`` -> (a read Transcript, a URL or None; whether to discover one)."""
    from aligner.sources.episode import is_http_url

    if value is None:
        return None, True
    if value.strip().lower() == "none":
        return None, False
    if is_http_url(value):
        return value, True
    from aligner.formats import read_transcript

    return read_transcript(value, fmt), True


def pipeline_request(
    args: argparse.Namespace, transcript: str | Path | Transcript | None, discover: bool
) -> PipelineRequest:
    """The pipeline request that ``align`` and ``play`` build from their shared options."""
    from aligner.pipeline import PipelineRequest

    return PipelineRequest(
        source=args.source,
        transcript=transcript,
        transcript_format=args.transcript_format,
        model=args.model,
        device=args.device,
        force=args.force,
        episode=args.episode,
        refresh=args.refresh,
        discover=discover,
    )
