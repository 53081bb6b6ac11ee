"""Files the system hands to the running app: on macOS, a bundle double-clicked in Finder.

macOS does not start the app with the file on its command line; it sends a FileOpen event
to the application, at start-up or later. Bundles go to the review window, as
`noticeboard review BUNDLE` does on Linux and Windows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent


class FileOpenFilter(QObject):
    """An application event filter that passes opened files to `open_bundle`."""

    def __init__(self, open_bundle: Callable[[Path], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_bundle = open_bundle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            name = event.file()
            if name:
                self._open_bundle(Path(name))
                return True
        return super().eventFilter(watched, event)
