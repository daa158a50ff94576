"""The ``podalign`` command line: a thin dispatcher over the subcommand modules.

Each subcommand lives in its own ``podalign.commands`` module exposing ``register(subparsers)``;
the handler
it sets returns an exit code. This is the edge where domain exceptions become one-line messages:
no traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from aligner import __version__
from aligner.errors import PodalignError, describe_os_error

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "podalign.commands.align",
    "podalign.commands.play",
    "podalign.commands.episodes",
    "podalign.commands.export",
    "podalign.commands.retranscribe",
    "podalign.commands.cache",
    "podalign.commands.transcribe",
    "podalign.commands.edits",
)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and a one-line message on usage errors."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"podalign: error: {message} (see 'podalign {self._sub()}--help')\n")

    def _sub(self) -> str:
        parts = self.prog.split()[1:]
        return (" ".join(parts) + " ") if parts else ""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="podalign",
        description="Listen to a podcast with its published transcript in sync; fix the "
        "transcript's timestamps against the audio and export aligned captions.",
    )
    parser.add_argument("--version", action="version", version=f"podalign {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks instead of one-line errors"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress on stderr (also accepted after the command: podalign align -q ...)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except PodalignError as exc:
        if args.debug:
            raise
        print(f"podalign: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("podalign: interrupted; finished work is kept in the cache", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:  # disk full, permissions... anywhere outside the domain errors
        if args.debug:
            raise
        print(f"podalign: error: {describe_os_error(exc)}", file=sys.stderr)
        return 1


def run() -> None:
    sys.exit(main())
