"""Markdown body -> sanitized HTML fragment whose top-level blocks carry data-source-line.

The source is split into top-level blocks (editor.render.blocks); each block is rendered by
Python-Markdown on its own, sanitized by nh3, and cached by its text, so typing in one
paragraph of a long body re-renders that paragraph only. The line numbers are written in
last, because a block's HTML does not depend on where the block is.

Python-Markdown runs with a fixed set of extensions: tables and sane_lists. Curly quotes,
dashes and ellipses come from editor.render.typography, which does what the smarty extension
would in a tenth of the time. Raw HTML is not passed through: "<b>" typed in a body shows
as text, as it would in a plain editor.
Fenced code blocks are rendered here rather than by the fenced_code extension, which would
hide them from the line tagging (it swaps them for placeholders before parsing).
"""

from __future__ import annotations

import functools
import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from urllib.parse import urlsplit

import markdown
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from editor.render.blocks import Block, BlockKind, split_blocks
from editor.render.sanitize import (
    AUTO_DIRECTION_TAGS,
    BLOCK_TAGS,
    LINE_PLACEHOLDER,
    SOURCE_LINE,
    is_media_path,
    sanitize_html,
)
from editor.render.typography import smart_punctuation

_CACHE_SIZE = 4096
# Found only inside a start tag: text escapes "<", and attribute values escape '"'.
_PLACEHOLDER = re.compile(rf'(<[a-z][a-z0-9]*[^<>]*?) {SOURCE_LINE}="{LINE_PLACEHOLDER}"')
_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]{1,40}")
_REMOTE = ("http", "https")
_CODE_TAGS = frozenset({"code", "pre"})
_CELL_TAGS = frozenset({"th", "td"})

References = tuple[tuple[str, tuple[str, str]], ...]


class _BodyTreeprocessor(Treeprocessor):
    """Tags blocks with source line and direction, keeps h1 for the title, checks images."""

    def run(self, root: etree.Element) -> None:
        for child in root:
            if child.tag in BLOCK_TAGS:
                child.set(SOURCE_LINE, LINE_PLACEHOLDER)
        for element in root.iter():
            align = element.get("align") if element.tag in _CELL_TAGS else None
            if align is not None:
                # align="..." is obsolete HTML; a class, styled by page.css, says the same.
                del element.attrib["align"]
                element.set("class", f"align-{align}")
            if element.tag in AUTO_DIRECTION_TAGS:
                # Each block takes its direction from its own text: an Arabic quotation in
                # an English body, or an English name in an Arabic one, reads right.
                element.set("dir", "auto")
        _set_punctuation(root, in_code=False)
        for heading in root.iter("h1"):
            # The page's one h1 is the item title; a "# Section" in the body is a section.
            heading.tag = "h2"
        for parent in root.iter():
            for element in parent:
                if element.tag == "img":
                    _apply_image_rule(element, inside_link=parent.tag == "a")


def _set_punctuation(element: etree.Element, *, in_code: bool) -> None:
    """Typographic quotes and dashes in every text node, except in code and in link URLs."""
    code = in_code or element.tag in _CODE_TAGS
    text = element.text
    if text and not code and not isinstance(text, AtomicString):
        element.text = smart_punctuation(text, at_start=True)
    for child in element:
        _set_punctuation(child, in_code=code)
        tail = child.tail
        if tail and not code and not isinstance(tail, AtomicString):
            child.tail = smart_punctuation(tail, at_start=False)


def _apply_image_rule(image: etree.Element, *, inside_link: bool) -> None:
    """Pictures come from the workspace (media/...); others become a link or plain text.

    Pages are published with a Content-Security-Policy that loads images from the site only
    (no tracking pixels, works offline), so a remote picture would show as broken: a link to
    it says what it is. Other sources (data:, file paths outside the folder) become the alt
    text.
    """
    src = (image.get("src") or "").strip()
    if is_media_path(src):
        return
    alt = image.get("alt") or ""
    title = image.get("title")
    image.attrib.clear()
    if urlsplit(src).scheme.lower() in _REMOTE and not inside_link:
        image.tag = "a"
        image.set("href", src)
        image.text = alt or src
    else:
        image.tag = "span"
        image.text = alt
    if title and image.tag == "a":
        image.set("title", title)


