"""The transcript part of the HTML page: turns, lines, word spans, chapters and gaps in order.

Kept apart from the page shell (:mod:`aligner.export.html`) because this is where the data
meets the markup: every string from the transcript goes through :func:`esc`, every time becomes
a ``data-time`` attribute in seconds rounded to the millisecond (what ``player.js`` reads), and
chapters and stretches of audio that are not in the transcript are placed among the lines by
time. A chapter that was published at a turn's published time moves with that turn, as in the
re-timed markdown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from aligner.result import AlignedLine, Alignment, LineStatus, Region

#: Speaker colours in player.css (``.s0`` … ``.s5``).
SPEAKER_CLASSES = 6
_KEY = re.compile(r"[\W_]+")


def esc(text: str) -> str:
    """``text`` as HTML text (``&``, ``<`` and ``>`` escaped)."""
    return html.escape(text, quote=False)


def esc_attr(text: str) -> str:
    """``text`` as a double-quoted attribute value."""
    return html.escape(text, quote=True)


def num(seconds: float) -> str:
    """A ``data-time`` value: seconds rounded to the millisecond, without trailing zeros."""
    text = f"{max(0.0, round(seconds, 3)):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def clock(seconds: float, long: bool = False) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour on, or always when ``long``), rounded down."""
    total = int(max(0.0, seconds) + 1e-6)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h or long else f"{m}:{s:02d}"


def link(seconds: float) -> str:
    """The deep link ``#t=m:ss[.fff]`` to ``seconds``."""
    ms = round(max(0.0, seconds) * 1000)
    frac = f".{ms % 1000:03d}".rstrip("0") if ms % 1000 else ""
    return f"#t={clock(ms // 1000)}{frac}"


def timed_tokens(al: AlignedLine) -> list[tuple[str, float | None]]:
    """The line's words as written, each with its aligned start where it was placed.

    The aligner's words are the placed subset of ``line.text.split()``, in order; they are
    matched to the written words (exactly, else ignoring case and punctuation, a few words
    ahead at most) so the page shows the transcript's text and unplaced words stay untimed.
    """
    tokens = al.line.text.split()
    words = al.words
    out: list[tuple[str, float | None]] = []
    j = 0
    for tok in tokens:
        start = None
        for k in range(j, min(j + 4, len(words))):
            w = words[k].text
            if w == tok or _KEY.sub("", w).casefold() == _KEY.sub("", tok).casefold():
                start, j = words[k].start, k + 1
                break
        out.append((tok, start))
    if words and all(t is None for _, t in out) and len(words) == len(tokens):
        out = [(tok, w.start) for tok, w in zip(tokens, words)]  # same words, spelt otherwise
    return out


def _in_audio_start(al: AlignedLine) -> float | None:
    if al.start is None or al.status is LineStatus.NOT_IN_AUDIO:
        return None
    return al.start


@dataclass(frozen=True)
class PageChapter:
    """A chapter as the page shows it: its time on the audio and the turn it opens, if any."""

    number: int
    start: float
    title: str
    turn: int | None


def page_chapters(alignment: Alignment) -> list[PageChapter]:
    """The chapters; one published at a turn's published start takes that turn's aligned
    start (and opens that turn); the others keep their own time."""
    turn_start: dict[int, float] = {}
    for al in alignment.lines:
        t = _in_audio_start(al)
        if t is not None:
            turn_start.setdefault(al.line.turn, t)
    by_published: dict[float, int] = {}
    for turn in alignment.transcript.turns:
        if turn.published_start is not None and turn.index in turn_start:
            by_published.setdefault(turn.published_start, turn.index)
    out = []
    for i, ch in enumerate(alignment.chapters):
        opens = by_published.get(ch.start)
        start = turn_start[opens] if opens is not None else ch.start
        out.append(PageChapter(i, start, " ".join(ch.title.split()) or f"Chapter {i + 1}", opens))
    return out


def _long(alignment: Alignment) -> bool:
    ends = [al.end or al.start or 0.0 for al in alignment.lines]
    return max([alignment.duration or 0.0, *ends]) >= 3600


def chapter_toc(alignment: Alignment) -> str:
    """The table of contents (a ``<nav>``), or ``""`` without chapters."""
    chapters = page_chapters(alignment)
    if not chapters:
        return ""
    long = _long(alignment)
    items = "".join(
        f'<li><a href="#ch-{c.number}" data-time="{num(c.start)}">{esc(c.title)}</a> '
        f'<span class="t">{clock(c.start, long)}</span></li>'
        for c in chapters
    )
    return f'<nav class="toc" aria-label="Chapters"><h2>Chapters</h2><ol>{items}</ol></nav>\n'


