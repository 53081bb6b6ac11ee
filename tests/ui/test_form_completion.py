"""The window's comma-separated fields suggest the tags, authors and co-hosts already used."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from editor.domain.items import Kind
from editor.storage import Workspace
from tests.ui import window_helpers
from tests.ui.window_helpers import MainWindow, find

controller = window_helpers.controller
window = window_helpers.window
workspace = window_helpers.workspace

# The offscreen platform cannot raise a popup or let it grab the keyboard, and says so.
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))$"
)


def _popup(window: MainWindow, field: str) -> Any:
    """The suggestions of the field's completer: a window of its own, named for the field."""
    completer = find(window, field, QLineEdit).findChild(QCompleter)
    popup = completer.popup()
    assert popup.accessibleName() == f"{field} suggestions"
    return popup


def _suggestions(window: MainWindow, field: str) -> list[str]:
    model = _popup(window, field).model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _type_fresh(qtbot: Any, window: MainWindow, field: str, text: str) -> QLineEdit:
    edit = find(window, field, QLineEdit)
    window.form.details_scroll.ensureWidgetVisible(edit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    return edit


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("Tags", "TOOL", ["toolkit"]),
        ("Authors", "prog", ["Programme team"]),
        ("Co-hosts", "Forum secretariat, city", ["City of Bergamo", "City of Montevideo"]),
    ],
)
def test_fields_suggest_values_used_in_the_workspace(
    qtbot: Any, window: MainWindow, field: str, typed: str, expected: list[str]
) -> None:
    window.controller.new_item(Kind.EVENT)
    _type_fresh(qtbot, window, field, typed)
    assert _popup(window, field).isVisible()
    assert _suggestions(window, field) == expected


def test_a_newly_saved_tag_is_suggested(
    qtbot: Any, window: MainWindow, workspace: Workspace
) -> None:
    edit = _type_fresh(qtbot, window, "Tags", "zebra crossings")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "zebra crossings" in workspace.tags()
    edit = _type_fresh(qtbot, window, "Tags", "zeb")
    assert _suggestions(window, "Tags") == ["zebra crossings"]
    assert edit.text() == "zeb"


def test_a_newly_saved_author_is_suggested(
    qtbot: Any, window: MainWindow, workspace: Workspace
) -> None:
    _type_fresh(qtbot, window, "Authors", "Zola Okafor")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    edit = _type_fresh(qtbot, window, "Authors", "zo")
    assert _suggestions(window, "Authors") == ["Zola Okafor"]
    assert edit.text() == "zo"
