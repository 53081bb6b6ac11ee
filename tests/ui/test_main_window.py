"""The editor window, driven as a user would: by keyboard, finding widgets by accessible name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit

from editor.domain.items import Event, Kind, Status
from editor.storage import Workspace
from editor.ui.controller import EditorController
from editor.ui.form_widgets import WallTimeEdit
from tests.ui import window_helpers
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, MainWindow, find, make_window

# Shared fixtures, by assignment so pytest finds them in this module.
controller = window_helpers.controller
window = window_helpers.window
workspace = window_helpers.workspace

pytestmark = OFFSCREEN_SIZE_HINTS


def type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def press_save(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_title_starts_with_noticeboard(window: MainWindow) -> None:
    assert window.windowTitle().startswith("Noticeboard")


def test_creating_an_announcement(qtbot: Any, window: MainWindow, workspace: Workspace) -> None:
    before = len(workspace)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    title = find(window, "Title", QLineEdit)
    assert QApplication.focusWidget() is title
    qtbot.keyClicks(title, "Cities welcome the new forum")
    summary = find(window, "Summary", QPlainTextEdit)
    type_into(qtbot, summary, "A short teaser.")
    body = find(window, "Body", QPlainTextEdit)
    type_into(qtbot, body, "Hello **cities**.")
    press_save(qtbot, window)
    assert len(workspace) == before + 1
    saved = [i for i in workspace.items() if i.title == "Cities welcome the new forum"]
    assert len(saved) == 1
    assert saved[0].kind == Kind.ANNOUNCEMENT
    assert saved[0].summary == "A short teaser."
    assert saved[0].body == "Hello **cities**."
    assert saved[0].slug == "cities-welcome-the-new-forum"
    assert not window.controller.dirty
    assert "Cities welcome the new forum" in window.visible_titles()
    assert window.selected_ids() == [saved[0].id]


def test_creating_an_event(qtbot: Any, window: MainWindow, workspace: Workspace) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.keyClicks(find(window, "Title", QLineEdit), "Peer visit to Lisbon")
    # Typed in one go: keystrokes would open the completer popup, which the offscreen
    # platform cannot raise or give the keyboard to.
    find(window, "Time zone").setEditText("Europe/Lisbon")
    start = find(window, "Start", WallTimeEdit)
    start.setDateTime(start.dateTime().fromString("2031-03-04 10:00", "yyyy-MM-dd HH:mm"))
    end = find(window, "End", WallTimeEdit)
    end.setDateTime(end.dateTime().fromString("2031-03-04 12:30", "yyyy-MM-dd HH:mm"))
    qtbot.keyClicks(find(window, "Venue name", QLineEdit), "Pacos do Concelho")
    qtbot.keyClicks(find(window, "City", QLineEdit), "Lisbon")
    press_save(qtbot, window)
    saved = [i for i in workspace.items() if i.title == "Peer visit to Lisbon"]
    assert len(saved) == 1, window.save_error.text()
    event = saved[0]
    assert isinstance(event, Event)
    assert event.timezone == "Europe/Lisbon"
    assert event.start == datetime(2031, 3, 4, 10, 0)
    assert event.end == datetime(2031, 3, 4, 12, 30)
    assert event.venue is not None and event.venue.city == "Lisbon"


def test_end_before_start_shows_the_message_next_to_end(
    qtbot: Any, window: MainWindow, workspace: Workspace
) -> None:
    window.new_item(Kind.EVENT)
    qtbot.keyClicks(find(window, "Title", QLineEdit), "Briefing")
    start = find(window, "Start", WallTimeEdit)
    start.setDateTime(start.dateTime().fromString("2031-03-04 10:00", "yyyy-MM-dd HH:mm"))
    end = find(window, "End", WallTimeEdit)
    end.setDateTime(end.dateTime().fromString("2031-03-04 09:00", "yyyy-MM-dd HH:mm"))
    problem = find(window, "End problem", QLabel)
    assert problem.isVisible()
    assert problem.text().startswith("End must be after the start")
    assert not find(window, "Start problem", QLabel).isVisible()
    before = len(workspace)
    press_save(qtbot, window)
    assert len(workspace) == before
    assert "End must be after the start" in window.save_error.text()
    # Nothing typed is lost.
    assert find(window, "Title", QLineEdit).text() == "Briefing"


def test_tab_order_title_summary_body(qtbot: Any, window: MainWindow) -> None:
    window.new_item(Kind.ANNOUNCEMENT)
    title = find(window, "Title", QLineEdit)
    assert QApplication.focusWidget() is title
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is find(window, "Summary", QPlainTextEdit)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is find(window, "Body", QPlainTextEdit)
    body = find(window, "Body", QPlainTextEdit)
    qtbot.keyClicks(body, "- cities")
    qtbot.keyClick(body, Qt.Key.Key_Tab)  # in the body, Tab nests the list item
    assert body.toPlainText() == "    - cities"
    qtbot.keyClick(body, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is find(window, "Status")
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
    )
    assert QApplication.focusWidget() is body


def test_search_filters_as_you_type(qtbot: Any, window: MainWindow) -> None:
    count = find(window, "Item count", QLabel)
    assert count.text() == "8 of 8 items"
    search = find(window, "Search", QLineEdit)
    qtbot.keyClicks(search, "EQUATEUR")
    assert window.visible_titles() == [
        "L'Équateur et le Portugal coprésideront le Forum Villes et migrations "
        "à partir de juillet 2022"
    ]
    assert count.text() == "1 of 8 items"
    search.clear()
    assert count.text() == "8 of 8 items"


def test_filters_by_kind_status_tag_and_language(window: MainWindow) -> None:
    kind = find(window, "Kind filter")
    kind.setCurrentIndex(kind.findData(Kind.EVENT))
    assert window.proxy.rowCount() == 3
    status = find(window, "Status filter")
    status.setCurrentIndex(status.findData(Status.DRAFT))
    assert window.visible_titles() == ["Annual Mayors' Forum 2027"]
    kind.setCurrentIndex(0)
    status.setCurrentIndex(0)
    language = find(window, "Language filter")
    language.setCurrentIndex(language.findData("fr"))
    assert window.proxy.rowCount() == 1
    language.setCurrentIndex(0)
    tag = find(window, "Tag filter")
    tag.setCurrentIndex(tag.findData("forum"))
    assert window.proxy.rowCount() >= 2
    assert find(window, "Item count", QLabel).text() == f"{window.proxy.rowCount()} of 8 items"


def test_bulk_status_change(qtbot: Any, window: MainWindow, workspace: Workspace) -> None:
    window.table.selectAll()
    ids = window.selected_ids()
    assert len(ids) == 8
    window.status_actions[Status.ARCHIVED].trigger()
    assert {item.status for item in workspace.items()} == {Status.ARCHIVED}
    assert window.visible_titles()  # still listed
    status_column = [window.proxy.index(r, 2).data() for r in range(window.proxy.rowCount())]
    assert set(status_column) == {"Archived"}


def test_bulk_add_and_remove_tag(window: MainWindow, workspace: Workspace) -> None:
    window.table.selectAll()
    window.acts.bulk_add_tag("newsletter")
    assert all("newsletter" in item.tags for item in workspace.items())
    assert "newsletter" in workspace.tags()
    window.acts.bulk_remove_tag("newsletter")
    assert all("newsletter" not in item.tags for item in workspace.items())


def test_editing_and_saving_an_existing_item(qtbot: Any, window: MainWindow) -> None:
    window.select_row_by_title("Launch of the Local Inclusion Toolkit")
    assert window.controller.draft_title() == "Launch of the Local Inclusion Toolkit"
    title = find(window, "Title", QLineEdit)
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " (2nd edition)")
    assert window.isWindowModified()
    press_save(qtbot, window)
    assert not window.isWindowModified()
    stored = window.controller.workspace.get(window.controller.current_id)  # type: ignore[arg-type]
    assert stored.title == "Launch of the Local Inclusion Toolkit (2nd edition)"
    assert stored.revision == 2


def test_undo_in_a_line_edit(qtbot: Any, window: MainWindow) -> None:
    window.new_item(Kind.ANNOUNCEMENT)
    title = find(window, "Title", QLineEdit)
    qtbot.keyClicks(title, "Hello")
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert title.text() == ""
    assert window.controller.draft_title() == ""


def test_export_opens_the_export_dialog(window: MainWindow) -> None:
    from editor.ui.export_dialog import ExportDialog

    window.export_action.trigger()
    dialog = window.findChild(ExportDialog, "export_dialog")
    assert dialog is not None
    assert dialog.isVisible()
    dialog.close()


def test_export_uses_the_website_address_from_the_preferences(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    import json
    import zipfile

    from editor.preferences import Preferences
    from editor.ui.export_dialog import ExportDialog

    window.controller.preferences = Preferences(site_url="https://example.org/news/")
    window.export_action.trigger()
    dialog = window.findChild(ExportDialog, "export_dialog")
    assert dialog is not None
    out = tmp_path / "out.zip"
    dialog.destination.setText(str(out))
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=30_000)  # after the checks
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000):
        dialog.export_button.click()
    with zipfile.ZipFile(out) as archive:
        feed = json.loads(archive.read("feed.json"))
    assert feed["feed_url"] == "https://example.org/news/feed.json"
    dialog.close()


def QWidget_type() -> Any:
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def test_window_state_is_restored(qtbot: Any, controller: EditorController, tmp_path: Path) -> None:
    state = tmp_path / "state.ini"
    first = make_window(qtbot, controller, state)
    # The offscreen screen is 800x600: restoreGeometry keeps windows on their screen.
    first.resize(790, 580)
    first.splitter.setSizes([320, 240, 200])
    first.select_row_by_title("Launch of the Local Inclusion Toolkit")
    chosen = first.controller.current_id
    sizes = first.splitter.sizes()
    size = first.size()
    first.close()
    second = make_window(qtbot, EditorController(controller.workspace), state)
    assert second.size() == size
    assert second.splitter.sizes() == sizes
    assert second.controller.current_id == chosen
    assert second.selected_ids() == [chosen]


def test_no_two_actions_share_a_shortcut(window: MainWindow) -> None:
    # The body editor's shortcuts are live whenever it has focus, together with the window's:
    # a key used twice would be "ambiguous" there and do nothing at all.
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString()
            if not key:
                continue
            text = action.text().replace("&", "")
            assert key not in seen, f"{key} is both {seen[key]!r} and {text!r}"
            seen[key] = text


def test_a_save_without_a_backup_says_so_in_the_status_bar(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    import errno

    from editor.storage.backups import BackupSet

    def no_room(self: BackupSet, db_path: Any, now: Any = None) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(BackupSet, "should_snapshot", lambda self, now=None: True)
    monkeypatch.setattr(BackupSet, "snapshot_existing", no_room)
    window.select_row_by_title("Launch of the Local Inclusion Toolkit")
    title = find(window, "Title", QLineEdit)
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, "!")
    press_save(qtbot, window)
    message = window.statusBar().currentMessage()
    assert message.startswith("Saved") and "No backup could be kept" in message
