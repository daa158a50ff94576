"""Saved edits reach the files: an alignment names its audio (``audio_sha256``, kept by podalign
JSON), ``podalign export`` of such a JSON applies the episode's saved edits (``--no-edits``
skips them), and an output with its edits applied is never edited twice. Pure: a hand-made
alignment, a temporary cache store, no audio or model."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from aligner.edits import (
    EditLayer,
    GlobalOffset,
    TimingEdit,
    apply_episode_edits,
    episode_key,
    save_edits,
)
from aligner.result import Alignment
from aligner.result_json import from_dict, loads, render, to_dict
from cache.store import Store
from podalign.cli import main

SHA = "ab" * 32


@pytest.fixture
def alignment(sample_alignment: Alignment) -> Alignment:
    return replace(sample_alignment, audio_sha256=SHA)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    root = tmp_path / "cache"
    monkeypatch.setenv("PODALIGN_CACHE", str(root))
    return Store(root)


def edit(store: Store, alignment: Alignment, *edits) -> None:
    layer = EditLayer()
    for e in edits:
        layer = layer.push(e)
    save_edits(store, episode_key(SHA, alignment.transcript), layer)


def cue_times(path: Path) -> list[tuple[str, str]]:
    return [tuple(r.split(" --> ")) for r in path.read_text().splitlines() if " --> " in r]


def test_podalign_json_keeps_the_audio_sha_and_omits_it_when_unknown(
    alignment: Alignment, sample_alignment: Alignment
) -> None:
    assert from_dict(to_dict(alignment)) == alignment
    assert loads(render(alignment)).audio_sha256 == SHA
    assert "audio_sha256" not in to_dict(sample_alignment)  # older outputs are unchanged
    assert from_dict(to_dict(sample_alignment)).audio_sha256 is None


def test_apply_episode_edits_applies_the_saved_layer_once(
    alignment: Alignment, store: Store
) -> None:
    same, n = apply_episode_edits(alignment, store)
    assert (same, n) == (alignment, 0)  # nothing saved yet
    edit(store, alignment, TimingEdit(0, 0.5, 0.0), GlobalOffset(1.0))
    edited, n = apply_episode_edits(alignment, store)
    assert n == 2
    assert edited.lines[0].start == pytest.approx(alignment.lines[0].start + 1.5)
    assert edited.lines[3].end == pytest.approx(alignment.lines[3].end + 1.0)
    assert edited.audio_sha256 is None  # written out, it cannot be edited a second time
    assert apply_episode_edits(edited, store) == (edited, 0)
    unnamed = replace(alignment, audio_sha256=None)
    assert apply_episode_edits(unnamed, store) == (unnamed, 0)


def test_export_applies_saved_edits_unless_no_edits(
    alignment: Alignment, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "aligned.json"
    src.write_text(render(alignment))
    plain = tmp_path / "plain.vtt"
    assert main(["export", str(src), "-o", str(plain)]) == 0
    assert cue_times(plain)[0] == ("00:00:01.200", "00:00:02.500")

    edit(store, alignment, TimingEdit(0, 0.5, 0.25), GlobalOffset(-0.2))
    out, again = tmp_path / "edited.vtt", tmp_path / "edited.json"
    assert main(["export", str(src), "-o", str(out), "-o", str(again)]) == 0
    assert "applied 2 saved edit(s)" in capsys.readouterr().err
    assert cue_times(out)[0] == ("00:00:01.500", "00:00:02.550")
    assert cue_times(out)[1][0] == "00:00:02.300"  # the offset moved every line

    skipped = tmp_path / "skipped.vtt"
    assert main(["export", str(src), "-o", str(skipped), "--no-edits"]) == 0
    assert skipped.read_text() == plain.read_text()

    # The edited JSON has no audio sha: exporting it gives the same, not edits applied twice.
    assert "audio_sha256" not in json.loads(again.read_text())
    twice = tmp_path / "twice.vtt"
    assert main(["export", str(again), "-o", str(twice)]) == 0
    assert "applied" not in capsys.readouterr().err
    assert twice.read_text() == out.read_text()


def test_the_player_episode_names_its_audio(alignment: Alignment) -> None:
    from tui.services import episode_from_result

    info = SimpleNamespace(title="T", duration=10.0, chapters=())
    media = SimpleNamespace(path="/x/a.opus", sha256="cd" * 32, source="a.opus", info=info)
    # The pipeline stamps the hash on its result (tests/test_pipeline.py); the episode keeps it.
    result = SimpleNamespace(media=media, alignment=replace(alignment, audio_sha256="cd" * 32))
    episode = episode_from_result(SimpleNamespace(source="a.opus"), result)
    assert episode.alignment.audio_sha256 == episode.key == "cd" * 32
