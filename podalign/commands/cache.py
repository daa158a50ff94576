"""``podalign cache list`` / ``podalign cache clear``: see and free what the cache holds."""

from __future__ import annotations

import argparse
import re
import time

from aligner.errors import UsageError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_age(text: str) -> float:
    """``"7d"`` → seconds. Units: s, m, h, d, w; a bare number means days."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", text.lower())
    if not match:
        raise UsageError(f"--older-than {text!r}: use a number and a unit, e.g. 7d, 12h, 30m, 2w")
    value, unit = match.groups()
    return float(value) * _UNITS[unit or "d"]


def _age(mtime: float, now: float) -> str:
    seconds = max(0.0, now - mtime)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit} ago"
    return "just now"


def _list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from cache.store import default_store
    from podalign.progress_view import human_bytes

    store = default_store()
    entries = sorted(store.entries(), key=lambda e: (e.namespace, -e.mtime))
    console = Console()
    if not entries:
        console.print(f"The cache at {store.root} is empty.")
        return 0
    now = time.time()
    table = Table(title=f"podalign cache: {store.root}", title_justify="left")
    table.add_column("Kind")
    table.add_column("Key", style="dim")
    table.add_column("Size", justify="right")
    table.add_column("Modified", justify="right")
    table.add_column("Label", overflow="fold")
    for e in entries:
        label = e.label + (" [yellow](in use)[/]" if e.locked else "")
        table.add_row(e.namespace, e.key[:12], human_bytes(e.size), _age(e.mtime, now), label)
    console.print(table)
    total = sum(e.size for e in entries)
    console.print(f"{len(entries)} entries, {human_bytes(total)}")
    return 0


def _clear(args: argparse.Namespace) -> int:
    from rich.console import Console

    from cache.store import default_store
    from podalign.progress_view import human_bytes

    older = parse_age(args.older_than) if args.older_than else None
    store = default_store()
    result = store.clear(older_than=older, user_data=args.include_edits)
    msg = f"removed {result.removed} entries, freed {human_bytes(result.freed)}"
    if not args.include_edits:
        msg += " (your edits and resume positions are kept: 'podalign edits clear' drops edits)"
    if result.skipped_locked:
        msg += f" ({result.skipped_locked} in use by a running podalign kept)"
    Console().print(msg)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "cache",
        help="show or free the cache (downloads, transcriptions, alignments)",
        description="The cache lives in $PODALIGN_CACHE or the user cache dir.",
    )
    sub = parser.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="list cache entries with their size and age")
    ls.set_defaults(func=_list)
    clear = sub.add_parser("clear", help="delete cache entries (all, or only old ones)")
    clear.add_argument(
        "--older-than",
        metavar="AGE",
        help="only entries not used for AGE (e.g. 7d, 12h, 30m, 2w; a number means days)",
    )
    clear.add_argument(
        "--include-edits",
        action="store_true",
        help="also delete your transcript edits and resume positions",
    )
    clear.set_defaults(func=_clear)
