"""The aligner on messy audio (real bundled model): podsim-mini with one turn cut out of the
audio and the read intro spliced in again as a mid-episode "ad" (it even mentions "papers with
code", a phrase of the transcript), aligned with a drifting SRT (x1.015 + 9 s) and with plain
text. The cut turn must be ``not_in_audio``, nothing may land on the ad, and the rest must meet
the accuracy bar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from aligner.alignment.align import align
from aligner.decoding.decode import SAMPLE_RATE, decode_audio
from aligner.formats import parse_transcript
from aligner.progress import drive
from aligner.result import Alignment, LineStatus
from aligner.transcript import Transcript
from aligner.transcription.models import load_whisper, resolve_model
from tests.align_truth import assert_thresholds, match_lines, score

pytestmark = pytest.mark.slow  # the model on minutes of messy audio

CUT_TURN = 2


class Messy:
    """The spliced audio and where the truth's sentences ended up in it."""

    def __init__(self, audio: np.ndarray, truth: dict[str, Any]) -> None:
        turns = truth["turns"]
        sr = SAMPLE_RATE
        self.cut0 = (turns[CUT_TURN - 1]["end"] + turns[CUT_TURN]["start"]) / 2
        self.cut1 = (turns[CUT_TURN]["end"] + turns[CUT_TURN + 1]["start"]) / 2
        self.insert = (turns[3]["end"] + turns[4]["start"]) / 2
        intro = next(r for r in truth["extra"] if r["what"] == "intro")
        ad = audio[int((intro["start"] - 0.2) * sr) : int((intro["end"] + 0.2) * sr)]
        pad = np.zeros(sr // 2, dtype=np.float32)
        self.audio = np.concatenate(
            [
                audio[: int(self.cut0 * sr)],
                audio[int(self.cut1 * sr) : int(self.insert * sr)],
                pad,
                ad,
                pad,
                audio[int(self.insert * sr) :],
            ]
        )
        self.removed = self.cut1 - self.cut0
        ad_start = self.insert - self.removed + 0.5
        self.ad = (ad_start, ad_start + len(ad) / sr)
        self.shift = len(ad) / sr + 1.0
        self.intro_end = intro["end"]
        self.sentences = truth["sentences"]

    def expected(self, s: dict[str, Any]) -> float | None:
        if s["turn"] == CUT_TURN:
            return None
        t = s["start"]
        if s["start"] > self.cut1:
            t -= self.removed
        if s["start"] > self.insert:
            t += self.shift
        return t


def srt_time(t: float) -> str:
    ms = round(t * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def drifting_srt(truth: dict[str, Any]) -> Transcript:
    """An SRT of the *uncut* episode whose clock runs 1.5 % fast and starts 9 s late."""
    cues = [
        f"{i}\n{srt_time(s['start'] * 1.015 + 9)} --> {srt_time(s['end'] * 1.015 + 9)}\n"
        f"{s['text']}\n"
        for i, s in enumerate(truth["sentences"], 1)
    ]
    return parse_transcript("\n".join(cues), "srt")


def plain_text(truth: dict[str, Any]) -> Transcript:
    paragraphs = [
        " ".join(s["text"] for s in truth["sentences"] if s["turn"] == t["index"])
        for t in truth["turns"]
    ]
    return parse_transcript("\n\n".join(paragraphs), "plain")


@pytest.fixture(scope="module")
def messy(shared_dir: Path) -> Messy:
    truth = json.loads((shared_dir / "examples" / "podsim-mini.truth.json").read_text())
    audio = drive(decode_audio(shared_dir / "audio" / "podsim-mini.opus"))
    return Messy(audio, truth)


@pytest.fixture(scope="module")
def whisper():
    return load_whisper(resolve_model(None), device="cpu")


def run(transcript: Transcript, messy: Messy, whisper) -> Alignment:
    spec = resolve_model(None)
    return drive(align(transcript, messy.audio, model=spec, whisper=whisper))


def check(alignment: Alignment, messy: Messy) -> None:
    matched = match_lines(alignment, messy.sentences)
    for s, al in zip(messy.sentences, matched):
        if s["turn"] == CUT_TURN:
            assert al is not None and al.status is LineStatus.NOT_IN_AUDIO, s["text"]
    for al in alignment.lines:
        if al.status is LineStatus.NOT_IN_AUDIO:
            continue
        assert al.start is not None
        assert al.start >= messy.intro_end, al.line.text
        assert not (messy.ad[0] - 0.2 <= al.start < messy.ad[1]), al.line.text
    assert any(r.start < messy.ad[1] and r.end > messy.ad[0] for r in alignment.extra_regions), (
        alignment.extra_regions
    )
    assert_thresholds(score(alignment, messy.sentences, messy.expected))


def test_drifting_srt_on_messy_audio(messy: Messy, whisper) -> None:
    transcript = drifting_srt({"sentences": messy.sentences})
    check(run(transcript, messy, whisper), messy)


def test_plain_text_on_messy_audio(messy: Messy, whisper, shared_dir: Path) -> None:
    truth = json.loads((shared_dir / "examples" / "podsim-mini.truth.json").read_text())
    check(run(plain_text(truth), messy, whisper), messy)
