"""The dialog that offers the drafts an earlier session left unsaved (after a crash)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.domain.items import Announcement, Event
from editor.storage.journal import Draft
from editor.ui.choice_list_model import ChoiceListModel
from editor.ui.diff_view import DiffView

Item = Announcement | Event


def ago(moment: datetime, now: datetime | None = None) -> str:
    seconds = int(((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


class RecoveryDialog(QDialog):
    """Each draft against its saved version; Restore or Discard each, or decide later.

    A view: it emits what the editor chose, and the window reports back with `resolve`.
    """

    restore_requested = Signal(object)  # Draft (valid: saved as a new revision)
    open_requested = Signal(object)  # Draft (not valid yet: opened in the editor)
    discard_requested = Signal(object)  # Draft

    def __init__(
        self,
        drafts: Sequence[Draft],
        stored: Callable[[str], Item | None],
        is_valid: Callable[[Draft], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved drafts")
        self.setObjectName("recovery_dialog")
        self._drafts = list(drafts)
        self._stored = stored
        self._valid = {d.item_id: is_valid(d) for d in self._drafts}
        self._open: set[str] = {d.item_id for d in self._drafts}

        count = len(self._drafts)
        intro = QLabel(
            f"<p><b>Noticeboard closed before {count} draft{'s were' if count != 1 else ' was'} "
            "saved.</b> Nothing typed was thrown away: each draft is shown against its saved "
            "version. Restoring saves the draft as a new revision; the saved version stays "
            "in the item's history.</p>"
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("What happened")

        self.drafts_model = ChoiceListModel(self)
        self.drafts_model.set_rows((d.item_id, self._label(d)) for d in self._drafts)
        self.list = QListView()
        self.list.setModel(self.drafts_model)
        self.list.setAccessibleName("Unsaved drafts")
        selection = self.list.selectionModel()
        selection.currentRowChanged.connect(self._on_list_current_row_changed)
        self.list.setMinimumWidth(260)

        self.diff = DiffView()
        self.note = QLabel()
        self.note.setAccessibleName("Draft note")
        self.note.setWordWrap(True)

        self.restore_button = QPushButton("&Restore draft")
        self.restore_button.setAccessibleName("Restore draft")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.discard_button = QPushButton("&Discard draft…")
        self.discard_button.setAccessibleName("Discard draft")
        self.discard_button.clicked.connect(self._on_discard_button_clicked)
        self.later_button = QPushButton("Decide &later")
        self.later_button.setAccessibleName("Decide later")
        self.later_button.setToolTip(
            "Keep the drafts in the recovery journal; you are asked again before editing them"
        )
        self.later_button.clicked.connect(self.reject)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.diff, 1)
        right_layout.addWidget(self.note)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        row.addStretch(1)
        right_layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.later_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(1050, 640)
        if self._drafts:
            self._show_row(0)

    def _label(self, draft: Draft) -> str:
        title = draft.title or "Untitled"
        state = "new item" if draft.is_new else f"from revision {draft.base_revision}"
        return f"{title}\n{ago(draft.written_at)} · {state}"

    def current_draft(self) -> Draft | None:
        row = self.list.currentIndex().row()
        return self._drafts[row] if 0 <= row < len(self._drafts) else None

    def _show_row(self, row: int) -> None:
        self.list.setCurrentIndex(self.drafts_model.index(row))

    def pending(self) -> list[Draft]:
        """Drafts not yet restored or discarded."""
        return [d for d in self._drafts if d.item_id in self._open]

    def _on_list_current_row_changed(self, *_rows: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        draft = self.current_draft()
        if draft is None:
            return
        stored = self._stored(draft.item_id)
        old: dict[str, Any] | None = stored.model_dump() if stored is not None else None
        old_name = "nothing saved" if stored is None else f"saved revision {stored.revision}"
        self.diff.show_diff(old, draft.data, old_name=old_name, new_name="the unsaved draft")
        valid = self._valid[draft.item_id]
        is_open = draft.item_id in self._open
        self.restore_button.setText("&Restore draft" if valid else "&Open draft in the editor")
        self.restore_button.setAccessibleName("Restore draft")
        self.restore_button.setEnabled(is_open)
        self.discard_button.setEnabled(is_open)
        notes: list[str] = []
        if not valid and is_open:
            problems = "; ".join(draft.problems.values()) or "some fields are not valid"
            notes.append(
                f"This draft cannot be saved as it is ({problems}). Open it in the editor to "
                "finish it."
            )
        if stored is not None and stored.revision != draft.base_revision and is_open:
            notes.append(
                f"The item was saved again (revision {stored.revision}) after this draft "
                f"started from revision {draft.base_revision}."
            )
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))

    def _on_restore_button_clicked(self) -> None:
        draft = self.current_draft()
        if draft is None or draft.item_id not in self._open:
            return
        if self._valid[draft.item_id]:
            self.restore_requested.emit(draft)
        else:
            self.open_requested.emit(draft)

    def _on_discard_button_clicked(self) -> None:
        draft = self.current_draft()
        if draft is not None and draft.item_id in self._open and self.confirm_discard(draft):
            self.discard_requested.emit(draft)

    def confirm_discard(self, draft: Draft) -> bool:
        """Ask before throwing a draft away (tests replace this)."""
        answer = QMessageBox.question(
            self,
            "Discard the draft?",
            f"Throw away the unsaved changes to “{draft.title or 'Untitled'}”? "
            "This cannot be undone.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def resolve(self, item_id: str, note: str) -> None:
        """The window dealt with a draft: mark its row; close when none is left."""
        self._open.discard(item_id)
        for draft in self._drafts:
            if draft.item_id == item_id:
                self.drafts_model.settle(item_id, f"{draft.title or 'Untitled'}\n{note}")
        self._show_current()
        if not self._open:
            self.accept()
            return
        # On to the next draft still waiting.
        for row, draft in enumerate(self._drafts):
            if draft.item_id in self._open:
                self._show_row(row)
                break

    def show_error(self, message: str) -> None:
        self.note.setText(message)
        self.note.setVisible(True)
