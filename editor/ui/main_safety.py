"""The editor window's safety net: autosave state, recovery, history, trash, read-only banner.

(Its "Try to edit again" button is handled by WorkspaceOpening.)

A mixin of MainWindow: each method runs on the window (`self: MainWindow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from editor.storage import StorageError, Workspace
from editor.storage.journal import Draft
from editor.ui.autosave import SaveState
from editor.ui.history_dialog import HistoryDialog
from editor.ui.recovery_dialog import RecoveryDialog
from editor.ui.trash_view import TrashView

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

UNDO_TRASH_MS = 20_000


class ReadOnlyBanner(QFrame):
    """Says why nothing can be changed here, and who holds the workspace."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("read_only_banner")
        self.setAccessibleName("Read-only banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#read_only_banner { background: #fff4ce; border: 1px solid #e0c060; }"
            "#read_only_banner QLabel { color: #4a3b00; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Read-only reason")
        self.retry_button = QPushButton("Try to edit again")
        self.retry_button.setAccessibleName("Try to edit again")
        self.retry_button.setToolTip(
            "Open the workspace for editing, if the other window has closed"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        self.hide()

    def show_for(self, workspace: Workspace) -> None:
        if not workspace.read_only:
            self.hide()
            return
        holder = workspace.lock_holder
        who = (
            f"another Noticeboard holds it ({holder.describe()})"
            if holder is not None
            else "it was opened read-only"
        )
        self.label.setText(
            f"<b>Read-only:</b> {who}. You can look and copy, but nothing you change here "
            "can be saved."
        )
        self.show()


class SafetyParts(QObject):
    """Autosave state, crash recovery, history, trash and the read-only banner."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._recovery_dialog: RecoveryDialog | None = None
        self._trash_view: TrashView | None = None
        self._last_trashed: list[str] = []
        self.history_dialog: HistoryDialog | None = None
        self._build_safety()

    def _build_safety(self) -> None:
        w = self.w
        self.banner = ReadOnlyBanner()
        self.draft_state = QLabel()
        self.draft_state.setObjectName("draft_state")
        self.draft_state.setAccessibleName("Draft state")
        self.draft_state.setWordWrap(True)
        self.draft_state.setStyleSheet(
            "#draft_state { background: #fff4ce; color: #4a3b00; border: 1px solid #e0c060;"
            " border-radius: 3px; padding: 4px 8px; }"
        )
        self.draft_state.hide()
        self.undo_trash_button = QPushButton("Undo")
        self.undo_trash_button.setAccessibleName("Undo move to trash")
        self.undo_trash_button.setFlat(True)
        self.undo_trash_button.hide()
        self.undo_trash_button.clicked.connect(self._on_undo_trash_button_clicked)
        w.statusBar().addPermanentWidget(self.undo_trash_button)
        self._undo_trash_timer = QTimer(self)
        self._undo_trash_timer.setSingleShot(True)
        self._undo_trash_timer.setInterval(UNDO_TRASH_MS)
        self._undo_trash_timer.timeout.connect(self.undo_trash_button.hide)
        w.autosave.state_changed.connect(self._on_autosave_state_changed)
        w.controller.items_removed.connect(self._on_controller_items_removed)

    # -- autosave ------------------------------------------------------------------------

    def _on_autosave_state_changed(self, state: str, message: str) -> None:
        w = self.w
        shown = state in (SaveState.DRAFT, SaveState.RETRYING, SaveState.FAILED)
        self.draft_state.setText(message)
        self.draft_state.setVisible(shown and bool(message))
        if state == SaveState.RETRYING:
            w.save_error.setText(message)
            w.save_error.setToolTip(message)
        elif state == SaveState.SAVED:
            w.save_error.clear()
        elif message and w.autosave.journal_error:
            w.save_error.setText(w.autosave.journal_error)

    # -- recovery ------------------------------------------------------------------------

    def offer_recovery(self, drafts: list[Draft] | None = None) -> RecoveryDialog | None:
        """Show the drafts an earlier session left unsaved; None if there are none."""
        w = self.w
        if drafts is None:
            drafts = w.controller.recovered_drafts()
        w.recover_action.setEnabled(bool(w.controller.pending_drafts))
        if not drafts:
            return None
        dialog = RecoveryDialog(drafts, w.controller.stored_version, w.controller.draft_is_valid, w)
        dialog.restore_requested.connect(self._on_recovery_restore_requested)
        dialog.open_requested.connect(self._on_recovery_open_requested)
        dialog.discard_requested.connect(self._on_recovery_discard_requested)
        dialog.finished.connect(self._on_recovery_finished)
        self._recovery_dialog = dialog
        dialog.open()
        return dialog

    def _on_recover_triggered(self) -> None:
        w = self.w
        self.offer_recovery(list(w.controller.pending_drafts.values()))

    def _on_recovery_restore_requested(self, draft: Draft) -> None:
        w = self.w
        dialog = self._recovery_dialog
        try:
            saved = w.controller.restore_draft(draft)
        except (StorageError, ValidationError, OSError) as error:
            if dialog is not None:
                dialog.show_error(f"Not restored: {error}")
            return
        w.statusBar().showMessage(
            f"Restored the draft of “{saved.title}” as revision {saved.revision}", 8000
        )
        if dialog is not None:
            dialog.resolve(draft.item_id, f"restored as revision {saved.revision}")

    def _on_recovery_open_requested(self, draft: Draft) -> None:
        w = self.w
        if not w.confirm_leave():
            return
        w.controller.open_draft(draft)
        w.select_item(UUID(draft.item_id))
        w.form.reveal_all_problems()
        w.autosave.save_now()  # shows the draft state at once
        if self._recovery_dialog is not None:
            self._recovery_dialog.resolve(draft.item_id, "opened in the editor")

    def _on_recovery_discard_requested(self, draft: Draft) -> None:
        w = self.w
        w.controller.discard_draft(draft)
        if self._recovery_dialog is not None:
            self._recovery_dialog.resolve(draft.item_id, "discarded")

    def _on_recovery_finished(self, _result: int) -> None:
        w = self.w
        self._recovery_dialog = None
        pending = bool(w.controller.pending_drafts)
        w.recover_action.setEnabled(pending)
        if pending:
            count = len(w.controller.pending_drafts)
            w.statusBar().showMessage(
                f"{count} unsaved draft{'s' if count != 1 else ''} kept for later: "
                "File, Recover unsaved drafts",
                10_000,
            )

    def ask_about_pending(self, item_id: UUID) -> bool:
        """Before editing an item with a draft from an earlier session: ask about the draft.

        True when the item may be edited now (no such draft)."""
        w = self.w
        draft = w.controller.pending_drafts.get(str(item_id))
        if draft is None:
            return True
        self.offer_recovery([draft])
        return False

    # -- history -------------------------------------------------------------------------

    def _on_history_triggered(self) -> None:
        w = self.w
        current = w.controller.current_id
        if current is None or w.controller.is_new:
            w.statusBar().showMessage("Choose a saved item to see its history", 4000)
            return
        if not w.confirm_leave():
            return
        current = w.controller.current_id
        if current is None:
            return
        try:
            history = w.controller.stored.history(current)
        except StorageError as error:
            w.save_error.setText(str(error))
            return
        dialog = HistoryDialog(w.controller.draft_title(), history, w)
        dialog.restore_requested.connect(
            lambda number, d=dialog, i=current: self._on_history_restore_requested(d, i, number)
        )
        self.history_dialog = dialog
        dialog.open()

    def _on_history_restore_requested(
        self, dialog: HistoryDialog, item_id: UUID, number: int
    ) -> None:
        w = self.w
        stored = w.controller.stored.restore_revision(item_id, number)
        if stored is None:
            return
        w.statusBar().showMessage(
            f"Revision {number} restored as revision {stored.revision}; "
            "the previous text stays in the history",
            8000,
        )
        dialog.accept()

    # -- trash ---------------------------------------------------------------------------

    def _on_trash_triggered(self) -> None:
        w = self.w
        ids = w.selected_ids()
        if not ids and w.controller.current_id is not None and not w.controller.is_new:
            ids = [w.controller.current_id]
        if not w.acts._ready_for_bulk(ids):
            return
        moved = w.controller.stored.trash(ids)
        if not moved:
            return
        names = f"“{moved[0].title}”" if len(moved) == 1 else f"{len(moved)} items"
        w.statusBar().showMessage(f"Moved {names} to the trash", UNDO_TRASH_MS)
        self._last_trashed = [str(item.id) for item in moved]
        self.undo_trash_button.setText(f"Undo: put {names} back")
        self.undo_trash_button.show()
        self._undo_trash_timer.start()

    def _on_controller_items_removed(self, ids: list[str]) -> None:
        w = self.w
        for item_id in ids:
            w.model.remove(item_id)
        w._refresh_choices()
        w._update_count()
        if self._trash_view is not None:
            self._trash_view.show_items(w.controller.stored.trashed())

    def _on_undo_trash_button_clicked(self) -> None:
        w = self.w
        ids, self._last_trashed = self._last_trashed, []
        self.undo_trash_button.hide()
        restored = w.controller.stored.restore_from_trash(ids)
        if restored:
            w.statusBar().showMessage(
                f"Put back {len(restored)} item{'s' if len(restored) != 1 else ''}", 5000
            )
            if w.confirm_leave():
                w.controller.select(restored[0].id)
                w.select_item(restored[0].id)

    def _on_trash_view_triggered(self) -> None:
        w = self.w
        view = TrashView(w.controller.stored.trashed(), w)
        view.restore_requested.connect(self._on_trash_view_restore_requested)
        view.empty_requested.connect(self._on_trash_view_empty_requested)
        view.finished.connect(self._on_trash_view_finished)
        self._trash_view = view
        view.open()

    def _on_trash_view_restore_requested(self, ids: list[str]) -> None:
        w = self.w
        restored = w.controller.stored.restore_from_trash(ids)
        if self._trash_view is not None:
            self._trash_view.show_items(w.controller.stored.trashed())
        if restored:
            w.statusBar().showMessage(
                f"Restored {len(restored)} item{'s' if len(restored) != 1 else ''}", 5000
            )
            if set(ids) & set(self._last_trashed):
                self._last_trashed = []
                self.undo_trash_button.hide()

    def _on_trash_view_empty_requested(self) -> None:
        w = self.w
        count = w.controller.stored.empty_trash()
        self._last_trashed = []
        self.undo_trash_button.hide()
        if self._trash_view is not None:
            self._trash_view.show_items(w.controller.stored.trashed())
        w.statusBar().showMessage(f"Deleted {count} item{'s' if count != 1 else ''} for good", 5000)

    def _on_trash_view_finished(self, _result: int) -> None:
        self._trash_view = None
