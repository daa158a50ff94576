"""The word diff marks exactly what a re-transcription changed against the published text."""

from __future__ import annotations

from aligner.edits.worddiff import (
    DiffKind,
    DiffOp,
    diff_stats,
    diff_words,
    join_words,
    tokenize,
)


def kinds(ops: tuple[DiffOp, ...]) -> list[str]:
    return [op.kind.value for op in ops]


def test_identical_up_to_case_punctuation_and_quotes_is_one_equal_run() -> None:
    ops = diff_words("Today, we're here with Ross.", "today we’re here with Ross")
    assert kinds(ops) == ["equal"]
    # Each side keeps its words as written, for display.
    assert ops[0].published == ("Today,", "we're", "here", "with", "Ross.")
    assert ops[0].heard == ("today", "we’re", "here", "with", "Ross")


def test_insertion_deletion_and_substitution() -> None:
    published = "So I wanted to start with Papers with Code today."
    heard = "Um, so I wanted to start with papers with code."
    ops = diff_words(published, heard)
    assert ops[0] == DiffOp(DiffKind.INSERT, (), ("Um,",))
    assert ops[-1] == DiffOp(DiffKind.DELETE, ("today.",), ())
    assert kinds(ops) == ["insert", "equal", "delete"]

    sub = diff_words("it was a weird one", "it was a wild one")
    assert kinds(sub) == ["equal", "substitute", "equal"]
    assert sub[1] == DiffOp(DiffKind.SUBSTITUTE, ("weird",), ("wild",))


def test_numbers_and_compounds_compare_as_spoken() -> None:
    assert kinds(diff_words("back in 2018", "back in twenty eighteen")) == ["equal"]
    assert kinds(diff_words("state-of-the-art work", "state of the art work")) == ["equal"]
    assert kinds(diff_words("my co-founder", "my co founder")) == ["equal"]


def test_stats_count_words_and_word_error_rate() -> None:
    ops = diff_words("a b c d", "a x y c e d f")
    stats = diff_stats(ops)
    # b -> x y (1 substitution + 1 insertion), e inserted, f inserted.
    assert (stats.equal, stats.substituted, stats.inserted, stats.deleted) == (3, 1, 3, 0)
    assert stats.published_words == 4 and stats.heard_words == 7
    assert stats.word_error_rate == 1.0
    assert diff_stats(diff_words("same words", "Same words!")).word_error_rate == 0.0
    assert diff_stats(diff_words("", "")).word_error_rate == 0.0
    assert diff_stats(diff_words("", "hello")).word_error_rate == 1.0


def test_tokenize_attaches_punctuation_and_join_restores_text() -> None:
    text = "We won't cover the new start-up - I don't know, it's state-of-the-art."
    words = tokenize(text)
    assert "-" not in words  # a dash is never a word of its own
    assert "up -" in words and "state-" in words
    assert join_words(words) == text


def test_diff_sides_rebuild_both_texts() -> None:
    published = "This was like back in 2018. So I was at an incubator."
    heard = "This was, uh, back in 2018, so I was at an accelerator I think"
    ops = diff_words(published, heard)
    assert join_words([w for op in ops for w in op.published]) == published
    assert join_words([w for op in ops for w in op.heard]) == heard
    assert DiffOp(DiffKind.SUBSTITUTE, ("like",), ("uh,",)) in ops
    assert ops[-1] == DiffOp(DiffKind.SUBSTITUTE, ("incubator.",), ("accelerator", "I", "think"))
