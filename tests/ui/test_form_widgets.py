"""Small form widgets: the wall-time picker steps days as people expect; lists complete."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.ui.form_widgets import ListCompleter, WallTimeEdit


@pytest.mark.parametrize("days_only", [True, False])
@pytest.mark.parametrize(
    "day", [date(2022, 3, 31), date(2022, 1, 30), date(2022, 10, 30), date(2022, 4, 13)]
)
def test_up_on_the_day_never_moves_backwards(qtbot: Any, days_only: bool, day: date) -> None:
    # With a weekday in the display format, Qt stepped Up from 31 Mar 2022 back to 25 Mar.
    edit = WallTimeEdit()
    qtbot.addWidget(edit)
    edit.set_days_only(days_only)
    edit.set_value(day if days_only else datetime.combine(day, datetime.min.time()))
    edit.setCurrentSectionIndex(0)  # where the cursor lands when the field is entered
    edit.stepBy(1)
    value = edit.value()
    shown = value if isinstance(value, date) and not isinstance(value, datetime) else value.date()
    # The last day of a month stays put (Qt does not wrap into the next month); others step.
    assert shown == (day if day.day == 31 else day + timedelta(days=1))


# The offscreen platform cannot raise a popup or let it grab the keyboard, and says so.
POPUP_WARNINGS = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$"
)


def _completer(qtbot: Any, values: list[str]) -> tuple[QLineEdit, ListCompleter]:
    edit = QLineEdit()
    edit.setAccessibleName("Tags")
    qtbot.addWidget(edit)
    completer = ListCompleter(edit)
    completer.set_values(values)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus()
    return edit, completer


def _shown(completer: ListCompleter) -> list[str]:
    model = completer.completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


@POPUP_WARNINGS
def test_list_completer_suggests_for_the_entry_after_the_last_comma(qtbot: Any) -> None:
    edit, completer = _completer(qtbot, ["forum", "Governance", "launch", "toolkit"])
    qtbot.keyClicks(edit, "forum, GO")
    assert completer.popup().isVisible()
    assert completer.popup().accessibleName() == "Tags suggestions"
    assert completer.completionPrefix() == "GO"
    assert _shown(completer) == ["Governance"]


@POPUP_WARNINGS
def test_list_completer_leaves_out_values_already_in_the_line(qtbot: Any) -> None:
    edit, completer = _completer(qtbot, ["forum", "forest", "fund"])
    qtbot.keyClicks(edit, "Forum, fo")
    assert _shown(completer) == ["forest"]


@POPUP_WARNINGS
def test_choosing_a_suggestion_replaces_the_entry_as_typing_would(qtbot: Any) -> None:
    edit, completer = _completer(qtbot, ["forum", "Governance"])
    edited: list[str] = []
    edit.textEdited.connect(edited.append)
    qtbot.keyClicks(edit, "forum,  gov")
    assert completer.popup().isVisible()
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert edit.text() == "forum,  Governance"
    assert edited[-1] == "forum,  Governance"
    assert not completer.popup().isVisible()
    edit.undo()
    assert edit.text() == "forum,  gov"


@POPUP_WARNINGS
def test_no_popup_for_an_empty_entry_or_a_complete_one(qtbot: Any) -> None:
    edit, completer = _completer(qtbot, ["forum"])
    qtbot.keyClicks(edit, "x, ")
    assert not completer.popup().isVisible()
    edit.clear()
    qtbot.keyClicks(edit, "FORUM")
    assert not completer.popup().isVisible()
    edit.clear()
    qtbot.keyClicks(edit, "zzz")
    assert not completer.popup().isVisible()
