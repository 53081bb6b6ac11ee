"""The list model behind the export and recovery dialogs' lists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from editor.ui.choice_list_model import KEY_ROLE, ChoiceListModel, labels

ROWS = [("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")]
CHECK = Qt.ItemDataRole.CheckStateRole


def test_checkable_rows_start_ticked_and_the_model_keeps_the_choice(
    qtmodeltester: Any, qtbot: Any
) -> None:
    model = ChoiceListModel(checkable=True)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    assert labels(model) == ["Alpha", "Beta", "Gamma"]
    assert model.checked_keys() == ["a", "b", "c"]
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(model.checks_changed):
        assert model.setData(model.index(1), Qt.CheckState.Unchecked.value, CHECK)  # as a view
    assert model.checked_keys() == ["a", "c"]
    assert model.index(1).data(CHECK) == Qt.CheckState.Unchecked
    with qtbot.assertNotEmitted(model.checks_changed):
        model.set_checked("b", False)  # no change, no signal
    model.set_rows(ROWS[:2])
    assert model.checked_keys() == ["a", "b"]


def test_plain_rows_have_no_tick_box_and_settle_in_italics(qtmodeltester: Any) -> None:
    model = ChoiceListModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    assert model.index(0).data(CHECK) is None
    assert not model.setData(model.index(0), Qt.CheckState.Unchecked, CHECK)
    assert model.index(2).data(KEY_ROLE) == "c"
    assert model.row_of("c") == 2 and model.row_of("z") is None
    model.settle("b", "Beta\nrestored")
    font = model.index(1).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert model.index(1).data() == "Beta\nrestored"
    assert model.is_settled("b") and not model.is_settled("a")
    assert model.index(0).data(Qt.ItemDataRole.FontRole) is None
