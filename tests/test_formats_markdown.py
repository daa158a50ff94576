"""The markdown (Substack) reader on the real seed page and on the tricky bits of markdown."""

from __future__ import annotations

import re

import pytest

from aligner.formats import parse_transcript, read_transcript
from aligner.formats.markdown import md_to_text, scan
from aligner.transcript import Transcript


@pytest.fixture(scope="module")
def seed(shared_dir) -> Transcript:
    return read_transcript(shared_dir / "examples" / "interconnects-ross-taylor.md")


def test_seed_page_turns_and_speakers(seed: Transcript) -> None:
    assert seed.format == "markdown"
    assert len(seed.turns) == 106
    assert seed.speakers == {"Nathan Lambert", "Ross Taylor"}
    first = seed.turns[0]
    assert first.speaker == "Nathan Lambert"
    assert first.published_start == 67.0
    assert first.text.startswith("Today, we're here with Ross.")
    assert seed.lines[0].text == "Today, we're here with Ross."
    assert seed.lines[0].published_start == 67.0
    assert seed.turns[-1].published_start == 3726.0  # 01:02:06
    assert all(t.published_start is not None for t in seed.turns)
    starts = [t.published_start for t in seed.turns]
    assert starts == sorted(starts)


def test_seed_page_chapters(seed: Transcript) -> None:
    assert len(seed.chapters) == 13
    assert seed.chapters[0].start == 0.0
    assert seed.chapters[1].start == 132.0
    assert seed.chapters[1].title == "Papers with Code"
    assert seed.chapters[-1].title == "Future directions for language model development"
    assert seed.title and seed.title.startswith("Interviewing Ross Taylor")


def test_seed_page_no_front_matter_or_show_notes(seed: Transcript) -> None:
    text = " ".join(line.text for line in seed.lines)
    for not_transcript in (
        "I had the pleasure of Talking with",  # intro above the transcript
        "Listen on Apple Podcasts",
        "Built with smol-podcaster",  # note under the Transcript heading
        "co-founder of Papers with Code)",  # "We mention" list
        "Introduction of Ross Taylor and his background",  # chapter list
        "email_sent_at",
        "youtube-wrap",
        "An error occurred",
    ):
        assert not_transcript not in text


def test_seed_page_text_is_clean(seed: Transcript) -> None:
    for line in seed.lines:
        assert "\\" not in line.text, line.text
        assert "\xa0" not in line.text
        assert "**" not in line.text
        assert "](" not in line.text
    texts = {line.text for line in seed.lines}
    # escapes undone: \' \[ \] \< \> \~ \* \$
    assert any("<work> with Galactica" in t for t in texts)
    assert any("~10 years ago" in t for t in texts)
    assert any("When Q* came out" in t for t in texts)
    assert any("$10 million" in t for t in texts)
    assert any("[Robert] Stojnic" in t for t in texts)


def test_seed_page_continuation_paragraphs(seed: Transcript) -> None:
    last_ross = seed.turns[-3]  # Ross at 01:00:43 has four paragraphs
    assert last_ross.published_start == 3643.0
    assert len(last_ross.paragraphs) == 4
    assert last_ross.paragraphs[2].startswith("Essentially... the latents of AI")
    lines = seed.lines_of_turn(last_ross.index)
    assert [ln.paragraph for ln in lines] == sorted(ln.paragraph for ln in lines)
    assert {ln.paragraph for ln in lines} == {0, 1, 2, 3}
    assert lines[0].published_start == 3643.0
    assert all(ln.published_start is None for ln in lines[1:])


def test_markdown_inline_conversion() -> None:
    assert md_to_text(r"It\'s \[x\] and \<y\> \~z \$1 \*") == "It's [x] and <y> ~z $1 *"
    assert md_to_text("[Alex](https://en.wikipedia.org/wiki/Alex_(x)) hi") == "Alex hi"
    assert md_to_text('[a](http://x "t"){target="_blank"} b') == "a b"
    assert (
        md_to_text("**bold** and *em* and __u__ and _v_ and ~~s~~")
        == "bold and em and u and v and s"
    )
    assert md_to_text("snake_case_name stays") == "snake_case_name stays"
    assert md_to_text("![img](http://x/y.png) `code` &amp; <br/>x") == "code & x"
    assert md_to_text("2 * 3 * 4") == "2 * 3 * 4"


@pytest.mark.parametrize(
    "head",
    [
        "**Ann Lee** \\[00:01:07\\]: ",
        "**Ann Lee**\xa0\\[00:01:07\\]: ",
        "**Ann Lee** [00:01:07]: ",
        "**Ann Lee** (00:01:07): ",
        "**Ann Lee** [1:07]: ",
        "\\[00:01:07\\] **Ann Lee**: ",
    ],
)
def test_turn_header_variants(head: str) -> None:
    t = parse_transcript(f"# Ep\n\n{head}Hello there. Bye.\n\n**Bo**: Hi.\n", format="markdown")
    assert t.turns[0].speaker == "Ann Lee"
    assert t.turns[0].published_start == 67.0
    assert [ln.text for ln in t.lines] == ["Hello there.", "Bye.", "Hi."]
    assert t.turns[1].speaker == "Bo" and t.turns[1].published_start is None


def test_bold_sentence_is_not_a_turn() -> None:
    t = parse_transcript("**Ann**: Hi.\n\n**This is important.** Really.\n", format="markdown")
    assert len(t.turns) == 1
    assert t.turns[0].paragraphs == ("Hi.", "This is important. Really.")


def test_headings_inside_transcript_end_continuations() -> None:
    text = "## Transcript\n\n**A** [00:00:01]: one.\n\nmore.\n\n## Links\n\nnot this.\n"
    t = parse_transcript(text)
    assert t.turns[0].paragraphs == ("one.", "more.")


def test_scan_reports_stamp_positions(shared_dir) -> None:
    src = (shared_dir / "examples" / "interconnects-ross-taylor.md").read_text(encoding="utf-8")
    s = scan(src)
    assert len(s.turns) == 106 and len(s.chapters) == 13
    for st in s.turns:
        assert st.stamp is not None
        a, b = st.stamp
        assert re.fullmatch(r"\d\d:\d\d:\d\d", src[a:b])
        assert src[a - 2 : a] == "\\[" and src[b : b + 2] == "\\]"
