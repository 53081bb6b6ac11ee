"""Opening a workspace in the window never writes over a draft an earlier session left.

Every way in (start-up, File > Open, a restored backup, "Try to edit again") reads the
recovery drafts before the list loads: no item with a draft is opened unasked, and the
drafts are offered once the window shows.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QListView, QMessageBox, QPushButton

from editor import app
from editor.domain.items import parse_item
from editor.preferences import Preferences
from editor.storage import Workspace, WorkspaceCorruptError
from editor.storage.backups import BackupSet
from editor.storage.journal import Draft, RecoveryJournal
from editor.storage.lock import WorkspaceLock
from editor.storage.samples import add_samples
from editor.ui.controller import EditorController
from editor.ui.damaged_workspace_dialog import DamagedWorkspaceDialog
from editor.ui.main_window import MainWindow
from editor.ui.preview import PreviewView
from editor.ui.recovery_dialog import RecoveryDialog
from editor.ui.window_state import WindowState
from tests.ui import window_helpers
from tests.ui.safety_helpers import safety_window, type_in_body
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

pytestmark = OFFSCREEN_SIZE_HINTS
workspace = window_helpers.workspace

CRASHED = " Typed in the session that crashed."


def with_a_draft_per_item(folder: Path) -> dict[str, str]:
    """Eight items, each with a draft an earlier session left; item id -> draft body."""
    with Workspace.open(folder) as opened:
        add_samples(opened)
        first = opened.items()[0]
        opened.save(parse_item(first.model_dump() | {"summary": "second save"}))
        journal = RecoveryJournal(folder)
        for item in opened.items():
            data = item.model_dump() | {"body": item.body + CRASHED}
            journal.write(
                Draft(str(item.id), item.kind.value, item.revision, data, datetime.now(UTC))
            )
    return journal_bodies(folder)


def journal_bodies(folder: Path) -> dict[str, str]:
    return {d.item_id: d.data["body"] for d in RecoveryJournal(folder).drafts()}


def damage(folder: Path) -> None:
    """A torn noticeboard.json, as a crash leaves it; the hourly backup is still good."""
    BackupSet(folder / "backups").snapshot_existing(folder / "noticeboard.json")
    torn = folder / "torn.json"
    torn.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "ite')
    os.replace(torn, folder / "noticeboard.json")
    with pytest.raises(WorkspaceCorruptError):
        Workspace.open(folder)


def assert_drafts_offered_not_overwritten(
    qtbot: Any, window: MainWindow, folder: Path, left: dict[str, str]
) -> None:
    controller = window.controller
    # The probe: type at once, and let the journal timer fire.
    type_in_body(qtbot, window, " Typed after opening.")
    window.autosave.write_journal()
    assert journal_bodies(folder) == left, "an earlier session's draft was overwritten"
    assert controller.workspace.folder == folder
    assert len(controller.workspace) == 8
    # The list opened none of the items: each has an undecided draft.
    assert controller.current_id is None
    assert set(controller.pending_drafts) == set(left)
    # The drafts are offered at once.
    dialog = window.safety._recovery_dialog
    assert isinstance(dialog, RecoveryDialog)
    assert find(dialog, "Unsaved drafts", QListView).model().rowCount() == 8
    find(dialog, "Decide later", QPushButton).click()
    # Choosing an item asks about its draft again, instead of opening it.
    title = controller.workspace.items()[0].title
    window.select_row_by_title(title)
    qtbot.waitUntil(lambda: window.safety._recovery_dialog is not None)
    assert controller.current_id is None
    window.safety._recovery_dialog.reject()  # type: ignore[union-attr]
    # Nor after the editor put the drafts off for later.
    type_in_body(qtbot, window, " Typed after opening.")
    window.autosave.write_journal()
    window.autosave.flush()
    assert journal_bodies(folder) == left


def test_restoring_a_backup_mid_session_keeps_every_earlier_draft(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workspace: Workspace
) -> None:
    folder = tmp_path / "damaged"
    left = with_a_draft_per_item(folder)
    damage(folder)

    def restore_newest(dialog: DamagedWorkspaceDialog) -> int:
        find(dialog, "Restore the newest good backup", QPushButton).click()
        return 1

    monkeypatch.setattr(DamagedWorkspaceDialog, "exec", restore_newest)
    window = safety_window(qtbot, EditorController(workspace), tmp_path / "state.ini")
    assert window.opening.open(folder)
    assert_drafts_offered_not_overwritten(qtbot, window, folder, left)


def test_file_open_keeps_every_earlier_draft(
    qtbot: Any, tmp_path: Path, workspace: Workspace
) -> None:
    folder = tmp_path / "crashed"
    left = with_a_draft_per_item(folder)
    window = safety_window(qtbot, EditorController(workspace), tmp_path / "state.ini")
    assert window.opening.open(folder)
    assert_drafts_offered_not_overwritten(qtbot, window, folder, left)


def test_try_to_edit_again_keeps_every_earlier_draft(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "held"
    left = with_a_draft_per_item(folder)
    other = WorkspaceLock(folder / "noticeboard.lock")
    other.acquire()  # another window of this (live) process
    try:
        held = Workspace.open(folder, read_only=True)
        window = safety_window(qtbot, EditorController(held), tmp_path / "state.ini")
        assert window.safety._recovery_dialog is None  # read-only: nothing to recover here
        other.release()
        find(window, "Try to edit again", QPushButton).click()
        assert not window.controller.workspace.read_only
        assert_drafts_offered_not_overwritten(qtbot, window, folder, left)
        window.controller.close()
    finally:
        other.release()


def test_start_up_offers_the_drafts_before_opening_anything(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "damaged"
    left = with_a_draft_per_item(folder)
    damage(folder)

    def restore_newest(dialog: DamagedWorkspaceDialog) -> int:
        find(dialog, "Restore the newest good backup", QPushButton).click()
        return 1

    monkeypatch.setattr(DamagedWorkspaceDialog, "exec", restore_newest)
    opened = app._open(str(folder))
    assert opened is not None
    window = app.build_window(
        opened,
        Preferences(),
        window_state=WindowState(tmp_path / "state.ini"),
        preview=PreviewView(engine="text"),
    )
    qtbot.addWidget(window)
    window.ask_save_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    window.opening.show_workspace()  # what run_gui does
    qtbot.waitExposed(window)
    assert_drafts_offered_not_overwritten(qtbot, window, folder, left)
    window.controller.close()
