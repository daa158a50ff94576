"""A line whose first words the model does not hear starts where they are spoken.

Whisper can fail to hear a line's first words (a name, jargon, an odd pronunciation: the eSpeak
hour's "Essentially... the latents of" at 0.01-0.1) while it hears the rest: the walk places the
rest, leaves the first words unplaced without finding them missing, and the line counts as
aligned. Its start must then lie before the first heard word by about the unheard words' length
(the onset snap searches back that much further, with those words in the first word's sound
budget), and the heard words keep their own times. Words the walk found missing are not spoken:
the line starts at its first heard word as before. Cut-out of ``shared/audio/jfk.flac`` ("And so
my fellow Americans") after a pause in room tone, with word timings as the walk leaves them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.alignment.assemble import MISSING, UNPLACED, WordTiming, assemble
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.formats import parse_transcript
from aligner.progress import drive
from aligner.result import LineStatus

SR = SAMPLE_RATE
PAUSE = 1.0
#: jfk.flac from just before "And" (0.30 s, as in test_align_real_classes); "my" at 0.97 s.
CUT = 0.28
AND_START, MY_START = PAUSE + 0.02, 0.97 - CUT + PAUSE


@pytest.fixture(scope="module")
def clip(shared_dir: Path) -> np.ndarray:
    jfk = drive(decode_audio(shared_dir / "audio" / "jfk.flac"))
    room = (0.002 * np.random.default_rng(5).standard_normal(int(PAUSE * SR))).astype(np.float32)
    return np.concatenate([room, jfk[int(CUT * SR) : 4 * SR]])


def _timings(first: WordTiming) -> list[WordTiming]:
    my = MY_START
    heard = [(my, my + 0.25), (my + 0.25, my + 0.6), (my + 0.6, my + 1.3)]
    return [first, first, *(WordTiming(a, b, 0.9) for a, b in heard)]


def test_a_line_starts_where_its_unheard_first_words_are_spoken(clip: np.ndarray) -> None:
    transcript = parse_transcript("And so my fellow Americans,\n", "plain")
    result = assemble(transcript, _timings(UNPLACED), audio=clip, duration=len(clip) / SR)
    line = result.lines[0]
    assert line.status is LineStatus.ALIGNED
    assert abs(line.start - AND_START) < 0.06, (line.start, AND_START)
    first = line.words[0]  # the first heard word keeps its own time
    assert first.text == "my" and abs(first.start - MY_START) < 1e-6


def test_words_found_missing_do_not_move_the_start(clip: np.ndarray) -> None:
    transcript = parse_transcript("And so my fellow Americans,\n", "plain")
    result = assemble(transcript, _timings(MISSING), audio=clip, duration=len(clip) / SR)
    assert result.lines[0].start > MY_START - 0.25, result.lines[0].start
