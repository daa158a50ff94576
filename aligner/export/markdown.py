"""The re-timed original, or a clean markdown transcript.

For a markdown page (``transcript.format == "markdown"`` with its source text kept) the output is
the same document with each turn's ``[hh:mm:ss]`` stamp replaced by the aligned start of the
turn's first line, keeping the page's own escaping (``\\[..\\]``) and spacing; chapter stamps
that equal a turn's published start move with that turn, the others as the alignment moves the
chapters (:func:`aligner.result.retimed_chapters`). Nothing else changes. For any other
input it writes a clean transcript: ``**Speaker** [hh:mm:ss]: text`` per turn, paragraphs kept.
"""

from __future__ import annotations

import re

from aligner.basics.timefmt import page_hms
from aligner.result import Alignment, LineStatus

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def turn_starts(alignment: Alignment) -> dict[int, float]:
    """Aligned start of each turn: its first line that has a time and is in the audio."""
    starts: dict[int, float] = {}
    for al in alignment.lines:
        turn = al.line.turn
        if turn in starts or al.start is None or al.status is LineStatus.NOT_IN_AUDIO:
            continue
        starts[turn] = al.start
    return starts


def _stamp(seconds: float, like: str) -> str:
    """``seconds`` in the style of the original stamp ``like`` (``hh:mm:ss`` or ``mm:ss``)."""
    full = page_hms(seconds)
    if like.count(":") == 1 and full.startswith("00:"):
        return full[3:]
    if like.count(":") == 2 and len(like.split(":")[0]) == 1 and full.startswith("0"):
        return full[1:]
    return full


def retimed_original(alignment: Alignment) -> str | None:
    """The markdown source with corrected stamps, or None when this is not possible."""
    from aligner.formats.markdown import scan

    t = alignment.transcript
    if t.format != "markdown" or not t.source_text:
        return None
    src = t.source_text
    found = scan(src)
    if len(found.turns) != len(t.turns):
        return None
    starts = turn_starts(alignment)
    edits: list[tuple[int, int, str]] = []
    moved: dict[float, float] = {}
    for i, st in enumerate(found.turns):
        if st.stamp is None or i not in starts:
            continue
        a, b = st.stamp
        edits.append((a, b, _stamp(starts[i], src[a:b])))
        published = t.turns[i].published_start
        if published is not None:
            moved.setdefault(published, starts[i])
    # Other chapter stamps move as the alignment moves the chapters (aligner.result).
    retimed = {c.title: c.start for c in alignment.chapters}
    for ch in found.chapters:
        if ch.chapter.start <= 0:
            continue
        new = moved.get(ch.chapter.start, retimed.get(ch.chapter.title))
        if new is not None:
            a, b = ch.stamp
            edits.append((a, b, _stamp(new, src[a:b])))
    out = src
    for a, b, stamp in sorted(edits, reverse=True):
        out = out[:a] + stamp + out[b:]
    return out


def clean_markdown(alignment: Alignment) -> str:
    """A fresh markdown transcript: ``**Speaker** [hh:mm:ss]: text``, one block per paragraph."""
    t = alignment.transcript
    starts = turn_starts(alignment)
    out: list[str] = []
    if t.title:
        out.extend([f"# {_escape(t.title)}", ""])
    if alignment.chapters:  # at their aligned times
        out.extend(["## Chapters", ""])
        out.extend(f"- [{page_hms(c.start)}] {_escape(c.title)}" for c in alignment.chapters)
        out.append("")
    out.extend(["## Transcript", ""])
    by_turn: dict[int, dict[int, list[str]]] = {}
    for al in alignment.lines:
        by_turn.setdefault(al.line.turn, {}).setdefault(al.line.paragraph, []).append(al.line.text)
    for turn in t.turns:
        paragraphs = [" ".join(v) for _, v in sorted(by_turn.get(turn.index, {}).items())]
        if not paragraphs:
            continue
        if turn.speaker:
            head = f"**{_escape(turn.speaker)}**"
            head += f" [{page_hms(starts[turn.index])}]: " if turn.index in starts else ": "
        else:
            head = f"[{page_hms(starts[turn.index])}] " if turn.index in starts else ""
        out.append(head + _escape(paragraphs[0]))
        out.append("")
        for para in paragraphs[1:]:
            out.extend([_escape(para), ""])
    return "\n".join(out)


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render(alignment: Alignment) -> str:
    retimed = retimed_original(alignment)
    return retimed if retimed is not None else clean_markdown(alignment)
