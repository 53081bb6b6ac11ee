"""A list of labelled keys for a QListView, optionally with a tick box on each row.

The model holds the choice (which keys are ticked, which rows are settled), so dialogs
read it from here and never from the view's items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole


class ChoiceListModel(QAbstractListModel):
    """Rows of (key, label). Checkable rows start ticked; settled rows show in italics."""

    checks_changed = Signal()  # the user (or the code) ticked or unticked a row

    def __init__(self, parent: QObject | None = None, *, checkable: bool = False) -> None:
        super().__init__(parent)
        self._checkable = checkable
        self._keys: list[str] = []
        self._labels: list[str] = []
        self._checked: set[str] = set()
        self._settled: set[str] = set()

    # -- filling and reading -------------------------------------------------------------

    def set_rows(self, rows: Iterable[tuple[str, str]]) -> None:
        """Show these (key, label) rows, every one ticked."""
        self.beginResetModel()
        pairs = list(rows)
        self._keys = [key for key, _label in pairs]
        self._labels = [label for _key, label in pairs]
        self._checked = set(self._keys) if self._checkable else set()
        self._settled = set()
        self.endResetModel()

    def keys(self) -> list[str]:
        return list(self._keys)

    def key_at(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: str) -> int | None:
        try:
            return self._keys.index(key)
        except ValueError:
            return None

    def checked_keys(self) -> list[str]:
        """The ticked keys, in row order."""
        return [key for key in self._keys if key in self._checked]

    def set_checked(self, key: str, checked: bool) -> None:
        row = self.row_of(key)
        if row is not None:
            self.setData(self.index(row), _state(checked), Qt.ItemDataRole.CheckStateRole)

    def settle(self, key: str, label: str) -> None:
        """Mark a row dealt with: a new label, in italics."""
        row = self.row_of(key)
        if row is None:
            return
        self._labels[row] = label
        self._settled.add(key)
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def is_settled(self, key: str) -> bool:
        return key in self._settled

    # -- QAbstractListModel --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  # Qt's own default
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        row = index.row()
        key = self._keys[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._labels[row]
        if role == KEY_ROLE:
            return key
        if role == Qt.ItemDataRole.CheckStateRole and self._checkable:
            return _state(key in self._checked)
        if role == Qt.ItemDataRole.FontRole and key in self._settled:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not self._checkable
            or not index.isValid()
            or not 0 <= index.row() < len(self._keys)
        ):
            return False
        key = self._keys[index.row()]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == (key in self._checked):
            return True
        if checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True


def _state(checked: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked


def labels(model: ChoiceListModel) -> Sequence[str]:
    """Every row's label, in order (what the view shows)."""
    return [str(model.index(row).data()) for row in range(model.rowCount())]
