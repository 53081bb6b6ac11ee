"""Split Markdown source into top-level blocks, each with the line it starts on.

Python-Markdown does not track source lines, and the preview's scroll sync needs them. So the
renderer splits the source into its top-level blocks first and renders each on its own: the
line of every block is then known, and an unchanged block can come from a cache.

The split follows Python-Markdown where that is sensible (a list or a block quote goes on
across blank lines while its next line belongs to it; indented code needs four spaces) and
CommonMark where Python-Markdown surprises writers: a heading needs a space after its hashes
(so "#migration" at the start of a line stays a hashtag), a bullet list or a list starting
at "1." may follow a paragraph line without a blank line between, and a fenced code block
still open at the end of the text runs to the end (so the preview shows code while it is
being typed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

TAB_LENGTH = 4


class BlockKind(Enum):
    MARKDOWN = "markdown"  # rendered by Python-Markdown
    FENCE = "fence"  # a fenced code block, rendered directly


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block: its kind, the 0-based line it starts on, and its text."""

    kind: BlockKind
    line: int
    text: str
    info: str = ""  # a fence's info string ("python"), empty otherwise


_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
# Python-Markdown's own rule for a horizontal rule, so both agree on what a rule is.
_HR = re.compile(r"^[ ]{0,3}(?:(?:-+[ ]{0,2}){3,}|(?:_+[ ]{0,2}){3,}|(?:\*+[ ]{0,2}){3,})[ ]*$")
_SETEXT_UNDERLINE = re.compile(r"^[=-]+[ ]*$")
_QUOTE = re.compile(r"^ {0,3}>")
_BULLET = re.compile(r"^(?P<indent> {0,3})[*+-][ ]+")
_ORDERED = re.compile(r"^(?P<indent> {0,3})(?P<number>\d+)\.[ ]+")
_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[*+-]|\d+\.)(?P<space> +)")
_TABLE_SEPARATOR = re.compile(r"^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$")
# A '#' word at the start of a line, a quote or a list item ("#migration"): Python-Markdown
# would make it a heading. Lines indented four spaces or more are left alone (code).
_HASHTAG_LINE = re.compile(r"^(?P<prefix> {0,3}(?:> ?)*(?:(?:[*+-]|\d+\.)[ ]+)?)(?=#+[^#\s])")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    return not line.strip()


def _list_type(line: str) -> str | None:
    """'ul' or 'ol' if the line starts a list item (Python-Markdown's markers), else None."""
    if _HR.match(line):
        return None
    if _BULLET.match(line):
        return "ul"
    if _ORDERED.match(line):
        return "ol"
    return None


def _opens_fence(line: str) -> bool:
    match = _FENCE_OPEN.match(line)
    # A backtick fence's info string may not contain backticks (that is inline code).
    if match is None:
        return False
    return not (match["fence"][0] == "`" and "`" in match["info"])


def _interrupts_paragraph(line: str) -> bool:
    """Whether this line ends a paragraph and starts a new block without a blank line."""
    if _opens_fence(line) or _ATX.match(line) or _HR.match(line) or _QUOTE.match(line):
        return True
    if _BULLET.match(line):
        return True
    ordered = _ORDERED.match(line)
    # As in CommonMark: "2022. was a good year" wrapped onto a new line is no list.
    return ordered is not None and int(ordered["number"]) == 1


def _is_table_start(lines: list[str], i: int) -> bool:
    if i + 1 >= len(lines) or "|" not in lines[i]:
        return False
    separator = lines[i + 1]
    return "-" in separator and "|" in separator and bool(_TABLE_SEPARATOR.match(separator))


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and _blank(lines[i]):
        i += 1
    return i


def _fence_end(lines: list[str], start: int) -> tuple[int, int]:
    """(first line after the closing fence, line of the closing fence or len(lines))."""
    match = _FENCE_OPEN.match(lines[start])
    assert match is not None
    fence = match["fence"]
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for j in range(start + 1, len(lines)):
        if closing.match(lines[j]):
            return j + 1, j
    return len(lines), len(lines)


def _fence_block(lines: list[str], start: int, end_of_content: int) -> Block:
    match = _FENCE_OPEN.match(lines[start])
    assert match is not None
    indent = len(match["indent"])
    content = []
    for line in lines[start + 1 : end_of_content]:
        # As in CommonMark: the fence's own indentation is taken off its content.
        content.append(line[min(indent, _indent(line)) :])
    if end_of_content == len(lines):
        # Still open (being typed): the blank lines at the end of the text are not code.
        while content and _blank(content[-1]):
            content.pop()
    text = "\n".join(content) + "\n" if content else ""
    return Block(BlockKind.FENCE, start, text, info=match["info"].strip())


def _end_of_indented_code(lines: list[str], i: int) -> int:
    j = i + 1
    while j < len(lines):
        if _blank(lines[j]):
            after = _next_nonblank(lines, j)
            if after < len(lines) and _indent(lines[after]) >= TAB_LENGTH:
                j = after
                continue
            return j
        if _indent(lines[j]) < TAB_LENGTH:
            return j
        j += 1
    return j


