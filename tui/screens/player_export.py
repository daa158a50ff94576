"""Writing files from the player screen: the aligned WebVTT (``e``), the synced web page (``E``)
and quote clips (``x``).

Kept apart because it is the only part of the screen that writes to disk; output goes next to
a local source file, else into the working directory. Clips are cut in a thread worker.
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from aligner.errors import PodalignError
from aligner.result import AlignedLine
from tui.corrections import Notice
from tui.screens.player_parts import PlayerParts


class ExportActions(PlayerParts):
    """Export the shown (edited) alignment; save the selected lines as a clip."""

    def _output_dir(self) -> Path:
        if self.episode is not None:
            source = Path(self.episode.source).expanduser()
            if source.is_file():
                return source.parent
        return Path.cwd()

    def _output_stem(self) -> str:
        assert self.episode is not None
        source = Path(self.episode.source).expanduser()
        return source.stem if source.is_file() else self.episode.audio_path.stem

    def action_export(self, extension: str = "vtt") -> None:
        """Write the shown alignment as ``extension`` (``vtt``, or ``html``: the page plays the
        source, by a path relative to the page when it is a local file)."""
        assert self.episode is not None  # check_action: only once the episode is on screen
        from aligner.export import RenderOptions, write_outputs

        path = self._output_dir() / f"{self._output_stem()}.{extension}"
        options = RenderOptions(audio_source=self.episode.source)
        try:
            written = write_outputs(self.episode.alignment, [path], options=options)
        except PodalignError as exc:
            self.say(Notice(str(exc), "error"))
            return
        self.say(Notice(f"wrote {', '.join(str(p) for p in written)}"))

    def action_clip(self) -> None:
        if self.episode is None or self.transcript.selected is None:
            return
        lines = [self.episode.alignment.lines[i] for i in self.transcript.selected_range()]
        self._export_clip(lines)

    @work(thread=True, group="clip", exit_on_error=False)
    def _export_clip(self, lines: list[AlignedLine]) -> None:
        from tui.audio.clip import export_clip

        assert self.episode is not None
        try:
            clip = export_clip(
                self.episode.audio_path,
                lines,
                self._output_dir(),
                title=self.episode.title,
                duration=self.episode.duration,
            )
        except PodalignError as exc:
            self.app.call_from_thread(self.say, Notice(str(exc), "error"))
            return
        self.app.call_from_thread(self.say, Notice(f"saved clip {clip.audio} (+ {clip.text.name})"))


__all__ = ["ExportActions"]
