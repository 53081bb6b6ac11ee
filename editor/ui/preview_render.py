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


@dataclass(frozen=True)
class RenderedPage:
    page: str
    article_json: str | None  # the <article> element as a JSON string; None if there is none
    skeleton: str
    title: str | None


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
    return RenderedPage(page, json.dumps(article) if article is not None else None, skeleton, title)


def render_page(item: Item) -> str:
    """The published page of `item`, as the preview shows it."""
    from editor.render.page import PageOptions, render_item_page

    return render_item_page(item, PageOptions(for_preview=True))


def render_for_preview(item: Item, renderer: Callable[[Item], str] = render_page) -> RenderedPage:
    return prepare(renderer(item))


def warm_up() -> None:
    """Import the renderer and render once, so that the first real render is quick."""
    render_page(Announcement(title="Warm-up", body="Warm *up*."))
