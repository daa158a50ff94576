"""The player's keys for re-transcription and corrections (issue 7).

:mod:`tui.keys` appends :data:`EDIT_BINDINGS` to ``PLAYER_BINDINGS`` and merges
:data:`EDIT_HELP` into ``HELP`` (so the help screen lists them); the player screen (its
:mod:`tui.screens.player_corrections` mixin) implements one ``action_<name>`` method per entry
of :data:`EDIT_ACTIONS`:

=================================  ==========================================================
``action_retranscribe()``           ``r``: re-transcribe the selected line(s) in a worker
                                    (:func:`aligner.edits.retranscribe.retranscribe_lines`) and show
                                    the word diff in :class:`tui.diff_panel.DiffPanel`
``action_accept_retranscription()`` ``a``: accept the shown re-transcription as the line's
                                    text (:meth:`aligner.edits.EditLayer.accept_text`), which
                                    re-aligns the line's timing
``action_nudge_start(seconds)``     ``<`` / ``>``: move the selected line's start by -/+0.1 s
                                    (:class:`aligner.edits.TimingEdit`)
``action_nudge_end(seconds)``       ``,`` / ``.`` (the same keys without shift): move its end
``action_set_start_here()``         ``s``: set its start to the playback position
                                    (:class:`aligner.edits.SetStart`)
``action_global_offset(seconds)``   ``{`` / ``}``: shift the whole episode by -/+0.1 s
                                    (:class:`aligner.edits.GlobalOffset`)
``action_undo_edit()``              ``u`` or ``ctrl+z``: undo the last edit
``action_redo_edit()``              ``ctrl+y``: redo it
=================================  ==========================================================

After each edit the screen saves the layer (:func:`aligner.edits.save_edits`) so it survives
quitting, and re-renders with ``layer.apply(alignment)``. None of these keys is taken by the
player's own bindings (a test checks it).
"""

from __future__ import annotations

from textual.binding import Binding

#: Seconds a nudge moves a line's start or end.
NUDGE_STEP = 0.1
#: Seconds one press of the global offset keys shifts the whole episode.
OFFSET_STEP = 0.1

#: The action methods (without ``action_``) the player must implement for these bindings.
EDIT_ACTIONS: tuple[str, ...] = (
    "retranscribe",
    "accept_retranscription",
    "nudge_start",
    "nudge_end",
    "set_start_here",
    "global_offset",
    "undo_edit",
    "redo_edit",
)

EDIT_BINDINGS: list[Binding] = [
    Binding("r", "retranscribe", "Re-transcribe"),
    Binding("a", "accept_retranscription", "Accept text"),
    Binding("less_than_sign", f"nudge_start({-NUDGE_STEP})", "Start -", key_display="<"),
    Binding("greater_than_sign", f"nudge_start({NUDGE_STEP})", "Start +", key_display=">"),
    Binding("comma", f"nudge_end({-NUDGE_STEP})", "End -", key_display=",", show=False),
    Binding("full_stop", f"nudge_end({NUDGE_STEP})", "End +", key_display=".", show=False),
    Binding("s", "set_start_here", "Start = now"),
    Binding(
        "left_curly_bracket",
        f"global_offset({-OFFSET_STEP})",
        "Offset -",
        key_display="{",
        show=False,
    ),
    Binding(
        "right_curly_bracket",
        f"global_offset({OFFSET_STEP})",
        "Offset +",
        key_display="}",
        show=False,
    ),
    Binding("u,ctrl+z", "undo_edit", "Undo", key_display="u"),
    Binding("ctrl+y", "redo_edit", "Redo", show=False),
]

#: What each bound action does, for the help screen (action string -> description).
EDIT_HELP: dict[str, str] = {
    "retranscribe": "re-transcribe the selected line(s) with a better model; show the diff",
    "accept_retranscription": "accept the re-transcribed text for the line (re-aligns it)",
    f"nudge_start({-NUDGE_STEP})": f"selected line starts {NUDGE_STEP:g} s earlier",
    f"nudge_start({NUDGE_STEP})": f"selected line starts {NUDGE_STEP:g} s later",
    f"nudge_end({-NUDGE_STEP})": f"selected line ends {NUDGE_STEP:g} s earlier",
    f"nudge_end({NUDGE_STEP})": f"selected line ends {NUDGE_STEP:g} s later",
    "set_start_here": "selected line starts at the playback position",
    f"global_offset({-OFFSET_STEP})": f"whole episode {OFFSET_STEP:g} s earlier",
    f"global_offset({OFFSET_STEP})": f"whole episode {OFFSET_STEP:g} s later",
    "undo_edit": "undo the last correction (also ctrl+z)",
    "redo_edit": "redo the last undone correction",
}

__all__ = ["EDIT_ACTIONS", "EDIT_BINDINGS", "EDIT_HELP", "NUDGE_STEP", "OFFSET_STEP"]
