"""The Import dialog: a plan made off the GUI thread, shown as a table, then one import."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QListWidget,
    QProgressBar,
    QTableWidget,
    QWidget,
)

from editor.domain.items import Announcement, with_changes
from editor.importing.apply import ApplyResult, apply_plan
from editor.importing.plan import Action, ImportPlan, Policy
from editor.importing.planning import plan_import
from editor.storage.workspace import Workspace
from editor.ui.import_dialog import ImportDialog
from tests.importing.helpers import export_files

# The offscreen platform warns when a top-level window with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _site(folder: Path) -> Path:
    _write(folder / "news" / "forum.md", "---\ntitle: Forum\nweight: 2\n---\nBody.\n")
    _write(folder / "news" / "launch.md", "---\ntitle: Launch\n---\n")
    _write(folder / "news" / "broken.md", "---\ntitle: [unclosed\n---\n")
    return folder


def _dialog(qtbot: Any, workspace: Workspace, paths: list[Path], **kwargs: Any) -> ImportDialog:
    dialog = ImportDialog(workspace, author="Tester", paths=paths, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan() is not None, timeout=10_000)
    return dialog


def _rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def _named(dialog: ImportDialog, name: str) -> QWidget:
    [widget] = [w for w in dialog.findChildren(QWidget) if w.accessibleName() == name]
    return widget


def test_every_control_has_an_accessible_name(qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, Workspace.in_memory(), [_site(tmp_path / "site")])
    kinds = (QAbstractButton, QComboBox, QListWidget, QProgressBar, QTableWidget)
    controls = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds)]
    assert len(controls) >= 8
    assert [w for w in controls if not w.accessibleName()] == []


def test_the_plan_is_shown_and_nothing_written_before_import(qtbot: Any, tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    dialog = _dialog(qtbot, workspace, [_site(tmp_path / "site")])
    table = _named(dialog, "What the import will do")
    assert isinstance(table, QTableWidget)
    rows = _rows(table)
    assert [(r[1], r[2]) for r in rows] == [
        ("", "Skip (problem)"),
        ("Forum", "Add"),
        ("Launch", "Add"),
    ]
    assert rows[0][0].startswith("site/news/broken.md") and "YAML" in rows[0][3]
    assert (
        "2 to add" in dialog.summary.text() and "1 that cannot be imported" in dialog.summary.text()
    )
    assert len(workspace) == 0
    assert dialog.import_button.isEnabled()


def test_import_saves_refreshes_and_reports(qtbot: Any, tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    dialog = _dialog(qtbot, workspace, [_site(tmp_path / "site")])
    with qtbot.waitSignal(dialog.import_finished, timeout=10_000) as finished:
        dialog.import_button.click()
    saved = finished.args[0]
    assert sorted(item.title for item in saved) == ["Forum", "Launch"]
    assert len(workspace) == 2
    forum = next(i for i in workspace.items() if i.title == "Forum")
    assert forum.extra == {"weight": 2}
    assert dialog.progress.value() == 1000
    assert dialog.summary.text().startswith("Imported: 2 items saved.")
    assert not dialog.import_button.isEnabled()


def test_the_plan_is_made_off_the_gui_thread(qtbot: Any, tmp_path: Path) -> None:
    threads: list[threading.Thread] = []

    def planner(*args: Any, **kwargs: Any) -> ImportPlan:
        threads.append(threading.current_thread())
        kwargs["progress"](1, 2)
        return plan_import(*args, **kwargs)

    _dialog(qtbot, Workspace.in_memory(), [_site(tmp_path / "site")], planner=planner)
    assert threads and threads[0] is not threading.main_thread()


def _conflicted(tmp_path: Path) -> tuple[Workspace, Path, Announcement]:
    workspace = Workspace.in_memory()
    mine = workspace.save(Announcement(title="Forum", summary="Original."))
    folder = export_files([mine], tmp_path, "content")
    path = next(folder.rglob("*.md"))
    path.write_text(path.read_text().replace("Original.", "Theirs."), encoding="utf-8")
    workspace.save(with_changes(mine, summary="Ours."))
    return workspace, folder, mine


def test_conflicts_show_their_fields_and_follow_the_policy(qtbot: Any, tmp_path: Path) -> None:
    workspace, folder, mine = _conflicted(tmp_path)
    dialog = _dialog(qtbot, workspace, [folder])
    [row] = _rows(dialog.table)
    assert row[2] == "Conflict (left as it is)"
    assert "summary: here “Ours.”, imported “Theirs.”" in row[3]
    assert not dialog.import_button.isEnabled()
    assert "Choose what to do with conflicts" in dialog.summary.text()
    dialog.policy.setCurrentIndex(dialog.policy.findData(Policy.REPLACE.value))
    qtbot.waitUntil(lambda: dialog.plan() is not None, timeout=10_000)
    assert _rows(dialog.table)[0][2] == "Conflict (replace)"
    with qtbot.waitSignal(dialog.import_finished, timeout=10_000):
        dialog.import_button.click()
    assert workspace.get(mine.id).summary == "Theirs."
    assert "Ours." in [rev.item.summary for rev in workspace.history(mine.id)]


def test_a_failed_import_says_so_and_keeps_the_dialog_usable(qtbot: Any, tmp_path: Path) -> None:
    def failing(*args: Any, **kwargs: Any) -> ApplyResult:
        raise OSError("No space left on device")

    workspace = Workspace.in_memory()
    dialog = _dialog(qtbot, workspace, [_site(tmp_path / "site")], applier=failing)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Import failed"), timeout=10_000)
    assert "No space left on device" in dialog.summary.text()
    assert "Nothing was imported" in dialog.summary.text()
    assert len(workspace) == 0
    assert dialog.close_button.isEnabled()


def test_progress_is_shown_while_importing(qtbot: Any, tmp_path: Path) -> None:
    seen: list[int] = []
    release = threading.Event()

    def slow(workspace: Workspace, plan: ImportPlan, **kwargs: Any) -> ApplyResult:
        kwargs["progress"](1, 2)
        release.wait(10)
        return apply_plan(workspace, plan, **kwargs)

    dialog = _dialog(qtbot, Workspace.in_memory(), [_site(tmp_path / "site")], applier=slow)
    dialog.progress.valueChanged.connect(seen.append)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: 500 in seen, timeout=10_000)
    assert dialog.progress.isVisible()
    assert not dialog.import_button.isEnabled() and not dialog.close_button.isEnabled()
    dialog.reject()  # waits for the transaction rather than abandoning it
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def test_sources_can_be_removed(qtbot: Any, tmp_path: Path) -> None:
    one = _write(tmp_path / "one.md", "---\ntitle: One\n---\n")
    two = _write(tmp_path / "two.md", "---\ntitle: Two\n---\n")
    dialog = _dialog(qtbot, Workspace.in_memory(), [one, two])
    assert [r[1] for r in _rows(dialog.table)] == ["One", "Two"]
    dialog.source_list.item(0).setSelected(True)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.plan() is not None, timeout=10_000)
    assert dialog.paths() == [two]
    assert [r[1] for r in _rows(dialog.table)] == ["Two"]
    dialog.source_list.item(0).setSelected(True)
    dialog.remove_button.click()
    assert dialog.summary.text() == "Add the files or folders to import."
    assert not dialog.import_button.isEnabled()


def test_a_read_only_workspace_cannot_import(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Workspace.open(folder).close()
    with Workspace.open(folder, read_only=True) as workspace:
        dialog = _dialog(qtbot, workspace, [_site(tmp_path / "site")])
        assert "read-only" in dialog.summary.text()
        assert not dialog.import_button.isEnabled()
        assert {a.action for a in (dialog.plan() or ImportPlan()).actions} == {
            Action.ADD,
            Action.SKIP,
        }


def test_file_import_opens_the_dialog_and_the_list_shows_what_was_imported(
    qtbot: Any, tmp_path: Path
) -> None:
    from editor.ui.controller import EditorController
    from tests.ui.window_helpers import make_window

    with Workspace.open(tmp_path / "ws") as workspace:
        window = make_window(qtbot, EditorController(workspace), tmp_path / "state.ini")
        [action] = [a for a in window.menuBar().actions() if a.text() == "&File"]
        menu = action.menu()
        assert "&Import…" in [a.text() for a in menu.actions()]
        window.acts.import_action.trigger()
        dialog = window.findChild(ImportDialog, "import_dialog")
        assert dialog is not None and dialog.isVisible()
        dialog.add_paths([_site(tmp_path / "site")])
        qtbot.waitUntil(lambda: dialog.plan() is not None, timeout=10_000)
        with qtbot.waitSignal(dialog.import_finished, timeout=10_000) as finished:
            dialog.import_button.click()
        for item in finished.args[0]:
            assert window.model.row_of(item.id) is not None
        dialog.close()
        window.close()


def test_the_open_item_reloads_when_an_import_updates_it(qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.controller import EditorController

    workspace = Workspace.in_memory()
    mine = workspace.save(Announcement(title="Forum", summary="Original."))
    folder = export_files([mine], tmp_path, "content")
    path = next(folder.rglob("*.md"))
    path.write_text(path.read_text().replace("Original.", "Edited there."), encoding="utf-8")
    controller = EditorController(workspace)
    controller.select(mine.id)
    dialog = _dialog(qtbot, workspace, [folder])
    assert _rows(dialog.table)[0][2] == "Update"
    dialog.import_finished.connect(controller.note_imported)
    with qtbot.waitSignal(controller.item_selected, timeout=10_000) as selected:
        dialog.import_button.click()
    assert selected.args[0]["summary"] == "Edited there."
