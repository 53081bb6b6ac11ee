"""Window state (geometry, splitters, last selection, recent workspaces), kept apart from
preferences in a QSettings file under the config folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from editor.paths import config_dir

STATE_FILE = "window-state.ini"
RECENT_MAX = 8


def _key_for(folder: Path) -> str:
    return hashlib.sha1(str(folder).encode(), usedforsecurity=False).hexdigest()[:16]


class WindowState:
    """Reads and writes what the window looked like last time; nothing in it is precious."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / STATE_FILE
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._settings.setValue("window/state", value)

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", value)

    def header(self) -> QByteArray | None:
        return self._bytes("list/header")

    def set_header(self, value: QByteArray) -> None:
        self._settings.setValue("list/header", value)

    def last_selection(self, workspace: Path | None) -> str | None:
        if workspace is None:
            return None
        value = self._settings.value(f"selection/{_key_for(workspace)}")
        return value if isinstance(value, str) and value else None

    def set_last_selection(self, workspace: Path | None, item_id: str | None) -> None:
        if workspace is not None:
            self._settings.setValue(f"selection/{_key_for(workspace)}", item_id or "")

    def recent_workspaces(self) -> list[Path]:
        value = self._settings.value("recent/workspaces")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(v) for v in value if isinstance(v, str) and v]

    def add_recent_workspace(self, folder: Path) -> None:
        folder = folder.absolute()
        recent = [folder, *(p for p in self.recent_workspaces() if p != folder)][:RECENT_MAX]
        self._settings.setValue("recent/workspaces", [str(p) for p in recent])

    def sync(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._settings.sync()
