"""History (who, when, diff, Restore as a new revision) and the trash (Delete, undo, view)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton, QTreeWidget

from editor.domain.items import parse_item
from editor.storage import Workspace
from editor.ui.controller import EditorController
from editor.ui.history_dialog import HistoryDialog
from editor.ui.trash_view import TrashView
from tests.ui import window_helpers
from tests.ui.safety_helpers import FORUM, TOOLKIT, safety_window
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

controller = window_helpers.controller
workspace = window_helpers.workspace

pytestmark = OFFSCREEN_SIZE_HINTS


def by_title(workspace: Workspace, title: str) -> Any:
    return next(item for item in workspace.items() if item.title == title)


def test_history_lists_revisions_diffs_and_restores(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    toolkit = by_title(workspace, TOOLKIT)
    first_body = toolkit.body
    edited = parse_item(toolkit.model_dump() | {"body": first_body + " Second words."})
    workspace.save(edited, saved_by="amina")
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.select_row_by_title(TOOLKIT)
    window.history_action.trigger()
    dialog = window.safety.history_dialog
    assert isinstance(dialog, HistoryDialog)
    revisions = find(dialog, "Revisions", QListWidget)
    assert revisions.count() == 2
    assert revisions.item(0).text().startswith(f"Revision {toolkit.revision + 1} (current)")
    assert "amina" in revisions.item(0).text()
    assert "Noticeboard sample" in revisions.item(1).text()
    assert revisions.currentRow() == 1  # the earlier revision, compared with the current
    diff = find(dialog, "Differences").toPlainText()
    assert "Second words" in diff
    assert "2 words added, 0 removed" in diff
    with qtbot.waitSignal(dialog.finished):
        find(dialog, "Restore this revision", QPushButton).click()
    now = workspace.get(toolkit.id)
    assert now.body == first_body
    assert now.revision == toolkit.revision + 2
    assert [r.item.body for r in workspace.history(toolkit.id)] == [
        first_body,
        first_body + " Second words.",
        first_body,
    ]
    assert window.controller.candidate == now  # the editor shows the restored text


def test_delete_in_the_list_trashes_the_selection_and_undo_puts_it_back(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    before = len(workspace)
    window.select_row_by_title(TOOLKIT)
    forum_row = window.visible_titles().index(FORUM)
    window.table.selectionModel().select(
        window.proxy.index(forum_row, 0),
        window.table.selectionModel().SelectionFlag.Select
        | window.table.selectionModel().SelectionFlag.Rows,
    )
    assert len(window.selected_ids()) == 2
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert len(workspace) == before - 2
    assert TOOLKIT not in window.visible_titles()
    assert {t.item.title for t in workspace.trashed()} == {TOOLKIT, FORUM}
    undo = find(window, "Undo move to trash", QPushButton)
    assert undo.isVisible()
    undo.click()
    assert len(workspace) == before
    assert {TOOLKIT, FORUM} <= set(window.visible_titles())
    assert not undo.isVisible()


def test_delete_in_the_body_deletes_text_not_the_item(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.select_row_by_title(TOOLKIT)
    before = len(workspace)
    body = find(window, "Body")
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_Delete)
    assert len(workspace) == before


def test_trash_view_restores_and_empties_after_asking(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    toolkit, forum = by_title(workspace, TOOLKIT), by_title(workspace, FORUM)
    workspace.trash(toolkit.id)
    workspace.trash(forum.id)
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.trash_view_action.trigger()
    view = window.safety._trash_view
    assert isinstance(view, TrashView)
    tree = find(view, "Items in the trash", QTreeWidget)
    assert tree.topLevelItemCount() == 2
    for row in range(tree.topLevelItemCount()):
        entry = tree.topLevelItem(row)
        assert entry is not None
        entry.setSelected(entry.text(0) == TOOLKIT)
    find(view, "Restore", QPushButton).click()
    assert TOOLKIT in window.visible_titles()
    assert tree.topLevelItemCount() == 1
    asked: list[int] = []
    view.confirm_empty = lambda count: asked.append(count) is None and False  # type: ignore[method-assign]
    find(view, "Empty trash", QPushButton).click()
    assert asked == [1]
    assert len(workspace.trashed()) == 1  # said no
    view.confirm_empty = lambda count: True  # type: ignore[method-assign]
    find(view, "Empty trash", QPushButton).click()
    assert workspace.trashed() == []
    assert tree.topLevelItemCount() == 0
    assert not find(view, "Empty trash", QPushButton).isEnabled()
    view.reject()
