"""The allow-list HTML sanitizer that every rendered body goes through (nh3, i.e. Ammonia).

Python-Markdown is configured not to pass raw HTML through at all; this is the second,
independent line of defence, so a change of Markdown extensions can never let script in.
"""

from __future__ import annotations

from collections.abc import Callable
from posixpath import normpath
from typing import Any
from urllib.parse import unquote

import nh3

SOURCE_LINE = "data-source-line"
# The renderer tags blocks with this placeholder before sanitizing and writes the real line
# numbers in afterwards: the sanitized HTML of a block can then be cached whatever its line.
LINE_PLACEHOLDER = "@"

# The tags Python-Markdown makes from our extensions (tables, sane_lists, smarty), no more.
# Everything else is dropped with its markup, its text kept.
TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "span",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)

# The blocks that can stand at the top level of a body and so carry a source line.
BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "hr"}
)

# Tags removed together with everything inside them (their text is no content either).
_DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "noembed",
        "noframes",
        "template",
        "svg",
        "math",
        "form",
        "textarea",
        "select",
        "button",
        "title",
        "xmp",
    }
)

_ATTRIBUTES = {
    "a": {"href", "title"},
    # No width/height/style: the stylesheet sizes images.
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}

# Blocks of text whose direction follows their own first strong letter (dir="auto"). Not
# lists, quotes or tables: "auto" looks past children that have a dir of their own, so
# those would find no letter and turn left-to-right; they keep the page's direction.
AUTO_DIRECTION_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "th", "td"})

_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {tag: {} for tag in TAGS}
for _tag in BLOCK_TAGS:
    _ATTRIBUTE_VALUES[_tag][SOURCE_LINE] = {LINE_PLACEHOLDER}
for _tag in AUTO_DIRECTION_TAGS:
    _ATTRIBUTE_VALUES[_tag]["dir"] = {"auto"}
for _cell in ("th", "td"):
    # Column alignment, as a class: Python-Markdown's align="..." is obsolete HTML. (Values
    # rather than nh3's allowed_classes, which nh3 0.2.17 does not have.)
    _ATTRIBUTE_VALUES[_cell]["class"] = {"align-left", "align-center", "align-right"}

# Only web and mail links. Relative URLs (media/photo.jpg, #section) pass: they cannot carry
# a scheme. No data: URLs at all, not even data:image on <img>: pictures come from the
# workspace media folder, and a data: URL in a body would bloat every page it is on.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"


def is_media_path(src: str) -> bool:
    """Whether `src` is a relative path that stays inside the folder a page is based on.

    Pictures in a body are written relative to the workspace folder, which stands for the
    site root once published: "media/forum.jpg" is one, while "https://...", "/etc/x",
    "C:/x", "data:..." and "../x" (also spelled "%2e%2e/x") are not.
    """
    path = unquote(src).replace("\\", "/")
    if not path or path.startswith("/") or ":" in path:
        return False
    return not normpath(path.split("?")[0].split("#")[0]).startswith("..")


def _options() -> dict[str, Any]:
    """The allow-list, in the keyword arguments nh3.clean and nh3.Cleaner both take."""
    return {
        "tags": set(TAGS),
        "clean_content_tags": set(_DROP_WITH_CONTENT),
        "attributes": _ATTRIBUTES,
        "tag_attribute_values": _ATTRIBUTE_VALUES,
        "url_schemes": set(URL_SCHEMES),
        "link_rel": LINK_REL,
        "strip_comments": True,
    }


def _reusable_cleaner() -> Callable[[str], str]:
    # nh3 0.3 added Cleaner, which builds the options once: 40 us less per call, and a body
    # is sanitized block by block. Older nh3 (0.2.17 is allowed) builds them on every call.
    cleaner_class = getattr(nh3, "Cleaner", None)
    if cleaner_class is None:
        options = _options()
        return lambda html: nh3.clean(html, **options)
    clean: Callable[[str], str] = cleaner_class(**_options()).clean
    return clean


_clean = _reusable_cleaner()


def sanitize_html(html: str) -> str:
    """`html` reduced to the allow-list: no script, no event handlers, no unsafe URLs.

    Links get rel="noopener noreferrer". Attributes the allow-list does not name (every
    on* handler, style, class, id) are removed; so are comments.
    """
    return _clean(html)
