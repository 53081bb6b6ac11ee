"""A damaged workspace file offers its backups; a locked workspace opens read-only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from editor import app
from editor.domain.items import parse_item
from editor.storage import Workspace, WorkspaceCorruptError
from editor.storage.backups import BackupSet
from editor.storage.lock import WorkspaceLock
from editor.storage.samples import add_samples
from editor.ui.controller import EditorController
from editor.ui.damaged_workspace_dialog import (
    Choice,
    DamagedWorkspaceDialog,
    backups_of,
)
from tests.ui.safety_helpers import TOOLKIT, safety_window, type_in_body
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

pytestmark = OFFSCREEN_SIZE_HINTS


def damaged_workspace(folder: Path) -> WorkspaceCorruptError:
    with Workspace.open(folder) as workspace:
        add_samples(workspace)
        item = workspace.items()[0]
        workspace.save(parse_item(item.model_dump() | {"summary": "second save"}))
    # The snapshot an hourly save would have made (saves within 5 minutes share one).
    BackupSet(folder / "backups").snapshot_existing(folder / "noticeboard.json")
    # A new file, as a crashing program would leave it: backups are hard links to the old one.
    torn = folder / "torn.json"
    torn.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "ite')
    os.replace(torn, folder / "noticeboard.json")
    with pytest.raises(WorkspaceCorruptError) as caught:
        Workspace.open(folder)
    return caught.value


def test_the_dialog_offers_the_newest_good_backup_with_date_and_count(
    qtbot: Any, tmp_path: Path
) -> None:
    error = damaged_workspace(tmp_path / "ws")
    backups = backups_of(error.folder)
    dialog = DamagedWorkspaceDialog(error, backups)
    qtbot.addWidget(dialog)
    offer = find(dialog, "Newest good backup", QLabel).text()
    assert "8 items" in offer
    assert "just now" in offer
    find(dialog, "Pick an older backup", QPushButton).click()
    assert find(dialog, "Backups", QListWidget).count() == len(backups)
    find(dialog, "Restore the newest good backup", QPushButton).click()
    assert dialog.choice == Choice.RESTORE
    assert dialog.backup == backups[0].path


def test_start_with_a_damaged_file_restores_the_backup_never_an_empty_list(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ws"
    damaged_workspace(folder)
    shown: list[DamagedWorkspaceDialog] = []

    def answer(dialog: DamagedWorkspaceDialog) -> int:
        shown.append(dialog)
        find(dialog, "Restore the newest good backup", QPushButton).click()
        return 1

    monkeypatch.setattr(DamagedWorkspaceDialog, "exec", answer)
    workspace = app._open(str(folder))
    assert workspace is not None
    try:
        assert len(shown) == 1
        assert len(workspace) == 8
        assert list(folder.glob("noticeboard.json.damaged-*"))  # kept, not deleted
    finally:
        workspace.close()


def test_quitting_the_damaged_dialog_opens_nothing(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ws"
    damaged_workspace(folder)
    monkeypatch.setattr(DamagedWorkspaceDialog, "exec", lambda self: 0)
    assert app._open(str(folder)) is None


def test_a_live_lock_opens_read_only_with_a_banner_naming_the_holder(
    qtbot: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "ws"
    with Workspace.open(folder) as workspace:
        add_samples(workspace)
    other = WorkspaceLock(folder / "noticeboard.lock")
    other.acquire()  # another window of this (live) process
    try:
        workspace = app.open_for_editing(folder)
        assert workspace.read_only
        controller = EditorController(workspace)
        window = safety_window(qtbot, controller, tmp_path / "state.ini")
        banner = find(window, "Read-only reason", QLabel)
        assert banner.isVisible()
        assert f"process {os.getpid()}" in banner.text()
        assert not window.save_action.isEnabled()
        assert not window.trash_action.isEnabled()
        window.select_row_by_title(TOOLKIT)
        assert controller.journal is None  # nothing is written to a workspace we do not hold
        # Once the other window is gone, "Try to edit again" makes it editable.
        other.release()
        find(window, "Try to edit again", QPushButton).click()
        assert not controller.workspace.read_only
        assert not banner.isVisible()
        assert window.save_action.isEnabled()
        window.select_row_by_title(TOOLKIT)
        type_in_body(qtbot, window, " Now editable.")
        with qtbot.waitSignal(controller.item_saved, timeout=5000):
            pass
        window.close()
        controller.close()
    finally:
        other.release()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    with Workspace.open(folder) as workspace:
        add_samples(workspace)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock = folder / "noticeboard.lock"
    lock.write_bytes(
        orjson.dumps(
            {
                "pid": int(dead.stdout),
                "host": __import__("socket").gethostname(),
                "since": "2030-01-01T00:00:00+00:00",
                "token": "dead",
            }
        )
    )
    workspace = app.open_for_editing(folder)
    try:
        assert not workspace.read_only
        assert len(workspace) == 8
    finally:
        workspace.close()
