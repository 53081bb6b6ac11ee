"""Composition root of the GUI: builds the workspace, controller and window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from editor.paths import resolve_workspace


def run_gui(workspace_option: str | None) -> int:
    """Open the editor window on the chosen workspace; returns the exit code."""
    from editor.cli import open_workspace
    from editor.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Noticeboard")
    folder, _ = resolve_workspace(workspace_option)
    workspace = open_workspace(workspace_option, write=True)
    window = MainWindow(workspace)
    window.show()
    code = app.exec()
    workspace.close()
    del QMessageBox, folder
    return int(code)
