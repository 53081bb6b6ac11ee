"""The find-and-replace bar shown above the body editor (Ctrl+F, Ctrl+H; Escape closes).

Every match is highlighted in the text and the bar says which one is selected ("3 of 12").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from PySide6.QtCore import QMetaObject, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QWidget,
)

from editor.ui.markdown_highlighter import is_dark

# Up to this many matches are all highlighted at once; beyond it, those on screen are,
# again after each scroll (a highlight costs Qt some work on every repaint).
HIGHLIGHT_ALL_MAX = 1000
REFRESH_DELAY_MS = 150  # matches are found again this long after the text changes
_LIGHT_MATCH = QColor(255, 221, 87, 150)  # a marker-pen yellow under the text
_DARK_MATCH = QColor(150, 120, 20, 170)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class FindReplaceBar(QWidget):
    """Searches a QPlainTextEdit; replacing is one undo step per click (all: one step too)."""

    closed = Signal()

    def __init__(self, edit: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self._read_only = False

        self.find_field = QLineEdit(self)
        self.find_field.setAccessibleName("Find")
        self.find_field.setPlaceholderText("Find")
        self.find_field.setClearButtonEnabled(True)
        # Room for a phrase even when the editor column is narrow.
        self.find_field.setMinimumWidth(self.find_field.fontMetrics().horizontalAdvance("x" * 18))
        self.replace_field = QLineEdit(self)
        self.replace_field.setAccessibleName("Replace with")
        self.replace_field.setPlaceholderText("Replace with")
        self.match_case = QCheckBox("Match case", self)
        self.status = QLabel(self)
        self.status.setAccessibleName("Search result")
        self.status.setMinimumWidth(self.status.fontMetrics().horizontalAdvance("999 of 999"))
        # Match positions and lengths in the document's own units (UTF-16), sorted.
        self._starts: list[int] = []
        self._lengths: list[int] = []
        self._stale = True
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)

        self.previous_button = QPushButton("Previous", self)
        self.previous_button.setToolTip(
            _tip("Find previous", QKeySequence.StandardKey.FindPrevious)
        )
        self.next_button = QPushButton("Find next", self)
        self.next_button.setToolTip(_tip("Find next", QKeySequence.StandardKey.FindNext))
        self.replace_button = QPushButton("Replace", self)
        self.replace_button.setToolTip("Replace this match and find the next one")
        self.replace_all_button = QPushButton("Replace all", self)
        self.close_button = QToolButton(self)
        self.close_button.setText("\u2715")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close find bar")
        self.close_button.setToolTip("Close (Esc)")
        for button in (self.previous_button, self.next_button, self.replace_button):
            button.setAutoDefault(False)
        self.replace_all_button.setAutoDefault(False)

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.find_field, 0, 0)
        grid.addWidget(self.previous_button, 0, 1)
        grid.addWidget(self.next_button, 0, 2)
        grid.addWidget(self.match_case, 0, 3)
        grid.addWidget(self.status, 0, 4)
        grid.addWidget(self.close_button, 0, 5)
        grid.addWidget(self.replace_field, 1, 0)
        grid.addWidget(self.replace_button, 1, 1)
        grid.addWidget(self.replace_all_button, 1, 2)
        grid.setColumnStretch(0, 1)
        self.setTabOrder(self.find_field, self.replace_field)

        self.find_field.textEdited.connect(self._on_find_field_text_edited)
        self.find_field.returnPressed.connect(self.find_next)
        self.replace_field.returnPressed.connect(self.replace)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        self.match_case.toggled.connect(self._on_match_case_toggled)
        # Connected while the bar shows: typing in the body costs nothing extra otherwise.
        self._watching: list[QMetaObject.Connection] = []

    # -- opening and closing ---------------------------------------------------------

    def open_find(self, *, with_replace: bool = False) -> None:
        """Show the bar (with the replace row if asked), seeded with a one-line selection."""
        selected = self._edit.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_field.setText(selected)
        self._stale = True
        show_replace = with_replace and not self._read_only
        for widget in (self.replace_field, self.replace_button, self.replace_all_button):
            widget.setVisible(show_replace)
        self.show()
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()
        self._update_status()

    @Slot()
    def close_bar(self) -> None:
        if not self.isVisible():
            return
        self.hide()
        self._refresh_timer.stop()
        self._edit.setExtraSelections([])
        self._edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._watching:
            self._stale = True  # the text may have changed while the bar was hidden
            self._watching = [
                self._edit.document().contentsChange.connect(self._on_document_contents_change),
                self._edit.verticalScrollBar().valueChanged.connect(self._on_edit_scrolled),
            ]
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        for connection in self._watching:
            QObject.disconnect(connection)
        self._watching = []
        super().hideEvent(event)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.replace_field, self.replace_button, self.replace_all_button):
            widget.setEnabled(not read_only)
            if read_only:
                widget.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_previous()
            return
        super().keyPressEvent(event)

    # -- searching -------------------------------------------------------------------

    def _flags(self, *, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.match_case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    @Slot()
    def find_next(self) -> bool:
        return self._find(backward=False)

    @Slot()
    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, *, backward: bool, from_start_of_selection: bool = False) -> bool:
        needle = self.find_field.text()
        if not needle:
            self._update_status()
            return False
        doc = self._edit.document()
        cursor = self._edit.textCursor()
        if from_start_of_selection:
            start = QTextCursor(doc)
            start.setPosition(cursor.selectionStart())
            cursor = start
        found = doc.find(needle, cursor, self._flags(backward=backward))
        wrapped = False
        if found.isNull():
            # Wrap around, like every editor the users know.
            edge = QTextCursor(doc)
            if backward:
                edge.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(needle, edge, self._flags(backward=backward))
            wrapped = not found.isNull()
        if found.isNull():
            self._update_status()
            return False
        self._edit.setTextCursor(found)
        self._edit.centerCursor()
        self._update_status(wrapped=wrapped)
        return True

    def _matches_selection(self) -> bool:
        selected = self._edit.textCursor().selectedText()
        needle = self.find_field.text()
        if not needle or not selected:
            return False
        if self.match_case.isChecked():
            return selected == needle
        return selected.lower() == needle.lower()

    @Slot()
    def replace(self) -> bool:
        """Replace the current match (if the selection is one), then find the next."""
        if self._read_only or not self.find_field.text():
            return False
        if self._matches_selection():
            self._edit.textCursor().insertText(self.replace_field.text())
        return self._find(backward=False)

    @Slot()
    def replace_all(self) -> int:
        """Replace every match as a single undo step; returns how many were replaced."""
        needle = self.find_field.text()
        if self._read_only or not needle:
            return 0
        doc = self._edit.document()
        replacement = self.replace_field.text()
        flags = self._flags()
        editing = QTextCursor(doc)
        editing.beginEditBlock()
        count = 0
        found = doc.find(needle, 0, flags)
        while not found.isNull():
            found.insertText(replacement)
            count += 1
            found = doc.find(needle, found.position(), flags)
        editing.endEditBlock()
        self._find_matches()
        self.status.setText(f"Replaced {count:,}" if count else "No matches")
        return count

    def count_matches(self) -> int:
        self._ensure_matches()
        return len(self._starts)

    def current_match(self) -> int | None:
        """Which match (0-based) the editor's selection is, if it is one."""
        cursor = self._edit.textCursor()
        start = cursor.selectionStart()
        index = bisect_left(self._starts, start)
        if (
            index < len(self._starts)
            and self._starts[index] == start
            and cursor.selectionEnd() - start == self._lengths[index]
        ):
            return index
        return None

    def _ensure_matches(self) -> None:
        if self._stale:
            self._find_matches()

    def _find_matches(self) -> None:
        """Find every match of the needle in the text, in document positions."""
        self._stale = False
        self._refresh_timer.stop()
        needle = self.find_field.text()
        self._starts, self._lengths = [], []
        if needle:
            text = self._edit.toPlainText()
            flags = 0 if self.match_case.isChecked() else re.IGNORECASE
            # QTextDocument counts UTF-16 units: characters beyond the BMP count twice.
            astral = [m.start() for m in _ASTRAL.finditer(text)]
            for match in re.finditer(re.escape(needle), text, flags):
                start, end = match.span()
                if astral:
                    before, inside = bisect_left(astral, start), bisect_left(astral, end)
                    start, end = start + before, end + inside
                self._starts.append(start)
                self._lengths.append(end - start)
        self._highlight()

    def _highlight(self) -> None:
        """Mark every match (or, when there are very many, those on screen)."""
        if not self.isVisible() or not self._starts:
            self._edit.setExtraSelections([])
            return
        if len(self._starts) <= HIGHLIGHT_ALL_MAX:
            first, last = 0, len(self._starts)
        else:
            viewport = self._edit.viewport().rect()
            top = self._edit.cursorForPosition(viewport.topLeft()).position()
            bottom = self._edit.cursorForPosition(viewport.bottomRight()).position()
            first = max(0, bisect_right(self._starts, top) - 1)
            last = bisect_right(self._starts, bottom)
        look = QTextCharFormat()
        look.setBackground(_DARK_MATCH if is_dark(self._edit.palette()) else _LIGHT_MATCH)
        doc = self._edit.document()
        chosen: list[QTextEdit.ExtraSelection] = []
        for start, length in zip(self._starts[first:last], self._lengths[first:last], strict=True):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = look
            chosen.append(selection)
        self._edit.setExtraSelections(chosen)

    def _update_status(self, *, wrapped: bool = False) -> None:
        self._ensure_matches()
        if not self.find_field.text():
            self.status.setText("")
            return
        count = len(self._starts)
        current = self.current_match()
        if count == 0:
            text = "No matches"
        elif current is not None:
            text = f"{current + 1:,} of {count:,}"
        else:
            text = "1 match" if count == 1 else f"{count:,} matches"
        self.status.setText(f"{text}, wrapped" if wrapped and count else text)

    @Slot(int, int, int)
    def _on_document_contents_change(self, _position: int, removed: int, added: int) -> None:
        if removed or added:
            self._stale = True
            if self.isVisible():
                self._refresh_timer.start()

    @Slot()
    def _on_refresh_timer_timeout(self) -> None:
        self._update_status()

    @Slot(int)
    def _on_edit_scrolled(self, _value: int) -> None:
        if self.isVisible() and len(self._starts) > HIGHLIGHT_ALL_MAX:
            self._highlight()

    @Slot(str)
    def _on_find_field_text_edited(self, _text: str) -> None:
        # Search as you type, from where the current match starts so it grows in place.
        self._stale = True
        self._find(backward=False, from_start_of_selection=True)

    @Slot(bool)
    def _on_match_case_toggled(self, _checked: bool) -> None:
        self._stale = True
        self._update_status()


def _tip(label: str, key: QKeySequence.StandardKey) -> str:
    bindings = QKeySequence.keyBindings(key)
    if not bindings:
        return label
    return f"{label} ({bindings[0].toString(QKeySequence.SequenceFormat.NativeText)})"
