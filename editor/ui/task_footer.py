"""The foot of a dialog that runs one long task (export, import): summary, progress, buttons."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QProgressBar, QPushButton


@dataclass(frozen=True)
class TaskFooter:
    summary: QLabel  # what will happen, then what happened
    progress: QProgressBar  # 0-1000, shown while the task runs
    buttons: QDialogButtonBox
    action: QPushButton  # starts the task
    close: QPushButton  # Close; dialogs relabel it Cancel while the task runs


def task_footer(verb: str) -> TaskFooter:
    """Widgets named for `verb` ("Export summary", "Export progress", "Export", "Close")."""
    summary = QLabel()
    summary.setAccessibleName(f"{verb} summary")
    summary.setWordWrap(True)
    progress = QProgressBar()
    progress.setAccessibleName(f"{verb} progress")
    progress.setRange(0, 1000)
    progress.setTextVisible(False)
    progress.hide()
    buttons = QDialogButtonBox()
    action = buttons.addButton(f"&{verb}", QDialogButtonBox.ButtonRole.AcceptRole)
    action.setAccessibleName(verb)
    close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
    close.setAccessibleName("Close")
    return TaskFooter(summary, progress, buttons, action, close)
