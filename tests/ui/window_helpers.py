"""Shared set-up for the editor-window tests: a workspace, a controller and a window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from editor.storage import Workspace
from editor.storage.samples import add_samples
from editor.ui.controller import EditorController
from editor.ui.main_window import MainWindow
from editor.ui.preview import PreviewView
from editor.ui.window_state import WindowState

# The offscreen platform plugin warns whenever a top-level window with a layout is shown,
# because it has no window system to pass size hints to. Not our code's doing.
OFFSCREEN_SIZE_HINTS = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$"
)


__all__ = ["EditorController", "MainWindow", "WindowState"]


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "workspace")
    add_samples(ws)
    yield ws
    ws.close()


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "empty")
    yield ws
    ws.close()


@pytest.fixture
def controller(workspace: Workspace) -> EditorController:
    return EditorController(workspace)


def make_window(qtbot: Any, controller: EditorController, state_path: Path) -> MainWindow:
    # The plain-text preview: Chromium is slow to start and not what these tests are about.
    window = MainWindow(controller, WindowState(state_path), preview=PreviewView(engine="text"))
    qtbot.addWidget(window)
    # Tests never answer modal questions; each test that needs one sets this.
    window.ask_save_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    window.start()
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: Any, controller: EditorController, tmp_path: Path) -> MainWindow:
    return make_window(qtbot, controller, tmp_path / "state.ini")


def find(window: QWidget, name: str, kind: type[QWidget] = QWidget) -> Any:
    """The one visible-or-not widget with this accessible name."""
    found = [w for w in window.findChildren(kind) if w.accessibleName() == name]
    assert found, f"no widget named {name!r}"
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]
