"""Markdown syntax highlighting for the body editor: per block, cheap, light and dark palettes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

# Block states. A fenced code block carries its fence in the state so that only a closing
# fence of the same character and at least the same length ends it (as CommonMark says).
NORMAL = -1
_BACKTICK_FENCE = 1000
_TILDE_FENCE = 2000

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
_SETEXT_OR_RULE = re.compile(r"^ {0,3}(?:=+|-{2,}|(?:\*\s*){3,}|(?:_\s*){3,})\s*$")
_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?=\s|$)(?:\s+\[[ xX]\])?")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)|(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])"
)
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)(\s+\"[^\"]*\")?\)"
)
_AUTOLINK = re.compile(
    r"<(?:https?|mailto):[^\s>]+>|\bhttps?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]"
)
_INLINE_HINT = re.compile(r"[`*_\[<:]")


@dataclass(frozen=True)
class _Scheme:
    heading: str
    marker: str
    code_fg: str
    code_bg: str
    link: str
    url: str
    quote: str
    list_marker: str
    emphasis: str


# Colours chosen for at least 4.5:1 contrast against the usual white / near-black bases.
_LIGHT = _Scheme(
    heading="#174ea6",
    marker="#6b6b6b",
    code_fg="#8a2c0d",
    code_bg="#f1f1ee",
    link="#0b57d0",
    url="#5f6368",
    quote="#3c6e2a",
    list_marker="#9a4c00",
    emphasis="#202124",
)
_DARK = _Scheme(
    heading="#8ab4f8",
    marker="#a0a0a0",
    code_fg="#f4a97b",
    code_bg="#2b2b2b",
    link="#7cacf8",
    url="#a8adb3",
    quote="#9fcf8a",
    list_marker="#ffb86b",
    emphasis="#e8eaed",
)


def is_dark(palette: QPalette) -> bool:
    """Whether the palette draws text areas dark (a dark theme)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours Markdown syntax one block at a time; fenced code spans blocks through states."""

    def __init__(self, document: QTextDocument, *, dark: bool = False) -> None:
        super().__init__(document)
        self._dark = dark
        self._build_formats()

    @property
    def dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool) -> None:
        """Switch colour scheme (after a palette change); re-highlights only if it changed."""
        if dark == self._dark:
            return
        self._dark = dark
        self._build_formats()
        self.rehighlight()

    def _build_formats(self) -> None:
        s = _DARK if self._dark else _LIGHT

        def fmt(
            color: str, *, bold: bool = False, italic: bool = False, background: str = ""
        ) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setForeground(QColor(color))
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            if italic:
                f.setFontItalic(True)
            if background:
                f.setBackground(QColor(background))
            return f

        self.heading = fmt(s.heading, bold=True)
        self.marker = fmt(s.marker)
        self.code = fmt(s.code_fg, background=s.code_bg)
        self.code.setFontFixedPitch(True)
        self.fence = fmt(s.marker, background=s.code_bg)
        self.link = fmt(s.link)
        self.link.setFontUnderline(True)
        self.url = fmt(s.url)
        self.quote = fmt(s.quote, italic=True)
        self.list_marker = fmt(s.list_marker, bold=True)
        self.strong = fmt(s.emphasis, bold=True)
        self.emphasis = fmt(s.emphasis, italic=True)
        self.strong_emphasis = fmt(s.emphasis, bold=True, italic=True)
        self.table = fmt(s.marker, bold=True)

    def highlightBlock(self, text: str) -> None:
        previous = self.previousBlockState()
        if previous >= _BACKTICK_FENCE:
            self._inside_fence(text, previous)
            return
        self.setCurrentBlockState(NORMAL)
        if not text:
            return
        fence = _FENCE.match(text)
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            marks = fence.group(1)
            base = _BACKTICK_FENCE if marks[0] == "`" else _TILDE_FENCE
            self.setFormat(0, len(text), self.fence)
            self.setCurrentBlockState(base + min(len(marks), 999))
            return

        start = 0
        heading = _HEADING.match(text)
        if heading:
            self.setFormat(0, len(text), self.heading)
            self.setFormat(heading.start(1), len(heading.group(1)), self.marker)
            start = heading.end()
        elif _SETEXT_OR_RULE.match(text):
            self.setFormat(0, len(text), self.marker)
            return
        else:
            quote = _QUOTE.match(text)
            if quote:
                self.setFormat(0, len(text), self.quote)
                self.setFormat(0, quote.end(), self.marker)
                start = quote.end()
            listed = _LIST.match(text, start)
            if listed:
                self.setFormat(listed.start(), listed.end() - listed.start(), self.list_marker)
                start = listed.end()
            if "|" in text:
                if _TABLE_DELIMITER.match(text):
                    self.setFormat(0, len(text), self.table)
                    return
                if text.lstrip().startswith("|") or text.rstrip().endswith("|"):
                    for n, char in enumerate(text):
                        if char == "|":
                            self.setFormat(n, 1, self.table)
        if _INLINE_HINT.search(text, start):
            self._inline(text, start)

    def _inside_fence(self, text: str, state: int) -> None:
        char = "`" if state < _TILDE_FENCE else "~"
        length = state % 1000
        stripped = text.strip()
        if (
            len(text) - len(text.lstrip(" ")) <= 3
            and len(stripped) >= length
            and stripped == char * len(stripped)
        ):
            self.setFormat(0, len(text), self.fence)
            self.setCurrentBlockState(NORMAL)
            return
        self.setFormat(0, len(text), self.code)
        self.setCurrentBlockState(state)

    def _inline(self, text: str, start: int) -> None:
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken)

        if "`" in text:
            for m in _CODE_SPAN.finditer(text, start):
                self.setFormat(m.start(), m.end() - m.start(), self.code)
                taken.append(m.span())
        if "[" in text:
            for m in _LINK.finditer(text, start):
                if not free(*m.span()):
                    continue
                label_start = m.start(2)
                self.setFormat(m.start(), label_start - m.start(), self.marker)
                self.setFormat(label_start, len(m.group(2)), self.link)
                self.setFormat(m.end(2), m.end() - m.end(2), self.url)
                taken.append(m.span())
        if ":" in text:
            for m in _AUTOLINK.finditer(text, start):
                if free(*m.span()):
                    self.setFormat(m.start(), m.end() - m.start(), self.link)
                    taken.append(m.span())
        if "*" in text or "_" in text:
            strong: list[tuple[int, int]] = []
            for m in _STRONG.finditer(text, start):
                if free(*m.span()):
                    self.setFormat(m.start(), m.end() - m.start(), self.strong)
                    strong.append(m.span())
            for m in _EMPHASIS.finditer(text, start):
                if free(*m.span()):
                    inside = any(a <= m.start() and m.end() <= b for a, b in strong)
                    style = self.strong_emphasis if inside else self.emphasis
                    self.setFormat(m.start(), m.end() - m.start(), style)
                    self.setFormat(m.start(), 1, self.marker)
                    self.setFormat(m.end() - 1, 1, self.marker)
            for a, b in strong:
                self.setFormat(a, 2, self.marker)
                self.setFormat(b - 2, 2, self.marker)
