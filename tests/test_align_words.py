"""Line placement from heard words, without audio or model: planted alignments are recovered,
an inserted ad gets no line, a passage missing from the audio is ``not_in_audio``."""

from __future__ import annotations

import pytest

from aligner.alignment.align import WordTiming, align_words, assemble, check_sanity
from aligner.alignment.report import drift_report, format_report
from aligner.errors import AlignmentError
from aligner.result import LineStatus, Word
from aligner.transcript import Line, Transcript, Turn

SENTENCES = [
    (0, "Today, we're here with Ross."),
    (0, "This is a really exciting one."),
    (0, "I've been trying to get Ross on the show for a while."),
    (1, "Thanks for having me."),
    (2, "So I wanted to start with Papers with Code."),
    (2, "For people that don't know, it collates papers and code."),
    (3, "Yeah, that was a weird one."),
    (3, "This was like back in 2018."),
    (3, "And I met Rob, my co-founder, who came along for the journey."),
    (4, "What year was this?"),
]
SPEAKERS = ["Nathan", "Ross", "Nathan", "Ross", "Nathan"]


def words(text: str) -> list[str]:
    return text.split()


AD = words("our sponsor acme mattresses helps you sleep better visit acme dot com slash pod today")


def make_transcript(published: dict[int, float] | None = None) -> Transcript:
    lines = []
    for i, (turn, text) in enumerate(SENTENCES):
        first = i == 0 or SENTENCES[i - 1][0] != turn
        pub = published.get(i) if published and first else None
        lines.append(Line(i, turn, SPEAKERS[turn], text, published_start=pub))
    turns = tuple(
        Turn(
            t,
            SPEAKERS[t],
            next((ln.published_start for ln in lines if ln.turn == t), None),
            (" ".join(ln.text for ln in lines if ln.turn == t),),
        )
        for t in range(len(SPEAKERS))
    )
    return Transcript(turns=turns, lines=tuple(lines), format="markdown")


def speak(
    skip_line: int | None = None, ad_before: int | None = None, start: float = 5.0
) -> tuple[list[Word], dict[int, float], tuple[float, float] | None]:
    """Heard words (Whisper-style: lowercase, no punctuation, numbers spelled out), the true
    start of each spoken line, and the ad's span."""
    words: list[Word] = []
    starts: dict[int, float] = {}
    ad_span = None
    t = start
    for i, (_, text) in enumerate(SENTENCES):
        if i == ad_before:
            a0 = t
            for w in AD:
                words.append(Word(w, t, t + 0.3))
                t += 0.35
            ad_span = (a0, t)
            t += 1.0
        if i == skip_line:
            continue
        starts[i] = t
        for w in text.split():
            w = w.lower().strip(".,?")
            for part in {"2018": ["twenty", "eighteen"], "co-founder": ["co", "founder"]}.get(
                w, [w]
            ):
                words.append(Word(part, t, t + 0.25, 0.9))
                t += 0.3
        t += 0.8
    return words, starts, ad_span


def test_planted_alignment_is_recovered() -> None:
    heard, starts, _ = speak()
    al = align_words(make_transcript(), heard, duration=60.0)
    assert [a.status for a in al.lines] == [LineStatus.ALIGNED] * len(SENTENCES)
    for a in al.lines:
        assert a.start == pytest.approx(starts[a.line.index])
        assert a.end is not None and a.end > a.start
    assert al.extra_regions == ()
    check_sanity(al, force=False)


def test_inserted_ad_produces_no_line() -> None:
    heard, starts, ad = speak(ad_before=6)
    assert ad is not None
    al = align_words(make_transcript(), heard, duration=80.0)
    for a in al.lines:
        assert a.status is LineStatus.ALIGNED
        assert a.start == pytest.approx(starts[a.line.index])
        assert a.start is not None and a.end is not None
        # no line starts or runs inside the ad
        assert not (ad[0] - 0.01 < a.start < ad[1]), a.line.text
        assert a.end <= ad[0] + 0.5 or a.start >= ad[1]
    assert len(al.extra_regions) == 1
    region = al.extra_regions[0]
    assert region.start == pytest.approx(ad[0]) and abs(region.end - ad[1]) < 0.5
    assert "acme" in region.text


def test_deleted_passage_is_not_in_audio() -> None:
    heard, starts, _ = speak(skip_line=8)
    al = align_words(make_transcript(), heard, duration=60.0)
    status = {a.line.index: a.status for a in al.lines}
    assert status[8] is LineStatus.NOT_IN_AUDIO
    assert all(s is LineStatus.ALIGNED for i, s in status.items() if i != 8)
    for a in al.lines:
        if a.line.index != 8:
            assert a.start == pytest.approx(starts[a.line.index])


def test_unplaced_line_is_interpolated_between_neighbours() -> None:
    transcript = make_transcript()
    n_words = sum(len(t.split()) for _, t in SENTENCES)
    timings = [WordTiming(float(i), float(i) + 0.5, 0.9) for i in range(n_words)]
    first_of_line3 = sum(len(SENTENCES[i][1].split()) for i in range(3))
    timings[first_of_line3] = WordTiming()  # "Thanks for having me." loses all its words
    for j in range(1, 4):
        timings[first_of_line3 + j] = WordTiming()
    al = assemble(transcript, timings, duration=100.0)
    line3 = al.lines[3]
    assert line3.status is LineStatus.INTERPOLATED
    assert al.lines[2].end <= line3.start <= line3.end <= al.lines[4].start


def test_transcript_for_other_audio_is_refused() -> None:
    other = [Word(w, i * 0.3, i * 0.3 + 0.2) for i, w in enumerate(AD * 5)]
    al = align_words(make_transcript(), other, duration=30.0)
    with pytest.raises(AlignmentError, match="matches little of the audio"):
        check_sanity(al, force=False)
    check_sanity(al, force=True)


def test_drift_report_recovers_offset_and_rate() -> None:
    heard, starts, _ = speak(start=30.0)
    published = {i: 1.015 * s + 9.0 for i, s in starts.items()}
    al = align_words(make_transcript(published), heard, duration=80.0)
    report = drift_report(al)
    assert len(report.rows) == len(SPEAKERS)
    assert report.rate == pytest.approx(1.015, abs=1e-6)
    assert report.offset == pytest.approx(9.0, abs=1e-4)
    text = format_report(report)
    assert "offset +9.0 s" in text and "drift +54.0 s per hour" in text
