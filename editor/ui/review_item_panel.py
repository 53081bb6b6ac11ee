"""The review window's verdict panel: approve, request changes, comment, for one item."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.bundle.review import VERDICT_LABELS, ItemReview, Verdict

_COMMENT_ID = Qt.ItemDataRole.UserRole + 1


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.rstrip(".…"))
    button.setToolTip(tip)
    return button


class ReviewItemPanel(QWidget):
    """Shows the reviewer's verdict and comments on the current item; emits what they want."""

    approve_requested = Signal()
    changes_requested = Signal()
    comment_requested = Signal()
    clear_requested = Signal()
    remove_requested = Signal(str)  # comment id
    comment_chosen = Signal(str)  # comment id: show its passage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict_label = QLabel()
        self.verdict_label.setAccessibleName("Verdict")
        self.verdict_label.setWordWrap(True)
        self.approve_button = _button("Approve", "This item can be published as it is")
        self.changes_button = _button(
            "Request changes…",
            "Say what must change; select a passage of the body first to point at it",
        )
        self.comment_button = _button(
            "Add comment…", "A remark that does not block approval; select a passage to anchor it"
        )
        self.clear_button = _button("Clear verdict", "Neither approved nor changes requested")
        self.comments = QListWidget()
        self.comments.setAccessibleName("Review comments")
        self.comments.setWordWrap(True)
        # Comments run to several lines: shading tells where one ends and the next begins.
        self.comments.setAlternatingRowColors(True)
        self.remove_button = _button("Remove comment", "Remove the chosen comment from the review")
        self.remove_button.setEnabled(False)

        buttons = QHBoxLayout()
        for button in (self.approve_button, self.changes_button, self.comment_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        lower = QHBoxLayout()
        lower.addWidget(self.clear_button)
        lower.addStretch(1)
        lower.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.verdict_label)
        layout.addLayout(buttons)
        layout.addWidget(self.comments, 1)
        layout.addLayout(lower)

        self.approve_button.clicked.connect(self.approve_requested)
        self.changes_button.clicked.connect(self.changes_requested)
        self.comment_button.clicked.connect(self.comment_requested)
        self.clear_button.clicked.connect(self.clear_requested)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.comments.currentItemChanged.connect(self._on_comments_current_item_changed)
        self.show_entry(None)

    def show_entry(self, entry: ItemReview | None) -> None:
        """Show `entry` (None: no item chosen, every button off)."""
        for button in (
            self.approve_button,
            self.changes_button,
            self.comment_button,
            self.clear_button,
        ):
            button.setEnabled(entry is not None)
        self.comments.clear()
        self.remove_button.setEnabled(False)
        if entry is None:
            self.verdict_label.setText("Choose an item in the list to review it.")
            return
        verdict = VERDICT_LABELS[entry.verdict]
        self.verdict_label.setText(f"<b>{verdict}</b> · revision {entry.revision}")
        self.clear_button.setEnabled(entry.verdict is not Verdict.NONE)
        for comment in entry.comments:
            passage = (
                f"“{_short(comment.anchor.quote)}” (line {comment.anchor.line})\n"
                if (comment.anchor)
                else ""
            )
            row = QListWidgetItem(f"{passage}{comment.text}")
            row.setData(_COMMENT_ID, str(comment.id))
            row.setToolTip(f"{comment.created_at.astimezone():%d %b %Y %H:%M}")
            self.comments.addItem(row)

    def comment_texts(self) -> list[str]:
        return [self.comments.item(i).text() for i in range(self.comments.count())]

    def _current_comment_id(self) -> str | None:
        row = self.comments.currentItem()
        return str(row.data(_COMMENT_ID)) if row is not None else None

    def _on_comments_current_item_changed(self, *_: object) -> None:
        comment_id = self._current_comment_id()
        self.remove_button.setEnabled(comment_id is not None)
        if comment_id is not None:
            self.comment_chosen.emit(comment_id)

    def _on_remove_button_clicked(self) -> None:
        comment_id = self._current_comment_id()
        if comment_id is not None:
            self.remove_requested.emit(comment_id)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