class _BodyExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # No raw HTML: the block stash and the inline tag pattern are what pass it through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After "inline" (20), which makes the images; before "unescape" (0).
        md.treeprocessors.register(_BodyTreeprocessor(md), "noticeboard_body", 5)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            TableExtension(use_align_attribute=True),
            "sane_lists",
            _BodyExtension(),
        ],
        output_format="html",
    )


_local = threading.local()


def _markdown() -> markdown.Markdown:
    # A Markdown instance keeps state while converting: one per thread (preview, export).
    md: markdown.Markdown | None = getattr(_local, "markdown", None)
    if md is None:
        md = _new_markdown()
        _local.markdown = md
    return md


def _split_at_placeholders(html: str) -> tuple[str, ...]:
    """`html` cut where the source-line placeholders were, ready to join with real lines."""
    pieces: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(html):
        pieces.append(html[last : match.end(1)])
        last = match.end()
    pieces.append(html[last:])
    return tuple(pieces)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _render_markdown_block(text: str, references: References) -> tuple[str, ...]:
    md = _markdown()
    md.reset()
    md.references.update(references)
    return _split_at_placeholders(sanitize_html(md.convert(text)))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _render_fence(code: str, info: str) -> tuple[str, ...]:
    # Built here from escaped text and a checked class name, so safe without the sanitizer
    # (which would strip the language class: nh3 cannot allow a class by pattern).
    language = _LANGUAGE.fullmatch(info.split()[0].strip("{}.")) if info.split() else None
    css_class = f' class="language-{language[0]}"' if language else ""
    escaped = html.escape(code, quote=False)
    return ("<pre", f"><code{css_class}>{escaped}</code></pre>")


def _references(blocks: list[Block]) -> dict[str, tuple[str, str]]:
    """Link reference definitions ("[site]: https://...") of the whole text.

    Blocks are rendered one by one, so a definition has to be known before its block.
    """
    found: dict[str, tuple[str, str]] = {}
    for block in blocks:
        if block.kind is not BlockKind.MARKDOWN or "]:" not in block.text:
            continue
        for match in ReferenceProcessor.RE.finditer(block.text):
            # As Python-Markdown stores them (blockprocessors.ReferenceProcessor.run).
            key = match.group(1).strip().lower()
            link = match.group(2).lstrip("<").rstrip(">")
            # An empty title is no title to Python-Markdown ("if title:").
            found[key] = (link, match.group(5) or match.group(6) or "")
    return found


# Whole bodies rendered by a forked helper of this process (see editor.export.parallel),
# by text: the same code made them, so they are what render_markdown would return.
_primed: dict[str, str] = {}
_primed_lock = threading.Lock()  # exports and checks may prime from two threads


def prime(rendered: Mapping[str, str]) -> None:
    """Remember bodies rendered elsewhere by render_markdown (text -> HTML), newest kept."""
    with _primed_lock:
        _primed.update(rendered)
        while len(_primed) > _CACHE_SIZE:
            del _primed[next(iter(_primed))]


def is_primed(text: str) -> bool:
    """Whether `text` was rendered elsewhere and is remembered whole."""
    return text in _primed


def clear_caches() -> None:
    """Forget every rendered block and body (benchmarks measure a cold start with this)."""
    _render_markdown_block.cache_clear()
    _render_fence.cache_clear()
    with _primed_lock:
        _primed.clear()


def render_markdown(text: str) -> str:
    """Sanitized HTML for a Markdown body; every top-level block has data-source-line="N".

    N is the 0-based line of the source (after turning CR LF and CR into LF) on which the
    block starts. A pure function of `text`.
    """
    primed = _primed.get(text)
    if primed is not None:
        return primed
    blocks = split_blocks(text)
    references = _references(blocks)
    all_references: References = tuple(sorted(references.items()))
    parts: list[str] = []
    for block in blocks:
        if block.kind is BlockKind.FENCE:
            rendered = _render_fence(block.text, block.info)
        else:
            # Only blocks that can use a reference depend on them (and miss the cache when
            # a definition is edited).
            used = all_references if references and "[" in block.text else ()
            rendered = _render_markdown_block(block.text, used)
        if rendered != ("",):
            parts.append(f' {SOURCE_LINE}="{block.line}"'.join(rendered))
    return "\n".join(parts)
