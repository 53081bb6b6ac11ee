"""Markdown formatting commands on a QPlainTextEdit: each one is a single undo step."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

_HEADING_PREFIX = re.compile(r"^ {0,3}(#{1,6})[ \t]+|^ {0,3}(#{1,6})$")
_BULLET_PREFIX = re.compile(r"^(\s*)[-*+][ \t]+")
_NUMBER_PREFIX = re.compile(r"^(\s*)\d{1,9}[.)][ \t]+")
_QUOTE_PREFIX = re.compile(r"^(\s*)>[ \t]?")
_LIST_ITEM = re.compile(r"^(\s*)(?:([-*+])|(\d{1,9})([.)]))([ \t]+)(\[[ xX]\][ \t]+)?")
_QUOTE_LINE = re.compile(r"^(\s*(?:>[ \t]?)+)")
_URL_LIKE = re.compile(r"^(?:https?://|mailto:|www\.)\S+$")

# One nesting level: the renderer (Python-Markdown) nests a list four spaces in.
INDENT = "    "
LINK_PLACEHOLDER = "link text"
URL_PLACEHOLDER = "https://"
TABLE_TEMPLATE = "| Column 1 | Column 2 |\n| -------- | -------- |\n| Cell     | Cell     |\n"


@contextmanager
def _edit_block(cursor: QTextCursor) -> Iterator[QTextCursor]:
    cursor.beginEditBlock()
    try:
        yield cursor
    finally:
        cursor.endEditBlock()


def _select(edit: QPlainTextEdit, start: int, end: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def toggle_inline(edit: QPlainTextEdit, marker: str) -> None:
    """Wrap the selection in `marker` (or unwrap it); no selection: markers, cursor between."""
    cursor = edit.textCursor()
    n = len(marker)
    doc_text = edit.document()
    if not cursor.hasSelection():
        pos = cursor.position()
        with _edit_block(cursor):
            cursor.insertText(marker * 2)
        cursor.setPosition(pos + n)
        edit.setTextCursor(cursor)
        return
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    selected = cursor.selectedText()
    # Keep surrounding spaces outside the markers: "**word **" is not bold in Markdown.
    lead = len(selected) - len(selected.lstrip())
    trail = len(selected) - len(selected.rstrip())
    if lead == len(selected):
        return
    start, end = start + lead, end - trail
    selected = selected.strip()
    before = _text_range(doc_text.characterCount(), edit, start - n, start)
    after = _text_range(doc_text.characterCount(), edit, end, end + n)
    with _edit_block(cursor):
        if before == marker and after == marker:
            # Already wrapped just outside the selection: unwrap.
            _replace(cursor, end, end + n, "")
            _replace(cursor, start - n, start, "")
            new_start, new_end = start - n, end - n
        elif len(selected) > 2 * n and selected.startswith(marker) and selected.endswith(marker):
            _replace(cursor, start, end, selected[n:-n])
            new_start, new_end = start, end - 2 * n
        else:
            _replace(cursor, start, end, f"{marker}{selected}{marker}")
            new_start, new_end = start + n, end + n
    _select(edit, new_start, new_end)


def _text_range(char_count: int, edit: QPlainTextEdit, start: int, end: int) -> str:
    if start < 0 or end > char_count - 1:
        return ""
    cursor = QTextCursor(edit.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def _replace(cursor: QTextCursor, start: int, end: int, text: str) -> None:
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)


def _selected_blocks(edit: QPlainTextEdit) -> tuple[int, int]:
    """First and last block numbers touched by the selection (or the cursor's block)."""
    cursor = edit.textCursor()
    doc = edit.document()
    first = doc.findBlock(cursor.selectionStart()).blockNumber()
    end = cursor.selectionEnd()
    last_block = doc.findBlock(end)
    # A selection ending at the very start of a line does not include that line.
    if cursor.hasSelection() and end == last_block.position() and last_block.blockNumber() > first:
        return first, last_block.blockNumber() - 1
    return first, last_block.blockNumber()


def _rewrite_lines(edit: QPlainTextEdit, rewrite: dict[int, str]) -> None:
    """Replace whole lines by number, as one undo step, and select the lines afterwards."""
    doc = edit.document()
    cursor = edit.textCursor()
    first, last = min(rewrite), max(rewrite)
    with _edit_block(cursor):
        for number in sorted(rewrite, reverse=True):
            block = doc.findBlockByNumber(number)
            cursor.setPosition(block.position())
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(rewrite[number])
    start = doc.findBlockByNumber(first).position()
    last_block = doc.findBlockByNumber(last)
    end = last_block.position() + len(last_block.text())
    if first == last:
        _select(edit, end, end)
    else:
        _select(edit, start, end)


def toggle_list(edit: QPlainTextEdit, kind: str) -> None:
    """Make the selected lines a bulleted ("bullet"), numbered ("number") or quoted list.

    If every non-empty line already has that prefix, it is removed instead.
    """
    doc = edit.document()
    first, last = _selected_blocks(edit)
    lines = {n: doc.findBlockByNumber(n).text() for n in range(first, last + 1)}
    pattern = {"bullet": _BULLET_PREFIX, "number": _NUMBER_PREFIX, "quote": _QUOTE_PREFIX}[kind]
    content = [n for n, text in lines.items() if text.strip() or first == last]
    if content and all(pattern.match(lines[n]) for n in content):
        _rewrite_lines(edit, {n: pattern.sub(r"\1", lines[n], count=1) for n in content})
        return
    rewrite: dict[int, str] = {}
    counter = 1
    for n in content:
        text = lines[n]
        # Switching between list kinds replaces the old marker rather than stacking them.
        if kind != "quote":
            text = _BULLET_PREFIX.sub(r"\1", text, count=1)
            text = _NUMBER_PREFIX.sub(r"\1", text, count=1)
        indent = text[: len(text) - len(text.lstrip())]
        body = text[len(indent) :]
        if kind == "bullet":
            rewrite[n] = f"{indent}- {body}"
        elif kind == "number":
            rewrite[n] = f"{indent}{counter}. {body}"
            counter += 1
        else:
            rewrite[n] = f"> {text}" if text else ">"
    _rewrite_lines(edit, rewrite)


def cycle_heading(edit: QPlainTextEdit) -> None:
    """Plain line -> "## " -> "### " -> plain. Level 1 is the item's title on the page."""
    doc = edit.document()
    first, last = _selected_blocks(edit)
    rewrite: dict[int, str] = {}
    for n in range(first, last + 1):
        text = doc.findBlockByNumber(n).text()
        match = _HEADING_PREFIX.match(text)
        level = len(match.group(1) or match.group(2)) if match else 0
        body = text[match.end() :] if match else text.lstrip()
        if level == 0 or level == 1:
            rewrite[n] = f"## {body}"
        elif level == 2:
            rewrite[n] = f"### {body}"
        else:
            rewrite[n] = body
    _rewrite_lines(edit, rewrite)


def insert_link(edit: QPlainTextEdit) -> None:
    """Turn the selection into a link and select the part still to fill in."""
    cursor = edit.textCursor()
    selected = cursor.selectedText().strip() if cursor.hasSelection() else ""
    start = cursor.selectionStart()
    with _edit_block(cursor):
        if selected and _URL_LIKE.match(selected):
            url = (
                selected
                if "://" in selected or selected.startswith("mailto:")
                else f"https://{selected}"
            )
            cursor.insertText(f"[{LINK_PLACEHOLDER}]({url})")
            _select(edit, start + 1, start + 1 + len(LINK_PLACEHOLDER))
            return
        label = _escape_label(selected) if selected else LINK_PLACEHOLDER
        cursor.insertText(f"[{label}]({URL_PLACEHOLDER})")
    if selected:
        url_start = start + len(label) + 3
        _select(edit, url_start, url_start + len(URL_PLACEHOLDER))
    else:
        _select(edit, start + 1, start + 1 + len(label))


def _escape_label(text: str) -> str:
    return re.sub(r"([\[\]])", r"\\\1", " ".join(text.split()))


def image_markdown(alt: str, path: str) -> str:
    """The Markdown for an image; the alt text is kept on one line and its brackets escaped."""
    return f"![{_escape_label(alt)}]({path})"


def insert_code(edit: QPlainTextEdit) -> None:
    """Code span for a selection inside one line; a fenced block for lines or an empty line."""
    cursor = edit.textCursor()
    selected = cursor.selectedText()
    multi_line = "\u2029" in selected
    block_text = cursor.block().text()
    if cursor.hasSelection() and not multi_line:
        fence = "``" if "`" in selected else "`"
        pad = " " if fence == "``" else ""
        start = cursor.selectionStart()
        with _edit_block(cursor):
            cursor.insertText(f"{fence}{pad}{selected}{pad}{fence}")
        inner = start + len(fence) + len(pad)
        _select(edit, inner, inner + len(selected))
        return
    if not cursor.hasSelection() and block_text.strip():
        pos = cursor.position()
        with _edit_block(cursor):
            cursor.insertText("``")
        _select(edit, pos + 1, pos + 1)
        return
    code = selected.replace("\u2029", "\n")
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    doc = edit.document()
    starts_line = start == doc.findBlock(start).position()
    end_block = doc.findBlock(end)
    ends_line = end == end_block.position() + len(end_block.text())
    prefix = "" if starts_line else "\n"
    suffix = "" if ends_line else "\n"
    with _edit_block(cursor):
        cursor.insertText(f"{prefix}```\n{code}\n```{suffix}")
    inner = start + len(prefix) + 4
    _select(edit, inner, inner + len(code))


def insert_table(edit: QPlainTextEdit) -> None:
    """A two-column table starting on its own paragraph; "Column 1" is selected to type over."""
    cursor = edit.textCursor()
    cursor.clearSelection()
    block = cursor.block()
    with _edit_block(cursor):
        if block.text().strip():
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertText("\n\n")
        elif block.previous().isValid() and block.previous().text().strip():
            cursor.insertText("\n")
        start = cursor.position()
        cursor.insertText(TABLE_TEMPLATE)
    _select(edit, start + 2, start + 2 + len("Column 1"))


def continue_list(edit: QPlainTextEdit) -> bool:
    """On Enter inside a list item or quote: start the next item. True if handled.

    Enter on an empty item ends the list instead (the marker is removed), as in most editors.
    """
    cursor = edit.textCursor()
    if cursor.hasSelection():
        return False
    block = cursor.block()
    text = block.text()
    column = cursor.positionInBlock()
    item = _LIST_ITEM.match(text)
    quote = None if item else _QUOTE_LINE.match(text)
    prefix_match = item or quote
    if prefix_match is None or column < prefix_match.end():
        return False
    if not text[prefix_match.end() :].strip():
        # An empty item: end the list.
        with _edit_block(cursor):
            cursor.setPosition(block.position())
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText("")
        edit.setTextCursor(cursor)
        return True
    if item:
        indent, bullet, number, delimiter, space, task = item.groups()
        marker = bullet if bullet else f"{int(number) + 1}{delimiter}"
        prefix = f"{indent}{marker}{space}{'[ ] ' if task else ''}"
    else:
        assert quote is not None
        prefix = quote.group(1)
    with _edit_block(cursor):
        cursor.insertText("\n" + prefix)
    edit.setTextCursor(cursor)
    return True


def is_list_item(text: str) -> bool:
    return _LIST_ITEM.match(text) is not None


def indent(edit: QPlainTextEdit) -> None:
    """Tab: a list item, or every line a selection touches, moves one level in.

    Elsewhere the cursor moves on to the next tab stop, with spaces.
    """
    cursor = edit.textCursor()
    if cursor.hasSelection() or is_list_item(cursor.block().text()):
        _shift_lines(edit, indent=True)
        return
    width = len(INDENT) - cursor.positionInBlock() % len(INDENT)
    with _edit_block(cursor):
        cursor.insertText(" " * width)
    edit.setTextCursor(cursor)


def outdent(edit: QPlainTextEdit) -> None:
    """Shift+Tab: every line the selection (or the cursor) touches moves one level out."""
    _shift_lines(edit, indent=False)


def _outdent_width(text: str) -> int:
    if text.startswith("\t"):
        return 1
    spaces = len(text) - len(text.lstrip(" "))
    return min(spaces, len(INDENT))


def _shift_lines(edit: QPlainTextEdit, *, indent: bool) -> None:
    """Add or take away one level at the start of the lines, as one undo step.

    The selection keeps covering the same text; a lone cursor stays beside the same letter.
    """
    doc = edit.document()
    cursor = edit.textCursor()
    first, last = _selected_blocks(edit)
    # (position, characters removed, text added) at the start of each changed line
    changes: list[tuple[int, int, str]] = []
    for number in range(first, last + 1):
        block = doc.findBlockByNumber(number)
        text = block.text()
        if indent and (text.strip() or first == last):
            changes.append((block.position(), 0, INDENT))
        elif not indent and _outdent_width(text):
            changes.append((block.position(), _outdent_width(text), ""))
    if not changes:
        return
    keep_line_start = cursor.hasSelection()

    def moved(position: int) -> int:
        shift = 0
        for start, removed, added in changes:
            if position < start or (position == start and keep_line_start):
                continue
            inside = min(position - start, removed)
            shift += len(added) - inside
        return position + shift

    anchor, position = moved(cursor.anchor()), moved(cursor.position())
    with _edit_block(cursor):
        for start, removed, added in reversed(changes):
            cursor.setPosition(start)
            cursor.setPosition(start + removed, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(added)
    cursor.setPosition(anchor)
    cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
