"""Read rendered HTML the way a browser would, to check what it would act on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
)
EXECUTABLE = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "object",
        "embed",
        "applet",
        "style",
        "form",
        "input",
        "button",
        "textarea",
        "svg",
        "math",
        "base",
        "meta",
        "link",
        "template",
    }
)
# What a browser strips before reading a URL's scheme (WHATWG URL parser).
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    line: int

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


@dataclass
class Parsed:
    elements: list[Element] = field(default_factory=list)
    top_level: list[Element] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    doctype: str | None = None
    text: list[str] = field(default_factory=list)

    def tags(self, name: str) -> list[Element]:
        return [element for element in self.elements if element.tag == name]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Parsed()
        self.stack: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.result.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, attrs, self.getpos()[0])
        self.result.elements.append(element)
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.result.errors.append(f"duplicate attribute on <{tag}>: {names}")
        if not self.stack:
            self.result.top_level.append(element)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.result.errors.append(f"self-closing <{tag}/> (not HTML5 style)")
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.result.errors.append(f"end tag for void element </{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.result.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.result.text.append(data)


def parse(html: str) -> Parsed:
    """Elements in document order, the top-level ones, and nesting errors."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    if collector.stack:
        collector.result.errors.append(f"unclosed: {collector.stack}")
    return collector.result


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in an attribute value (already entity-decoded)."""
    cleaned = _URL_NOISE.sub("", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
        "\x1c\x1d\x1e\x1f "
    )
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def executable_parts(html: str) -> list[str]:
    """Everything in `html` a browser could run or that could load active content."""
    found = []
    for element in parse(html).elements:
        if element.tag in EXECUTABLE:
            found.append(f"<{element.tag}> element")
        for name, value in element.attrs:
            if name.startswith("on"):
                found.append(f"{name} handler on <{element.tag}>")
            if name in ("style", "srcdoc", "formaction", "xlink:href"):
                found.append(f"{name} attribute on <{element.tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found.append(f"{scheme}: URL in {name} of <{element.tag}>")
    return found
