"""Asks the reviewer for a comment, showing the passage it will point at, if any."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.bundle.review import COMMENT_MAX, Anchor


class ReviewCommentDialog(QDialog):
    """One comment's text; OK only once there is some."""

    def __init__(self, title: str, anchor: Anchor | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.passage = QLabel()
        self.passage.setAccessibleName("Passage")
        self.passage.setWordWrap(True)
        self.passage.setTextFormat(Qt.TextFormat.PlainText)  # the quote is the bundle's text
        if anchor is None:
            self.passage.setText(
                "About the whole item. (To point at a passage, select it in the body first.)"
            )
        else:
            quote = anchor.quote if len(anchor.quote) <= 300 else anchor.quote[:299] + "…"
            self.passage.setText(f"About this passage (line {anchor.line}):\n“{quote}”")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName("Comment")
        self.text_edit.setPlaceholderText("What should change, and why")
        self.text_edit.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setAccessibleName("OK")
        self._ok.setEnabled(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.text_edit.textChanged.connect(self._on_text_edit_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.passage)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.buttons)
        self.resize(480, 280)

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def _on_text_edit_text_changed(self) -> None:
        text = self.text()
        self._ok.setEnabled(0 < len(text) <= COMMENT_MAX)


def ask_comment(parent: QWidget, title: str, anchor: Anchor | None) -> str | None:
    """The comment typed, or None when the reviewer cancelled."""
    dialog = ReviewCommentDialog(title, anchor, parent)
    return dialog.text() if dialog.exec() else None
