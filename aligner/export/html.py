"""A self-contained HTML player: the transcript, in sync with its audio, as one web page.

One file with its CSS and JavaScript inline (no CDN, no network: a Content-Security-Policy
forbids any load but the audio), an ``<audio>`` element pointing at the episode, and the
transcript as plain HTML: turns with speakers and times, chapters (a table of contents and
headings), one row per line with its time, every aligned word a ``<span data-time>`` and
stretches of audio that are not in the transcript shown as such. Without JavaScript that is a
readable transcript with times; ``html_assets/player.js`` adds the highlighting, click-to-play,
follow mode, keys and ``#t=`` deep links, ``player_tools.js`` search and quoting. Every piece
of transcript text is HTML-escaped and no transcript data goes into a script, so a transcript
cannot inject markup.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from aligner import __version__
from aligner.errors import OutputError
from aligner.export import RenderOptions
from aligner.export.html_body import chapter_toc, clock, esc, esc_attr, transcript_html
from aligner.result import Alignment, LineStatus

_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "media-src * data: blob: file:; img-src data:; base-uri 'none'; form-action 'none'"
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SAFE_LINK = re.compile(r"^(https?:|file:|[^:]*$)", re.IGNORECASE)


@cache
def asset(name: str) -> str:
    """One of the page's inlined files (``player.css``, ``player.js``, ``player_tools.js``)."""
    text = (resources.files("aligner.export") / "html_assets" / name).read_text("utf-8")
    if "</script" in text.lower() or "</style" in text.lower():  # would end the inline block
        raise OutputError(f"html asset {name} contains a closing tag; it cannot be inlined")
    return text


def audio_href(alignment: Alignment, options: RenderOptions) -> str | None:
    """The page's ``<audio src>``, or None when the page has no audio.

    ``--audio-href`` wins as given. Otherwise the audio source (``options.audio_source``, else
    the alignment's own ``source``): a URL stays as it is (``file://`` becomes a path), a local
    path is made relative to the output file's folder so the page and the audio can move
    together and it plays from ``file://``. An alignment that was never placed on audio
    (published times only: no duration) names a transcript, not audio, so it gets none.
    """
    if options.audio_href is not None:
        return options.audio_href.strip() or None
    source = options.audio_source
    if source is None:
        if alignment.duration is None:
            return None
        source = alignment.source
    source = source.strip()
    if not source:
        return None
    if _URL.match(source) and not re.match(r"^[A-Za-z]:[\\/]", source):
        parts = urlsplit(source)
        if parts.scheme.lower() != "file":
            return source
        source = unquote(parts.path)
    path = Path(source).expanduser().absolute()
    if options.output is None:
        return path.as_uri()
    folder = Path(options.output).absolute().parent
    try:
        rel = os.path.relpath(path, folder)
    except ValueError:  # another drive (Windows): no relative path exists
        return path.as_uri()
    return quote(Path(rel).as_posix(), safe="/")


def _title(alignment: Alignment) -> str:
    title = alignment.transcript.title
    if title and title.strip():
        return " ".join(title.split())
    if alignment.source:
        name = alignment.source.rstrip("/").rsplit("/", 1)[-1]
        if name:
            return name
    return "Transcript"


def _meta(alignment: Alignment) -> str:
    bits: list[str] = []
    speakers: list[str] = []
    for turn in alignment.transcript.turns:
        if turn.speaker and turn.speaker not in speakers:
            speakers.append(turn.speaker)
    if speakers:
        bits.append("Speakers: " + ", ".join(esc(s) for s in speakers))
    if alignment.duration:
        bits.append(f"{clock(alignment.duration)} of audio")
    if alignment.lines:
        n = sum(1 for al in alignment.lines if al.status is LineStatus.ALIGNED)
        bits.append(f"{n} of {len(alignment.lines)} lines aligned")
    if alignment.model:
        bits.append(f"model {esc(alignment.model)}")
    return " · ".join(bits)


def _player(href: str | None, has_regions: bool) -> str:
    if href is None:
        media = (
            '<p class="noaudio">No audio is linked to this page '
            "(export it with <code>--audio-href</code>).</p>"
        )
    else:
        media = (
            f'<audio id="audio" controls preload="metadata" src="{esc_attr(href)}">'
            f'<a href="{esc_attr(href) if _SAFE_LINK.match(href) else ""}">the audio</a></audio>'
        )
    skip = (
        '<label class="chk"><input type="checkbox" id="skipx"> Skip audio not in the transcript'
        "</label>"
        if has_regions
        else ""
    )
    return (
        f'<div class="player" role="region" aria-label="Player">{media}'
        '<div id="tools" class="tools" hidden>'
        '<button type="button" id="follow" aria-pressed="true" '
        'title="Scroll the transcript with the audio (f)">Follow</button>'
        '<button type="button" id="quote" title="Copy the selected text (or the current line) '
        'with a link to its time">Copy quote with link</button>'
        f"{skip}"
        '<span class="search" role="search"><label for="q" class="sr">Search the transcript'
        '</label><input id="q" type="search" placeholder="Search (/)" autocomplete="off" '
        'aria-describedby="hits"><span id="hits" aria-live="polite"></span></span>'
        "</div></div>"
    )


_KEYS = (
    '<details class="keys"><summary>Keys</summary><dl>'
    "<dt>Space</dt><dd>play or pause</dd>"
    "<dt>← →</dt><dd>back or forward 5 seconds</dd>"
    "<dt>↑ ↓</dt><dd>previous or next line</dd>"
    "<dt>/</dt><dd>search (Enter: next match, Esc: clear)</dd>"
    "<dt>f</dt><dd>follow the audio again</dd>"
    "</dl><p>Click a word to play from it, a time to play from the line. Links ending in "
    "<code>#t=12:34</code> open the page at that time.</p></details>"
)


def render(alignment: Alignment, options: RenderOptions | None = None) -> str:
    """The whole page for ``alignment`` (see the module docstring)."""
    options = options or RenderOptions()
    href = audio_href(alignment, options)
    title = esc(_title(alignment))
    toc = chapter_toc(alignment)
    body = transcript_html(alignment)
    return "".join(
        [
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta name="generator" content="podalign {esc_attr(__version__)}">\n',
            f"<title>{title}</title>\n<style>\n{asset('player.css')}</style>\n</head>\n",
            '<body>\n<a class="skiplink" href="#transcript">Skip to the transcript</a>\n',
            f'<header class="top">\n<div class="head"><h1>{title}</h1>',
            f'<p class="meta">{_meta(alignment)}</p></div>\n',
            _player(href, bool(alignment.extra_regions)),
            "\n</header>\n",
            '<div class="wrap">\n',
            toc,
            '<main id="transcript" tabindex="-1">\n<h2 class="sr">Transcript</h2>\n',
            body,
            "</main>\n</div>\n",
            '<button type="button" id="resume" hidden>Resume following ↓</button>\n',
            '<div id="status" class="sr" role="status" aria-live="polite"></div>\n',
            f'<footer class="foot">{_KEYS}<p>Made with podalign {esc(__version__)}.</p>',
            "</footer>\n",
            f"<script>\n{asset('player.js')}{asset('player_tools.js')}</script>\n",
            "</body>\n</html>\n",
        ]
    )
