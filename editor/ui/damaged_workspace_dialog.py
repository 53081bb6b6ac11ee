"""What to do when the workspace file cannot be read: restore a backup, or open another."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.storage.backups import BackupInfo, BackupSet
from editor.storage.workspace import BACKUP_DIR
from editor.storage.workspace_errors import WorkspaceCorruptError


def backups_of(folder: Path) -> list[BackupInfo]:
    """Every backup of the workspace in `folder`, newest first, each verified."""
    return BackupSet(folder / BACKUP_DIR).list()


class Choice(Enum):
    RESTORE = "restore"  # `backup` is the one to restore
    OPEN_OTHER = "open_other"
    QUIT = "quit"


def describe_backup(backup: BackupInfo, now: datetime | None = None) -> str:
    """'12 Mar 2031 14:05 (3 hours ago) · 42 items'."""
    local = backup.created_at.astimezone()
    count = backup.item_count
    items = "unknown number of items" if count is None else f"{count} item{'s' * (count != 1)}"
    age = backup.age_text(now or datetime.now(UTC))
    if not backup.ok:
        return f"{local.day} {local:%b %Y %H:%M} ({age}) · damaged, cannot be restored"
    return f"{local.day} {local:%b %Y %H:%M} ({age}) · {items}"


class DamagedWorkspaceDialog(QDialog):
    """Never an empty list: the editor restores a backup, opens another workspace or quits."""

    def __init__(
        self,
        error: WorkspaceCorruptError,
        backups: Sequence[BackupInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("The workspace cannot be opened")
        self.setObjectName("damaged_workspace_dialog")
        self.choice = Choice.QUIT
        self.backup: Path | None = None
        self._backups = list(backups)
        newest = next((b for b in self._backups if b.ok), None)
        self._newest = newest

        kept = (
            f"<p>The damaged file was kept as <code>{error.moved_to.name}</code>, unchanged.</p>"
            if error.moved_to is not None
            else ""
        )
        heading = QLabel(
            f"<h3>The workspace in {html.escape(str(error.folder))} cannot be opened</h3>"
            f"<p>Reason: {html.escape(error.reason)}.</p>{kept}"
        )
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setAccessibleName("What went wrong")

        if newest is not None:
            offer = f"<b>Newest good backup:</b> {describe_backup(newest)}"
        else:
            offer = "<b>There is no good backup of this workspace.</b>"
        self.offer = QLabel(offer)
        self.offer.setWordWrap(True)
        self.offer.setAccessibleName("Newest good backup")

        self.restore_newest_button = QPushButton("&Restore the newest good backup")
        self.restore_newest_button.setAccessibleName("Restore the newest good backup")
        self.restore_newest_button.setEnabled(newest is not None)
        self.restore_newest_button.setDefault(newest is not None)
        self.restore_newest_button.clicked.connect(self._on_restore_newest_button_clicked)

        self.older_button = QPushButton("Pick an &older backup…")
        self.older_button.setAccessibleName("Pick an older backup")
        self.older_button.setCheckable(True)
        self.older_button.setEnabled(len(self._backups) > 0)
        self.older_button.toggled.connect(self._on_older_button_toggled)

        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName("Backups")
        for backup in self._backups:
            entry = QListWidgetItem(describe_backup(backup))
            entry.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            if not backup.ok:
                entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.backup_list.addItem(entry)
        self.backup_list.itemSelectionChanged.connect(self._on_backup_list_selection_changed)
        self.backup_list.itemDoubleClicked.connect(lambda *_: self._on_restore_chosen_clicked())
        self.restore_chosen_button = QPushButton("Restore the &chosen backup")
        self.restore_chosen_button.setAccessibleName("Restore the chosen backup")
        self.restore_chosen_button.setEnabled(False)
        self.restore_chosen_button.clicked.connect(self._on_restore_chosen_clicked)
        self.older_box = QWidget()
        older_layout = QVBoxLayout(self.older_box)
        older_layout.setContentsMargins(0, 0, 0, 0)
        older_layout.addWidget(self.backup_list)
        chosen_row = QHBoxLayout()
        chosen_row.addStretch(1)
        chosen_row.addWidget(self.restore_chosen_button)
        older_layout.addLayout(chosen_row)
        self.older_box.setVisible(False)

        self.open_other_button = QPushButton("Open &another workspace…")
        self.open_other_button.setAccessibleName("Open another workspace")
        self.open_other_button.clicked.connect(self._on_open_other_button_clicked)
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setAccessibleName("Quit")
        self.quit_button.clicked.connect(self.reject)

        note = QLabel(
            "Restoring puts the backup in place of the damaged file; the damaged file is kept "
            "beside it. Changes made after the backup was taken are not in it."
        )
        note.setWordWrap(True)
        note.setAccessibleName("About restoring")

        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_newest_button)
        buttons.addWidget(self.older_button)
        buttons.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_other_button)
        bottom.addStretch(1)
        bottom.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.offer)
        layout.addLayout(buttons)
        layout.addWidget(self.older_box, 1)
        layout.addWidget(note)
        layout.addLayout(bottom)
        self.setMinimumWidth(640)

    def _choose(self, choice: Choice, backup: Path | None = None) -> None:
        self.choice = choice
        self.backup = backup
        self.accept()

    def _on_restore_newest_button_clicked(self) -> None:
        if self._newest is not None:
            self._choose(Choice.RESTORE, self._newest.path)

    def _on_older_button_toggled(self, shown: bool) -> None:
        self.older_box.setVisible(shown)
        self.adjustSize()
        if shown and self.backup_list.count():
            first_ok = next(
                (row for row, b in enumerate(self._backups) if b.ok and b is not self._newest),
                None,
            )
            if first_ok is not None:
                self.backup_list.setCurrentRow(first_ok)
            self.backup_list.setFocus()

    def _on_backup_list_selection_changed(self) -> None:
        self.restore_chosen_button.setEnabled(self._chosen() is not None)

    def _chosen(self) -> Path | None:
        row = self.backup_list.currentRow()
        if 0 <= row < len(self._backups) and self._backups[row].ok:
            return self._backups[row].path
        return None

    def _on_restore_chosen_clicked(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self._choose(Choice.RESTORE, chosen)

    def _on_open_other_button_clicked(self) -> None:
        self._choose(Choice.OPEN_OTHER)
