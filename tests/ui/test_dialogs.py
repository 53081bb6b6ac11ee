"""Preferences, keyboard shortcuts, readiness panel, theme and window-state storage."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from editor.domain.items import Event
from editor.preferences import Preferences, Theme
from editor.storage.samples import sample_items
from editor.ui.preferences_dialog import PreferencesDialog
from editor.ui.readiness import ReadinessPanel
from editor.ui.shortcuts_dialog import ShortcutsDialog
from editor.ui.theme import apply_theme
from editor.ui.window_state import WindowState
from tests.ui.window_helpers import find


def test_preferences_dialog_returns_the_choices(qtbot: Any) -> None:
    dialog = PreferencesDialog(Preferences(), ["fr"])
    qtbot.addWidget(dialog)
    find(dialog, "Default language").setEditText("pt-br")
    find(dialog, "Default time zone").setEditText("America/Sao_Paulo")
    find(dialog, "Author").setText("Ana")
    find(dialog, "Website address").setText("https://example.org/news")
    theme = find(dialog, "Theme")
    theme.setCurrentIndex(theme.findData(Theme.DARK))
    dialog.accept()
    chosen = dialog.preferences()
    assert chosen == Preferences(
        default_language="pt-BR",
        default_timezone="America/Sao_Paulo",
        author="Ana",
        site_url="https://example.org/news/",
        theme=Theme.DARK,
    )


def test_preferences_dialog_refuses_a_website_address_without_a_scheme(qtbot: Any) -> None:
    dialog = PreferencesDialog(Preferences(), [])
    qtbot.addWidget(dialog)
    find(dialog, "Website address").setText("example.org")
    dialog.accept()
    assert "website address" in find(dialog, "Preferences problem", QLabel).text()
    assert dialog.preferences() == Preferences()


def test_preferences_dialog_refuses_an_unknown_zone(qtbot: Any) -> None:
    dialog = PreferencesDialog(Preferences(), [])
    qtbot.addWidget(dialog)
    find(dialog, "Default time zone").setEditText("Mars/Olympus")
    dialog.accept()
    assert "not a known time zone" in find(dialog, "Preferences problem", QLabel).text()
    assert dialog.preferences() == Preferences()


def test_shortcuts_sheet_lists_the_actions(qtbot: Any) -> None:
    save = QAction("&Save")
    save.setShortcut("Ctrl+S")
    dialog = ShortcutsDialog([save, QAction("No keys")])
    qtbot.addWidget(dialog)
    rows = dict(dialog.rows())
    assert rows["Save"] == "Ctrl+S"
    assert "No keys" not in rows
    assert "Undo (in the focused field)" in rows


def test_shortcuts_sheet_lists_the_body_keys(qtbot: Any) -> None:
    bold = QAction("B")
    bold.setData("Bold")
    bold.setShortcut("Ctrl+B")
    dialog = ShortcutsDialog([], body_actions=[bold])
    qtbot.addWidget(dialog)
    rows = dict(dialog.rows())
    assert rows["In the body: Bold"] == "Ctrl+B"
    assert rows["In the body: indent the list item or the selected lines"] == "Tab"
    assert rows["Leave the body for the next field"] == "Ctrl+Tab, or Esc then Tab"


def test_readiness_panel(qtbot: Any) -> None:
    panel = ReadinessPanel()
    qtbot.addWidget(panel)
    event = next(i for i in sample_items() if isinstance(i, Event))
    panel.show_item(event, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert any("still marked scheduled" in w for w in panel.warnings())
    with qtbot.waitSignal(panel.field_requested) as blocker:
        panel.list.itemActivated.emit(panel.list.item(panel.list.count() - 1))
    assert blocker.args == ["event_status"]
    panel.show_item(None)
    assert panel.warnings() == []


def test_dark_and_light_themes(qapp: QApplication) -> None:
    apply_theme(qapp, Theme.DARK)
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 80
    apply_theme(qapp, Theme.LIGHT)
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_window_state_keeps_recent_workspaces(tmp_path: Path) -> None:
    state = WindowState(tmp_path / "state.ini")
    for n in range(12):
        state.add_recent_workspace(tmp_path / f"ws{n}")
    state.add_recent_workspace(tmp_path / "ws3")
    state.set_splitter("main", QByteArray(b"abc"))
    state.set_last_selection(tmp_path / "ws3", "some-id")
    state.sync()
    again = WindowState(tmp_path / "state.ini")
    recent = again.recent_workspaces()
    assert recent[0] == tmp_path / "ws3"
    assert len(recent) == 8
    assert again.splitter("main") == QByteArray(b"abc")
    assert again.last_selection(tmp_path / "ws3") == "some-id"
    assert again.last_selection(tmp_path / "other") is None


def test_window_state_lives_in_the_config_folder() -> None:
    from editor.paths import config_dir

    assert WindowState().path.parent == config_dir()
