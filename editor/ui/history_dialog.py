"""An item's history: every saved revision with who and when, its differences, Restore."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.storage import Revision
from editor.ui.diff_view import DiffView


def revision_label(revision: Revision) -> str:
    """'Revision 3 · 4 Jun 2030 14:05 · alice' with '(current)' on the present one."""
    local = revision.saved_at.astimezone()
    when = f"{local.day} {local:%b %Y %H:%M}"
    who = revision.saved_by or "unknown"
    current = " (current)" if revision.current else ""
    return f"Revision {revision.revision}{current}\n{when} · {who}"


class HistoryDialog(QDialog):
    """Revisions newest first; the one chosen is compared with the current text."""

    restore_requested = Signal(int)  # revision number

    def __init__(self, title: str, history: Sequence[Revision], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"History of “{title}”")
        self.setObjectName("history_dialog")
        self._revisions = sorted(history, key=lambda r: r.revision, reverse=True)
        self._current = next((r for r in self._revisions if r.current), self._revisions[0])

        intro = QLabel(
            "Choose a revision to see what changed between it and the current text. "
            "Restoring saves its content as a new revision: the present stays in the history."
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("About the history")
        self.list = QListWidget()
        self.list.setAccessibleName("Revisions")
        for revision in self._revisions:
            entry = QListWidgetItem(revision_label(revision))
            entry.setData(Qt.ItemDataRole.UserRole, revision.revision)
            self.list.addItem(entry)
        self.list.setMinimumWidth(240)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.diff = DiffView()
        self.restore_button = QPushButton("&Restore this revision")
        self.restore_button.setAccessibleName("Restore this revision")
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self.diff)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1050, 640)
        # The newest earlier revision first: what the last save changed.
        self.list.setCurrentRow(1 if len(self._revisions) > 1 else 0)

    def selected(self) -> Revision | None:
        row = self.list.currentRow()
        return self._revisions[row] if 0 <= row < len(self._revisions) else None

    def _on_list_current_row_changed(self, _row: int) -> None:
        revision = self.selected()
        if revision is None:
            return
        self.restore_button.setEnabled(not revision.current)
        if revision.current:
            only = len(self._revisions) == 1
            self.diff.setHtml(
                "<p>This is the current text.</p>"
                + (
                    "<p>The item has only this revision so far.</p>"
                    if only
                    else "<p>Choose an earlier revision to see what changed since.</p>"
                )
            )
            return
        self.diff.show_diff(
            revision.item.model_dump(),
            self._current.item.model_dump(),
            old_name=f"revision {revision.revision}",
            new_name=f"the current text (revision {self._current.revision})",
        )

    def _on_restore_button_clicked(self) -> None:
        revision = self.selected()
        if revision is not None and not revision.current:
            self.restore_requested.emit(revision.revision)
