"""The trash: items moved out of the list, with Restore and Empty trash."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.storage import TrashedItem
from editor.ui.item_table_model import KIND_LABELS


class TrashView(QDialog):
    """Lists the trash and emits what the editor wants done; the window calls `show_items`."""

    restore_requested = Signal(list)  # item ids (str)
    empty_requested = Signal()

    def __init__(self, items: Sequence[TrashedItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trash")
        self.setObjectName("trash_view")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("About the trash")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Items in the trash")
        self.tree.setHeaderLabels(["Title", "Kind", "Moved to the trash"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.itemSelectionChanged.connect(self._on_tree_item_selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_: self._on_restore_button_clicked())

        self.restore_button = QPushButton("&Restore")
        self.restore_button.setAccessibleName("Restore")
        self.restore_button.setToolTip("Put the selected items back in the list")
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.empty_button = QPushButton("&Empty trash…")
        self.empty_button.setAccessibleName("Empty trash")
        self.empty_button.setToolTip("Delete every item in the trash and its history, for good")
        self.empty_button.clicked.connect(self._on_empty_button_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self.show_items(items)

    def show_items(self, items: Sequence[TrashedItem]) -> None:
        self.tree.clear()
        for trashed in items:
            local = trashed.trashed_at.astimezone()
            row = QTreeWidgetItem(
                [
                    trashed.item.title,
                    KIND_LABELS[trashed.item.kind],
                    f"{local.day} {local:%b %Y %H:%M}",
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, str(trashed.item.id))
            self.tree.addTopLevelItem(row)
        count = len(items)
        if count:
            self.intro.setText(
                f"{count} item{'s' if count != 1 else ''} in the trash. Restored items come back "
                "with their history; emptying the trash deletes them for good."
            )
        else:
            self.intro.setText("The trash is empty.")
        self.empty_button.setEnabled(bool(count))
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._on_tree_item_selection_changed()

    def selected_ids(self) -> list[str]:
        return [str(row.data(0, Qt.ItemDataRole.UserRole)) for row in self.tree.selectedItems()]

    def _on_tree_item_selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.selected_ids()))

    def _on_restore_button_clicked(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.restore_requested.emit(ids)

    def _on_empty_button_clicked(self) -> None:
        if self.tree.topLevelItemCount() and self.confirm_empty(self.tree.topLevelItemCount()):
            self.empty_requested.emit()

    def confirm_empty(self, count: int) -> bool:
        """Ask before deleting for good (tests replace this)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Empty the trash?",
            f"Delete the {count} item{'s' if count != 1 else ''} in the trash and all "
            f"{'their' if count != 1 else 'its'} history for good? This cannot be undone.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton("Delete for good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is delete
