"""Where a line's first word is spoken when two sounds stand where the line starts.

Failure class (c) of real speech: an unwritten filler ("you know", "uh") before a line's first
word, or laughter after a slow first word; the alignment path swallows the extra sound and the
line starts on it, a second or more away from its words, and the level of the sound cannot tell
which sound is the line's. The decoder can (:mod:`aligner.alignment.first_words`).

Cut-out: ``shared/audio/jfk.flac``, "ask not ... what your country can do for you": the line
"what your country ..." has an unwritten "ask not" before it, a pause away.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.assemble import WordTiming, assemble
from aligner.alignment.first_words import decoder_judge, in_doubt, pick_start
from aligner.alignment.forced import ForcedAligner
from aligner.alignment.onsets import pause_onsets, rival_onsets, speech_onset
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.formats import parse_transcript
from aligner.progress import drive
from aligner.result import LineStatus
from aligner.transcription.models import load_whisper, resolve_model

SR = SAMPLE_RATE
#: jfk.flac word starts by PocketSphinx 5 (benchmarks/real_timings.py): "ask" 3.25, "not"
#: 3.99-4.30, a pause, "what" 5.37, "you" ends 7.67.
ASK, WHAT, YOU_END = 3.25, 5.37, 7.67
CUT = 2.4  # the cut-out starts here, in the pause after "Americans,"
THE_REST = ["what", "your", "country", "can", "do", "for", "you,"]


def _at(t: float) -> float:
    """A jfk.flac time in the clip."""
    return t - CUT


@pytest.fixture(scope="module")
def clip(shared_dir: Path) -> np.ndarray:
    jfk = drive(decode_audio(shared_dir / "audio" / "jfk.flac"))
    return jfk[int(CUT * SR) : int((YOU_END + 0.5) * SR)]


@pytest.fixture(scope="module")
def forced() -> ForcedAligner:
    return ForcedAligner(load_whisper(resolve_model(None)))


@pytest.fixture(scope="module")
def judge(clip: np.ndarray, forced: ForcedAligner):
    return decoder_judge(forced, clip)


def _fake(probabilities: dict[float, float]):
    def judge(start: float, words) -> float:
        return probabilities[min(probabilities, key=lambda t: abs(t - start))]

    return judge


def test_another_start_wins_only_when_its_first_word_is_clearly_more_probable() -> None:
    words = ["Montreal", "Forced", "Aligner."]
    assert pick_start(1.0, [2.3], words, _fake({1.0: 0.02, 2.3: 0.93})) == 2.3
    # as probable, or not probable enough: the chosen start stays
    assert pick_start(1.0, [2.3], words, _fake({1.0: 0.5, 2.3: 0.6})) == 1.0
    assert pick_start(1.0, [2.3], words, _fake({1.0: 0.01, 2.3: 0.08})) == 1.0
    # a candidate at the same place is not tried; nothing to compare, no look at all
    looks: list[float] = []

    def counting(start: float, _words) -> float:
        looks.append(start)
        return 1.0

    assert pick_start(1.0, [1.05], words, counting) == 1.0 and looks == []
    assert pick_start(1.0, [2.0], [], counting) == 1.0 and looks == []


def test_a_start_the_sound_does_not_back_gives_way_more_easily() -> None:
    """The cold corpus's "Alright, thanks.": the path started it inside its own speech, with no
    onset or word boundary there (0.29 from it), and the onset after the pause before the
    line makes "Alright," 0.50 probable. Not three times as probable, but the chosen start
    has nothing but the path behind it."""
    words = ["Alright,", "thanks."]
    judge = _fake({124.82: 0.29, 124.16: 0.50})
    assert pick_start(124.82, [124.16], words, judge) == 124.82  # an onset: it stays
    assert pick_start(124.82, [124.16], words, judge, backed=False) == 124.16
    # still not for a candidate about as probable
    assert pick_start(124.82, [124.16], words, _fake({124.82: 0.4, 124.16: 0.5}), backed=False) == (
        124.82
    )


def test_a_start_is_in_doubt_only_far_from_the_path() -> None:
    assert in_doubt(10.0, 10.6) and in_doubt(10.0, 9.2)
    assert not in_doubt(10.0, 10.12) and not in_doubt(10.0, 9.85)


def test_the_places_a_line_could_start_are_the_onsets_after_pauses(clip: np.ndarray) -> None:
    places = pause_onsets(clip, _at(ASK), earliest=0.2, latest=_at(WHAT) + 0.3)
    assert any(abs(p - _at(ASK)) < 0.1 for p in places), places
    assert any(abs(p - _at(WHAT)) < 0.1 for p in places), places


def test_an_unwritten_word_before_the_line_is_not_its_start(clip: np.ndarray, judge) -> None:
    places = pause_onsets(clip, _at(ASK), earliest=0.2, latest=_at(WHAT) + 0.3)
    # the path put "what your country ..." on the unwritten "ask not" before it
    start = pick_start(_at(ASK) - 0.02, places, THE_REST, judge)
    assert abs(start - _at(WHAT)) < 0.1, (start, _at(WHAT))
    # the line that does begin with those words keeps its start
    start = pick_start(_at(ASK) - 0.02, places, ["ask", "not", *THE_REST], judge)
    assert abs(start - _at(ASK)) < 0.1, (start, _at(ASK))


def test_an_improbable_line_gets_its_start_from_the_decoder(clip: np.ndarray) -> None:
    transcript = parse_transcript("what your country can do for you,\n", "plain")
    # the path ran the first word over "ask not" and heard the words only faintly
    t0 = _at(ASK)
    times = [t0, _at(5.61), _at(5.86), _at(6.43), _at(6.66), _at(6.91), _at(7.05), _at(YOU_END)]
    timings = [WordTiming(times[i], times[i + 1], 0.05) for i in range(7)]

    def judge(start: float, words) -> float:
        return 0.9 if abs(start - _at(WHAT)) < 0.1 else 0.02

    plain = assemble(transcript, timings, audio=clip, duration=len(clip) / SR)
    judged = assemble(transcript, timings, audio=clip, duration=len(clip) / SR, judge=judge)
    assert plain.lines[0].status is judged.lines[0].status is LineStatus.INTERPOLATED
    assert abs(plain.lines[0].start - t0) < 0.01
    assert abs(judged.lines[0].start - _at(WHAT)) < 0.1, judged.lines[0].start


@pytest.fixture(scope="module")
def two_breaks(clip: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Room tone, "ask", a pause as long as a sentence break, "what your country ...":
    (audio, where "ask" starts, where "what" starts)."""
    room = (0.002 * np.random.default_rng(3).standard_normal(SR)).astype(np.float32)
    ask = clip[int((_at(ASK) - 0.02) * SR) : int((_at(ASK) + 0.5) * SR)]
    rest = clip[int((_at(WHAT) - 0.02) * SR) :]
    gap = room[: int(0.45 * SR)]
    audio = np.concatenate([room, ask, gap, rest])
    return audio, 1.0 + 0.02, 1.0 + len(ask) / SR + 0.45 + 0.02


