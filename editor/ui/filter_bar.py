"""The filter bar over the item list: search words, kind, status, tag and language."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from editor.domain.items import Kind, Status
from editor.domain.query import ItemQuery
from editor.ui.item_table_model import KIND_LABELS, STATUS_LABELS


class FilterBar(QWidget):
    """Emits the query the user put together; it filters nothing by itself."""

    filter_changed = Signal(object)  # ItemQuery

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search")
        self.search.setPlaceholderText("Search titles, summaries and bodies")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_any_changed)

        self.kind = self._combo("Kind filter", "All kinds")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(f"{label}s", kind)
        self.status = self._combo("Status filter", "Any status")
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status)
        self.tag = self._combo("Tag filter", "Any tag")
        self.language = self._combo("Language filter", "Any language")

        self.count = QLabel()
        self.count.setAccessibleName("Item count")

        layout = QGridLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.search, 0, 0, 1, 4)
        layout.addWidget(self.kind, 1, 0)
        layout.addWidget(self.status, 1, 1)
        layout.addWidget(self.tag, 1, 2)
        layout.addWidget(self.language, 1, 3)
        layout.addWidget(self.count, 2, 0, 1, 4)
        for column in range(4):
            layout.setColumnStretch(column, 1)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(self._on_any_changed)
        return combo

    def set_choices(self, tags: list[str], languages: list[str]) -> None:
        """Offer the workspace's tags and languages, keeping the current choices."""
        for combo, values in ((self.tag, tags), (self.language, languages)):
            current = combo.currentData()
            with QSignalBlocker(combo):
                while combo.count() > 1:
                    combo.removeItem(1)
                for value in values:
                    combo.addItem(value, value)
                index = combo.findData(current) if current is not None else 0
                combo.setCurrentIndex(max(index, 0))
        self._on_any_changed()

    def query(self) -> ItemQuery:
        kind = self.kind.currentData()
        status = self.status.currentData()
        return ItemQuery(
            kind=Kind(kind) if kind else None,
            status=Status(status) if status else None,
            tag=self.tag.currentData(),
            language=self.language.currentData(),
            text=self.search.text().strip() or None,
        )

    def show_count(self, shown: int, total: int) -> None:
        noun = "item" if total == 1 else "items"
        self.count.setText(f"{shown:,} of {total:,} {noun}")

    def _on_any_changed(self, *_: object) -> None:
        self.filter_changed.emit(self.query())
