"""Reviewers' comments on the item being edited, in the form; each one can be resolved.

CommentsPanel only shows what it is given and says what the editor wants; ItemComments
feeds it from the workspace's comments as the controller opens and saves items, and
stores the resolved state.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.bundle.review import VERDICT_LABELS
from editor.domain.items import Announcement, Event
from editor.storage import StorageError
from editor.storage.comments import CommentStore, StoredComment, changed_since
from editor.storage.workspace_errors import ItemNotFoundError
from editor.ui.controller import EditorController
from editor.ui.form_rows import section_heading

Item = Announcement | Event


@dataclass(frozen=True)
class ShownComment:
    comment: StoredComment
    outdated: bool  # the item changed since the revision the reviewer saw


class _CommentCard(QFrame):
    def __init__(self, shown: ShownComment, panel: CommentsPanel) -> None:
        super().__init__()
        comment = shown.comment
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Comment by {comment.reviewer}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        # The item's verdict is a card of its own: on a comment's card it would read as what
        # that comment said (a remark made with "Add comment" is no request for changes).
        head = (
            f"<b>{escape(comment.reviewer)}</b> · {comment.created_at.astimezone():%d %b %Y %H:%M}"
        )
        self.head = QLabel(head)
        self.head.setAccessibleName("Reviewer")
        self.head.setWordWrap(True)
        layout.addWidget(self.head)
        if shown.outdated:
            self.outdated = QLabel(f"outdated: made on revision {comment.revision}")
            self.outdated.setAccessibleName("Outdated")
            self.outdated.setStyleSheet("color:#8a4b00;font-style:italic;")
            layout.addWidget(self.outdated)
        if comment.anchor is not None:
            quote = QLabel(f"<i>“{escape(comment.anchor.quote)}”</i> (line {comment.anchor.line})")
            quote.setAccessibleName("Passage")
            quote.setWordWrap(True)
            layout.addWidget(quote)
        text = comment.text or (
            f"Verdict: {VERDICT_LABELS[comment.verdict].lower()} (revision {comment.revision})"
        )
        # Only comments with text can be resolved; a bare verdict has no button.
        self.button: QPushButton | None = None
        self.text = QLabel(text)
        self.text.setAccessibleName("Comment text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        if not comment.text:
            return  # a bare verdict: nothing to resolve
        row = QHBoxLayout()
        if comment.resolved:
            by = f" by {comment.resolved_by}" if comment.resolved_by else ""
            state = QLabel(f"Resolved{by}")
            state.setAccessibleName("Resolved")
            state.setTextFormat(Qt.TextFormat.PlainText)
            row.addWidget(state)
            self.setStyleSheet("QLabel { color: palette(mid); }")
        row.addStretch(1)
        button = QPushButton("Reopen" if comment.resolved else "Resolve")
        button.setAccessibleName("Reopen" if comment.resolved else "Resolve")
        comment_id, resolved = str(comment.id), not comment.resolved
        button.clicked.connect(lambda: panel.resolve_requested.emit(comment_id, resolved))
        row.addWidget(button)
        self.button = button
        layout.addLayout(row)


class CommentsPanel(QWidget):
    """The comments on one item, newest last; hidden when there are none."""

    resolve_requested = Signal(str, bool)  # comment id, resolved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Review comments")
        self.heading = section_heading("Review comments")
        self.summary = QLabel()
        self.summary.setAccessibleName("Review summary")
        self.summary.setWordWrap(True)
        self._cards = QVBoxLayout()
        self._cards.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(self._cards)
        self.cards: list[_CommentCard] = []
        self.hide()

    def show_comments(self, shown: list[ShownComment]) -> None:
        for card in self.cards:
            # Hidden and unparented at once: deleteLater alone leaves it drawn until the
            # event loop comes round, over the next item's cards.
            self._cards.removeWidget(card)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = [_CommentCard(entry, self) for entry in shown]
        for card in self.cards:
            self._cards.addWidget(card)
        open_ = sum(1 for s in shown if not s.comment.resolved and s.comment.text)
        outdated = sum(1 for s in shown if s.outdated and not s.comment.resolved and s.comment.text)
        parts = [f"{open_} open comment{'s' if open_ != 1 else ''}"]
        if outdated:
            parts.append(f"{outdated} made on an earlier revision")
        self.summary.setText(", ".join(parts))
        self.setVisible(bool(shown))


class ItemComments(QObject):
    """Keeps the panel showing the comments on the controller's current item."""

    def __init__(self, controller: EditorController, panel: CommentsPanel) -> None:
        super().__init__(panel)
        self._controller = controller
        self._panel = panel
        self._item_id: str | None = None
        controller.item_selected.connect(self._on_controller_item_selected)
        controller.item_saved.connect(self._on_controller_item_saved)
        controller.items_changed.connect(self._on_controller_items_changed)
        panel.resolve_requested.connect(self._on_panel_resolve_requested)

    def refresh(self) -> None:
        """Show the current item's comments again (after a review was imported)."""
        workspace = self._controller.workspace
        if self._item_id is None or self._controller.is_new:
            self._panel.show_comments([])
            return
        comments = CommentStore(workspace).for_item(self._item_id)
        changed: dict[int, bool] = {}  # by revision: each reads the item's history
        for comment in comments:
            if comment.revision not in changed:
                try:
                    changed[comment.revision] = changed_since(
                        workspace, self._item_id, comment.revision
                    )
                except (ItemNotFoundError, StorageError):
                    changed[comment.revision] = True
        shown = [ShownComment(c, changed[c.revision]) for c in comments]
        self._panel.show_comments(shown)

    def _on_controller_item_selected(self, data: dict[str, Any]) -> None:
        self._item_id = str(data["id"]) if data.get("id") else None
        self.refresh()

    def _on_controller_item_saved(self, item: Item) -> None:
        if str(item.id) == self._item_id:
            self.refresh()

    def _on_controller_items_changed(self, items: list[Item]) -> None:
        if any(str(item.id) == self._item_id for item in items):
            self.refresh()

    def _on_panel_resolve_requested(self, comment_id: str, resolved: bool) -> None:
        c = self._controller
        try:
            CommentStore(c.workspace).set_resolved(comment_id, resolved, by=c.author() or None)
        except (StorageError, ItemNotFoundError, OSError) as error:
            c.fail(f"The comment was not changed: {error}")
            return
        self.refresh()
