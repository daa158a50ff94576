"""The transcript as the listener reads it: turns, speakers, lines, the one being spoken lit.

A Line-API widget (:class:`~textual.scroll_view.ScrollView`): the transcript is laid out once
per width into *blocks* (a speaker header, a wrapped line, a "not in the transcript" region, a
blank) and only visible rows are rendered, so an hour-long episode scrolls as fast as a short
one. Highlight, selection, search matches and the current word are applied at render time.

Its view state is Textual reactives (each change repaints, a new ``current_word`` only its
line's rows; watchers keep the rest in step):
``current``/``current_word``/``current_region`` (what is being heard, set by the screen from
:mod:`tui.lookup`), ``selected`` (+ ``anchor`` for a range), ``follow`` (keep the current line in
view; scrolling by hand or moving the selection clears it, setting it back re-selects the current
line and posts :class:`TranscriptView.FollowChanged`) and ``search_query`` (its matches lit in
their own style). The widget has no key bindings of its own: they all live in :mod:`tui.keys`.
The pure layout (blocks, word spans) is in :mod:`tui.widgets.transcript_layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollDown, ScrollTo, ScrollUp
from textual.strip import Strip

from aligner.result import Alignment, LineStatus
from tui.eta import format_clock
from tui.widgets.transcript_layout import SPEAKER_COLOURS, Block, build_blocks, locate_words

#: Width of the left gutter that carries the current/selection markers.
GUTTER = 3
CURRENT_MARK = "▶ "
SELECTED_MARK = "› "
#: Rendered blocks kept (a block has a few states: current, selected, per current word).
CACHE_LIMIT = 2000


class TranscriptView(ScrollView, can_focus=True, inherit_bindings=False):
    """Scrollable, highlightable transcript (see module docstring)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--current",
        "transcript--selected",
        "transcript--dim",
        "transcript--time",
        "transcript--match",
        "transcript--word",
        "transcript--region",
        "transcript--region-current",
        "transcript--gutter",
        *(f"transcript--speaker-{n}" for n in range(SPEAKER_COLOURS)),
    }

    @dataclass
    class LineActivated(Message):
        """The user chose a line (enter or click): play from it."""

        index: int

    @dataclass
    class FollowChanged(Message):
        """Follow mode was switched on or off."""

        follow: bool

    current: reactive[int | None] = reactive(None, init=False)
    current_word: reactive[int | None] = reactive(None, init=False, repaint=False)
    current_region: reactive[int | None] = reactive(None, init=False)
    selected: reactive[int | None] = reactive(None, init=False)
    anchor: reactive[int | None] = reactive(None, init=False)
    follow: reactive[bool] = reactive(True, init=False)
    search_query: reactive[str] = reactive("", init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.alignment: Alignment | None = None
        self.blocks: list[Block] = []
        self.matches: list[int] = []
        self._width = 0
        self._rows: list[tuple[int, int]] = []  # row -> (block index, row inside block)
        self._block_top: list[int] = []
        self._block_height: list[int] = []
        self._block_of_line: dict[int, int] = {}
        self._block_of_region: dict[int, int] = {}
        self._word_spans: dict[int, list[tuple[int, int] | None]] = {}
        self._cache: dict[tuple[object, ...], list[Strip]] = {}

    # -- content -----------------------------------------------------------------------------
    def set_alignment(self, alignment: Alignment) -> None:
        self.alignment = alignment
        self.blocks = build_blocks(alignment)
        self._block_of_line = {b.line: k for k, b in enumerate(self.blocks) if b.line is not None}
        self._block_of_region = {
            b.region: k for k, b in enumerate(self.blocks) if b.region is not None
        }
        self._word_spans.clear()
        self.current = self.selected = self.anchor = None
        self._relayout()

    def replace_alignment(self, alignment: Alignment) -> None:
        """Show an edited version of the same transcript (times or texts changed), keeping the
        selection, follow mode, search and scroll position."""
        state = (self.selected, self.anchor, self.scroll_y)
        self.set_alignment(alignment)
        self.selected, self.anchor, y = state
        self._find_matches()
        self.scroll_to(y=y, animate=False)

    def _text_width(self, width: int) -> int:
        return max(10, width - GUTTER - 1)

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or 80
        self._width = width
        self._cache.clear()
        self._rows, self._block_top, self._block_height = [], [], []
        console = self.app.console
        tw = self._text_width(width)
        for k, block in enumerate(self.blocks):
            if block.kind == "line":
                height = len(Text(block.text).wrap(console, tw)) or 1
            else:
                height = 1
            self._block_top.append(len(self._rows))
            self._block_height.append(height)
            self._rows.extend((k, r) for r in range(height))
        self.virtual_size = Size(width, len(self._rows))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if self.blocks and width != self._width:
            self._relayout()
            if self.follow:
                self.call_after_refresh(self._scroll_to_current)
            elif self.selected is not None:  # e.g. a side panel opened: keep the selection seen
                k = self._block_of_line.get(self.selected)
                self.call_after_refresh(self._scroll_block_into_view, k, band=False)

    # -- geometry ------------------------------------------------------------------------------
    def row_of_line(self, index: int) -> int | None:
        k = self._block_of_line.get(index)
        return None if k is None else self._block_top[k]

    def line_at_row(self, row: int) -> int | None:
        if 0 <= row < len(self._rows):
            return self.blocks[self._rows[row][0]].line
        return None

    def is_line_visible(self, index: int) -> bool:
        k = self._block_of_line.get(index)
        if k is None:
            return False
        top, height = self._block_top[k], self._block_height[k]
        view_top = round(self.scroll_y)
        return top >= view_top and top + height <= view_top + self.scrollable_content_region.height

    # -- state changes -------------------------------------------------------------------------
    def set_current(
        self, index: int | None, *, word: int | None = None, region: int | None = None
    ) -> None:
        """Mark the line (and word, or extra region) being heard; follow it if following."""
        moved = index != self.current or region != self.current_region
        self.current, self.current_word, self.current_region = index, word, region
        if self.follow and moved:
            if index is not None:
                self.selected, self.anchor = index, None
            self._scroll_to_current()

    def watch_current_word(self) -> None:
        """The next word of the same line repaints that line's rows only, not the view."""
        k = self._block_of_line.get(self.current) if self.current is not None else None
        if k is not None:
            self.refresh_lines(self._block_top[k], self._block_height[k])

    def _scroll_to_current(self) -> None:
        if self.current is not None:
            self._scroll_block_into_view(self._block_of_line.get(self.current), band=True)
        elif self.current_region is not None:
            self._scroll_block_into_view(self._block_of_region.get(self.current_region), band=True)

    def _scroll_block_into_view(self, k: int | None, *, band: bool) -> None:
        if k is None:
            return
        top, height = self._block_top[k], self._block_height[k]
        view = self.scrollable_content_region.height or 1
        y = round(self.scroll_y)
        if band:
            # Keep the current line in the upper-middle of the view: re-centre when it leaves it.
            if top < y + 1 or top + height > y + (view * 2) // 3:
                self.scroll_to(y=max(0, top - view // 3), animate=False)
        elif top < y:
            self.scroll_to(y=top, animate=False)
        elif top + height > y + view:
            self.scroll_to(y=top + height - view, animate=False)

    def watch_follow(self, follow: bool) -> None:
        if follow:
            if self.current is not None:
                self.selected, self.anchor = self.current, None
            self._scroll_to_current()
        self.post_message(self.FollowChanged(follow))

    def select(self, index: int, *, extend: bool = False) -> None:
        """Move the selection to line ``index`` (``extend``: grow a range from the anchor)."""
        if not self.alignment:
            return
        index = max(0, min(len(self.alignment.lines) - 1, index))
        if extend:
            if self.anchor is None:
                self.anchor = self.selected if self.selected is not None else index
        else:
            self.anchor = None
        self.selected = index
        self.follow = False
        self._scroll_block_into_view(self._block_of_line.get(index), band=False)

    def move_selection(self, delta: int, *, extend: bool = False) -> None:
        start = self.selected if self.selected is not None else (self.current or 0)
        self.select(start + delta, extend=extend)

    def selected_range(self) -> range:
        """The selected lines (one line, or the range from the anchor)."""
        if self.selected is None:
            return range(0)
        a = self.anchor if self.anchor is not None else self.selected
        return range(min(a, self.selected), max(a, self.selected) + 1)

    # -- search ----------------------------------------------------------------------------------
    def search(self, query: str) -> list[int]:
        """Light ``query`` (case-insensitive; "" clears); return the indices of matching lines."""
        self.search_query = query.strip()
        return self.matches

    def watch_search_query(self) -> None:
        self._find_matches()

    def _find_matches(self) -> None:
        needle = self.search_query.casefold()
        lines = self.alignment.lines if self.alignment and needle else ()
        self.matches = [i for i, al in enumerate(lines) if needle in al.line.text.casefold()]

    def next_match(self, direction: int = 1) -> int | None:
        """Select the next (or previous) matching line after the selection, wrapping around."""
        if not self.matches:
            return None
        here = self.selected if self.selected is not None else (self.current or -1)
        if direction > 0:
            later = [m for m in self.matches if m > here]
            target = later[0] if later else self.matches[0]
        else:
            earlier = [m for m in self.matches if m < here]
            target = earlier[-1] if earlier else self.matches[-1]
        self.select(target)
        return target

    # -- user scrolling detaches follow mode ---------------------------------------------------
    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.follow = False

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.follow = False

    def on_scroll_to(self, message: ScrollTo) -> None:  # scrollbar drag
        self.follow = False

    def on_scroll_up(self, message: ScrollUp) -> None:  # scrollbar click
        self.follow = False

    def on_scroll_down(self, message: ScrollDown) -> None:
        self.follow = False

    def page(self, direction: int) -> None:
        """Scroll a page by hand (detaches follow mode)."""
        self.follow = False
        view = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=max(0, round(self.scroll_y) + direction * view), animate=False)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.line_at_row(offset.y + round(self.scroll_y))
        if index is not None:
            self.anchor = None
            self.selected = index
            self.post_message(self.LineActivated(index))

    # -- rendering -----------------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _word_span(self, index: int, word: int) -> tuple[int, int] | None:
        spans = self._word_spans.get(index)
        if spans is None:
            assert self.alignment is not None
            al = self.alignment.lines[index]
            spans = locate_words(al.line.text, [w.text for w in al.words])
            self._word_spans[index] = spans
        return spans[word] if 0 <= word < len(spans) else None

    def _render_block(self, k: int) -> list[Strip]:
        block = self.blocks[k]
        selected = self.selected_range()
        is_current = block.line is not None and block.line == self.current
        is_selected = block.line is not None and block.line in selected and not self.follow
        is_region = block.region is not None and block.region == self.current_region
        word = self.current_word if is_current else None
        query = self.search_query
        key = (k, self._width, is_current, is_selected, is_region, word, query)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        width = self._width
        console = self.app.console
        gutter_style = self._style("transcript--gutter")
        row_style = Style()
        if block.kind == "header":
            text = Text(" " * GUTTER)
            text.append(block.text, self._style(f"transcript--speaker-{block.speaker or 0}"))
            if block.time is not None:
                text.append(f"  {format_clock(block.time)}", self._style("transcript--time"))
            lines = [text]
        elif block.kind == "region":
            name = "transcript--region-current" if is_region else "transcript--region"
            lines = [Text(" " * GUTTER + block.text, self._style(name))]
        elif block.kind == "line":
            assert self.alignment is not None and block.line is not None
            al = self.alignment.lines[block.line]
            text = Text(block.text)
            if al.status is LineStatus.NOT_IN_AUDIO:
                text.stylize(self._style("transcript--dim"))
            if query:
                pattern = re.compile(re.escape(query), re.IGNORECASE)
                for m in pattern.finditer(block.text):
                    text.stylize(self._style("transcript--match"), m.start(), m.end())
            if word is not None:
                span = self._word_span(block.line, word)
                if span is not None:
                    text.stylize(self._style("transcript--word"), *span)
            wrapped = text.wrap(console, self._text_width(width))
            marker = CURRENT_MARK if is_current else SELECTED_MARK if is_selected else ""
            lines = []
            # The gutter's style is a span of the lead, not its base style: a base style would
            # spread over the row (Rich applies it under the spans), e.g. accent on accent.
            lead_style = Style() if is_current else gutter_style
            for r, piece in enumerate(wrapped):
                lead = Text().append((marker if r == 0 else "").ljust(GUTTER), lead_style)
                lines.append(lead + piece)
            if is_current:
                row_style = self._style("transcript--current")
            elif is_selected:
                row_style = self._style("transcript--selected")
        else:
            lines = [Text("")]
        strips = []
        for line in lines:
            strip = Strip(list(line.render(console)))
            strip = strip.adjust_cell_length(width).apply_style(row_style)
            strips.append(strip)
        self._cache[key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        k, r = self._rows[row]
        strips = self._render_block(k)
        strip = strips[r] if r < len(strips) else Strip.blank(width)
        return strip.crop_extend(scroll_x, scroll_x + width, None).apply_style(self.rich_style)


__all__ = [
    "CACHE_LIMIT",
    "CURRENT_MARK",
    "GUTTER",
    "SELECTED_MARK",
    "SPEAKER_COLOURS",
    "Block",
    "TranscriptView",
    "build_blocks",
    "locate_words",
]
