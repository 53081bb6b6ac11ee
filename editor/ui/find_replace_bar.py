"""The find-and-replace bar shown above the body editor (Ctrl+F, Ctrl+H; Escape closes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)


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
        self.replace_field = QLineEdit(self)
        self.replace_field.setAccessibleName("Replace with")
        self.replace_field.setPlaceholderText("Replace with")
        self.match_case = QCheckBox("Match case", self)
        self.status = QLabel(self)
        self.status.setAccessibleName("Search result")
        self.status.setMinimumWidth(self.status.fontMetrics().horizontalAdvance("No matches 00"))

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

    # -- opening and closing ---------------------------------------------------------

    def open_find(self, *, with_replace: bool = False) -> None:
        """Show the bar (with the replace row if asked), seeded with a one-line selection."""
        selected = self._edit.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_field.setText(selected)
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
        self._edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

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
        self.status.setText(f"Replaced {count}" if count else "No matches")
        return count

    def count_matches(self) -> int:
        needle = self.find_field.text()
        if not needle:
            return 0
        text = self._edit.toPlainText()
        if self.match_case.isChecked():
            return text.count(needle)
        return text.lower().count(needle.lower())

    def _update_status(self, *, wrapped: bool = False) -> None:
        if not self.find_field.text():
            self.status.setText("")
            return
        count = self.count_matches()
        if count == 0:
            self.status.setText("No matches")
        else:
            text = "1 match" if count == 1 else f"{count:,} matches"
            self.status.setText(f"{text}, wrapped" if wrapped else text)

    @Slot(str)
    def _on_find_field_text_edited(self, _text: str) -> None:
        # Search as you type, from where the current match starts so it grows in place.
        self._find(backward=False, from_start_of_selection=True)

    @Slot(bool)
    def _on_match_case_toggled(self, _checked: bool) -> None:
        self._update_status()


def _tip(label: str, key: QKeySequence.StandardKey) -> str:
    bindings = QKeySequence.keyBindings(key)
    if not bindings:
        return label
    return f"{label} ({bindings[0].toString(QKeySequence.SequenceFormat.NativeText)})"
