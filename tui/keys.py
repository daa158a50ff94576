"""Every key binding of the player, in one place.

The player screen takes :data:`PLAYER_BINDINGS`; the help screen lists them (with :data:`HELP`);
the transcript has none of its own (so a binding cannot be shadowed by focus; only the chapters
list and the search bar, when focused, take their own arrows / enter / esc). The keys of the
corrections (re-transcription, timing edits, undo) are defined in :mod:`tui.edit_bindings` and
added here.

To add a key: add a :class:`~textual.binding.Binding` to :data:`PLAYER_BINDINGS` (or
``EDIT_BINDINGS``), its description to :data:`HELP` (a test checks every binding has one), an
``action_<name>`` method to the mixin of :mod:`tui.screens` it belongs to, the action's name to
:data:`NEEDS_EPISODE` if it needs the episode on screen, and a row to README's key table.
"""

from __future__ import annotations

from textual.binding import Binding

from tui.audio.tempo import MAX_SPEED, MIN_SPEED, SPEED_STEP
from tui.edit_bindings import EDIT_BINDINGS, EDIT_HELP

#: Seconds moved by left/right.
SEEK_STEP = 5.0
#: Volume change per +/-.
VOLUME_STEP = 0.1

PLAYER_BINDINGS: list[Binding] = [
    Binding("space", "toggle_play", "Play/Pause"),
    Binding("left", "seek(-1)", "-5s", show=False),
    Binding("right", "seek(1)", "+5s", show=False),
    Binding("up,k", "move(-1)", "Up", show=False),
    Binding("down,j", "move(1)", "Down", show=False),
    Binding("shift+up,K", "extend(-1)", "Extend up", show=False),
    Binding("shift+down,J", "extend(1)", "Extend down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("enter", "play_selected", "Play line"),
    Binding("left_square_bracket", "line(-1)", "Prev line", key_display="["),
    Binding("right_square_bracket", "line(1)", "Next line", key_display="]"),
    Binding("f", "follow", "Follow"),
    Binding("slash", "search", "Search", key_display="/"),
    Binding("n", "search_next(1)", "Next match", show=False),
    Binding("N", "search_next(-1)", "Prev match", show=False),
    Binding("c", "chapters", "Chapters"),
    Binding("plus,equals_sign", "volume(1)", "Vol+", key_display="+", show=False),
    Binding("minus", "volume(-1)", "Vol-", key_display="-", show=False),
    Binding("e", "export", "Export VTT"),
    Binding("E", "export('html')", "Export page", show=False),
    Binding("x", "clip", "Clip"),
    Binding("y", "quote", "Quote", show=False),
    Binding("left_parenthesis", "speed(-1)", "Slower", key_display="(", show=False),
    Binding("right_parenthesis", "speed(1)", "Faster", key_display=")", show=False),
    Binding("w", "toggle_words", "Words", show=False),
    Binding("g", "skip_extra", "Skip extra", show=False),
    Binding("G", "toggle_auto_skip", "Auto-skip", show=False),
    Binding("escape", "close_panel", "Close panel", show=False),
    Binding("question_mark", "help", "Help", key_display="?"),
    Binding("q", "quit_player", "Quit"),
    *EDIT_BINDINGS,
]

#: Actions hidden (and never run) until the episode is on screen (``PlayerScreen.check_action``).
NEEDS_EPISODE: frozenset[str] = frozenset(
    {
        "seek",
        "move",
        "extend",
        "page",
        "play_selected",
        "line",
        "follow",
        "search",
        "search_next",
        "chapters",
        "export",
        "clip",
        "quote",
        "skip_extra",
        "speed",
    }
)

#: What each action does, for the help screen (action name -> description).
HELP: dict[str, str] = {
    "toggle_play": "play / pause",
    "seek(-1)": f"back {SEEK_STEP:g} s",
    "seek(1)": f"forward {SEEK_STEP:g} s",
    "move(-1)": "select the previous line",
    "move(1)": "select the next line",
    "extend(-1)": "extend the selection up",
    "extend(1)": "extend the selection down",
    "page(-1)": "scroll up a page (stops following)",
    "page(1)": "scroll down a page (stops following)",
    "play_selected": "play from the selected line (or click a line)",
    "line(-1)": "go to the previous line (keeps playing or paused)",
    "line(1)": "go to the next line (keeps playing or paused)",
    "follow": "follow playback again",
    "search": "search the transcript",
    "search_next(1)": "next search match",
    "search_next(-1)": "previous search match",
    "chapters": "chapters panel (up/down choose, enter jumps there)",
    "volume(1)": "volume up",
    "volume(-1)": "volume down",
    "export": "export aligned WebVTT next to the source",
    "export('html')": "export the synced web page (HTML player) next to the source",
    "clip": "save the selected line(s) as an audio clip + text",
    "quote": "copy the selected line(s) with speaker, time and link to the clipboard",
    "speed(-1)": f"slower by {SPEED_STEP:g}× (down to {MIN_SPEED:g}×, pitch kept)",
    "speed(1)": f"faster by {SPEED_STEP:g}× (up to {MAX_SPEED:g}×, pitch kept)",
    "toggle_words": "word highlight on / off",
    "skip_extra": "skip the part not in the transcript being heard (intro, ad...)",
    "toggle_auto_skip": "skip every part not in the transcript as it comes (--skip-extra)",
    "close_panel": "close the side panel / search and clear the search's matches",
    "help": "this help",
    "quit_player": "quit (remembers the position)",
    **EDIT_HELP,
}
