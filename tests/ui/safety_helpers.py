"""Set-up shared by the safety tests: a window on a real folder, with quick retries."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit

from editor.storage import atomic
from editor.ui.autosave import AutosaveManager
from editor.ui.controller import EditorController
from editor.ui.main_window import MainWindow
from editor.ui.preview import PreviewView
from editor.ui.window_state import WindowState
from tests.ui.window_helpers import find

TOOLKIT = "Launch of the Local Inclusion Toolkit"
FORUM = "Annual Mayors' Forum 2027"


def safety_window(
    qtbot: Any, controller: EditorController, state: Path, *, retry_ms: int = 50
) -> MainWindow:
    autosave = AutosaveManager(controller, controller, retry_first_ms=retry_ms)
    window = MainWindow(
        controller, WindowState(state), preview=PreviewView(engine="text"), autosave=autosave
    )
    qtbot.addWidget(window)
    window.ask_save_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    window.start()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def body_of(window: MainWindow) -> QPlainTextEdit:
    body: QPlainTextEdit = find(window, "Body", QPlainTextEdit)
    return body


def type_in_body(qtbot: Any, window: MainWindow, text: str) -> None:
    body = body_of(window)
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, text)


class DiskTrouble:
    """Makes writes to files whose name matches fail with an OSError, until `heal()`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
        self.code = code
        self.active = True
        self.failures = 0
        original: Callable[..., Any] = atomic._create_temp

        def failing(path: Path) -> tuple[Path, int]:
            if self.active and path.name == "noticeboard.json":
                self.failures += 1
                raise OSError(code, os.strerror(code))
            result: tuple[Path, int] = original(path)
            return result

        monkeypatch.setattr(atomic, "_create_temp", failing)

    def heal(self) -> None:
        self.active = False


DISK_FULL = errno.ENOSPC
PERMISSION_DENIED = errno.EACCES
