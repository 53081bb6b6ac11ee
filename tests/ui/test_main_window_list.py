"""The window's item list over summaries: damaged items, the lazily made preview, filtering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from editor.domain.items import Kind
from editor.storage import Workspace
from editor.storage.samples import add_samples
from editor.storage.workspace import DB_NAME
from editor.ui import preview as preview_module
from editor.ui.controller import EditorController
from editor.ui.main_window import MainWindow
from editor.ui.preview import PreviewView
from editor.ui.window_state import WindowState
from tests.ui import window_helpers
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

controller = window_helpers.controller
window = window_helpers.window
workspace = window_helpers.workspace

pytestmark = OFFSCREEN_SIZE_HINTS


def test_opening_validates_no_item_but_the_selected_one(
    qtbot: Any, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from editor.storage import workspace as workspace_module

    workspace._cache.clear()
    validated: list[object] = []
    real = workspace_module.ITEM_ADAPTER

    class CountingAdapter:
        def validate_python(self, data: object) -> Any:
            validated.append(data)
            return real.validate_python(data)

    monkeypatch.setattr(workspace_module, "ITEM_ADAPTER", CountingAdapter())
    window_helpers.make_window(qtbot, EditorController(workspace), tmp_path / "state.ini")
    assert len(validated) == 1


def test_an_item_stored_invalid_is_dropped_from_the_list_when_opened(
    qtbot: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "ws"
    with Workspace.open(folder) as ws:
        add_samples(ws)
        event = next(item for item in ws.items() if item.kind == Kind.EVENT)
    db = folder / DB_NAME
    tables = orjson.loads(db.read_bytes())
    tables["items"][str(event.id)]["end"] = "2000-01-01T00:00:00"  # before its start
    db.write_bytes(orjson.dumps(tables))
    with Workspace.open(folder) as ws:
        controller = EditorController(ws)
        win = window_helpers.make_window(qtbot, controller, tmp_path / "state.ini")
        assert win.model.row_of(event.id) is not None  # listed: nothing was validated
        opened = controller.current_id
        win.select_row_by_title(event.title)
        assert win.model.row_of(event.id) is None
        assert event.title in win.statusBar().currentMessage()
        assert controller.current_id == opened
        assert find(win, "Item count").text() == "7 of 7 items"


def test_the_preview_is_made_once_the_window_is_painted(
    qtbot: Any, controller: EditorController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[PreviewView] = []

    def text_preview() -> PreviewView:
        made.append(PreviewView(engine="text"))
        return made[-1]

    monkeypatch.setattr(preview_module, "PreviewView", text_preview)
    win = MainWindow(controller, WindowState(tmp_path / "state.ini"))
    qtbot.addWidget(win)
    win.ask_save_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    win.start()
    assert not win.preview_pane.created  # the first item is selected, its preview waits
    win.show()
    qtbot.waitUntil(lambda: win.preview_pane.created)
    assert len(made) == 1
    qtbot.waitUntil(lambda: made[0].render_count > 0)
    assert win.preview is made[0]


def test_filtering_keeps_the_selected_row_selected(window: MainWindow) -> None:
    current = window.controller.current_id
    assert current is not None
    title = window.controller.draft_title()
    search = find(window, "Search", QLineEdit)
    search.setText(title.split()[0])  # QTest types ASCII only
    assert window.selected_ids() == [current]
    search.clear()
    assert window.selected_ids() == [current]


def test_translation_candidates_are_the_originals_of_the_same_kind(window: MainWindow) -> None:
    french = next(s for s in window.model.summaries() if s.language == "fr")
    data = {"id": french.id, "kind": french.kind}
    offered = dict(window._translation_candidates(data))
    assert french.id not in offered
    kinds = {s.id: s.kind for s in window.model.summaries()}
    assert offered and all(kinds[i] == french.kind for i in offered)
