"""The HTML reader: the Substack post page as a browser gets it, Podcasting 2.0 HTML, generic pages.

The Substack fixture is the whole seed page (``interconnects-ross-taylor.md``) as the HTML
Substack serves: header and menu, subscribe boxes, show notes with the chapter list, the
transcript, footer and a comments section whose paragraphs look like turns. It must read into
exactly the transcript the markdown reader gives for the same page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import TranscriptFormatError
from aligner.formats import parse_transcript, read_transcript
from aligner.formats.detect import detect
from aligner.formats.html import find_transcript_section, page_chapters, parse
from aligner.transcript import Chapter, Transcript

FIXTURES = Path(__file__).parent / "fixtures" / "html"
SUBSTACK = FIXTURES / "substack-post.html"
P20 = FIXTURES / "p20-transcript.html"
GENERIC = FIXTURES / "generic-episode.html"


@pytest.fixture(scope="module")
def page() -> Transcript:
    return read_transcript(SUBSTACK)


@pytest.fixture(scope="module")
def markdown_page(shared_dir) -> Transcript:
    return read_transcript(shared_dir / "examples" / "interconnects-ross-taylor.md")


def _all_text(t: Transcript) -> str:
    return " ".join(line.text for line in t.lines)


def test_substack_page_turns_speakers_times(page: Transcript) -> None:
    assert page.format == "html"
    assert len(page.turns) == 106
    assert page.speakers == {"Nathan Lambert", "Ross Taylor"}
    first = page.turns[0]
    assert (first.speaker, first.published_start) == ("Nathan Lambert", 67.0)
    assert page.lines[0].text == "Today, we're here with Ross."
    assert page.lines[0].published_start == 67.0
    assert page.turns[-1].published_start == 3726.0
    starts = [t.published_start for t in page.turns]
    assert None not in starts and starts == sorted(starts)


def test_substack_page_equals_markdown_reader(page: Transcript, markdown_page: Transcript) -> None:
    assert page.title == markdown_page.title
    assert page.chapters == markdown_page.chapters
    assert len(page.chapters) == 13
    assert page.chapters[1] == Chapter(132.0, "Papers with Code")
    # Turns and lines are identical, field for field (only the format name differs).
    assert page.turns == markdown_page.turns
    assert page.lines == markdown_page.lines


def test_substack_page_text_has_no_markup(page: Transcript) -> None:
    for line in page.lines:
        for residue in (
            "\\",
            "\xa0",
            "**",
            "](",
            "</",
            "<strong",
            "<em",
            "href",
            "&nbsp;",
            "&amp;",
        ):
            assert residue not in line.text, (residue, line.text)
        assert "&quot;" not in line.text and "&#" not in line.text
    text = _all_text(page)
    assert "that you're really trying to solve" in text  # <em>really</em>
    assert "I think the Galactica story has many angles" in text  # <a>Galactica</a>
    assert '"what is the Git equivalent for ML?"' in text  # &quot; decoded
    assert "<work> with Galactica" in text  # &lt;work&gt; is text the author wrote


def test_substack_furniture_is_not_transcript(page: Transcript) -> None:
    text = _all_text(page)
    for furniture in (
        "Thanks for reading Interconnects",  # subscribe boxes (one inside the transcript)
        "Loved the part on process reward models",  # comments
        "Thanks Jane",  # a comment that looks exactly like a turn
        "Agreed, more of these",
        "All rights reserved",  # footer
        "Start writing",
        "Ready for more",
        "injected",  # scripts
        "Sign in",  # menu
        "Archive",
        "Interconnects interview #5",  # subtitle
        "Built with smol-podcaster",  # note under the Transcript heading
        "Ross Taylor at Papers with Code",  # image caption with a timestamp
        "I had the pleasure of Talking with",  # show notes
        "Introduction of Ross Taylor and his background",  # chapter list
        "co-founder of Papers with Code)",
    ):
        assert furniture not in text, furniture
    # The continuation paragraph after the mid-transcript subscribe box stays with its turn.
    ross = next(t for t in page.turns if t.published_start == 252.0)
    assert len(ross.paragraphs) == 2
    assert ross.paragraphs[1].startswith("Another big problem was trying to find the state")


def test_substack_continuation_paragraphs(page: Transcript) -> None:
    last_ross = page.turns[-3]
    assert last_ross.published_start == 3643.0
    assert len(last_ross.paragraphs) == 4
    lines = page.lines_of_turn(last_ross.index)
    assert {ln.paragraph for ln in lines} == {0, 1, 2, 3}
    assert lines[0].published_start == 3643.0
    assert all(ln.published_start is None for ln in lines[1:])


def test_podcasting20_html_transcript() -> None:
    t = read_transcript(P20)
    assert t.format == "html"
    assert [(u.speaker, u.published_start) for u in t.turns] == [
        ("Maya", 0.0),
        ("Dr. Omar Haddad", 12.0),  # "<cite>Dr. Omar Haddad :</cite>"
        ("Maya", 19.0),
        ("Dr. Omar Haddad", 25.0),
        ("Maya", 3723.0),  # <time>1:02:03</time>
    ]
    assert t.turns[0].paragraphs == (
        "Welcome back to Field Notes. Today we're talking about how rivers move sediment, "
        "and why it matters for the towns built along them.",
    )
    assert (
        t.turns[1].text
        == "Thanks, Maya. It's good to be here — I've wanted to do this one for a while."
    )
    assert (
        t.turns[3].paragraphs[1]
        == "And in a flood, the balance flips & the bed itself starts to move."
    )
    assert [ln.text for ln in t.lines_of_turn(2)] == [
        "So start with the basics.",
        "What is a river actually carrying?",
    ]
    assert t.chapters == () and t.title is None


def test_podcasting20_without_times_or_speakers() -> None:
    t = parse_transcript("<p>First monologue here.</p>\n<p>Adam: Second one.</p>")
    assert [(u.speaker, u.published_start, u.text) for u in t.turns] == [
        (None, None, "First monologue here."),
        ("Adam", None, "Second one."),
    ]


def test_generic_page() -> None:
    t = read_transcript(GENERIC)
    assert t.title == "Episode 12: The Night Shift"
    assert t.chapters == (
        Chapter(0.0, "Intro"),
        Chapter(95.0, "The first route"),
        Chapter(750.0, "Regulars & strangers"),
    )
    assert [(u.speaker, u.published_start) for u in t.turns] == [
        ("Jane Smith", 5.0),
        ("Bob Jones", 14.0),
        ("Jane Smith", 95.0),
        ("Bob Jones", 100.0),
        ("Jane Smith", 750.0),
        ("Bob Jones", 756.0),
    ]
    assert t.turns[3].paragraphs == (
        "The 24, out to the airport and back. Four loops a night. "
        "Nobody talks to you on the first loop.",  # <br> is a space
        "By the third loop, though, the regulars start to show up.",
    )
    assert t.turns[4].text == "Who are the regulars? Nurses, bakers?"
    text = _all_text(t)
    for furniture in ("from a script", "injected", "loved the bit", "Sam Hill", "sidebar", "©"):
        assert furniture not in text, furniture
    assert t.lines[0].text == "Welcome to Small Hours."
    assert t.lines[1].text == "I’m Jane, and tonight my guest is Bob."  # &rsquo;


def test_hostile_content_is_plain_text() -> None:
    page = (
        "<html><head><style>p{color:red}</style></head><body><h2>Transcript</h2>"
        '<p><strong>Ann <img src=x onerror="alert(1)"></strong> [00:00:01]: Hi '
        "<script>alert('x')</script>there<iframe src=//evil></iframe> &lt;b&gt;bold&lt;/b&gt; "
        "AT&amp;T &copy; &#8212; &#x41;&nbsp;B<svg><text>svg text</text></svg>"
        "<noscript>enable js</noscript><template><p>tpl</p></template>\x01\x03.</p>"
        "<p><b>Bo</b>: <button>Click</button>ok <span hidden>secret</span>"
        '<span aria-hidden="true">icon</span>done.</p></body></html>'
    )
    t = parse(page)
    assert [(u.speaker, u.published_start) for u in t.turns] == [("Ann", 1.0), ("Bo", None)]
    assert t.turns[0].text == "Hi there <b>bold</b> AT&T © — A B."
    assert t.turns[1].text == "ok done."
    for line in t.lines:
        for bad in ("alert", "onerror", "svg", "enable js", "tpl", "color:red", "\x01", "\x03"):
            assert bad not in line.text


def test_page_without_transcript() -> None:
    page = (
        "<!doctype html><html><body><nav><p><b>Home</b>: start</p></nav><article><h1>An essay</h1>"
        "<p>Just prose about <strong>things</strong>.</p><p>More prose.</p></article>"
        '<section class="comments"><p><strong>Jane</strong> [00:00:03]: great!</p>'
        "<p><strong>Tom</strong>: agreed</p></section>"
        "<footer><p><strong>Me</strong> (00:00:01): (c)</p></footer></body></html>"
    )
    assert find_transcript_section(page) is None
    with pytest.raises(TranscriptFormatError, match="no transcript in this page"):
        parse(page)
    with pytest.raises(TranscriptFormatError) as exc:
        parse_transcript(page)
    assert "\n" not in str(exc.value)


def test_read_transcript_error_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text("<!doctype html><html><body><p>Nothing here.</p></body></html>")
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(p)
    assert str(p) in str(exc.value) and "no transcript in this page" in str(exc.value)


@pytest.mark.parametrize("path", [SUBSTACK, P20, GENERIC], ids=lambda p: p.name)
def test_transcript_section_reads_back(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    section = find_transcript_section(source)
    assert section is not None
    for furniture in ('class="comment', "<form", "<script", "<nav", "Thanks for reading"):
        assert furniture not in section
    assert parse(section).turns == parse(source).turns


def test_page_chapters_without_transcript() -> None:
    notes = (
        "<html><body><h2>Chapters</h2><ul>"
        '<li><a href="#t=0">00:00</a> Intro</li><li><a href="#t=65">1:05</a> – Main topic</li>'
        "<li>(01:02:03) Outro</li><li>12:30</li></ul><p>Runtime 1:02:30</p></body></html>"
    )
    assert page_chapters(notes) == (
        Chapter(0.0, "Intro"),
        Chapter(65.0, "Main topic"),
        Chapter(3723.0, "Outro"),
    )
    assert find_transcript_section(notes) is None
    assert page_chapters(SUBSTACK.read_text(encoding="utf-8"))[-1] == Chapter(
        3506.0, "Future directions for language model development"
    )


@pytest.mark.parametrize(
    "head",
    [
        "<strong>Ann Lee</strong> [00:01:07]: ",
        "<strong>Ann Lee</strong>&nbsp;[00:01:07]: ",
        "<b>Ann Lee:</b> <time>00:01:07</time> ",
        "<strong>Ann Lee</strong> (00:01:07): ",
        "<strong><a href='/u/ann'>Ann Lee</a></strong> [1:07]: ",
        "[00:01:07] <strong>Ann Lee</strong>: ",
        '<a href="#t=67">[00:01:07]</a> <b>Ann Lee</b>: ',
        "Ann Lee [00:01:07]: ",
        "[00:01:07] Ann Lee: ",
        '<span class="speaker">Ann Lee</span> <span class="timestamp">00:01:07</span> ',
    ],
)
def test_turn_header_variants(head: str) -> None:
    t = parse(f"<h1>Ep</h1><p>{head}Hello there. Bye.</p><p><b>Bo</b>: Hi.</p>")
    assert (t.turns[0].speaker, t.turns[0].published_start) == ("Ann Lee", 67.0)
    assert [ln.text for ln in t.lines] == ["Hello there.", "Bye.", "Hi."]
    assert (t.turns[1].speaker, t.turns[1].published_start) == ("Bo", None)


def test_header_paragraph_then_text() -> None:
    t = parse(
        "<p>Speaker 1 00:02:10</p><p>Hi there.</p><p><b>Speaker 2</b> [00:02:15]</p><p>Hello.</p>"
    )
    assert [(u.speaker, u.published_start, u.text) for u in t.turns] == [
        ("Speaker 1", 130.0, "Hi there."),
        ("Speaker 2", 135.0, "Hello."),
    ]


def test_bold_sentence_is_not_a_turn() -> None:
    t = parse("<p><b>Ann</b>: Hi.</p><p><strong>This is important.</strong> Really.</p>")
    assert len(t.turns) == 1
    assert t.turns[0].paragraphs == ("Hi.", "This is important. Really.")


def test_headings_end_continuations_and_comments_end_the_transcript() -> None:
    page = (
        "<html><body><h2>Transcript</h2><p><b>A</b> [00:00:01]: one.</p><p>more.</p>"
        "<h2>Part two</h2><p>not this.</p><p>[00:00:09] a timed line.</p>"
        "<h2>3 Comments</h2><p><b>Reader</b> [00:00:10]: a comment.</p></body></html>"
    )
    after = "<h3>Show notes</h3><ul><li>Ann: her site</li><li>Bo: his book</li></ul>"
    t = parse(page)
    assert [(u.speaker, u.published_start, u.paragraphs) for u in t.turns] == [
        ("A", 1.0, ("one.", "more.")),
        (None, 9.0, ("a timed line.",)),
    ]
    t = parse(page.replace("<h2>3 Comments</h2>", after + "<h2>3 Comments</h2>"))
    assert len(t.turns) == 2


def test_detection_and_forcing() -> None:
    for path in (SUBSTACK, P20, GENERIC):
        assert detect(path.read_text(encoding="utf-8")) == "html"
    assert detect("<p>Ann: hi</p>") == "html"
    assert detect("<p>one</p>\n<p>two</p>\nand <b>three</b></p>") == "html"
    assert detect("**Ann** \\[00:00:01\\]: hi <b>x</b>\n") == "markdown"
    assert detect("Just a <b>word</b>.") == "plain"
    src = GENERIC.read_text(encoding="utf-8")
    assert parse_transcript(src, format="htm") == parse_transcript(src)
