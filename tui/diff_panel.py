"""The side panel that shows a re-transcription against the published text, word by word.

When the user presses ``r`` on a line, the player re-transcribes that span in a worker
(:func:`aligner.edits.retranscribe.retranscribe_span`) and hands the words here with the
:mod:`aligner.edits.worddiff` diff against the line's published text. The panel shows one merged
text:
words both sides agree on plainly, words heard but not published (insertions) underlined in
green, published words not heard (deletions) struck out in red, substitutions as the struck
published words followed by the heard ones; then what was heard (what ``a`` would accept) and a
count of the differences. While the worker runs it says so; a failure shows as one line.

Display only: it has no bindings and posts no messages; the player owns the keys
(:mod:`tui.edit_bindings`). Colours and text styles are component classes, styled in
``diff_panel.tcss`` (loaded as the widget's default CSS, so the panel works in any app).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from aligner.basics.timefmt import span_clock
from aligner.edits.retranscribe import LineRetranscription
from aligner.edits.worddiff import DiffKind, DiffOp, diff_stats, join_words
from aligner.result import Word

CSS_FILE = Path(__file__).with_name("diff_panel.tcss")


@dataclass(frozen=True)
class DiffView:
    """What the panel shows for one re-transcribed span."""

    ops: tuple[DiffOp, ...]
    start: float
    end: float
    model: str = ""
    line_index: int | None = None
    heard_words: tuple[Word, ...] = ()
    line_count: int = 1

    @classmethod
    def of(cls, result: LineRetranscription) -> DiffView:
        """The view of a :func:`aligner.edits.retranscribe.retranscribe_lines` result."""
        return cls(
            ops=result.ops,
            start=result.start,
            end=result.end,
            model=result.heard.model,
            line_index=result.line_indexes[0],
            heard_words=result.heard.words,
            line_count=len(result.line_indexes),
        )

    @property
    def heard_text(self) -> str:
        """The re-transcribed text, as accepting it would set it."""
        return join_words([w for op in self.ops for w in op.heard])


class DiffPanel(Widget):
    """Shows a :class:`DiffView`, a pending re-transcription, an error, or a hint."""

    DEFAULT_CSS = CSS_FILE.read_text(encoding="utf-8")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "diff-panel--header",
        "diff-panel--equal",
        "diff-panel--insert",
        "diff-panel--delete",
        "diff-panel--substitute-published",
        "diff-panel--substitute-heard",
        "diff-panel--muted",
        "diff-panel--error",
    }

    HINT = "Select a line and press r to hear what was said there."

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = "Re-transcription"
        self.view: DiffView | None = None
        self.pending: str | None = None
        self.error: str | None = None

    # -- state ------------------------------------------------------------------------------
    def show_pending(self, start: float, end: float, model: str = "") -> None:
        """Say that ``[start, end]`` is being re-transcribed (with ``model``)."""
        with_model = f" with {model}" if model else ""
        self.pending = f"Re-transcribing {span_clock(start)}–{span_clock(end)}{with_model}…"
        self.error = None
        self.refresh(layout=True)

    def show_diff(self, view: DiffView) -> None:
        """Show a finished re-transcription."""
        self.view, self.pending, self.error = view, None, None
        self.refresh(layout=True)

    def show_error(self, message: str) -> None:
        """Show a failed re-transcription as one line (the previous result is dropped)."""
        self.view, self.pending, self.error = None, None, " ".join(message.split())
        self.refresh(layout=True)

    def clear(self) -> None:
        self.view = self.pending = self.error = None
        self.refresh(layout=True)

    # -- rendering --------------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"diff-panel--{name}", partial=True)

    def diff_text(self) -> Text:
        """The merged diff of the current view (empty when there is none)."""
        text = Text()
        if self.view is None:
            return text
        pieces: list[tuple[str, str]] = []
        for op in self.view.ops:
            if op.kind is DiffKind.EQUAL:
                pieces.append((join_words(op.published), "equal"))
            elif op.kind is DiffKind.INSERT:
                pieces.append((join_words(op.heard), "insert"))
            elif op.kind is DiffKind.DELETE:
                pieces.append((join_words(op.published), "delete"))
            else:
                pieces.append((join_words(op.published), "substitute-published"))
                pieces.append((join_words(op.heard), "substitute-heard"))
        for i, (words, style) in enumerate(pieces):
            if i:
                text.append(" ")
            text.append(words, self._style(style))
        return text

    def render(self) -> RenderableType:
        out = Text()
        if self.error is not None:
            out.append(self.error, self._style("error"))
            return out
        if self.pending is not None:
            out.append(self.pending, self._style("muted"))
            return out
        view = self.view
        if view is None:
            out.append(self.HINT, self._style("muted"))
            return out
        header = f"{span_clock(view.start)}–{span_clock(view.end)}"
        if view.line_index is not None and view.line_count > 1:
            last = view.line_index + view.line_count
            header = f"Lines {view.line_index + 1}–{last} · {header}"
        elif view.line_index is not None:
            header = f"Line {view.line_index + 1} · {header}"
        if view.model:
            header += f" · {view.model}"
        out.append(header + "\n\n", self._style("header"))
        if view.ops:
            out.append_text(self.diff_text())
        else:
            out.append("(nothing published, nothing heard)", self._style("muted"))
        out.append("\n\nHeard: ", self._style("header"))
        out.append(view.heard_text or "(no speech)", self._style("equal"))
        stats = diff_stats(view.ops)
        summary = (
            f"{stats.inserted} inserted · {stats.deleted} deleted · "
            f"{stats.substituted} substituted · WER {stats.word_error_rate:.0%}"
        )
        out.append("\n" + summary, self._style("muted"))
        return out


__all__ = ["CSS_FILE", "DiffPanel", "DiffView"]