def test_of_two_long_pauses_before_a_line_the_snap_takes_one_and_names_the_other(
    two_breaks: tuple[np.ndarray, float, float],
) -> None:
    audio, first, second = two_breaks
    kw = dict(earliest=0.5, latest=second + 0.3, lead_sound=0.9, path_start=second - 0.05)
    onset = speech_onset(audio, second - 0.05, **kw)
    assert onset is not None and abs(onset - second) < 0.05, (onset, second)
    rivals = rival_onsets(audio, second - 0.05, **kw)
    assert len(rivals) == 1 and abs(rivals[0] - first) < 0.05, (rivals, first)


def test_a_line_whose_first_word_could_follow_either_pause_is_judged(
    two_breaks: tuple[np.ndarray, float, float],
) -> None:
    """An unwritten word before the line, or its first word drawn out with a pause inside it
    ("aaand | here's"): the level sees two sentence breaks and takes the nearer one; the
    judge (a fake here, hearing the first word from the farther one) says which it is."""
    audio, first, second = two_breaks
    transcript = parse_transcript(" ".join(THE_REST) + "\n", "plain")
    t = second - 0.05
    times = [t, t + 0.3, t + 0.55, t + 0.8, t + 1.0, t + 1.2, t + 1.4, t + 1.6]
    timings = [WordTiming(times[i], times[i + 1], 0.9) for i in range(7)]
    duration = len(audio) / SR
    plain = assemble(transcript, timings, audio=audio, duration=duration)
    assert plain.lines[0].status is LineStatus.ALIGNED
    assert abs(plain.lines[0].start - second) < 0.05, plain.lines[0].start

    def judge(start: float, words) -> float:
        return 0.8 if abs(start - first) < 0.05 else 0.05

    judged = assemble(transcript, timings, audio=audio, duration=duration, judge=judge)
    assert abs(judged.lines[0].start - first) < 0.05, judged.lines[0].start


def test_the_decoder_hears_a_first_word_said_before_a_pause(
    two_breaks: tuple[np.ndarray, float, float], forced: ForcedAligner
) -> None:
    """The line "ask what your country ..." said with a sentence-long pause after "ask": the
    snap takes the onset after the pause, nearer the path; from there the decoder does not
    hear "ask", from the first onset it does."""
    audio, first, second = two_breaks
    transcript = parse_transcript("ask " + " ".join(THE_REST) + "\n", "plain")
    t = second - 0.05
    times = [t, t + 0.2, t + 0.4, t + 0.65, t + 0.9, t + 1.1, t + 1.3, t + 1.5, t + 1.7]
    timings = [WordTiming(times[i], times[i + 1], 0.9) for i in range(8)]
    duration = len(audio) / SR
    plain = assemble(transcript, timings, audio=audio, duration=duration)
    assert abs(plain.lines[0].start - second) < 0.05, plain.lines[0].start
    judge = decoder_judge(forced, audio)
    judged = assemble(transcript, timings, audio=audio, duration=duration, judge=judge)
    assert abs(judged.lines[0].start - first) < 0.05, (judged.lines[0].start, first)
