"""In the window: an ambiguous start is settled with the occurrence chooser, and saved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from editor.domain.items import Event, Kind
from editor.storage import Workspace
from editor.ui.form_widgets import WallTimeEdit, to_qdatetime
from tests.ui import window_helpers
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, MainWindow, find

pytestmark = OFFSCREEN_SIZE_HINTS
controller = window_helpers.controller
window = window_helpers.window
workspace = window_helpers.workspace


def test_choosing_the_second_occurrence_makes_the_event_valid_and_saves_it(
    qtbot: Any, window: MainWindow, workspace: Workspace
) -> None:
    window.new_item(Kind.EVENT)
    qtbot.keyClicks(find(window, "Title", QLineEdit), "Night walk when the clocks go back")
    find(window, "Time zone", QComboBox).setEditText("Europe/Brussels")
    # 26 October 2031: Brussels goes from 03:00 CEST back to 02:00 CET.
    find(window, "End", WallTimeEdit).setDateTime(to_qdatetime(datetime(2031, 10, 26, 4, 0)))
    find(window, "Start", WallTimeEdit).setDateTime(to_qdatetime(datetime(2031, 10, 26, 2, 30)))
    problem = find(window, "Start problem", QLabel)
    assert "happens twice" in problem.text()
    assert window.controller.candidate is None
    chooser = find(window, "Start occurrence", QComboBox)
    assert chooser.isVisible()
    chooser.setCurrentIndex(1)
    chooser.activated.emit(1)
    assert not problem.isVisible()
    assert window.controller.save() is not None
    saved = [i for i in workspace.items() if i.title.startswith("Night walk")]
    assert len(saved) == 1 and isinstance(saved[0], Event)
    assert saved[0].start_fold == 1
    assert saved[0].start_moment().tzname() == "CET"
