"""Autosave: saved a second after typing stops; invalid drafts only in the journal; disk
trouble keeps the text, says what failed in one line and retries; closing asks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from editor.domain.items import Kind
from editor.storage import Workspace
from editor.storage.journal import RecoveryJournal
from editor.ui.autosave import SaveState
from editor.ui.controller import EditorController
from editor.ui.form_widgets import WallTimeEdit
from tests.ui import window_helpers
from tests.ui.safety_helpers import (
    DISK_FULL,
    FORUM,
    PERMISSION_DENIED,
    TOOLKIT,
    DiskTrouble,
    body_of,
    safety_window,
    type_in_body,
)
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

controller = window_helpers.controller
workspace = window_helpers.workspace

pytestmark = OFFSCREEN_SIZE_HINTS


def by_title(workspace: Workspace, title: str) -> Any:
    return next(item for item in workspace.items() if item.title == title)


def test_typing_is_saved_about_a_second_after_it_stops(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.select_row_by_title(TOOLKIT)
    before = by_title(workspace, TOOLKIT).revision
    type_in_body(qtbot, window, " More news.")
    stopped = time.monotonic()
    assert controller.dirty
    with qtbot.waitSignal(controller.item_saved, timeout=5000):
        pass
    latency = time.monotonic() - stopped
    assert 0.8 <= latency < 3.0
    saved = by_title(workspace, TOOLKIT)
    assert saved.body.endswith(" More news.")
    assert saved.revision == before + 1
    assert not controller.dirty
    assert RecoveryJournal(workspace.folder or Path()).drafts() == []


def test_the_journal_is_written_while_typing_goes_on(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.select_row_by_title(TOOLKIT)
    item_id = str(by_title(workspace, TOOLKIT).id)
    journal = RecoveryJournal(workspace.folder or Path())
    # A keystroke every 100 ms for a while: the save timer never fires, the journal does.
    for n in range(12):
        type_in_body(qtbot, window, f" k{n}")
        qtbot.wait(100)
        if journal.get(item_id) is not None:
            break
    draft = journal.get(item_id)
    assert draft is not None
    assert " k0" in draft.data["body"]
    assert controller.dirty


def make_end_before_start(qtbot: Any, window: Any) -> None:
    window.select_row_by_title(FORUM)
    start = find(window, "Start", WallTimeEdit)
    end = find(window, "End", WallTimeEdit)
    end.setDateTime(start.dateTime().addSecs(-3600))


def test_an_invalid_draft_is_never_saved_and_waits_in_the_journal(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    forum = by_title(workspace, FORUM)
    make_end_before_start(qtbot, window)
    type_in_body(qtbot, window, " Typed while the end is wrong.")
    state = find(window, "Draft state", QLabel)
    qtbot.waitUntil(lambda: state.isVisible(), timeout=5000)
    assert state.text().startswith("Draft, not saved yet: End must be after the start")
    assert "recovery journal" in state.text()
    assert window.autosave.state == SaveState.DRAFT
    assert workspace.get(forum.id) == forum  # the good revision is untouched
    draft = RecoveryJournal(workspace.folder or Path()).get(forum.id)
    assert draft is not None
    assert draft.data["body"].endswith("Typed while the end is wrong.")
    assert draft.data["end"] < draft.data["start"]
    assert "end" in draft.problems
    # Fixing the end saves it, and the draft leaves the journal.
    end = find(window, "End", WallTimeEdit)
    end.setDateTime(find(window, "Start", WallTimeEdit).dateTime().addSecs(7200))
    with qtbot.waitSignal(controller.item_saved, timeout=5000):
        pass
    assert not state.isVisible()
    assert workspace.get(forum.id).body.endswith("Typed while the end is wrong.")
    assert RecoveryJournal(workspace.folder or Path()).get(forum.id) is None


@pytest.mark.parametrize(
    ("code", "words"), [(DISK_FULL, "No space left"), (PERMISSION_DENIED, "Permission denied")]
)
def test_disk_trouble_keeps_the_text_says_so_and_retries(
    qtbot: Any,
    controller: EditorController,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    words: str,
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.select_row_by_title(TOOLKIT)
    file = (workspace.folder or Path()) / "noticeboard.json"
    saved_bytes = file.read_bytes()
    trouble = DiskTrouble(monkeypatch, code)
    type_in_body(qtbot, window, " Written on a full disk.")
    problem = find(window, "Save problem", QLabel)
    qtbot.waitUntil(lambda: window.autosave.state == SaveState.RETRYING, timeout=5000)
    message = problem.text()
    assert words in message
    assert "Trying again in" in message
    assert "\n" not in message
    assert file.read_bytes() == saved_bytes  # nothing already saved was harmed
    assert body_of(window).toPlainText().endswith(" Written on a full disk.")
    qtbot.waitUntil(lambda: trouble.failures >= 2, timeout=5000)  # it does retry
    trouble.heal()
    qtbot.waitUntil(lambda: not controller.dirty, timeout=5000)
    assert by_title(workspace, TOOLKIT).body.endswith(" Written on a full disk.")
    assert problem.text() == ""


def test_a_workspace_folder_that_went_away_comes_back(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    """A USB stick pulled out: a real failure, not an injected one."""
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.select_row_by_title(TOOLKIT)
    folder = workspace.folder or Path()
    away = folder.with_name("unplugged")
    folder.rename(away)
    try:
        type_in_body(qtbot, window, " Typed with the stick out.")
        qtbot.waitUntil(lambda: window.autosave.state == SaveState.RETRYING, timeout=5000)
        assert "No such file or directory" in find(window, "Save problem", QLabel).text()
        assert not folder.exists()  # nothing re-created under the mount point
    finally:
        away.rename(folder)
    qtbot.waitUntil(lambda: not controller.dirty, timeout=10_000)
    assert by_title(workspace, TOOLKIT).body.endswith(" Typed with the stick out.")


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_closing_with_an_unsaved_draft_asks(
    qtbot: Any,
    controller: EditorController,
    workspace: Workspace,
    tmp_path: Path,
    answer: str,
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    forum = by_title(workspace, FORUM)
    make_end_before_start(qtbot, window)
    type_in_body(qtbot, window, " Unsaved.")
    window.autosave.write_journal()
    asked: list[bool] = []
    buttons = {
        "cancel": QMessageBox.StandardButton.Cancel,
        "discard": QMessageBox.StandardButton.Discard,
        "save": QMessageBox.StandardButton.Save,
    }

    def ask() -> QMessageBox.StandardButton:
        asked.append(True)
        return buttons[answer]

    window.ask_save_changes = ask  # type: ignore[method-assign]
    closed = window.close()
    assert asked
    journal = RecoveryJournal(workspace.folder or Path())
    if answer == "discard":
        assert closed
        assert journal.get(forum.id) is None
    else:  # cancelled, or the save could not happen (the end is before the start)
        assert not closed
        assert window.isVisible()
        assert body_of(window).toPlainText().endswith(" Unsaved.")
        assert journal.get(forum.id) is not None
    assert workspace.get(forum.id) == forum


def test_closing_with_a_valid_draft_saves_it(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.select_row_by_title(TOOLKIT)
    type_in_body(qtbot, window, " Last words.")
    window.ask_save_changes = lambda: pytest.fail("asked")  # type: ignore[method-assign]
    assert window.close()
    assert by_title(workspace, TOOLKIT).body.endswith(" Last words.")


def test_a_new_item_journal_holds_raw_values(
    qtbot: Any, controller: EditorController, workspace: Workspace, tmp_path: Path
) -> None:
    window = safety_window(qtbot, controller, tmp_path / "state.ini")
    window.new_item(Kind.EVENT)
    type_in_body(qtbot, window, "No title yet")
    assert window.autosave.write_journal()
    current = controller.current_id
    assert current is not None
    draft = RecoveryJournal(workspace.folder or Path()).get(current)
    assert draft is not None and draft.is_new
    assert draft.data["body"] == "No title yet"
    assert draft.data["title"] == ""
