"""Shared set-up for the editor-window tests: a workspace, a controller and a window."""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from editor.storage import Workspace
from editor.storage.samples import add_samples

# The offscreen platform plugin warns whenever a top-level window with a layout is shown,
# because it has no window system to pass size hints to. Not our code's doing.
OFFSCREEN_SIZE_HINTS = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$"
)


def _preview_missing() -> bool:
    try:
        return importlib.util.find_spec("editor.ui.preview") is None
    except ImportError:
        return True


class PreviewStandIn(QWidget):
    """Stands in for PreviewView until the real one lands (test code only)."""

    rendered = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Preview")
        self.shown: list[Any] = []
        self.lines: list[int] = []
        QVBoxLayout(self)

    def show_item(self, item: Any) -> None:
        self.shown.append(item)
        self.rendered.emit(0.0)

    def scroll_to_source_line(self, line: int) -> None:
        self.lines.append(line)


if _preview_missing():
    module = types.ModuleType("editor.ui.preview")
    module.PreviewView = PreviewStandIn  # type: ignore[attr-defined]
    sys.modules["editor.ui.preview"] = module


from editor.ui.controller import EditorController  # noqa: E402
from editor.ui.main_window import MainWindow  # noqa: E402
from editor.ui.window_state import WindowState  # noqa: E402

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
    window = MainWindow(controller, WindowState(state_path))
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
