"""The quote key: the selected line(s) as text to paste, with speaker, time and a link.

Pure formatting (no Textual): the player copies the result with
:meth:`textual.app.App.copy_to_clipboard` (OSC 52, so it reaches the clipboard of the terminal
the player runs in, over ssh too). For a URL source the quote ends with a link to the moment:
``?t=SECONDS`` for YouTube (which reads it from the query), the W3C media fragment
``#t=SECONDS`` for anything else (what browsers honour for direct audio and video links).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aligner.result import AlignedLine
from tui.eta import format_clock

#: Hosts whose players take the start time as a ``t`` query parameter.
QUERY_TIME_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com")


def _query_time_host(host: str) -> bool:
    host = host.lower().split(":")[0]
    return any(host == h or host.endswith("." + h) for h in QUERY_TIME_HOSTS)


def time_link(source: str, t: float) -> str | None:
    """A link to ``source`` at ``t`` seconds (whole seconds), or None if it is not a web URL."""
    parts = urlsplit(source)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    seconds = str(max(0, int(t)))
    if _query_time_host(parts.netloc):
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
        query.append(("t", seconds))
        return urlunsplit(parts._replace(query=urlencode(query)))
    return urlunsplit(parts._replace(fragment=f"t={seconds}"))


def quote_start(lines: list[AlignedLine]) -> float | None:
    starts = [al.start for al in lines if al.start is not None]
    return min(starts) if starts else None


def format_quote(lines: list[AlignedLine], *, title: str, source: str) -> str:
    """``Speaker [mm:ss]: text`` for each turn of ``lines``, then ``— title`` and a link.

    Consecutive lines of one speaker are joined into one paragraph stamped with its first time;
    lines with no speaker get just the time, lines with no time just the text.
    """
    paragraphs: list[tuple[str | None, float | None, list[str]]] = []
    last_turn: int | None = None
    for al in lines:
        if paragraphs and al.line.turn == last_turn:
            paragraphs[-1][2].append(al.line.text)
        else:
            paragraphs.append((al.line.speaker, al.start, [al.line.text]))
        last_turn = al.line.turn
    out = []
    for speaker, start, texts in paragraphs:
        stamp = f"[{format_clock(start)}]" if start is not None else ""
        head = " ".join(p for p in (speaker or "", stamp) if p)
        body = " ".join(texts)
        out.append(f"{head}: {body}" if head else body)
    start = quote_start(lines)
    credit = f"— {title}" if title else "—"
    link = time_link(source, start) if start is not None else None
    if link:
        credit += f", {link}"
    elif start is not None:
        credit += f" at {format_clock(start)}"
    out.append(credit)
    return "\n".join(out)


def quote_notice(lines: list[AlignedLine]) -> str:
    count = len(lines)
    start = quote_start(lines)
    where = f" from {format_clock(start)}" if start is not None else ""
    return f"copied {count} line{'s' if count != 1 else ''}{where} to the clipboard"


__all__ = ["QUERY_TIME_HOSTS", "format_quote", "quote_notice", "quote_start", "time_link"]
