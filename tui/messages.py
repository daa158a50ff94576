"""Messages the worker threads (pipeline, re-transcription) post to the player screen."""

from __future__ import annotations

from textual.message import Message

from aligner.edits.retranscribe import LineRetranscription
from aligner.progress import Progress
from tui.services import Episode


class PipelineProgress(Message):
    def __init__(self, event: Progress) -> None:
        super().__init__()
        self.event = event


class EpisodeReady(Message):
    def __init__(self, episode: Episode) -> None:
        super().__init__()
        self.episode = episode


class PipelineFailed(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class RetranscriptionReady(Message):
    """A re-transcription of lines (the ``r`` key) finished in its worker."""

    def __init__(self, result: LineRetranscription) -> None:
        super().__init__()
        self.result = result


class RetranscriptionFailed(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
