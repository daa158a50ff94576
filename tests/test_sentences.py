"""Sentence splitting: the dots that do not end sentences, and long sentences cut at clauses."""

from __future__ import annotations

import itertools

import pytest

from aligner.formats.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello there. How are you?", ["Hello there.", "How are you?"]),
        ("Dr. Smith met Mr. Jones. They talked.", ["Dr. Smith met Mr. Jones.", "They talked."]),
        (
            "Use tools, e.g. Python. Also i.e. this one.",
            ["Use tools, e.g. Python.", "Also i.e. this one."],
        ),
        ("It was U.S. policy. The end.", ["It was U.S. policy.", "The end."]),
        ("The U.S. Army came.", ["The U.S. Army came."]),
        ("Cats vs. dogs. Round two.", ["Cats vs. dogs.", "Round two."]),
        ("For code, etc. But it works.", ["For code, etc.", "But it works."]),
        ("Apples, pears, etc. are fruit.", ["Apples, pears, etc. are fruit."]),
        ("We set it to 0.7 so it worked. Fine.", ["We set it to 0.7 so it worked.", "Fine."]),
        ("CrossRef...but there were gaps. Ok.", ["CrossRef...but there were gaps.", "Ok."]),
        ("Essentially... the latents matter.", ["Essentially... the latents matter."]),
        ("I was thinking... Then we left.", ["I was thinking...", "Then we left."]),
        ("Check ..using this. Done.", ["Check ..using this.", "Done."]),
        ('He said "Stop. Go." Then he left.', ['He said "Stop. Go."', "Then he left."]),
        ('Like "what is Git for ML?" - that stuff.', ['Like "what is Git for ML?" - that stuff.']),
        ("(Like this. Really.) Next one.", ["(Like this. Really.)", "Next one."]),
        ("A tag [START. REF] here. Next.", ["A tag [START. REF] here.", "Next."]),
        ("What year was this? 2018?", ["What year was this?", "2018?"]),
        ("J. R. R. Tolkien wrote it. Yes!", ["J. R. R. Tolkien wrote it.", "Yes!"]),
        ("Wow! Really?! Yes.", ["Wow!", "Really?!", "Yes."]),
        ("No final punctuation", ["No final punctuation"]),
        ("  spaced\n\tout\xa0text.  ", ["spaced out text."]),
        ("", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


LONG = (
    "For people that don't know, Papers with Code is one of these platforms - I never was a "
    "heavy user of it - but it collates papers, people can upvote them, popular papers, "
    "attaching code and dataset and evaluations to papers, which is great - it was like sort "
    "of ahead of its time."
)


def test_long_sentence_is_cut_at_clause_boundaries() -> None:
    pieces = split_sentences(LONG)
    assert len(pieces) >= 3
    assert all(len(p) <= 120 for p in pieces)
    assert " ".join(pieces) == LONG  # nothing lost, nothing added
    # every cut is after a comma/dash or before a conjunction, never mid-phrase
    for left, right in itertools.pairwise(pieces):
        assert left.endswith((",", "-", ";", ":")) or right.split()[0] in {
            "and",
            "but",
            "or",
            "so",
            "because",
            "which",
            "while",
            "when",
            "then",
            "if",
            "that",
            "where",
        }, (left, right)


def test_long_sentence_without_punctuation_still_cut() -> None:
    text = " ".join(["word"] * 80) + "."
    pieces = split_sentences(text, max_chars=120)
    assert all(len(p) <= 120 for p in pieces)
    assert " ".join(pieces) == text


def test_max_chars_is_respected_and_short_stays_whole() -> None:
    s = "This sentence is short, and it stays whole."
    assert split_sentences(s, max_chars=120) == [s]
    pieces = split_sentences(s, max_chars=30)
    assert len(pieces) == 2 and " ".join(pieces) == s


def test_seed_page_sentences_are_short(shared_dir) -> None:
    from aligner.formats import read_transcript

    t = read_transcript(shared_dir / "examples" / "interconnects-ross-taylor.md")
    assert max(len(line.text) for line in t.lines) <= 120
    # a sample of known sentences, abbreviations and decimals kept intact
    texts = [line.text for line in t.lines]
    assert "Today, we're here with Ross." in texts
    assert any(x.endswith("temperature to 0.7") for x in texts)
    assert any("e.g. write me a poem" in x for x in texts)
    for x in texts:
        assert not x.endswith((" e.g.", " i.e.", " Dr.", " Mr.", " vs.", " U.S.")), x
        assert not x.startswith(("g. ", "e. ", "S. ", "7 ")), x
