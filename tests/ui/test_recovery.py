"""Crash recovery in-process: drafts left in the journal are offered at the next start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListView, QPushButton

from editor.storage import Workspace
from editor.storage.journal import Draft, RecoveryJournal
from editor.ui.controller import EditorController
from editor.ui.recovery_dialog import RecoveryDialog
from tests.ui import window_helpers
from tests.ui.safety_helpers import FORUM, TOOLKIT, body_of, safety_window
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

workspace = window_helpers.workspace

pytestmark = OFFSCREEN_SIZE_HINTS


def by_title(workspace: Workspace, title: str) -> Any:
    return next(item for item in workspace.items() if item.title == title)


def leave_drafts(workspace: Workspace) -> dict[str, Draft]:
    """What a crashed session leaves: a valid edit, an invalid one, and a never-saved item."""
    journal = RecoveryJournal(workspace.folder or Path())
    toolkit, forum = by_title(workspace, TOOLKIT), by_title(workspace, FORUM)
    now = datetime.now(UTC)
    drafts = {
        "valid": Draft(
            str(toolkit.id),
            "announcement",
            toolkit.revision,
            toolkit.model_dump() | {"body": toolkit.body + " Recovered words."},
            now,
        ),
        "invalid": Draft(
            str(forum.id),
            "event",
            forum.revision,
            forum.model_dump() | {"end": forum.start - timedelta(hours=1), "body": "Half done"},
            now - timedelta(minutes=1),
            problems={"end": "End must be after the start"},
        ),
        "new": Draft(
            str(uuid4()),
            "announcement",
            0,
            {
                "kind": "announcement",
                "title": "Never saved before",
                "slug": "",
                "body": "Fresh text",
                "language": "en",
                "created_at": now,
                "updated_at": now,
            },
            now - timedelta(minutes=2),
            slug_given=False,
        ),
    }
    drafts["new"].data["id"] = drafts["new"].item_id
    for draft in drafts.values():
        journal.write(draft)
    return drafts


@pytest.fixture
def drafts(workspace: Workspace) -> dict[str, Draft]:
    return leave_drafts(workspace)


@pytest.fixture
def recovery(
    qtbot: Any, workspace: Workspace, drafts: dict[str, Draft], tmp_path: Path
) -> tuple[Any, RecoveryDialog]:
    controller = EditorController(workspace)
    found = controller.recovered_drafts()
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    dialog = window.safety.offer_recovery(found)
    assert isinstance(dialog, RecoveryDialog)
    dialog.confirm_discard = lambda draft: True  # type: ignore[method-assign]
    return window, dialog


def choose(dialog: RecoveryDialog, title: str) -> None:
    drafts = find(dialog, "Unsaved drafts", QListView)
    model = drafts.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data().startswith(title):
            drafts.setCurrentIndex(model.index(row, 0))
            return
    raise KeyError(title)


def test_every_draft_is_offered_against_its_saved_version(
    recovery: tuple[Any, RecoveryDialog],
) -> None:
    window, dialog = recovery
    drafts = find(dialog, "Unsaved drafts", QListView)
    assert drafts.model().rowCount() == 3
    choose(dialog, TOOLKIT)
    diff = find(dialog, "Differences").toPlainText()
    assert "Recovered words" in diff
    assert "saved revision" in diff
    choose(dialog, FORUM)
    assert find(dialog, "Restore draft", QPushButton).text() == "&Open draft in the editor"
    assert "End must be after the start" in find(dialog, "Draft note", QLabel).text()
    # The list does not open an item with an undecided draft.
    assert window.controller.current_id is None or str(window.controller.current_id) not in {
        d for d in window.controller.pending_drafts
    }


def test_restore_saves_a_new_revision_and_keeps_the_old_one(
    recovery: tuple[Any, RecoveryDialog], workspace: Workspace, drafts: dict[str, Draft]
) -> None:
    _window, dialog = recovery
    toolkit = by_title(workspace, TOOLKIT)
    choose(dialog, TOOLKIT)
    find(dialog, "Restore draft", QPushButton).click()
    restored = workspace.get(toolkit.id)
    assert restored.body.endswith(" Recovered words.")
    assert restored.revision == toolkit.revision + 1
    assert workspace.revision(toolkit.id, toolkit.revision).body == toolkit.body
    assert RecoveryJournal(workspace.folder or Path()).get(toolkit.id) is None


def test_a_decided_draft_stays_listed_in_italics_and_the_next_one_shows(
    recovery: tuple[Any, RecoveryDialog], qtmodeltester: Any
) -> None:
    _window, dialog = recovery
    model = dialog.drafts_model
    qtmodeltester.check(model)
    choose(dialog, TOOLKIT)
    find(dialog, "Restore draft", QPushButton).click()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith(TOOLKIT))
    font = model.index(row, 0).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert dialog.list.currentIndex().row() != row
    assert find(dialog, "Restore draft", QPushButton).isEnabled()  # the next one is open
    assert TOOLKIT not in [d.title for d in dialog.pending()]


def test_a_never_saved_item_is_restored_as_new(
    recovery: tuple[Any, RecoveryDialog], workspace: Workspace, drafts: dict[str, Draft]
) -> None:
    window, dialog = recovery
    choose(dialog, "Never saved before")
    find(dialog, "Restore draft", QPushButton).click()
    item = workspace.get(drafts["new"].item_id)
    assert item.body == "Fresh text"
    assert item.slug == "never-saved-before"
    assert "Never saved before" in window.visible_titles()


def test_an_invalid_draft_opens_in_the_editor(
    qtbot: Any, recovery: tuple[Any, RecoveryDialog], workspace: Workspace
) -> None:
    window, dialog = recovery
    forum = by_title(workspace, FORUM)
    choose(dialog, FORUM)
    find(dialog, "Restore draft", QPushButton).click()
    assert window.controller.current_id == forum.id
    assert window.controller.dirty
    assert body_of(window).toPlainText() == "Half done"
    assert find(window, "End problem", QLabel).text().startswith("End must be after the start")
    assert find(window, "Draft state", QLabel).isVisible()
    assert workspace.get(forum.id) == forum
    # Still in the journal: it has not been saved.
    assert RecoveryJournal(workspace.folder or Path()).get(forum.id) is not None


def test_discard_forgets_the_draft_and_the_dialog_closes_when_all_are_decided(
    qtbot: Any, recovery: tuple[Any, RecoveryDialog], workspace: Workspace
) -> None:
    _window, dialog = recovery
    journal = RecoveryJournal(workspace.folder or Path())
    with qtbot.waitSignal(dialog.finished):
        for _ in range(3):
            find(dialog, "Discard draft", QPushButton).click()
    assert journal.drafts() == []


def test_decide_later_keeps_the_drafts_and_asks_before_editing_one(
    qtbot: Any, recovery: tuple[Any, RecoveryDialog], workspace: Workspace
) -> None:
    window, dialog = recovery
    find(dialog, "Decide later", QPushButton).click()
    assert len(RecoveryJournal(workspace.folder or Path()).drafts()) == 3
    assert window.recover_action.isEnabled()
    window.select_row_by_title(TOOLKIT)
    qtbot.waitUntil(lambda: window.safety._recovery_dialog is not None)
    again = window.safety._recovery_dialog
    assert find(again, "Unsaved drafts", QListView).model().rowCount() == 1
    assert window.controller.current_id != by_title(workspace, TOOLKIT).id
    again.reject()
