"""Composition root of the GUI: builds the workspace, controller and window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.paths import resolve_workspace
from editor.preferences import load_preferences
from editor.storage import StorageError, Workspace, WorkspaceLockedError


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


def _open(workspace_option: str | None) -> Workspace | None:
    """Open the workspace for writing; offer a read-only view when another window holds it."""
    from editor.cli import open_workspace

    try:
        return open_workspace(workspace_option, write=True)
    except WorkspaceLockedError as error:
        answer = QMessageBox.question(
            None,
            "Workspace in use",
            f"{error}\n\nOpen it read-only, to look without changing anything?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Open:
            return None
        folder, _ = resolve_workspace(workspace_option)
        return Workspace.open(folder, read_only=True)


def run_gui(workspace_option: str | None) -> int:
    """Open the editor window on the chosen workspace; returns the exit code."""
    app = _application()
    # Imported after the application exists: the preview loads Qt WebEngine.
    from editor.ui.about import app_icon
    from editor.ui.controller import EditorController
    from editor.ui.main_window import MainWindow
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
    controller = EditorController(workspace, preferences)
    window = MainWindow(controller)
    window.start()
    window.show()
    try:
        return int(app.exec())
    finally:
        controller.close()
