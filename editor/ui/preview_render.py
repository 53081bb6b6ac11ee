"""The preview's render step, pure Python and Qt-free so that it can run in a helper process.

render_for_preview gives the page plus what the preview needs to update it in place: the
<article> (as a JSON string, ready for runJavaScript), the page around it (the "skeleton")
and the title.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from editor.domain.items import Announcement, Event

Item = Announcement | Event

_ARTICLE = re.compile(r"<article\b[^>]*>.*</article>", re.S | re.I)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_DESCRIPTION = re.compile(r"<meta\s+name=\"description\"[^>]*>\s*", re.I)
ARTICLE_SLOT = "<article></article>"


# The body's top-level blocks are the only elements that carry this attribute (the
# sanitizer strips it from anything the author wrote), so it marks where each block starts.
_BODY = re.compile(r'(<div class="body">\n)(.*)(\n</div>\s*</article>)', re.S)
_BLOCK_LINE = re.compile(r' data-source-line="(\d+)"')


@dataclass(frozen=True)
class BodyBlocks:
    """The article cut into its body's top-level blocks, for patching the shown page."""

    frame: str  # the article with the body's blocks taken out
    blocks: tuple[str, ...]  # each block's HTML, without its data-source-line
    lines: tuple[int, ...]  # each block's source line


@dataclass(frozen=True)
class RenderedPage:
    page: str
    article_json: str | None  # the <article> element as a JSON string; None if there is none
    skeleton: str
    title: str | None
    body: BodyBlocks | None = None


def body_blocks(article: str) -> BodyBlocks | None:
    """The article's body blocks (None when the article has no body to patch)."""
    match = _BODY.search(article)
    if match is None:
        return None
    body = match.group(2)
    marks = list(_BLOCK_LINE.finditer(body))
    starts = [body.rfind("<", 0, mark.start()) for mark in marks]
    if not marks or starts[0] != 0 or any(start < 0 for start in starts):
        return None
    blocks = []
    for n, (start, mark) in enumerate(zip(starts, marks, strict=True)):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(body)  # the "\n" between
        blocks.append(body[start : mark.start()] + body[mark.end() : end])
    frame = article[: match.end(1)] + article[match.start(3) :]
    return BodyBlocks(frame, tuple(blocks), tuple(int(mark.group(1)) for mark in marks))


def split_page(page: str) -> tuple[str | None, str, str | None]:
    """(article, skeleton, title) of a page; the skeleton is what is left around the article.

    The title and the description meta tag follow the item's title and summary: they are
    left out of the skeleton, so that editing those does not count as a new page.
    """
    match = _ARTICLE.search(page)
    article = match.group(0) if match else None
    skeleton = page[: match.start()] + ARTICLE_SLOT + page[match.end() :] if match else page
    title = None
    title_match = _TITLE.search(skeleton)
    if title_match:
        title = html.unescape(title_match.group(1))
        head, tail = skeleton[: title_match.start()], skeleton[title_match.end() :]
        skeleton = f"{head}<title></title>{tail}"
    return article, _DESCRIPTION.sub("", skeleton), title


def prepare(page: str) -> RenderedPage:
    article, skeleton, title = split_page(page)
    if article is None:
        return RenderedPage(page, None, skeleton, title)
    return RenderedPage(page, json.dumps(article), skeleton, title, body_blocks(article))


def render_page(item: Item) -> str:
    """The published page of `item`, as the preview shows it."""
    from editor.render.page import PageOptions, render_item_page

    return render_item_page(item, PageOptions(for_preview=True))


def render_for_preview(item: Item, renderer: Callable[[Item], str] = render_page) -> RenderedPage:
    return prepare(renderer(item))


def warm_up() -> None:
    """Import the renderer and render once, so that the first real render is quick."""
    render_page(Announcement(title="Warm-up", body="Warm *up*."))
