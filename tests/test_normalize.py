"""Token normalisation: the same spoken word written two ways compares equal."""

from __future__ import annotations

import pytest

from aligner.alignment.normalize import (
    normalize_text,
    normalize_word,
    normalize_words,
    number_words,
)


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("2018", "twenty eighteen"),
        ("1999", "nineteen ninety nine"),
        ("2005", "two thousand five"),
        ("LLaMA-3", "llama 3"),
        ("LLaMA-3", "llama three"),
        ("co-founder", "co founder"),
        ("don't", "dont"),
        ("Don\u2019t", "DONT"),
        ("state-of-the-art", "state of the art"),
        ("8B", "eight b"),
        ("50%", "fifty percent"),
        ("1,000", "one thousand"),
        ("3.5", "three point five"),
        ("U.S.", "us"),
        ('"what', "What"),
        ('ML?"', "ml"),
        ("GPT-4o", "gpt four o"),
    ],
)
def test_written_forms_meet(written: str, spoken: str) -> None:
    assert normalize_text(written) == normalize_text(spoken)


def test_different_words_stay_different() -> None:
    assert normalize_text("2018") != normalize_text("2019")
    assert normalize_text("LLaMA-3") != normalize_text("llama 2")
    assert normalize_word("cant") != normalize_word("can")


def test_punctuation_alone_has_no_tokens() -> None:
    assert normalize_word("-") == []
    assert normalize_word("\u2014") == []
    assert normalize_word("...") == []


def test_number_words() -> None:
    assert number_words(0) == ["zero"]
    assert number_words(42) == ["forty", "two"]
    assert number_words(1_234_567) == [
        *["one", "million", "two", "hundred", "thirty", "four", "thousand"],
        *["five", "hundred", "sixty", "seven"],
    ]


def test_owners_map_tokens_back_to_words() -> None:
    tokens, owners = normalize_words(["In", "2018,", "-", "co-founders"])
    assert tokens == ["in", "twenty", "eighteen", "co", "founders"]
    assert owners == [0, 1, 1, 3, 3]