def _end_of_quote(lines: list[str], i: int) -> int:
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if _blank(line):
            after = _next_nonblank(lines, j)
            # Python-Markdown joins quotes separated by blank lines into one.
            if after < len(lines) and _QUOTE.match(lines[after]):
                j = after
                continue
            return j
        if not _QUOTE.match(line) and _interrupts_paragraph(line):
            return j
        j += 1  # a '>' line, or a lazy continuation of the quoted paragraph
    return j


def _content_column(item: re.Match[str]) -> int:
    """Where an item's text starts: "- a" 2, "10. a" 4 (more than four spaces: code)."""
    space = len(item["space"])
    return len(item["indent"]) + len(item["marker"]) + (space if space <= TAB_LENGTH else 1)


def _end_of_list(lines: list[str], i: int) -> int:
    kind = _list_type(lines[i])
    base = _indent(lines[i])
    first = _ITEM.match(lines[i])
    content = _content_column(first) if first else TAB_LENGTH
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if _blank(line):
            after = _next_nonblank(lines, j)
            if after >= len(lines):
                return j
            nxt = lines[after]
            if _indent(nxt) >= min(content, TAB_LENGTH) or _list_type(nxt) == kind:
                j = after
                continue
            return j
        if _indent(line) <= base:
            other = _list_type(line)
            if other is not None and other != kind:
                return j  # a list of the other kind starts here
            if other is None and _interrupts_paragraph(line):
                return j  # a heading, rule, fence or quote: not part of any item
        j += 1
    return j


def _reindent_list(lines: list[str]) -> list[str]:
    """A list's lines indented the way Python-Markdown reads them: four spaces a level.

    Writers indent a nested item under the text of its parent, as CommonMark has it: two
    spaces under "- ", three under "1. ". Python-Markdown wants four per level, and would
    flatten such a list into one. Text indented beyond its item's column keeps the extra.
    """
    open_items: list[tuple[int, int]] = []  # (content column in the source, nesting level)
    out: list[str] = []
    for line in lines:
        if _blank(line):
            out.append("")
            continue
        indent = _indent(line)
        item = None if _HR.match(line) else _ITEM.match(line)
        owner = next((entry for entry in reversed(open_items) if entry[0] <= indent), None)
        if item is not None and (owner is None or indent < owner[0] + TAB_LENGTH):
            while open_items and open_items[-1][0] > indent:
                open_items.pop()
            level = open_items[-1][1] + 1 if open_items else 0
            out.append(" " * (TAB_LENGTH * level) + line[indent:])
            open_items.append((_content_column(item), level))
        elif owner is not None:
            column, level = owner
            out.append(" " * (TAB_LENGTH * (level + 1) + indent - column) + line[indent:])
        else:
            out.append(line)  # a lazy continuation line
    return out


def _end_of_paragraph(lines: list[str], i: int) -> int:
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if _blank(line):
            return j
        if j == i + 1 and _SETEXT_UNDERLINE.match(line):
            return j + 1  # a one-line paragraph underlined: a heading
        if _interrupts_paragraph(line):
            return j
        j += 1
    return j


def _end_of_table(lines: list[str], i: int) -> int:
    j = i + 2
    while j < len(lines) and not _blank(lines[j]):
        j += 1
    return j


def _code(lines: list[str], start: int, end: int) -> Block:
    return Block(BlockKind.MARKDOWN, start, "\n".join(lines[start:end]))


def _markdown_text(lines: list[str]) -> str:
    return "\n".join(_HASHTAG_LINE.sub(r"\g<prefix>\\", line) for line in lines)


def _markdown(lines: list[str], start: int, end: int) -> Block:
    return Block(BlockKind.MARKDOWN, start, _markdown_text(lines[start:end]))


def normalize_newlines(text: str) -> str:
    """The text with every line ending as '\\n': lines are counted in this form."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_blocks(text: str) -> list[Block]:
    """The top-level blocks of Markdown `text`, in order, with 0-based start lines."""
    lines = [line.expandtabs(TAB_LENGTH) for line in normalize_newlines(text).split("\n")]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _blank(line):
            i += 1
        elif _opens_fence(line):
            after, closing = _fence_end(lines, i)
            blocks.append(_fence_block(lines, i, closing))
            i = after
        elif _indent(line) >= TAB_LENGTH:
            end = _end_of_indented_code(lines, i)
            blocks.append(_code(lines, i, end))
            i = end
        elif _ATX.match(line):
            # Python-Markdown wants the hashes at the start of the line.
            blocks.append(Block(BlockKind.MARKDOWN, i, line.lstrip(" ")))
            i += 1
        elif _HR.match(line):
            blocks.append(Block(BlockKind.MARKDOWN, i, "---"))
            i += 1
        elif _QUOTE.match(line):
            end = _end_of_quote(lines, i)
            blocks.append(_markdown(lines, i, end))
            i = end
        elif _list_type(line):
            end = _end_of_list(lines, i)
            blocks.append(
                Block(BlockKind.MARKDOWN, i, _markdown_text(_reindent_list(lines[i:end])))
            )
            i = end
        elif _is_table_start(lines, i):
            end = _end_of_table(lines, i)
            blocks.append(_markdown(lines, i, end))
            i = end
        else:
            end = _end_of_paragraph(lines, i)
            blocks.append(_markdown(lines, i, end))
            i = end
    return blocks
