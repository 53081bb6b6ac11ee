"""The window's preview pane: makes the live preview once the window has been painted.

The preview loads Qt WebEngine and the page renderer, a third of a second or more: done
before the window first shows, it would only delay the window. Until the preview exists,
the pane keeps what it was asked to show and hands it over then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from editor.domain.items import Announcement, Event

if TYPE_CHECKING:
    from editor.ui.preview import PreviewView

Item = Announcement | Event


class PreviewPane(QWidget):
    """Holds the PreviewView (given, or made on the first paint or first use)."""

    def __init__(self, preview: PreviewView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._view: PreviewView | None = None
        self._item: Item | None = None
        self._folder: Path | None = None
        self._scheduled = False
        if preview is not None:
            self._adopt(preview)

    @property
    def created(self) -> bool:
        return self._view is not None

    def view(self) -> PreviewView:
        """The preview, made now if it was not yet."""
        if self._view is None:
            # Imported here, not at start: it loads Qt WebEngine and the renderer.
            from editor.ui.preview import PreviewView

            view = PreviewView()
            view.set_workspace_dir(self._folder)
            if self._item is not None:
                view.show_item(self._item)
            self._adopt(view)
        assert self._view is not None
        return self._view

    def _adopt(self, view: PreviewView) -> None:
        self._view = view
        self._scheduled = True
        self._layout.addWidget(view, 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._scheduled:
            # The window is on screen: make the preview in the next turn of the event loop.
            self._scheduled = True
            QTimer.singleShot(0, self, self.view)

    # -- what the window forwards ---------------------------------------------------

    def set_workspace_dir(self, folder: Path | None) -> None:
        self._folder = folder
        if self._view is not None:
            self._view.set_workspace_dir(folder)

    def show_item(self, item: Item | None) -> None:
        self._item = item
        if self._view is not None:
            self._view.show_item(item)

    def clear(self) -> None:
        self._item = None
        if self._view is not None:
            self._view.clear()

    def scroll_to_source_line(self, line: int) -> None:
        if self._view is not None:
            self._view.scroll_to_source_line(line)
