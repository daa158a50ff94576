"""Anchoring heard words to transcript words, on word lists (no audio, no model)."""

from __future__ import annotations

import itertools

from aligner.alignment.anchors import anchor_runs, anchor_words, find_resume, match_words


def words(text: str) -> list[str]:
    return text.split()


TEXT = words(
    "So I wanted to start with Papers with Code. For people that don't know, Papers "
    "with Code is one of these platforms. It collates papers, people can upvote them, "
    "popular papers, attaching code and dataset and evaluations to papers, which is "
    "great. This was like back in 2018. And I met Rob, my co-founder, who came along "
    "with me for the journey."
)

AD = words(
    "our sponsor acme mattresses helps you sleep better tonight with a hundred nights "
    "free trial visit acme dot com slash pod"
)


def heard_version(words: list[str]) -> list[str]:
    """How Whisper might write the same speech: lowercase, no punctuation, numbers spelled."""
    out = []
    for w in words:
        w = w.lower().strip(".,")
        out.extend({"2018": ["twenty", "eighteen"], "co-founder": ["co", "founder"]}.get(w, [w]))
    return out


def test_planted_alignment_is_recovered() -> None:
    heard = heard_version(TEXT)
    amap = anchor_words(TEXT, heard)
    assert amap.matched_ref_share == 1.0
    by_ref = amap.hyp_of_ref()
    assert heard[by_ref[TEXT.index("2018.")]] == "twenty"
    # monotonic in both directions
    pairs = sorted(by_ref.items())
    assert all(a[1] < b[1] for a, b in itertools.pairwise(pairs))
    assert all(g.kind == "minor" for g in amap.gaps)


def test_inserted_ad_is_extra_audio() -> None:
    heard = heard_version(TEXT)
    cut = heard.index("this")  # "This was like back in 2018"
    with_ad = heard[:cut] + AD + heard[cut:]
    amap = anchor_words(TEXT, with_ad)
    extra = [g for g in amap.gaps if g.kind == "extra_audio"]
    assert len(extra) == 1
    assert (extra[0].hyp_start, extra[0].hyp_end) == (cut, cut + len(AD))
    assert amap.matched_ref_share == 1.0


def test_deleted_passage_is_missing_text() -> None:
    start = TEXT.index("It")
    end = TEXT.index("This")
    heard = heard_version(TEXT[:start] + TEXT[end:])
    amap = anchor_words(TEXT, heard)
    missing = [g for g in amap.gaps if g.kind == "missing_text"]
    assert [(g.ref_start, g.ref_end) for g in missing] == [(start, end)]


def test_replaced_passage_is_a_dissimilar_mismatch() -> None:
    start = TEXT.index("It")
    end = TEXT.index("This")
    heard = heard_version(TEXT[:start]) + AD + heard_version(TEXT[end:])
    gaps = [g for g in anchor_words(TEXT, heard).gaps if g.kind == "mismatch"]
    assert len(gaps) == 1 and gaps[0].similarity < 0.4


def test_coincidences_do_not_make_anchors() -> None:
    pairs = match_words(["the", "cat", "sat", "on", "the", "mat"], ["a", "dog", "on", "the", "rug"])
    assert pairs  # "on the" matches ...
    assert anchor_runs(pairs, min_run=3) == []  # ... but two words are no anchor


def test_find_resume_after_an_intro() -> None:
    intro = ["welcome", "to", "the", "show", "this", "week", "we", "talk", "about"]
    heard = intro + heard_version(TEXT[:12])
    assert find_resume(TEXT, heard) == (0, len(intro))


def test_find_resume_ignores_a_phrase_quoted_in_an_intro() -> None:
    # The intro says "papers with code" (a phrase that is 8 words into the transcript), then
    # something else: that must not be taken as the transcript resuming there.
    ref = TEXT[8:]  # "For people that don't know, Papers with Code is one ..."
    heard = words("we talk about papers with code language models for science and reward models")
    assert find_resume(ref, heard) is None


def test_find_resume_skips_a_cut_passage_with_enough_evidence() -> None:
    start = TEXT.index("This")
    heard = heard_version(TEXT[start:])
    assert find_resume(TEXT, heard) == (start, 0)
