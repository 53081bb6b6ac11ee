"""Edit > Undo and Redo are enabled only while the focused field has something to undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit

from editor.domain.items import Status
from editor.ui.controller import EditorController
from editor.ui.main_window import MainWindow
from editor.ui.preview import PreviewView
from editor.ui.window_state import WindowState
from tests.ui import window_helpers
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find, make_window

pytestmark = OFFSCREEN_SIZE_HINTS
controller = window_helpers.controller
workspace = window_helpers.workspace
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: Any, controller: EditorController, tmp_path: Path) -> MainWindow:
    shown = make_window(qtbot, controller, tmp_path / "state.ini")
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    return shown


def focus(qtbot: Any, widget: Any) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.wait(1)  # the event loop's turn, as between a click and the next key: Undo follows


def enabled(window: MainWindow) -> tuple[bool, bool]:
    return window.undo_action.isEnabled(), window.redo_action.isEnabled()


def expect(qtbot: Any, window: MainWindow, state: tuple[bool, bool]) -> None:
    """The actions follow once the event loop is back (a zero-time timer)."""
    qtbot.waitUntil(lambda: enabled(window) == state, timeout=2000)


def test_a_fresh_item_has_nothing_to_undo(qtbot: Any, window: MainWindow) -> None:
    focus(qtbot, find(window, "Title", QLineEdit))
    expect(qtbot, window, (False, False))
    focus(qtbot, window.table)
    expect(qtbot, window, (False, False))


def test_typing_enables_undo_in_that_field_only(qtbot: Any, window: MainWindow) -> None:
    title = find(window, "Title", QLineEdit)
    focus(qtbot, title)
    title.end(False)
    qtbot.keyClicks(title, "!")
    expect(qtbot, window, (True, False))
    focus(qtbot, find(window, "Slug", QLineEdit))
    expect(qtbot, window, (False, False))  # the slug has its own, empty, history
    focus(qtbot, title)
    expect(qtbot, window, (True, False))
    window.undo_action.trigger()
    expect(qtbot, window, (False, True))
    window.redo_action.trigger()
    assert title.text().endswith("!")
    expect(qtbot, window, (True, False))


def test_the_body_follows_its_document(qtbot: Any, window: MainWindow) -> None:
    body = find(window, "Body", QPlainTextEdit)
    focus(qtbot, body)
    expect(qtbot, window, (False, False))
    qtbot.keyClicks(body, "More.")
    expect(qtbot, window, (True, False))
    qtbot.keyClick(body, Qt.Key.Key_Z, CTRL)
    expect(qtbot, window, (False, True))


def test_outside_text_fields_undo_follows_the_form(qtbot: Any, window: MainWindow) -> None:
    status = find(window, "Status", QComboBox)
    focus(qtbot, status)
    expect(qtbot, window, (False, False))
    status.setCurrentIndex(status.findData(Status.ARCHIVED))
    status.activated.emit(status.currentIndex())
    expect(qtbot, window, (True, False))
    focus(qtbot, window.table)
    expect(qtbot, window, (True, False))
    window.undo_action.trigger()
    assert status.currentData() != Status.ARCHIVED
    expect(qtbot, window, (False, True))


def test_ctrl_z_with_nothing_to_undo_leaves_a_picker_alone(qtbot: Any, window: MainWindow) -> None:
    window.select_row_by_title("Online briefing: what the new review process means for cities")
    zone = find(window, "Time zone", QComboBox)
    line = zone.lineEdit()
    focus(qtbot, zone)
    qtbot.keyClicks(line, "x")  # typed into the picker's own line edit
    text = zone.currentText()
    window.form.undo_stack.clear()
    expect(qtbot, window, (False, False))
    qtbot.keyClick(line, Qt.Key.Key_Z, CTRL)
    assert zone.currentText() == text  # not the line edit's private undo


def test_a_window_taken_down_with_the_focus_in_the_body_is_left_alone(
    qtbot: Any, controller: EditorController, tmp_path: Path
) -> None:
    # Its text area, destroying its document, says its undo went away: nobody must ask it.
    shown = MainWindow(
        controller, WindowState(tmp_path / "s.ini"), preview=PreviewView(engine="text")
    )
    shown.ask_save_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    shown.start()
    with qtbot.waitActive(shown):
        shown.show()
        shown.activateWindow()
    body = find(shown, "Body", QPlainTextEdit)
    focus(qtbot, body)
    qtbot.keyClicks(body, "Typed.")
    expect(qtbot, shown, (True, False))
    assert shown.acts.undo_availability.field() is body
    with qtbot.waitSignal(shown.destroyed):
        shown.deleteLater()  # still shown, as a crashed test or a quick exit leaves it
    QApplication.processEvents()


def test_a_hidden_window_follows_nothing(qtbot: Any, window: MainWindow) -> None:
    title = find(window, "Title", QLineEdit)
    focus(qtbot, title)
    followed = window.acts.undo_availability
    assert followed.field() is title
    window.hide()
    assert followed.field() is None
