"""Messages the pipeline worker thread posts to the player screen."""

from __future__ import annotations

from textual.message import Message

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
