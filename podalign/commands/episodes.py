"""``podalign episodes FEED``: list a podcast feed's episodes, newest first.

One row per item: the number ``--episode`` takes (1 = newest), the date, the duration, whether
a transcript is published (the ``<podcast:transcript>`` types) and the title. The feed is
fetched once and cached (``--refresh`` asks the server again).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligner.sources.feeds import Feed


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "episodes",
        help="list a podcast feed's episodes (the numbers --episode takes)",
        description="List the episodes of the RSS or Atom feed at FEED, newest first: number "
        "(for --episode), date, duration, published transcript types and title.",
    )
    p.add_argument("feed", metavar="FEED", help="the podcast feed's URL (RSS or Atom)")
    p.add_argument(
        "--refresh", action="store_true", help="fetch the feed again instead of the cached copy"
    )
    p.set_defaults(func=handler)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    s = round(seconds)
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


def _kinds(types: list[str | None]) -> str:
    names = []
    for t in types:
        name = (t or "?").split("/")[-1].replace("x-subrip", "srt").replace("plain", "txt")
        if name not in names:
            names.append(name)
    return ",".join(names)


def format_episodes(feed: Feed) -> list[str]:
    """The rows ``podalign episodes`` prints for a :class:`~aligner.sources.feeds.Feed`."""
    rows = [f"{feed.title} — {len(feed.episodes)} episode(s)"]
    rows.append(f"{'#':>4}  {'date':<10}  {'length':>7}  {'transcript':<12}  title")
    for ep in feed.episodes:
        date = ep.published.date().isoformat() if ep.published else "-"
        kinds = _kinds([t.type for t in ep.transcripts]) if ep.transcripts else "-"
        title = " ".join(ep.title.split())
        rows.append(f"{ep.number:>4}  {date:<10}  {_clock(ep.duration):>7}  {kinds:<12}  {title}")
    return rows


def handler(args: argparse.Namespace) -> int:
    from aligner.errors import SourceError
    from aligner.sources.feeds import list_episodes

    feed = list_episodes(args.feed, refresh=args.refresh)
    if not feed.episodes:
        raise SourceError(f"{args.feed}: the feed has no episodes")
    print("\n".join(format_episodes(feed)))
    return 0
