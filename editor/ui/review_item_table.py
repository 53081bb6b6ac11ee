"""The review window's item list: the editor's list, with the reviewer's verdict column.

The bundle's workflow status ("approved" by the editor's team) read as the reviewer's own
verdict in a column headed Status; here that column shows what this reviewer decided, and
the bundle's status moves to its tooltip (the form shows it too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt

from editor.bundle.review import VERDICT_LABELS, Verdict
from editor.ui.item_table_model import STATUS_LABELS, Column, ItemTableModel

VERDICT_HEADER = "Your verdict"
_ORDER = {Verdict.CHANGES_REQUESTED: 0, Verdict.NONE: 1, Verdict.APPROVED: 2}


class ReviewItemTableModel(ItemTableModel):
    """ItemTableModel whose Status column is the reviewer's verdict on each item."""

    def __init__(self, verdict_of: Callable[[str], Verdict], parent: QObject | None = None):
        super().__init__(parent)
        self._verdict_of = verdict_of

    def cell(self, row: int, column: int, role: int) -> Any:
        if column != Column.STATUS:
            return super().cell(row, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            verdict = self._verdict_of(self.id_at(row))
            return "" if verdict is Verdict.NONE else VERDICT_LABELS[verdict]
        if role == Qt.ItemDataRole.ToolTipRole:
            status = STATUS_LABELS[self.summary_at(row).status]
            return f"Your verdict on this item. Its status in the bundle: {status}."
        return super().cell(row, column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            section == Column.STATUS
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return VERDICT_HEADER
        return super().headerData(section, orientation, role)

    def _ordered(self, rows: list[Any]) -> list[Any]:
        if self._sort_column != Column.STATUS:
            return super()._ordered(rows)
        ordered = sorted(rows, key=lambda r: (_ORDER[self._verdict_of(r.id)], r.title_key))
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            ordered.reverse()
        return ordered

    def verdict_changed(self, item_id: str) -> None:
        """Show the item's new verdict (and keep the order when sorted by verdict)."""
        row = self.row_of(item_id)
        if row is None:
            return
        cell = self.index(row, Column.STATUS)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])
        if self._sort_column == Column.STATUS:
            self._resort()
