"""``podalign edits list`` / ``podalign edits clear [EPISODE]``: the user's stored corrections.

Corrections made in the player (accepted text, nudged times, a global offset) are kept in the
cache per episode (:mod:`aligner.edits`), apart from the transcript file and the computed
alignment. ``list`` shows them; ``clear`` drops those of one episode (named by the key ``list``
shows, the audio file, its source or its title), or all of them with ``--all``, and says
what it dropped.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.errors import PodalignError, UsageError

if TYPE_CHECKING:
    from aligner.edits import SavedEdits

_KIND_NAMES = {"text": "text", "nudge": "nudge", "set_start": "start set", "offset": "offset"}


def _summary(saved: SavedEdits) -> str:
    counts = Counter(edit.kind for edit in saved.layer.edits if edit.kind != "offset")
    parts = [
        f"{n} {_KIND_NAMES.get(kind, kind)}{'s' if n > 1 else ''}" for kind, n in counts.items()
    ]
    offset = saved.layer.global_offset
    if offset:
        parts.append(f"global offset {offset:+.2f} s")
    if saved.layer.undone:
        parts.append(f"{len(saved.layer.undone)} undone")
    return ", ".join(parts) or "nothing (all undone)"


def _matches(saved: SavedEdits, episode: str, file_sha: str | None) -> bool:
    needle = episode.strip()
    if len(needle) >= 6 and (
        saved.store_key.startswith(needle) or saved.episode.audio_sha256.startswith(needle)
    ):
        return True
    if needle and needle in {saved.source, saved.title}:
        return True
    return file_sha is not None and saved.episode.audio_sha256 == file_sha


def _list(args: argparse.Namespace) -> int:
    from aligner.edits import describe, list_edits
    from cache.store import default_store

    store = default_store()
    stored = list_edits(store)
    if not stored:
        print(f"no stored edits (cache: {store.root})")
        return 0
    for saved in stored:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(saved.saved_at))
        name = saved.title or saved.source or f"audio {saved.episode.audio_sha256[:12]}"
        print(f"{saved.store_key[:12]}  {when}  {name}")
        print(f"{'':14}{_summary(saved)}")
        if args.verbose:
            for i, edit in enumerate(saved.layer.edits, 1):
                print(f"{'':16}{i:>3}. {describe(edit)}")
    return 0


def _clear(args: argparse.Namespace) -> int:
    from aligner.edits import clear_edits, list_edits
    from cache.keys import sha256_file
    from cache.store import default_store

    store = default_store()
    if args.episode is None and not args.all:
        raise UsageError(
            "say which episode's edits to drop: podalign edits clear EPISODE (the key, audio "
            "file, source or title 'podalign edits list' shows), or --all for every episode"
        )
    if args.episode is not None and args.all:
        raise UsageError("give an EPISODE or --all, not both")
    stored = list_edits(store)
    if args.episode is None:
        targets = stored
    else:
        path = Path(args.episode).expanduser()
        file_sha = sha256_file(path) if path.is_file() else None
        targets = [s for s in stored if _matches(s, args.episode, file_sha)]
        if not targets:
            raise PodalignError(
                f"no stored edits match {args.episode!r}; 'podalign edits list' shows them"
            )
    removed = [saved for saved in targets if clear_edits(store, saved.episode)]
    for saved in removed:
        name = saved.title or saved.source or f"audio {saved.episode.audio_sha256[:12]}"
        print(f"removed {saved.store_key[:12]}  {name}: {_summary(saved)}")
    n = len(removed)
    print(f"removed the edits of {n} episode{'s' if n != 1 else ''}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "edits",
        help="list or clear the corrections made in the player (kept apart from the transcript)",
        description="Corrections (accepted text, nudged times, global offset) are stored per "
        "episode in the cache; the transcript file and the computed alignment are never "
        "changed. 'podalign export' applies them.",
    )
    sub = parser.add_subparsers(dest="edits_command", metavar="ACTION", required=True)
    p_list = sub.add_parser("list", help="show the stored edits per episode")
    p_list.add_argument("-v", "--verbose", action="store_true", help="list every edit")
    p_list.set_defaults(func=_list)
    p_clear = sub.add_parser("clear", help="drop the stored edits of one episode, or of all")
    p_clear.add_argument(
        "episode",
        metavar="EPISODE",
        nargs="?",
        help="the key 'edits list' shows, the audio file, its source or its title",
    )
    p_clear.add_argument(
        "--all", action="store_true", help="drop the stored edits of every episode"
    )
    p_clear.set_defaults(func=_clear)
