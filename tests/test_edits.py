"""The edit layer: nudges, set-start, accepted text and the global offset replay over an
alignment without changing it, undo/redo, and survive a save/load through the cache into an
exported VTT."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from aligner.edits import (
    EditLayer,
    GlobalOffset,
    SetStart,
    TextEdit,
    TimingEdit,
    apply_saved_edits,
    clear_edits,
    episode_key,
    list_edits,
    load_edits,
    place_on_words,
    save_edits,
)
from aligner.errors import CacheError, EditError
from aligner.export import render
from aligner.result import AlignedLine, Alignment, LineStatus, Word
from aligner.transcript import Line, Transcript, Turn
from cache.store import Store

AUDIO_SHA = "a" * 64


def make_alignment() -> Alignment:
    texts = ["Today, we're here with Ross.", "Thanks for having me.", "So welcome to the show!"]
    turns = (
        Turn(0, "Nathan", 67.0, (texts[0],)),
        Turn(1, "Ross", 101.0, (texts[1],)),
        Turn(2, "Nathan", 104.0, (texts[2],)),
    )
    lines = tuple(Line(i, i, turns[i].speaker, t) for i, t in enumerate(texts))
    transcript = Transcript(turns=turns, lines=lines, format="markdown", title="Episode")
    spans = [(10.0, 12.0), (12.5, 14.0), (15.0, 17.5)]
    aligned = tuple(
        AlignedLine(
            line=line,
            start=s,
            end=e,
            status=LineStatus.ALIGNED,
            confidence=0.8,
            words=(Word("w", s, s + 0.3), Word("x", e - 0.3, e)),
        )
        for line, (s, e) in zip(lines, spans)
    )
    return Alignment(transcript=transcript, lines=aligned, source="ep.opus", duration=60.0)


def times(al: Alignment) -> list[tuple[float | None, float | None]]:
    return [(line.start, line.end) for line in al.lines]


def test_nudges_and_undo_redo() -> None:
    base = make_alignment()
    layer = EditLayer().push(TimingEdit(1, start_delta=-0.1)).push(TimingEdit(1, end_delta=0.2))
    out = layer.apply(base)
    assert times(out)[1] == (12.4, 14.2)
    assert out.lines[0] is base.lines[0] and out.lines[2] is base.lines[2]  # untouched
    assert times(base)[1] == (12.5, 14.0)  # the computed alignment is untouched

    undone = layer.undo()
    assert times(undone.apply(base))[1] == (12.4, 14.0)
    assert undone.undo().apply(base) == base  # back to the original state
    assert undone.undo().undo() == undone.undo()  # nothing left to undo: no-op
    assert undone.can_redo and undone.redo() == layer
    # A new edit after an undo drops the redo history.
    branched = undone.push(TimingEdit(0, start_delta=0.1))
    assert not branched.can_redo and times(branched.apply(base))[0] == (10.1, 12.0)


def test_nudge_past_the_end_keeps_the_line_non_empty_and_reverts_exactly() -> None:
    base = make_alignment()
    layer = EditLayer()
    for _ in range(20):  # start +2.0 s: past the end (14.0)
        layer = layer.push(TimingEdit(1, start_delta=0.1))
    line = layer.apply(base).lines[1]
    assert line.start == 14.5 and line.end == 14.5
    for _ in range(20):
        layer = layer.push(TimingEdit(1, start_delta=-0.1))
    assert times(layer.apply(base))[1] == (12.5, 14.0)  # no float drift, no lost end


def test_set_start_and_global_offset() -> None:
    base = make_alignment()
    layer = EditLayer().push(SetStart(2, 14.8)).push(GlobalOffset(0.5)).push(GlobalOffset(-0.2))
    out = layer.apply(base)
    assert layer.global_offset == pytest.approx(0.3)
    assert times(out) == [(10.3, 12.3), (12.8, 14.3), (15.1, 17.8)]
    assert out.lines[0].words[0] == Word("w", 10.3, 10.6)  # words move with the offset
    assert out.lines[2].status is LineStatus.ALIGNED and out.lines[2].confidence == 1.0
    assert layer.edited_lines == {2}
    # A start set past the line's end keeps the line's length.
    moved = EditLayer().push(SetStart(0, 13.0)).apply(base)
    assert times(moved)[0] == (13.0, 15.0)


def test_accepted_text_is_realigned_once_and_replayed_without_the_hook() -> None:
    base = make_alignment()
    heard = (Word("Thanks,", 12.7, 13.0, 0.9), Word("thanks", 13.0, 13.3, 0.7))
    calls: list[AlignedLine] = []

    def realign(line: AlignedLine) -> AlignedLine:
        calls.append(line)
        return place_on_words(heard)(line)

    layer = EditLayer().accept_text(base, 1, "  Thanks,  thanks ", realign)
    assert len(calls) == 1 and calls[0].line.text == "Thanks, thanks"
    edit = layer.edits[0]
    assert isinstance(edit, TextEdit) and (edit.start, edit.end) == (12.7, 13.3)
    out = layer.apply(base)  # no hook needed to replay
    assert len(calls) == 1
    assert out.lines[1].line.text == "Thanks, thanks"
    assert out.transcript.lines[1].text == "Thanks, thanks"
    assert out.transcript.turns == base.transcript.turns  # the published text is kept
    assert (out.lines[1].start, out.lines[1].end, out.lines[1].words) == (12.7, 13.3, heard)
    assert out.lines[1].confidence == pytest.approx(0.8)
    assert base.lines[1].line.text == "Thanks for having me."
    # Undo restores the published text and the computed timing.
    assert layer.undo().apply(base) == base


def test_text_without_realignment_keeps_timing_and_drops_stale_word_times() -> None:
    base = make_alignment()
    out = EditLayer().push(TextEdit(0, "Today we are here.")).apply(base)
    assert out.lines[0].line.text == "Today we are here."
    assert times(out)[0] == times(base)[0] and out.lines[0].words == ()


def test_bad_edits_raise_domain_errors() -> None:
    base = make_alignment()
    with pytest.raises(EditError, match="line 8"):
        EditLayer().push(TimingEdit(7, 0.1)).apply(base)
    with pytest.raises(EditError, match="empty"):
        EditLayer().accept_text(base, 0, "   ")


@pytest.mark.slow  # spawns a subprocess
def test_edits_survive_save_load_and_appear_in_exported_vtt(tmp_path: Path, w3c_vtt) -> None:
    base = make_alignment()
    key = episode_key(AUDIO_SHA, base.transcript)
    layer = (
        EditLayer()
        .push(TimingEdit(0, start_delta=0.3))
        .accept_text(base, 1, "Thanks so much.", place_on_words([Word("Thanks", 12.6, 13.9)]))
        .push(GlobalOffset(1.0))
        .push(TimingEdit(2, end_delta=-0.5))
        .push(TimingEdit(2, end_delta=-0.5))
        .undo()  # the redo stack is persisted too
    )
    store = Store(tmp_path / "cache")
    save_edits(store, key, layer, source="ep.opus", title="Episode")

    reopened = Store(tmp_path / "cache")  # as a new process would
    loaded = load_edits(reopened, key)
    assert loaded == layer and loaded.can_redo
    edited = apply_saved_edits(base, reopened, key)
    assert times(edited) == [(11.3, 13.0), (13.6, 14.9), (16.0, 18.0)]

    vtt = render(edited, "vtt")
    assert "00:00:11.300 --> 00:00:13.000" in vtt
    assert "00:00:13.600 --> 00:00:14.900" in vtt and "Thanks so much." in vtt
    assert "Thanks for having me." not in vtt
    assert "00:00:16.000 --> 00:00:18.000" in vtt
    (tmp_path / "edited.vtt").write_text(vtt, encoding="utf-8")
    [report] = w3c_vtt(tmp_path / "edited.vtt")
    assert report["errors"] == 0, report["messages"]
    # Without saved edits the export is the computed alignment.
    other = episode_key("b" * 64, base.transcript)
    assert render(apply_saved_edits(base, reopened, other), "vtt") == render(base, "vtt")


def test_list_and_clear(tmp_path: Path) -> None:
    store = Store(tmp_path)
    base = make_alignment()
    k1 = episode_key(AUDIO_SHA, base.transcript)
    k2 = episode_key("c" * 64, base.transcript)
    save_edits(store, k1, EditLayer().push(GlobalOffset(0.2)), source="one.opus")
    save_edits(store, k2, EditLayer().push(SetStart(0, 1.0)), title="Two")
    listed = {s.episode: s for s in list_edits(store)}
    assert set(listed) == {k1, k2}
    assert listed[k1].source == "one.opus" and listed[k2].title == "Two"
    assert len(listed[k2].layer.edits) == 1

    assert clear_edits(store, k1) is True
    assert clear_edits(store, k1) is False
    assert [s.episode for s in list_edits(store)] == [k2]
    assert load_edits(store, k1) == EditLayer()
    # Saving a layer with nothing to undo or redo removes the entry.
    save_edits(store, k2, EditLayer())
    assert list_edits(store) == []


def test_edits_are_keyed_by_the_lines_they_refer_to() -> None:
    base = make_alignment()
    same = replace(base.transcript, title="Other title", source_text="# page")
    assert episode_key(AUDIO_SHA, same) == episode_key(AUDIO_SHA, base.transcript)
    changed_line = replace(base.transcript.lines[0], text="Today we're here with Ross.")
    changed = replace(base.transcript, lines=(changed_line, *base.transcript.lines[1:]))
    assert episode_key(AUDIO_SHA, changed) != episode_key(AUDIO_SHA, base.transcript)


def test_unreadable_stored_edits_are_refused_not_dropped(tmp_path: Path) -> None:
    store = Store(tmp_path)
    key = episode_key(AUDIO_SHA, make_alignment().transcript)
    save_edits(store, key, EditLayer().push(GlobalOffset(0.2)))
    data = store.read_json("edits", key.store_key)
    assert data is not None
    store.write_json("edits", key.store_key, data | {"version": 99})
    with pytest.raises(CacheError, match="version 99"):
        load_edits(store, key)
    store.write_json("edits", key.store_key, data | {"edits": [{"kind": "teleport"}]})
    with pytest.raises(CacheError, match="teleport"):
        load_edits(store, key)


def test_lines_without_times_and_not_in_audio(sample_alignment: Alignment) -> None:
    base = sample_alignment
    layer = EditLayer().push(TimingEdit(5, 0.5, 0.5)).push(GlobalOffset(0.25))
    out = layer.apply(base)
    assert times(out)[5] == (None, None)  # nothing to nudge: it stays untimed
    assert times(out)[0] == (1.45, 2.75)
    # Setting the start of an untimed or not-in-audio line places it on the audio.
    placed = EditLayer().push(SetStart(5, 8.0)).push(SetStart(2, 3.5)).apply(base)
    assert times(placed)[5] == (8.0, 8.0)
    assert placed.lines[2].status is LineStatus.ALIGNED and times(placed)[2] == (3.5, 3.9)
    assert base.lines[2].status is LineStatus.NOT_IN_AUDIO
