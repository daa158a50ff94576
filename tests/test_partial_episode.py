"""A recording of part of an episode aligns with the episode's full page; a transcript of other
audio is still refused; text that is not in the audio is ``not_in_audio``, never squeezed; and
chapters move with the lines they point at (real audio, real bundled model)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aligner.alignment.align import mark_unspoken
from aligner.alignment.assemble import WordTiming
from aligner.errors import AlignmentError, OutputError
from aligner.export import render
from aligner.pipeline import PipelineRequest, PipelineResult, run_pipeline
from aligner.progress import drive
from aligner.result import LineStatus
from aligner.result_json import from_dict, to_dict
from cache.store import Store
from podalign.cli import build_parser


@pytest.fixture(scope="module")
def cut(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> PipelineResult:
    """podsim-mini.opus is the first 200 s of the episode whose 62-min page is the seed page."""
    request = PipelineRequest(
        source=str(shared_dir / "audio" / "podsim-mini.opus"),
        transcript=str(shared_dir / "examples" / "interconnects-ross-taylor.md"),
    )
    return drive(run_pipeline(request, Store(tmp_path_factory.mktemp("cache"))))


def test_a_cut_of_the_episode_aligns_and_the_rest_is_not_in_the_audio(
    cut: PipelineResult,
) -> None:
    lines = cut.alignment.lines
    assert len(lines) == 844
    aligned = [i for i, al in enumerate(lines) if al.status is LineStatus.ALIGNED]
    assert len(aligned) >= 40
    assert aligned[0] == 0 and aligned[-1] < 60  # one stretch at the start of the page
    assert cut.alignment.aligned_share < 0.1  # what used to be refused as "another episode"
    rest = lines[aligned[-1] + 1 :]
    assert len(rest) > 750
    assert all(al.status is LineStatus.NOT_IN_AUDIO for al in rest)
    assert not [al for al in lines if al.status is LineStatus.INTERPOLATED and al.start is None]
    text = render(cut.alignment, "vtt")
    assert "Have a good one!" not in text  # the episode's last words are not in this cut
    assert "Today, we're here with Ross." in text


def test_chapters_move_with_the_lines_they_point_at(cut: PipelineResult) -> None:
    al = cut.alignment
    published = {c.title: c.start for c in al.transcript.chapters}
    moved = {c.title: c.start for c in al.chapters}
    # 00:00 stays in front of the first turn; "Papers with Code" (published 02:12) moves to
    # the aligned start of the turn published at 02:12; chapters past the cut are left out.
    assert list(moved) == ["Introduction of Ross Taylor and his background", "Papers with Code"]
    assert moved["Introduction of Ross Taylor and his background"] == 0.0
    turn = next(x for x in al.lines if x.line.published_start == published["Papers with Code"])
    assert turn.status is LineStatus.ALIGNED
    assert moved["Papers with Code"] == pytest.approx(turn.start, abs=0.001)
    assert moved["Papers with Code"] < published["Papers with Code"] - 20
    # every export writes the moved chapters; podalign JSON keeps the published ones too
    d = to_dict(al)
    assert [c["start"] for c in d["chapters"]] == [0.0, moved["Papers with Code"]]
    back = from_dict(d)
    assert back.transcript.chapters == al.transcript.chapters
    assert back.chapters == al.chapters


def test_another_episode_is_still_refused(shared_dir: Path, tmp_path: Path) -> None:
    request = PipelineRequest(
        source=str(shared_dir / "audio" / "jfk.flac"),
        transcript=str(shared_dir / "examples" / "podsim-mini.md"),
    )
    store = Store(tmp_path)
    with pytest.raises(AlignmentError, match=r"matches little of the audio \(only \d+%.*--force"):
        drive(run_pipeline(request, store))
    # With --force the transcript text, none of it in these 11 s, is not_in_audio: it is not
    # squeezed into the last second as hundreds of 1 ms "interpolated" cues.
    forced = drive(run_pipeline(dataclasses.replace(request, force=True), store))
    assert forced.alignment.lines
    assert all(al.status is LineStatus.NOT_IN_AUDIO for al in forced.alignment.lines)
    with pytest.raises(OutputError, match="none of the transcript's lines is in the audio"):
        render(forced.alignment, "vtt")


def test_unplaced_text_the_audio_cannot_hold_is_not_in_audio() -> None:
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    words += ["eleven", "twelve"]
    line_of = [0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4]
    timings = [WordTiming() for _ in words]
    for i, t in ((0, 1.0), (1, 1.4), (6, 1.9), (7, 2.3), (8, 9.0), (9, 9.4)):
        timings[i] = WordTiming(t, t + 0.3, 0.9)
    # line 1 (4 words) has 0.5 s between placed words around it: not in the audio.
    # line 4 comes after the last placed word: the audio ended first.
    mark_unspoken(timings, words, line_of)
    assert [t.missing for t in timings] == [False] * 2 + [True] * 4 + [False] * 4 + [True] * 2
    # the same words with room to say them stay unplaced (interpolated), not missing
    timings = [WordTiming() for _ in words]
    for i, t in ((0, 1.0), (1, 1.4), (6, 5.0), (7, 5.4), (10, 9.0), (11, 9.4)):
        timings[i] = WordTiming(t, t + 0.3, 0.9)
    mark_unspoken(timings, words, line_of)
    assert not any(t.missing for t in timings)


def test_the_force_hint_names_an_option_of_play_too() -> None:
    args = build_parser().parse_args(["play", "episode.opus", "--force"])
    assert args.force is True
