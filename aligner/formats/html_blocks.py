"""Turning an HTML page into the headings and paragraphs a reader sees, furniture left out.

The HTML transcript reader (:mod:`aligner.formats.html`) works on blocks in reading order: each
heading, rule and paragraph with its plain text. Scripts, styles, images, forms, menus,
subscribe boxes, share bars, comments and footers (by tag, ARIA role or class/id words) never
become blocks; loose inline content (Podcasting 2.0's ``<cite>``/``<time>`` between paragraphs)
becomes a paragraph of its own. A speaker-like element (``<strong>``, ``<b>``, ``<cite>``) or a
``<time>`` opening a paragraph is kept as a marker in its text, so the reader can tell
``<strong>Name</strong>: text`` from a bold word.

Parsing is done by selectolax's Lexbor engine: a WHATWG-conformant HTML5 parser in C (the tree a
browser builds, unclosed tags and entities included; milliseconds for a large page), with wheels
for every platform and regular releases. Only text nodes become text, so markup and attributes
(``onerror=``...) can never leak into a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from selectolax.lexbor import LexborNode

from aligner.formats.common import TIMESTAMP, clean_ws


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Elements that never hold transcript text.
SKIP_TAGS = _words(
    "script style noscript template iframe object embed svg math canvas video audio picture img "
    "figure form button input select textarea label nav footer aside dialog menu head"
)
_BLOCK_TAGS = _words(
    "html body main article section header div p li ul ol dl dt dd blockquote pre table thead "
    "tbody tfoot tr td th caption h1 h2 h3 h4 h5 h6 hr details summary center address"
)
_LEAF_BLOCKS = _words("p li dt dd td th pre summary caption address")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_SELECTOR = "p, div, ul, ol, li, dl, h1, h2, h3, h4, h5, h6, blockquote, table, section, hr"
#: class/id words of page furniture: menus, subscribe boxes, share bars, comments, footers.
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|topbar|footer|comments?|subscribe|subscription|"
    r"signup|share|sharing|social|sidebar|related|recommendations?|cookies?|consent|"
    r"paywall|breadcrumbs?|ufi|modal|popup|advert|promo)(?:$|[-_\s])",
    re.I,
)
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}
#: Markers in a paragraph's text: \x01 speaker-like element \x02, \x03 <time> \x04.
MARKS = re.compile(r"[\x01-\x04]")
_ONLY_MARKS = re.compile(rf"^(?:\s|[\[\]()]|{TIMESTAMP}|\x01[^\x02]*\x02|\x03[^\x04]*\x04)*$")


@dataclass(frozen=True)
class Block:
    """A heading, rule or paragraph of the page in reading order, with its source HTML."""

    kind: str  # "heading", "rule" or "para"
    text: str  # plain text; for a paragraph with lead markers (see above)
    html: str
    level: int = 0


def _furniture(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if (attrs.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(words.strip()) and _FURNITURE.search(words) is not None


def _skipped(node: LexborNode) -> bool:
    return node.tag in SKIP_TAGS or (node.tag not in ("html", "body") and _furniture(node))


def _inline(node: LexborNode, out: list[str], marking: bool = True) -> None:
    """Append the plain text of ``node``'s children, marking a leading speaker/time element."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append(MARKS.sub("", child.text_content or ""))
        elif tag in ("-comment", "-doctype") or _skipped(child):
            continue
        elif tag == "br":
            out.append(" ")
        else:
            _element_inline(child, out, marking)


def _element_inline(child: LexborNode, out: list[str], marking: bool) -> None:
    tag = child.tag
    leading = marking and len(out) < 12 and _ONLY_MARKS.match("".join(out)) is not None
    cls = (child.attributes.get("class") or "").lower()
    if leading and (tag in ("strong", "b", "cite") or "speaker" in cls):
        inner: list[str] = []
        _inline(child, inner, marking=False)
        raw = "".join(inner)
        name = clean_ws(raw)
        if tag == "cite" and name and not name.endswith(":"):
            name += ":"  # a <cite> is a speaker by definition (Podcasting 2.0)
        pad = (" " if raw[:1].isspace() else "", " " if raw[-1:].isspace() else "")
        out.append(f"{pad[0]}\x01{name}\x02{pad[1]}" if name else raw)
    elif leading and (tag == "time" or "timestamp" in cls):
        inner = []
        _inline(child, inner, marking=False)
        stamp = clean_ws("".join(inner)) or (child.attributes.get("datetime") or "")
        out.append(f"\x03{stamp}\x04" if re.fullmatch(TIMESTAMP, stamp) else stamp)
    else:
        _inline(child, out, marking)


def _para(nodes: list[LexborNode]) -> Block | None:
    out: list[str] = []
    for node in nodes:
        if node.tag == "-text":
            out.append(MARKS.sub("", node.text_content or ""))
        elif node.tag == "br":
            out.append(" ")
        elif node.tag in _LEAF_BLOCKS:
            _inline(node, out)
        elif node.tag not in ("-comment", "-doctype") and not _skipped(node):
            _element_inline(node, out, True)
    text = clean_ws("".join(out))
    if not MARKS.sub("", text).strip():
        return None
    return Block("para", text, "".join(_source(n) for n in nodes))


def _source(node: LexborNode) -> str:
    if node.tag == "-text":
        return escape(node.text_content or "", quote=False)
    return node.html or ""


def _holders_of_transcript_heading(root: LexborNode) -> frozenset[int]:
    """Elements around a "Transcript" heading: never furniture, whatever their class says."""
    held: set[int] = set()
    for heading in root.css("h1, h2, h3, h4, h5, h6"):
        if "transcript" in plain_text(heading).lower():
            node = heading.parent
            while node is not None and node.mem_id not in held:
                held.add(node.mem_id)
                node = node.parent
    return frozenset(held)


def blocks(root: LexborNode, keep: frozenset[int] | None = None) -> list[Block]:
    """Headings, rules and paragraphs under ``root`` in reading order, furniture left out."""
    if keep is None:
        keep = _holders_of_transcript_heading(root)
    found: list[Block] = []
    run: list[LexborNode] = []

    def flush() -> None:
        if run:
            block = _para(run)
            if block:
                found.append(block)
            run.clear()

    for child in root.iter(include_text=True):
        tag = child.tag
        if tag not in _BLOCK_TAGS:
            if tag == "-text" or not _skipped(child):
                run.append(child)
            continue
        flush()
        if _skipped(child) and child.mem_id not in keep:
            continue
        if tag == "hr":
            found.append(Block("rule", "", child.html or ""))
        elif tag in _HEADINGS:
            text = clean_ws(MARKS.sub("", plain_text(child)))
            if text:
                found.append(Block("heading", text, child.html or "", _HEADINGS[tag]))
        elif tag in _LEAF_BLOCKS and not _holds_blocks(child):
            block = _para([child])
            if block:
                found.append(block)
        else:
            found.extend(blocks(child, keep))
    flush()
    return found


def _holds_blocks(node: LexborNode) -> bool:
    """Whether a block element has block elements inside (Lexbor's css() includes the node)."""
    return any(n.mem_id != node.mem_id for n in node.css(_BLOCK_SELECTOR))


def plain_text(node: LexborNode) -> str:
    """The text of ``node`` as a reader sees it (no markers)."""
    out: list[str] = []
    _inline(node, out, marking=False)
    return "".join(out)
