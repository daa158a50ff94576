"""Corrections in the player (issue 7): ``r`` re-transcribes a line of podsim-mini with the real
tiny.en model and the side panel shows the diff of *that* transcription; ``a`` accepts it; the
timing keys, the global offset and undo/redo change the shown alignment; every edit is saved in
the cache store, so it survives quitting and reopening the player, and the player's ``e`` export
writes it. The computed alignment is never changed.

The episode is podsim-mini's sentences at their true times (:mod:`tui_fakes`); the services are
the fake pipeline plus the real :class:`tui.services.StoreEdits` over a temporary store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_fakes import (
    episode_ready as ready,
)
from tui_fakes import (
    podsim_episode,
)

from aligner.edits import GlobalOffset, TextEdit, TimingEdit, episode_key, load_edits
from aligner.edits.worddiff import DiffKind, tokenize
from cache.store import Store
from tests.tui_edits_support import (
    LINE,
    SIZE,
    EditingServices,
    copied_episode,
    cue_spans,
    episode_at,
    lines,
    make_app,
    select,
    vtt_cues,
)
from tui.diff_panel import DiffPanel


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return copied_episode(tmp_path)


async def test_r_shows_the_real_transcription_a_accepts_it_and_it_survives_reopening(
    tmp_path: Path, source: Path
) -> None:
    from aligner.decoding.decode import decode_audio
    from aligner.edits.retranscribe import retranscribe_span
    from aligner.progress import drive
    from aligner.transcription.models import resolve_model

    store = Store(tmp_path / "cache")
    episode = episode_at(source)
    computed = episode.alignment
    line = computed.lines[LINE]
    services = EditingServices(episode, store)
    app, _ = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await select(pilot, screen, LINE)
        await pilot.press("r")
        panel = screen.query_one(DiffPanel)
        assert screen.query_one("#side").has_class("-open") and panel.display
        for _ in range(1500):  # decode 200 s of audio + tiny.en on ~9 s: a few seconds
            if panel.view is not None or panel.error is not None:
                break
            await pilot.pause(0.02)
        assert panel.error is None, panel.error
        assert panel.view is not None, "the re-transcription never arrived"
        result = screen.corrections.result
        assert result is not None and result.line_indexes == (LINE,)
        assert screen.transcript.is_line_visible(LINE)  # the panel took room; the line stays

        # What the panel shows is what the model hears in that span: transcribe it again,
        # independently of the player, and compare word for word.
        audio = drive(decode_audio(source))
        heard = retranscribe_span(
            audio, line.start, line.end, model=resolve_model("tiny.en"), device="cpu"
        )
        words = [w.text for w in heard.words]
        assert len(words) >= 15
        assert [w.text for w in panel.view.heard_words] == words
        assert [w for op in panel.view.ops for w in op.heard] == words
        # The published side of the diff is the line's text; the model hears this line
        # (mostly the same words), and where it differs the panel marks it.
        assert [w for op in panel.view.ops for w in op.published] == list(tokenize(line.line.text))
        equal = sum(len(op.published) for op in panel.view.ops if op.kind is DiffKind.EQUAL)
        assert equal >= 0.6 * len(tokenize(line.line.text))
        rendered = panel.render().plain
        assert rendered.startswith(f"Line {LINE + 1} · 01:25.68–01:33.03 · tiny.en")
        assert "Heard: " + panel.view.heard_text in rendered
        assert panel.diff_text().plain.split()[:3] == panel.view.heard_text.split()[:3]

        # a: the heard text replaces the line's, timed on the heard words.
        await pilot.press("a")
        await pilot.pause()
        shown = screen.episode.alignment.lines[LINE]
        assert shown.line.text == result.text_for_line(LINE) == " ".join(words)
        assert shown.line.text != line.line.text
        assert shown.start == pytest.approx(heard.words[0].start, abs=1e-3)
        assert shown.end == pytest.approx(heard.words[-1].end, abs=1e-3)
        assert [w.text for w in shown.words] == words
        assert screen.corrections.unedited is computed  # the computed alignment is untouched
        assert computed.lines[LINE] == line
        await pilot.press("q")

    # Saved in the store (by episode), and shown again when the player is reopened.
    saved = load_edits(store, episode_key(episode.key, computed.transcript))
    assert [type(e) for e in saved.edits] == [TextEdit]
    app, _ = make_app(EditingServices(episode_at(source), store))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        again = screen.episode.alignment.lines[LINE]
        assert (again.line.text, again.start, again.end) == (
            shown.line.text,
            shown.start,
            shown.end,
        )
        await pilot.press("e")
        await pilot.pause()
    cues = vtt_cues(source.with_suffix(".vtt"))
    assert cue_spans(cues, shown.line.text) == [(shown.start, shown.end)]
    assert not cue_spans(cues, line.line.text)


# --------------------------------------------------------------------------------------------
# Timing edits, offset, undo/redo, persistence (no model)
# --------------------------------------------------------------------------------------------


async def test_timing_edits_and_offset_survive_reopening_and_reach_the_exported_vtt(
    tmp_path: Path, source: Path
) -> None:
    store = Store(tmp_path / "cache")
    computed = episode_at(source).alignment
    a, b = computed.lines[10], computed.lines[20]
    app, clock = make_app(EditingServices(episode_at(source), store))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await select(pilot, screen, 10)
        await pilot.press("greater_than_sign", "greater_than_sign", "less_than_sign")  # +0.1
        await pilot.press("full_stop", "full_stop")  # end +0.2
        await pilot.pause()
        got = screen.episode.alignment.lines[10]
        assert got.start == pytest.approx(a.start + 0.1, abs=1e-6)
        assert got.end == pytest.approx(a.end + 0.2, abs=1e-6)
        await select(pilot, screen, 20)
        clock.set(115.5)
        await pilot.press("s")  # line 21 starts where playback is
        await pilot.pause()
        assert screen.episode.alignment.lines[20].start == 115.5
        assert screen.episode.alignment.lines[20].end == b.end
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_curly_bracket")
        await pilot.press("left_curly_bracket")  # net +0.2 s for the whole episode
        await pilot.pause()
        shown = screen.episode.alignment
        assert screen.corrections.layer.global_offset == pytest.approx(0.2)
        assert shown.lines[0].start == pytest.approx(computed.lines[0].start + 0.2, abs=1e-6)
        assert shown.lines[10].start == pytest.approx(a.start + 0.3, abs=1e-6)
        assert shown.lines[20].start == pytest.approx(115.7, abs=1e-6)
        # The highlight follows the edited times: just after line 11's old start it is not lit.
        clock.set(a.start + 0.25)
        screen.sync_to_clock()
        assert screen.transcript.current != 10
        clock.set(a.start + 0.35)
        screen.sync_to_clock()
        assert screen.transcript.current == 10
        await pilot.press("q")
    edited = lines(shown)
    assert lines(screen.corrections.unedited) == lines(
        computed
    )  # the computed alignment is untouched

    app, _ = make_app(EditingServices(episode_at(source), store))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        assert lines(screen.episode.alignment) == edited  # all of it came back
        await pilot.press("e")
        await pilot.pause()
    cues = vtt_cues(source.with_suffix(".vtt"))
    (a_span,) = cue_spans(cues, a.line.text)
    (b_span,) = cue_spans(cues, b.line.text)
    (first_span,) = cue_spans(cues, computed.lines[0].line.text)
    assert a_span == pytest.approx((a.start + 0.3, a.end + 0.4), abs=1e-3)
    assert b_span == pytest.approx((115.7, b.end + 0.2), abs=1e-3)
    first = computed.lines[0]
    assert first_span == pytest.approx((first.start + 0.2, first.end + 0.2), abs=1e-3)


async def test_undo_restores_the_previous_state_and_redo_reapplies_it(
    tmp_path: Path, source: Path
) -> None:
    store = Store(tmp_path / "cache")
    computed = episode_at(source).alignment
    app, _ = make_app(EditingServices(episode_at(source), store))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await select(pilot, screen, 5)
        states = [lines(screen.episode.alignment)]
        for key in ("greater_than_sign", "comma", "right_curly_bracket"):
            await pilot.press(key)
            await pilot.pause()
            states.append(lines(screen.episode.alignment))
        assert len({tuple(s) for s in states}) == 4  # every edit changed what is shown
        await pilot.press("u")
        await pilot.pause()
        assert lines(screen.episode.alignment) == states[2]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert lines(screen.episode.alignment) == states[1]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert lines(screen.episode.alignment) == states[2]
        await pilot.press("u", "u")
        await pilot.pause()
        assert lines(screen.episode.alignment) == states[0] == lines(computed)
        await pilot.press("u")  # nothing left: a notice, no change
        await pilot.pause()
        assert lines(screen.episode.alignment) == states[0]
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("q")
    # The undo history is saved too: reopening shows the state after the redo, and redo
    # still has the two undone edits.
    saved = load_edits(store, episode_key(podsim_episode().key, computed.transcript))
    assert saved.edits == (TimingEdit(5, 0.1, 0.0),)
    assert saved.undone == (GlobalOffset(0.1), TimingEdit(5, 0.0, -0.1))
    app, _ = make_app(EditingServices(episode_at(source), store))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        assert lines(screen.episode.alignment) == states[1]
        await pilot.press("ctrl+y", "ctrl+y")
        await pilot.pause()
        assert lines(screen.episode.alignment) == states[3]
