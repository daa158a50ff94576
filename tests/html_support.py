"""Helpers for the HTML player tests: a synthetic hour-long alignment and a small page parser.

Shared by ``test_export_html.py`` (structure, escaping, size) and ``test_export_html_browser.py``
(the 10k-word page in a real browser); nothing here is a test by itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html.parser import HTMLParser

from aligner.result import AlignedLine, Alignment, LineStatus, Region, Word
from aligner.transcript import Chapter, Line, Transcript, Turn

HOSTILE = '</script><script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> &amp;'


def hostile_alignment() -> Alignment:
    """Every text the page shows (title, speaker, line, chapter, region) is hostile markup."""
    speaker = 'Eve <img src=x onerror="window.__pwned=3">'
    line = Line(0, 0, speaker, f"Hello {HOSTILE} bye.", 1.0)
    words = tuple(Word(w, 1.0 + i * 0.3, 1.2 + i * 0.3) for i, w in enumerate(line.text.split()))
    transcript = Transcript(
        turns=(Turn(0, speaker, 1.0, (line.text,)),),
        lines=(line,),
        chapters=(Chapter(1.0, "</title><script>window.__pwned=4</script>"),),
        title="</title><script>window.__pwned=5</script>",
    )
    return Alignment(
        transcript=transcript,
        lines=(AlignedLine(line, 1.0, 5.0, LineStatus.ALIGNED, 0.9, words),),
        source="x.opus",
        duration=6.0,
        extra_regions=(Region(5.0, 6.0, "<b>ad</b>", "</script><img src=y onerror=alert(1)>"),),
    )


_WORDS = (
    "the of and to a in that is it you we they this for on with as was but be have are "
    "not at or what like so just about think there people from model models language data "
    "training reasoning really interesting question because actually know going things "
    "open science papers code reward synthetic evaluation research community benchmark "
    "understand different important problem approach probably something everyone"
)
VOCABULARY = tuple(_WORDS.split(" "))


def hour_alignment(n_words: int = 10_000, duration: float = 3600.0, seed: int = 7) -> Alignment:
    """An hour-long episode of ``n_words`` aligned words: two speakers, turns of a few lines,
    chapters at turn starts, and an intro, an ad and an outro that are not in the transcript.
    Word times are arbitrary floats (not whole milliseconds), in order."""
    rng = random.Random(seed)
    intro, ad, outro = (0.0, 30.0), (1800.0, 1860.0), (duration - 30.0, duration)
    speech = duration - 120.0
    step = speech / n_words
    turns: list[Turn] = []
    lines: list[Line] = []
    aligned: list[AlignedLine] = []
    chapters: list[Chapter] = []
    t = intro[1] + 0.4321
    w = 0
    while w < n_words:
        turn_index = len(turns)
        speaker = ("Nathan Lambert", "Ross Taylor")[turn_index % 2]
        texts: list[str] = []
        first = len(lines)
        for _ in range(rng.randint(1, 6)):
            if w >= n_words:
                break
            count = min(n_words - w, rng.randint(6, 22))
            words = []
            for _ in range(count):
                if ad[0] <= t < ad[1]:
                    t = ad[1] + 0.2003
                text = rng.choice(VOCABULARY)
                words.append(Word(text, t, t + step * 0.8, 0.9))
                t += step * rng.uniform(0.7, 1.3)
                w += 1
            text = " ".join(x.text for x in words).capitalize() + "."
            words[0] = Word(words[0].text.capitalize(), words[0].start, words[0].end, 0.9)
            words[-1] = Word(words[-1].text + ".", words[-1].start, words[-1].end, 0.9)
            line = Line(len(lines), turn_index, speaker, text, round(words[0].start))
            lines.append(line)
            aligned.append(
                AlignedLine(
                    line, words[0].start, words[-1].end, LineStatus.ALIGNED, 0.9, tuple(words)
                )
            )
            texts.append(text)
        published = float(round(aligned[first].start))
        turns.append(Turn(turn_index, speaker, published, (" ".join(texts),)))
        if turn_index % 12 == 0:
            chapters.append(Chapter(published, f"Chapter {len(chapters) + 1}"))
    transcript = Transcript(
        turns=tuple(turns),
        lines=tuple(lines),
        chapters=tuple(chapters),
        format="markdown",
        title="A synthetic hour",
    )
    return Alignment(
        transcript=transcript,
        lines=tuple(aligned),
        source="hour.opus",
        duration=duration,
        model="tiny.en",
        extra_regions=(Region(*intro, "intro"), Region(*ad, "ad"), Region(*outro, "outro")),
    )


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: tuple[str, ...] = ()

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Page(HTMLParser):
    """Every element of a page with its attributes, its text (all descendants) and the tags
    of its ancestors, parsed as a browser's tokenizer would (script and style are raw text)."""

    VOID = frozenset({"meta", "input", "br", "img", "link", "hr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs}, "", tuple(e.tag for e in self._open))
        self.elements.append(el)
        if tag not in self.VOID:
            self._open.append(el)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                return

    def handle_data(self, data: str) -> None:
        for el in self._open:
            el.text += data

    def find(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p
