"""The item list's table view: compact fixed columns and rows, sorted by last change.

Nothing here is sized to its content: that would read every row on each filter change.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from editor.ui.item_table_model import Column


def make_item_table(model: QAbstractItemModel) -> QTableView:
    """A table over `model` (the filter proxy), rows selected whole, several at a time."""
    table = QTableView()
    table.setAccessibleName("Item list")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    rows = table.verticalHeader()
    rows.hide()
    # Every row the same fixed height: the view never measures rows, so filtering 10,000
    # of them relayouts in constant work per visible row.
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    header.setSortIndicator(Column.UPDATED, Qt.SortOrder.DescendingOrder)
    metrics = table.fontMetrics()
    samples = {
        Column.KIND: "Announcement",
        Column.STATUS: "In review",
        Column.DATE: "30 Sep 2022 15:00",
        Column.LANGUAGE: "Language",
        Column.UPDATED: "Last change",
    }
    for column, sample in samples.items():
        table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 22)
    return table
