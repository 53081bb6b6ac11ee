"""Opening a workspace from the editor window: File > Open, Open recent, a damaged file's
backups, one another Noticeboard holds (read-only, if the editor agrees), and the read-only
banner's "Try to edit again"."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from editor import app
from editor.storage import (
    StorageError,
    Workspace,
    WorkspaceCorruptError,
    WorkspaceLockedError,
    restore_backup,
)
from editor.ui.damaged_workspace_dialog import Choice, DamagedWorkspaceDialog, backups_of

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class WorkspaceOpening(QObject):
    """Switches the window to another workspace, asking what start-up would decide alone."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        window.safety.banner.retry_button.clicked.connect(self._on_banner_retry_clicked)

    def choose(self) -> None:
        """File > Open workspace…: pick a folder, then open it."""
        w = self.w
        start = str(w.controller.workspace.folder or Path.home())
        folder = QFileDialog.getExistingDirectory(w, "Open workspace", start)
        if folder:
            self.open(Path(folder))

    def open(self, folder: Path) -> bool:
        """Open the workspace in `folder` as start-up does (app.open_for_editing): held by
        another live Noticeboard, it opens read-only, here only once the editor agrees."""
        w = self.w
        current = w.controller.workspace.folder
        if current is not None and folder.resolve() == current.resolve():
            w.statusBar().showMessage("This workspace is already open", 5000)
            return True
        if not w.confirm_leave():
            return False
        try:
            fresh = app.open_for_editing(folder)
        except WorkspaceCorruptError as error:
            return self.open_damaged(error)
        except (StorageError, OSError) as error:
            QMessageBox.warning(w, "Cannot open the workspace", str(error))
            return False
        if fresh.read_only and not self.ask_open_read_only(fresh):
            fresh.close()
            return False
        w.controller.use_workspace(fresh)
        shown = "read-only" if fresh.read_only else "the workspace"
        w.statusBar().showMessage(f"Opened {shown} in {folder}", 5000)
        w.safety.offer_recovery()
        return True

    def ask_open_read_only(self, workspace: Workspace) -> bool:
        """Whether to look at a workspace another Noticeboard holds (tests replace this)."""
        holder = workspace.lock_holder
        who = f"Another Noticeboard has it open ({holder.describe()})" if holder else "It is busy"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Workspace in use",
            f"{who}, so it cannot be edited here.\n\nOpen it read-only, to look and copy?",
            QMessageBox.StandardButton.Cancel,
            self.w,
        )
        read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(read_only)
        box.exec()
        return box.clickedButton() is read_only

    def open_damaged(self, error: WorkspaceCorruptError) -> bool:
        """The damaged-workspace dialog, then what the editor chose there."""
        w = self.w
        dialog = DamagedWorkspaceDialog(error, backups_of(error.folder), w)
        if not dialog.exec() or dialog.choice == Choice.QUIT:
            return False
        if dialog.choice == Choice.OPEN_OTHER:
            self.choose()
            return True
        assert dialog.backup is not None
        try:
            restore_backup(error.folder, dialog.backup)
            fresh = Workspace.open(error.folder)
        except (StorageError, OSError) as failure:
            QMessageBox.warning(w, "Cannot restore the backup", str(failure))
            return False
        w.controller.use_workspace(fresh)
        w.statusBar().showMessage(f"Restored the backup {dialog.backup.name}", 8000)
        return True

    def _on_banner_retry_clicked(self) -> None:
        w = self.w
        folder = w.controller.workspace.folder
        if folder is None:
            return
        try:
            fresh = Workspace.open(folder)
        except WorkspaceLockedError as error:
            w.statusBar().showMessage(f"Still read-only: {error}", 8000)
            return
        except StorageError as error:
            w.statusBar().showMessage(str(error), 8000)
            return
        w.controller.use_workspace(fresh)
        w.safety.offer_recovery()
