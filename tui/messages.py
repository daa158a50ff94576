"""Messages the worker threads (pipeline, re-transcription) post to the player screen.

Dataclass messages, as Textual's own widgets write them (``Message.__post_init__`` does what
``Message.__init__`` would).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from aligner.edits.retranscribe import LineRetranscription
from aligner.progress import Progress
from aligner.sources.feeds import Feed
from tui.services import Episode


@dataclass
class PipelineProgress(Message):
    """One progress event of the pipeline."""

    event: Progress


@dataclass
class FeedListed(Message):
    """The source is a podcast feed and no episode was named: the user picks one."""

    feed: Feed


@dataclass
class EpisodeReady(Message):
    """The pipeline finished: the episode to play."""

    episode: Episode


@dataclass
class PipelineFailed(Message):
    """The pipeline stopped with a (domain) error, shown as one line."""

    error: Exception


@dataclass
class RetranscriptionReady(Message):
    """A re-transcription of lines (the ``r`` key) finished in its worker."""

    result: LineRetranscription


@dataclass
class RetranscriptionFailed(Message):
    """A re-transcription failed; the panel shows why."""

    error: Exception
