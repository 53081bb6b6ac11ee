"""Undo and redo of the form's choice fields: one step each, through the same path as edits."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from editor.domain.items import Attendance, Event, Status
from editor.storage import Workspace
from editor.ui.controller import EditorController
from editor.ui.form_widgets import WallTimeEdit
from editor.ui.item_form import ItemForm
from editor.ui.main_window import MainWindow
from tests.ui import window_helpers
from tests.ui.form_helpers import announcement_data, event_data, form
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find, make_window

pytestmark = OFFSCREEN_SIZE_HINTS
__all__ = ["form"]  # a fixture
controller = window_helpers.controller
workspace = window_helpers.workspace

BRIEFING = "Online briefing: what the new review process means for cities"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def choose(combo: QComboBox, value: object) -> None:
    """Pick a choice as the user does: the combo reports it with `activated`."""
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


# -- the form on its own -------------------------------------------------------------------


def test_a_status_change_is_one_step_undone_as_an_edit(qtbot: Any, form: ItemForm) -> None:
    form.load(announcement_data())
    combo = find(form, "Status", QComboBox)
    before = combo.currentData()
    choose(combo, Status.ARCHIVED)
    assert form.undo_stack.count() == 1
    with qtbot.waitSignal(form.fields_edited) as blocker:
        form.undo_stack.undo()
    assert blocker.args[0] == {"status": before}
    assert combo.currentData() == before
    with qtbot.waitSignal(form.fields_edited) as blocker:
        form.undo_stack.redo()
    assert blocker.args[0] == {"status": Status.ARCHIVED}
    assert combo.currentData() == Status.ARCHIVED


def test_typing_in_text_fields_is_not_on_the_form_stack(qtbot: Any, form: ItemForm) -> None:
    form.load(announcement_data())
    qtbot.keyClicks(find(form, "Title", QLineEdit), " more")
    qtbot.keyClicks(find(form, "Summary", QPlainTextEdit), " more")
    assert form.undo_stack.count() == 0


def test_stepping_a_time_is_one_step(qtbot: Any, form: ItemForm) -> None:
    data = event_data()
    form.load(data)
    start = find(form, "Start", WallTimeEdit)
    for _ in range(3):
        start.stepBy(1)  # what the arrow keys do
    assert form.undo_stack.count() == 1
    with qtbot.waitSignal(form.fields_edited) as blocker:
        form.undo_stack.undo()
    assert blocker.args[0]["start"] == data["start"]
    assert start.value() == data["start"]


def test_a_save_ends_a_run_of_edits(form: ItemForm) -> None:
    data = event_data()
    form.load(data)
    start = find(form, "Start", WallTimeEdit)
    start.stepBy(1)
    form.show_saved(data | {"revision": 2})
    start.stepBy(1)
    assert form.undo_stack.count() == 2


def test_separate_choices_are_separate_steps(form: ItemForm) -> None:
    data = event_data()
    form.load(data)
    choose(find(form, "Attendance", QComboBox), Attendance.HYBRID)
    find(form, "All day", QCheckBox).setChecked(True)
    find(form, "Registration deadline set", QCheckBox).setChecked(False)
    assert form.undo_stack.count() == 3
    form.undo_stack.undo()
    form.undo_stack.undo()
    # Undoing all-day brings the times back, not just the check box.
    assert not find(form, "All day", QCheckBox).isChecked()
    assert find(form, "Start", WallTimeEdit).value() == data["start"]
    assert isinstance(find(form, "End", WallTimeEdit).value(), datetime)
    form.undo_stack.undo()
    assert find(form, "Attendance", QComboBox).currentData() == data["attendance"]
    assert not form.undo_stack.canUndo()


def test_loading_another_item_clears_the_history(form: ItemForm) -> None:
    form.load(announcement_data())
    choose(find(form, "Status", QComboBox), Status.ARCHIVED)
    form.load(event_data())
    assert form.undo_stack.count() == 0


# -- in the window: Ctrl+Z and Ctrl+Shift+Z ------------------------------------------------


@pytest.fixture
def active_window(qtbot: Any, controller: EditorController, tmp_path: Path) -> MainWindow:
    window = make_window(qtbot, controller, tmp_path / "state.ini")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.select_row_by_title(BRIEFING)
    return window


def focus(qtbot: Any, widget: Any) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.wait(1)  # the event loop's turn, as between a click and the next key: Undo follows


def test_ctrl_z_on_a_combo_undoes_through_the_controller(
    qtbot: Any, active_window: MainWindow, controller: EditorController
) -> None:
    status = find(active_window, "Status", QComboBox)
    before = controller.draft_data()["status"]
    choose(status, Status.ARCHIVED)
    assert controller.draft_data()["status"] == Status.ARCHIVED
    focus(qtbot, status)
    with qtbot.waitSignal(controller.draft_edited):  # what autosave waits on
        qtbot.keyClick(status, Qt.Key.Key_Z, CTRL)
    assert controller.draft_data()["status"] == before
    assert status.currentData() == before
    qtbot.keyClick(status, Qt.Key.Key_Z, CTRL_SHIFT)
    assert controller.draft_data()["status"] == Status.ARCHIVED


def test_ctrl_z_in_a_text_field_undoes_its_typing_only(
    qtbot: Any, active_window: MainWindow, controller: EditorController
) -> None:
    title = find(active_window, "Title", QLineEdit)
    choose(find(active_window, "Status", QComboBox), Status.ARCHIVED)
    focus(qtbot, title)
    title.end(False)
    qtbot.keyClicks(title, "!")
    assert controller.draft_data()["title"] == BRIEFING + "!"
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)
    assert controller.draft_data()["title"] == BRIEFING
    assert controller.draft_data()["status"] == Status.ARCHIVED  # not the form's step
    # The menu's Undo with the focus in the title: the title's history, again.
    active_window.undo_action.trigger()
    assert controller.draft_data()["status"] == Status.ARCHIVED


def test_ctrl_z_in_the_time_zone_picker_undoes_the_zone(
    qtbot: Any, active_window: MainWindow, controller: EditorController
) -> None:
    zone = find(active_window, "Time zone", QComboBox)
    focus(qtbot, zone)
    zone.setEditText("Europe/Lisbon")  # typed in one go: see test_creating_an_event
    assert controller.draft_data()["timezone"] == "Europe/Lisbon"
    qtbot.keyClick(zone, Qt.Key.Key_Z, CTRL)
    assert controller.draft_data()["timezone"] == "Europe/Brussels"
    assert zone.currentText() == "Europe/Brussels"
    assert controller.candidate is not None  # validated again: the draft is valid


def test_undo_reaches_the_preview(
    qtbot: Any, active_window: MainWindow, controller: EditorController
) -> None:
    all_day = find(active_window, "All day", QCheckBox)
    all_day.setChecked(True)
    preview = controller.candidate
    assert isinstance(preview, Event) and preview.all_day
    focus(qtbot, active_window.table)
    with qtbot.waitSignal(controller.draft_changed) as blocker:
        active_window.undo_action.trigger()
    shown = blocker.args[0]
    assert isinstance(shown, Event) and not shown.all_day
    assert shown.start == datetime(2022, 4, 13, 15, 0)


def test_switching_items_clears_the_form_history(
    active_window: MainWindow, workspace: Workspace
) -> None:
    choose(find(active_window, "Status", QComboBox), Status.ARCHIVED)
    active_window.controller.save()
    active_window.select_row_by_title("Annual Mayors' Forum 2027")
    assert active_window.form.undo_stack.count() == 0
    active_window.undo_action.trigger()
    stored = {item.title: item for item in workspace.items()}
    assert stored[BRIEFING].status == Status.ARCHIVED
