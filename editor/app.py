"""Composition root of the GUI: builds the workspace, controller and window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from editor.paths import resolve_workspace
from editor.preferences import Preferences, load_preferences
from editor.storage import (
    StorageError,
    Workspace,
    WorkspaceCorruptError,
    WorkspaceLockedError,
    restore_backup,
)

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow
    from editor.ui.preview import PreviewView
    from editor.ui.window_state import WindowState


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Qt WebEngine (the preview) needs shared OpenGL contexts set before the application.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv)
    app.setApplicationName("Noticeboard")
    app.setApplicationDisplayName("Noticeboard")
    app.setDesktopFileName("noticeboard")
    return app


def open_for_editing(folder: Path) -> Workspace:
    """Open for writing; when another live Noticeboard holds it, read-only (the window's
    banner says who holds it). A lock left by a dead process is taken over by the lock."""
    try:
        return Workspace.open(folder)
    except WorkspaceLockedError:
        return Workspace.open(folder, read_only=True)


def open_or_repair(
    folder: Path,
    parent: QWidget | None = None,
    *,
    first: Callable[[Path], Workspace] | None = None,
    on_restore: Callable[[Path], object] | None = None,
) -> Workspace | None:
    """Open `folder` (with `first`, else open_for_editing); a damaged workspace file goes
    through the damaged-workspace dialog (restore a backup, open another folder, quit),
    never opening empty. None when the editor gave up; raises StorageError.

    Start-up and the window's File > Open both come here; `on_restore` hears of a backup
    put back."""
    from editor.ui.damaged_workspace_dialog import Choice, DamagedWorkspaceDialog, backups_of

    opener = first
    while True:
        try:
            return opener(folder) if opener is not None else open_for_editing(folder)
        except WorkspaceCorruptError as error:
            dialog = DamagedWorkspaceDialog(error, backups_of(error.folder), parent)
            if not dialog.exec() or dialog.choice == Choice.QUIT:
                return None
            opener = None
            if dialog.choice == Choice.OPEN_OTHER:
                chosen = QFileDialog.getExistingDirectory(parent, "Open workspace", str(folder))
                if not chosen:
                    return None
                folder = Path(chosen)
                continue
            assert dialog.backup is not None
            restore_backup(error.folder, dialog.backup)
            if on_restore is not None:
                on_restore(dialog.backup)


def _open(workspace_option: str | None) -> Workspace | None:
    """Open the chosen workspace at start-up: the default one is made with samples the
    first time; a damaged one goes through the recovery dialog, never empty."""
    from editor.cli import open_workspace

    folder, _ = resolve_workspace(workspace_option)

    def first(_folder: Path) -> Workspace:
        try:
            return open_workspace(workspace_option, write=True)
        except WorkspaceLockedError:
            return Workspace.open(folder, read_only=True)

    return open_or_repair(folder, first=first)


def build_window(
    workspace: Workspace,
    preferences: Preferences,
    *,
    window_state: WindowState | None = None,
    preview: PreviewView | None = None,
) -> MainWindow:
    """The editor window over `workspace`: controller, autosave and views, wired."""
    from editor.ui.controller import EditorController
    from editor.ui.main_window import MainWindow

    controller = EditorController(workspace, preferences)
    return MainWindow(controller, window_state, preview=preview)


def run_gui(workspace_option: str | None) -> int:
    """Open the editor window on the chosen workspace; returns the exit code."""
    app = _application()
    # Imported after the application exists: the preview loads Qt WebEngine.
    from editor.ui.about import app_icon
    from editor.ui.theme import apply_theme

    app.setWindowIcon(app_icon())
    preferences = load_preferences()
    apply_theme(app, preferences.theme)
    try:
        workspace = _open(workspace_option)
    except StorageError as error:
        QMessageBox.critical(None, "Cannot open the workspace", str(error))
        return 1
    if workspace is None:
        return 1
    window = build_window(workspace, preferences)
    window.opening.show_workspace()
    from editor.ui.file_open import FileOpenFilter

    # macOS hands a double-clicked bundle to the running app as an event, not an argument.
    app.installEventFilter(FileOpenFilter(window.acts.reviews.open_bundle, window))
    try:
        return int(app.exec())
    finally:
        window.controller.close()


def run_review(bundle: Path) -> int:
    """Open the review window on `bundle` (`noticeboard review`, a double-click on a bundle);
    returns the exit code: 1 when the bundle is refused or no reviewer name is given."""
    app = _application()
    from editor.ui.about import app_icon
    from editor.ui.review_opening import review_session
    from editor.ui.theme import apply_theme

    app.setWindowIcon(app_icon())
    preferences = load_preferences()
    apply_theme(app, preferences.theme)
    # Checked on a worker thread: a large bundle takes seconds to hash.
    return review_session(app, bundle, preferences)
