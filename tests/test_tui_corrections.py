"""The player's correction state (:class:`tui.corrections.Corrections`) as a plain object, with
no app: loading saved edits, nudges and undo saved in a real cache store, a start outside the
neighbours refused with the allowed range, ``a`` only while its diff is shown, and ``r``
refusing to re-transcribe with the very model that made the alignment."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tui_fakes import canned, podsim_episode

from aligner.edits import EditLayer, TimingEdit, episode_key, load_edits, save_edits
from aligner.edits import retranscribe as retranscribe_module
from cache.store import Store
from tui.corrections import GET_BASE, Corrections
from tui.services import StoreEdits


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "cache")


def loaded(store: Store, model: str | None = "tiny.en") -> Corrections:
    corrections = Corrections(StoreEdits(store, retranscribe_model=model, device="cpu"))
    outcome = corrections.load(podsim_episode())
    assert outcome.shown is not None
    return corrections


def test_without_edit_services_nothing_is_offered() -> None:
    corrections = Corrections(None)
    assert not corrections.offered
    assert corrections.unavailable() == "corrections are not available here"
    episode = podsim_episode()
    outcome = corrections.load(episode)
    assert outcome.notice is None and outcome.shown is episode.alignment


def test_nudge_is_saved_and_undo_redo_move_through_it(store: Store) -> None:
    corrections = loaded(store)
    assert corrections.unavailable() is None
    computed = corrections.unedited
    outcome = corrections.nudge(4, 0.1, 0.0)
    assert outcome.shown.lines[4].start == pytest.approx(computed.lines[4].start + 0.1)
    assert corrections.shown is outcome.shown
    key = episode_key(podsim_episode().key, computed.transcript)
    assert load_edits(store, key).edits == (TimingEdit(4, 0.1, 0.0),)
    undone = corrections.undo()
    assert undone.shown.lines[4].start == computed.lines[4].start
    assert undone.notice.text.startswith("undid")
    assert corrections.undo().notice.text == "nothing to undo"
    assert corrections.redo().shown.lines[4].start == pytest.approx(computed.lines[4].start + 0.1)
    assert corrections.unedited is computed  # never changed


def test_saved_edits_come_back_and_unreadable_ones_turn_corrections_off(store: Store) -> None:
    episode = podsim_episode()
    key = episode_key(episode.key, episode.alignment.transcript)
    save_edits(store, key, EditLayer().push(TimingEdit(2, 0.0, 0.3)))
    corrections = Corrections(StoreEdits(store, retranscribe_model="tiny.en"))
    outcome = corrections.load(episode)
    assert outcome.notice.text == "applied 1 saved edit (u undoes)"
    assert outcome.shown.lines[2].end == pytest.approx(episode.alignment.lines[2].end + 0.3)

    store.write_json("edits", key.store_key, {"version": 99, "edits": []})
    corrections = Corrections(StoreEdits(store, retranscribe_model="tiny.en"))
    outcome = corrections.load(episode)
    assert outcome.notice.severity == "error" and "saved edits not applied" in outcome.notice.text
    assert outcome.shown is episode.alignment
    assert "corrections are off" in corrections.unavailable()


def test_a_start_outside_the_neighbours_is_refused_with_the_allowed_range(store: Store) -> None:
    corrections = loaded(store)
    lines = corrections.unedited.lines
    line = lines[20]
    early = corrections.set_start(20, line.start - 70.0)
    assert early.shown is None and early.notice.severity == "warning"
    lo, hi = lines[19].start, lines[21].start
    text = early.notice.text
    assert "line 21 can start only between" in text
    assert f"{int(lo // 60):02d}:{int(lo % 60):02d}" in text
    assert f"{int(hi // 60):02d}:{int(hi % 60):02d}" in text
    assert corrections.layer.edits == ()  # nothing recorded
    fine = corrections.set_start(20, line.start - 0.2)
    assert fine.shown.lines[20].start == pytest.approx(line.start - 0.2)


def test_accept_applies_only_while_its_diff_is_shown(store: Store) -> None:
    corrections = loaded(store)
    assert "nothing to accept" in corrections.accept().notice.text
    corrections.begin_retranscription(range(7, 8))
    assert "still re-transcribing" in corrections.accept().notice.text
    corrections.retranscribed(canned(corrections.shown, 7, 7))
    corrections.diff_hidden()  # the panel was closed (and the selection moved on)
    hidden = corrections.accept()
    assert hidden.shown is None and "not shown" in hidden.notice.text
    assert corrections.layer.edits == ()
    corrections.begin_retranscription(range(7, 8))
    corrections.retranscribed(canned(corrections.shown, 7, 7))
    accepted = corrections.accept()
    assert accepted.shown.lines[7].line.text == "heard 8 words"
    assert [al.line.text for al in accepted.shown.lines[6:9:2]] == [
        al.line.text for al in corrections.unedited.lines[6:9:2]
    ]
    assert "already accepted" in corrections.accept().notice.text


def test_r_with_the_aligning_model_and_nothing_better_says_how_to_get_one(
    store: Store, monkeypatch
) -> None:
    monkeypatch.setattr(retranscribe_module, "_BASE_PACKAGES", ("no_such_package_here",))
    corrections = loaded(store, model=None)  # the default: the best installed is tiny.en
    notice = corrections.no_better_model()
    assert notice is not None and notice.severity == "warning"
    assert "no better model than tiny.en is installed" in notice.text
    assert GET_BASE in notice.text and "--retranscribe-model" in notice.text
    assert loaded(store, model="tiny.en").no_better_model() is None  # chosen on purpose
    other = Corrections(StoreEdits(store))
    other.load(replace(podsim_episode(), model="base"))  # aligned with base: tiny.en is no
    assert other.no_better_model() is None  # better, but it is a different model
