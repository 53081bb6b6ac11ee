"""The Export dialog: selection, checks, export off the GUI thread, progress and Cancel."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QWidget,
)

from editor.bundle.verify import verify_bundle
from editor.domain.items import Announcement, Event, Status, parse_item
from editor.export.job import ExportResult
from editor.export.writer import ExportCancelled
from editor.storage.samples import sample_items
from editor.ui.export_dialog import ExportDialog

Item = Announcement | Event

# The offscreen platform warns when a top-level window with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")


def make_dialog(qtbot: Any, items: list[Item] | None = None, **kwargs: Any) -> ExportDialog:
    dialog = ExportDialog(
        sample_items() if items is None else items,
        workspace_id="test-workspace",
        media_dir=None,
        **kwargs,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.summary.text() != "Checking…", timeout=10_000)
    return dialog


def test_every_control_has_an_accessible_name(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    kinds = (QAbstractButton, QComboBox, QLineEdit, QListView, QProgressBar)
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, kinds) and w.window() is dialog  # not a combo box's own pop-up list
    ]
    assert len(controls) >= 12
    assert [w for w in controls if not w.accessibleName()] == []


def test_approved_and_published_items_are_chosen_by_default(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    chosen = dialog.selected_items()
    assert chosen
    assert {item.status for item in chosen} <= {Status.APPROVED, Status.PUBLISHED}
    dialog.status_boxes[Status.DRAFT].setChecked(True)
    qtbot.waitUntil(lambda: dialog.summary.text() != "Checking…", timeout=10_000)
    assert any(item.status is Status.DRAFT for item in dialog.selected_items())


def test_unticking_an_item_leaves_it_out(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    before = dialog.selected_items()
    view = dialog.item_list
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)  # as the user ticks it off
    after = dialog.selected_items()
    assert len(after) == len(before) - 1
    assert view.model().index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    qtbot.waitUntil(lambda: dialog.summary.text() != "Checking…", timeout=10_000)
    assert dialog.summary.text().startswith(f"{len(after)} items selected")


def test_the_choice_lives_in_a_model(qtbot: Any, qtmodeltester: Any) -> None:
    dialog = make_dialog(qtbot)
    model = dialog.item_list.model()
    assert model is dialog.items_model
    qtmodeltester.check(model)
    first = model.key_at(0)
    model.set_checked(first, False)
    assert first not in {str(item.id) for item in dialog.selected_items()}
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))  # a new list: all ticked
    assert len(dialog.selected_items()) == model.rowCount()


def test_language_filter(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    assert {item.language for item in dialog.selected_items()} == {"fr"}


def test_errors_are_shown_and_block_the_export(qtbot: Any, tmp_path: Path) -> None:
    pictured = parse_item(
        {"kind": "announcement", "title": "Pictured", "status": "approved", "image": "a.jpg"}
    )
    dialog = make_dialog(qtbot, [pictured], destination=tmp_path / "out.zip")
    texts = [dialog.check_list.item(r).text() for r in range(dialog.check_list.count())]
    assert any("Error: Pictured: The image has no alt text" in t for t in texts)
    assert "must be fixed" in dialog.summary.text()
    assert not dialog.export_button.isEnabled()


def test_export_writes_a_verified_zip(qtbot: Any, tmp_path: Path) -> None:
    out = tmp_path / "bundle.zip"
    dialog = make_dialog(qtbot, destination=out)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.export_button.isEnabled()  # the GUI goes on while it runs
        assert dialog.close_button.text() == "Cancel"
    assert blocker.args == [str(out)]
    assert verify_bundle(out) == []
    with zipfile.ZipFile(out) as archive:
        assert "manifest.sig" in archive.namelist()  # signed, like the command line's
    assert dialog.progress.value() == 1000
    assert "Exported" in dialog.summary.text()
    assert dialog.close_button.text() == "Close"


def test_cancel_stops_the_export_and_leaves_nothing(qtbot: Any, tmp_path: Path) -> None:
    started = threading.Event()
    threads: list[threading.Thread] = []

    def slow_job(items: list[Item], out: Path, **kwargs: Any) -> ExportResult:
        threads.append(threading.current_thread())
        kwargs["progress"](100)
        started.set()
        if not kwargs["cancel"].wait(10):
            raise AssertionError("never cancelled")
        raise ExportCancelled

    out = tmp_path / "bundle.zip"
    dialog = make_dialog(qtbot, destination=out, job=slow_job)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert started.wait(10)
    qtbot.waitUntil(lambda: dialog.progress.value() == 100, timeout=5_000)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancelled" in dialog.summary.text(), timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()
    assert not out.exists()
    assert dialog.export_button.isEnabled()


def test_closing_while_exporting_cancels_first(qtbot: Any, tmp_path: Path) -> None:
    def waiting_job(items: list[Item], out: Path, **kwargs: Any) -> ExportResult:
        kwargs["cancel"].wait(10)
        raise ExportCancelled

    dialog = make_dialog(qtbot, destination=tmp_path / "b.zip", job=waiting_job)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert dialog.isVisible()  # still there until the worker has cleaned up
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def test_captions_lead_to_their_fields(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    buddies = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert buddies["&Save to:"] is dialog.destination  # Alt+S, not a literal "&"
    assert buddies["&Items:"] is dialog.item_list
    assert buddies["Chec&ks:"] is dialog.check_list