def _chapter_heading(c: PageChapter, long: bool) -> str:
    return (
        f'<h2 class="chap" id="ch-{c.number}">{esc(c.title)} <a class="tt" href="{link(c.start)}"'
        f' data-time="{num(c.start)}">{clock(c.start, long)}</a></h2>\n'
    )


def _gap(r: Region, long: bool) -> str:
    kind = f" · {esc(r.kind)}" if r.kind and r.kind != "extra" else ""
    said = " ".join(r.text.split())
    quoted = f" <q>{esc(said)}</q>" if said else ""
    span = f"{clock(r.start, long)}–{clock(r.end, long)}"
    return (
        f'<div class="gap" data-time="{num(r.start)}" data-end="{num(max(r.end, r.start))}">'
        f'<a class="lt" href="{link(r.start)}">{clock(r.start, long)}</a><span class="tx">'
        f'<span class="tag">Not in the transcript</span> {span}{kind}{quoted} '
        f'<button type="button" class="skipb" data-skip="{num(r.end)}" hidden>'
        f"Skip to {clock(r.end, long)}</button></span></div>\n"
    )


def _line(al: AlignedLine, long: bool) -> str:
    start = _in_audio_start(al)
    cls, extra, tag = "ln", "", ""
    if al.status is LineStatus.NOT_IN_AUDIO:
        cls += " nia"
        tag = '<span class="tag">Not in the audio</span> '
    elif al.status is LineStatus.INTERPOLATED:
        cls += " ip"
        extra = ' title="time estimated between aligned lines"'
    if start is None:
        gutter = '<span class="lt">–</span>'
        words = " ".join(esc(w) for w in al.line.text.split())
    else:
        end = al.end if al.end is not None and al.end >= start else start
        extra = f' data-time="{num(start)}" data-end="{num(end)}"{extra}'
        gutter = f'<a class="lt" href="{link(start)}">{clock(start, long)}</a>'
        words = " ".join(
            f'<span data-time="{num(t)}">{esc(w)}</span>' if t is not None else esc(w)
            for w, t in timed_tokens(al)
        )
    return f'<p class="{cls}"{extra}>{gutter}<span class="tx">{tag}{words}</span></p>\n'


def transcript_html(alignment: Alignment) -> str:
    """Turns (``<section>``), paragraphs and lines, with chapter headings and gaps among them."""
    long = _long(alignment)
    turns = {t.index: t for t in alignment.transcript.turns}
    chapters = page_chapters(alignment)
    opening: dict[int, list[str]] = {}
    free: list[tuple[float, int, str]] = []
    for c in chapters:
        if c.turn is not None:
            opening.setdefault(c.turn, []).append(_chapter_heading(c, long))
        else:
            free.append((c.start, 0, _chapter_heading(c, long)))
    free.extend((r.start, 1, _gap(r, long)) for r in alignment.extra_regions)
    free.sort(key=lambda m: (m[0], m[1]))
    groups: list[list[AlignedLine]] = []
    for al in alignment.lines:
        if groups and groups[-1][0].line.turn == al.line.turn:
            groups[-1].append(al)
        else:
            groups.append([al])
    speakers: dict[str, int] = {}
    out: list[str] = []
    pending = 0

    def flush(upto: float | None) -> None:
        nonlocal pending
        while pending < len(free) and (upto is None or free[pending][0] <= upto):
            out.append(free[pending][2])
            pending += 1

    for group in groups:
        index = group[0].line.turn
        first = next((t for t in map(_in_audio_start, group) if t is not None), None)
        if first is not None:
            flush(first)
        out.extend(opening.pop(index, []))
        turn = turns.get(index)
        speaker = (turn.speaker if turn else None) or group[0].line.speaker
        cls = "turn"
        head = ""
        if speaker:
            k = speakers.setdefault(speaker, len(speakers)) % SPEAKER_CLASSES
            cls += f" s{k}"
            when = ""
            if first is not None:
                when = f' <a class="tt" href="{link(first)}" data-time="{num(first)}">'
                when += f"{clock(first, long)}</a>"
            head = f'<h3 class="who"><span class="spk">{esc(speaker)}</span>{when}</h3>\n'
        out.append(f'<section class="{cls}">\n{head}')
        paragraph: int | None = None
        for al in group:
            if al.line.paragraph != paragraph:
                out.append("</div>\n" if paragraph is not None else "")
                out.append('<div class="para">\n')
                paragraph = al.line.paragraph
            start = _in_audio_start(al)
            if start is not None:
                flush(start)
            out.append(_line(al, long))
        out.append("</div>\n</section>\n")
    flush(None)
    for headings in opening.values():
        out.extend(headings)
    return "".join(out)
