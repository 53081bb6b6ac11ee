"""File > Open workspace…: one another Noticeboard holds opens read-only, if the editor agrees."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from editor import app
from editor.storage import Workspace
from editor.storage.lock import WorkspaceLock
from editor.storage.samples import add_samples
from editor.ui.main_window import MainWindow
from tests.ui import window_helpers
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

pytestmark = OFFSCREEN_SIZE_HINTS
controller = window_helpers.controller
window = window_helpers.window
workspace = window_helpers.workspace


@pytest.fixture
def held_folder(tmp_path: Path) -> Any:
    """A workspace another (live) Noticeboard holds."""
    folder = tmp_path / "held"
    with Workspace.open(folder) as other:
        add_samples(other)
    lock = WorkspaceLock(folder / "noticeboard.lock")
    lock.acquire()
    yield folder
    lock.release()


def test_a_held_workspace_opens_read_only_when_the_editor_agrees(
    window: MainWindow, held_folder: Path, workspace: Workspace
) -> None:
    asked: list[Workspace] = []

    def agree(held: Workspace) -> bool:
        asked.append(held)
        return True

    window.opening.ask_open_read_only = agree  # type: ignore[method-assign]
    assert window.opening.open(held_folder)
    assert len(asked) == 1
    assert window.controller.workspace.folder == held_folder
    assert window.controller.workspace.read_only
    assert f"process {os.getpid()}" in find(window, "Read-only reason", QLabel).text()
    assert find(window, "Read-only banner").isVisible()
    assert not window.save_action.isEnabled()
    assert len(window.visible_titles()) == 8


def test_declining_keeps_the_current_workspace(
    window: MainWindow, held_folder: Path, workspace: Workspace
) -> None:
    window.opening.ask_open_read_only = lambda held: False  # type: ignore[method-assign]
    assert not window.opening.open(held_folder)
    assert window.controller.workspace is workspace
    assert not workspace.read_only
    assert window.save_action.isEnabled()


def test_it_goes_through_the_start_up_path(
    window: MainWindow, held_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    real = app.open_for_editing

    def spy(folder: Path) -> Workspace:
        opened.append(folder)
        return real(folder)

    monkeypatch.setattr(app, "open_for_editing", spy)
    window.opening.ask_open_read_only = lambda held: True  # type: ignore[method-assign]
    assert window.opening.open(held_folder)
    assert opened == [held_folder]


def test_a_free_workspace_opens_for_editing_without_asking(
    window: MainWindow, tmp_path: Path
) -> None:
    window.opening.ask_open_read_only = lambda held: pytest.fail("asked")  # type: ignore[method-assign]
    assert window.opening.open(tmp_path / "free")
    assert not window.controller.workspace.read_only
    assert not find(window, "Read-only banner").isVisible()
