"""The keyboard shortcuts sheet, made from the window's own actions so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys that belong to widgets rather than to window actions.
# Plain strings: a QKeySequence made at import time, before the application, crashes Qt.
EDITING_KEYS = (
    ("Undo (in the focused field)", "Ctrl+Z"),
    ("Redo (in the focused field)", "Ctrl+Shift+Z"),
    ("Next field", "Tab"),
    ("Previous field", "Shift+Tab"),
    ("In the body: indent the list item or the selected lines", "Tab"),
    ("In the body: outdent the list item or the selected lines", "Shift+Tab"),
    ("Leave the body for the next field", "Ctrl+Tab, or Esc then Tab"),
    ("Leave the body for the previous field", "Ctrl+Shift+Tab, or Esc then Shift+Tab"),
    ("Previous or next section of a date", "Left, Right"),
    ("Step a date or time up or down", "Up, Down"),
    ("Open a list or a date's calendar", "Alt+Down"),
)


def _action_rows(actions: Iterable[QAction], prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for action in actions:
        keys = action.shortcuts()
        if keys:
            text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            label = str(action.data() or "") if prefix else ""
            label = label or action.text().replace("&", "").rstrip(".")
            rows.append((f"{prefix}{label}", text))
    return rows


class ShortcutsDialog(QDialog):
    """The window's actions, then the body editor's (formatting, find), then widget keys."""

    def __init__(
        self,
        actions: Iterable[QAction],
        parent: QWidget | None = None,
        *,
        body_actions: Iterable[QAction] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = _action_rows(actions)
        rows += _action_rows(body_actions, "In the body: ")
        rows.extend(EDITING_KEYS)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (label, shown) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            self.table.setItem(row, 1, QTableWidgetItem(shown))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def rows(self) -> list[tuple[str, str]]:
        def text(row: int, column: int) -> str:
            cell = self.table.item(row, column)
            return cell.text() if cell is not None else ""

        return [(text(r, 0), text(r, 1)) for r in range(self.table.rowCount())]
