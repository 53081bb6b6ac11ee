"""A file the system opens with the app (macOS Finder) goes to the review window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from editor.ui.file_open import FileOpenFilter


def test_an_opened_file_is_handed_on_and_other_events_pass(qapp: QApplication) -> None:
    opened: list[Path] = []
    owner = QObject()
    events = FileOpenFilter(opened.append, owner)
    qapp.installEventFilter(events)
    try:
        QApplication.sendEvent(qapp, QFileOpenEvent(QUrl.fromLocalFile("/tmp/news.zip")))
        assert opened == [Path("/tmp/news.zip")]
        assert not events.eventFilter(owner, QEvent(QEvent.Type.User))
        QApplication.sendEvent(qapp, QFileOpenEvent(""))  # nothing named: nothing opened
        assert opened == [Path("/tmp/news.zip")]
    finally:
        qapp.removeEventFilter(events)
