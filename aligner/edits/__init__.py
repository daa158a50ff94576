"""The user's corrections, kept as a layer on top of a computed alignment.

The original transcript file and the computed (cached) alignment are never overwritten. What the
user fixes -- a line's text accepted from a re-transcription, a nudge of a line's start or end,
a line's start set to the playback position, a global offset for the whole episode -- is
recorded as an ordered list of small frozen edits in an :class:`EditLayer`, which replays them
over the alignment (:meth:`EditLayer.apply`) and keeps an undo/redo history. Layers are stored
in the cache per episode: (audio sha256, transcript hash), see :class:`EpisodeKey`.

This module is the public face; the parts live in their own modules:

- :mod:`aligner.edits.model` -- the edit kinds, reading them back, describing them;
- :mod:`aligner.edits.layer` -- :class:`EditLayer`, replaying edits over an alignment;
- :mod:`aligner.edits.placement` -- the :data:`Realign` hook and :func:`place_on_words`;
- :mod:`aligner.edits.store` -- episode keys and load/save/clear/list in the cache.
"""

from __future__ import annotations

from aligner.edits.layer import EditLayer
from aligner.edits.model import (
    Edit,
    GlobalOffset,
    SetStart,
    TextEdit,
    TimingEdit,
    describe,
    edit_from_dict,
)
from aligner.edits.placement import Realign, place_on_words
from aligner.edits.store import (
    FORMAT_VERSION,
    NAMESPACE,
    EpisodeKey,
    SavedEdits,
    apply_episode_edits,
    apply_saved_edits,
    clear_edits,
    episode_key,
    list_edits,
    load_edits,
    save_edits,
    transcript_hash,
)

__all__ = [
    "FORMAT_VERSION",
    "NAMESPACE",
    "Edit",
    "EditLayer",
    "EpisodeKey",
    "GlobalOffset",
    "Realign",
    "SavedEdits",
    "SetStart",
    "TextEdit",
    "TimingEdit",
    "apply_episode_edits",
    "apply_saved_edits",
    "clear_edits",
    "describe",
    "edit_from_dict",
    "episode_key",
    "list_edits",
    "load_edits",
    "place_on_words",
    "save_edits",
    "transcript_hash",
]
