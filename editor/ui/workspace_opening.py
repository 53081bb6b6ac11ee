"""Opening a workspace in the editor window: start-up, File > Open, Open recent, a damaged file's
backups, one another Noticeboard holds (read-only, if the editor agrees), and the read-only
banner's "Try to edit again"."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from editor import app
from editor.storage import StorageError, Workspace, WorkspaceLockedError
from editor.ui.recovery_dialog import RecoveryDialog

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
        """Open the workspace in `folder` as start-up does (app.open_or_repair): a damaged
        one offers its backups; held by another live Noticeboard, it opens read-only, here
        only once the editor agrees."""
        w = self.w
        if self._is_open(folder):
            w.statusBar().showMessage("This workspace is already open", 5000)
            return True
        if not w.confirm_leave():
            return False
        restored: list[Path] = []
        try:
            fresh = app.open_or_repair(folder, w, on_restore=restored.append)
        except (StorageError, OSError) as error:
            title = "Cannot restore the backup" if restored else "Cannot open the workspace"
            QMessageBox.warning(w, title, str(error))
            return False
        if fresh is None:
            return False
        if self._is_open(fresh.folder):  # "Open another" in the damaged dialog chose it
            fresh.close()
            w.statusBar().showMessage("This workspace is already open", 5000)
            return True
        if fresh.read_only and not self.ask_open_read_only(fresh):
            fresh.close()
            return False
        self.show_workspace(fresh)
        if restored:
            w.statusBar().showMessage(f"Restored the backup {restored[-1].name}", 8000)
        else:
            shown = "read-only" if fresh.read_only else "the workspace"
            w.statusBar().showMessage(f"Opened {shown} in {fresh.folder}", 5000)
        return True

    def show_workspace(self, fresh: Workspace | None = None) -> RecoveryDialog | None:
        """Every workspace the window shows comes through here: at start-up (None: the
        controller's own), File > Open, Open recent, a restored backup, "Try to edit again".

        The drafts an earlier session left are read before the list loads, so the list
        opens no item with one and nothing typed is journaled over one; once the window
        shows, they are offered (the recovery dialog, returned; None when there are none).
        """
        w = self.w
        drafts = w.start() if fresh is None else w.controller.use_workspace(fresh)
        w.show()
        return w.safety.offer_recovery(drafts)

    def _is_open(self, folder: Path | None) -> bool:
        current = self.w.controller.workspace.folder
        return current is not None and folder is not None and folder.resolve() == current.resolve()

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
        self.show_workspace(fresh)
