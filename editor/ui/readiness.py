"""The readiness panel: what to check before the item is published."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor.domain.items import Announcement, Event
from editor.domain.readiness import ReadinessWarning, readiness_warnings

Item = Announcement | Event
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1


class ReadinessPanel(QWidget):
    """Lists the readiness warnings of the edited item; activating one asks for its field."""

    field_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("readiness_heading")
        self.heading.setAccessibleName("Readiness")
        self.list = QListWidget()
        self.list.setAccessibleName("Readiness warnings")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(False)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemClicked.connect(self._on_list_item_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.show_item(None)

    def warnings(self) -> list[str]:
        return [self.list.item(n).text() for n in range(self.list.count())]

    def show_item(self, item: Item | None, *, now: datetime | None = None) -> None:
        found: list[ReadinessWarning] = (
            [] if item is None else readiness_warnings(item, now=now or datetime.now(UTC))
        )
        self.list.clear()
        for warning in found:
            entry = QListWidgetItem(f"⚠  {warning.message}")
            entry.setData(FIELD_ROLE, warning.field)
            entry.setToolTip("Go to the field")
            self.list.addItem(entry)
        if item is None:
            self.heading.setText("Readiness")
        elif found:
            count = len(found)
            self.heading.setText(f"Readiness: {count} thing{'s' if count > 1 else ''} to check")
        else:
            self.heading.setText("Readiness: ✓ nothing to check")
        self.list.setVisible(bool(found))
        rows = max(1, min(len(found), 4))
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 8 if found else 0)

    def _on_list_item_activated(self, entry: QListWidgetItem) -> None:
        field = entry.data(FIELD_ROLE)
        if isinstance(field, str) and field:
            self.field_requested.emit(field)
