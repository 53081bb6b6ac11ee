"""The About box."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from editor import __version__
from editor.resources import resource_path


def app_icon() -> QIcon:
    try:
        return QIcon(str(resource_path("icons", "noticeboard.svg")))
    except FileNotFoundError:
        return QIcon()


def about_text() -> str:
    return (
        f"<h3>Noticeboard {__version__}</h3>"
        "<p>Draft announcements and events, see exactly what will be published, "
        "and keep everything in a local workspace, online or not.</p>"
        "<p>Made for the editors of a network of city governments working on migration.</p>"
        "<p>Free software under the MIT licence.</p>"
    )


def show_about(parent: QWidget | None) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("About Noticeboard")
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.setText(about_text())
    box.setAccessibleName("About Noticeboard")
    box.exec()
