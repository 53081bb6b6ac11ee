"""The Export dialog: choose items and a destination, see the pre-export checks, export.

The export runs on a worker thread (run_task) on a frozen snapshot of the items, can be
cancelled, and never leaves a half-written bundle under the chosen name (editor.export).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.domain.items import Announcement, Event, Status, utc_now
from editor.export.checks import Finding, Severity, check_items, has_errors
from editor.export.job import ExportResult, export_bundle
from editor.export.layout import DEFAULT_STATUSES, select_items
from editor.export.media import folder_reader
from editor.export.writer import ExportCancelled
from editor.ui.choice_list_model import ChoiceListModel
from editor.ui.task_footer import task_footer
from editor.ui.tasks import TaskHandle, run_task

Item = Announcement | Event
ExportJob = Callable[..., ExportResult]

STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.IN_REVIEW: "In review",
    Status.APPROVED: "Approved",
    Status.PUBLISHED: "Published",
    Status.ARCHIVED: "Archived",
}
ALL_LANGUAGES = "All languages"


def _caption(text: str, buddy: QWidget) -> QLabel:
    """A caption whose Alt+letter moves the focus to `buddy` (a row holding a layout
    gets no buddy from QFormLayout, and would show its '&' as it is)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, the queued signal updates the bar."""

    per_mille = Signal(int)


class ExportDialog(QDialog):
    """Export a bundle of a snapshot of the workspace's items."""

    export_finished = Signal(str)

    def __init__(
        self,
        items: Sequence[Item],
        *,
        workspace_id: str,
        media_dir: Path | None,
        destination: Path | None = None,
        job: ExportJob = export_bundle,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export bundle")
        self.setAccessibleName("Export bundle")
        self.setObjectName("export_dialog")
        self._items = tuple(items)  # frozen models: a snapshot the worker may read
        self._workspace_id = workspace_id
        self._media_dir = media_dir
        self._job = job
        self._findings: list[Finding] = []
        self._check_generation = 0
        self._task: TaskHandle[Any] | None = None
        self._cancel: threading.Event | None = None
        self._close_when_done = False
        self._relay = _ProgressRelay(self)
        self._relay.per_mille.connect(self._on_relay_per_mille)
        self._build(destination)
        self._refresh_items()

    # -- layout ----------------------------------------------------------------------

    def _build(self, destination: Path | None) -> None:
        self.status_boxes: dict[Status, QCheckBox] = {}
        statuses = QHBoxLayout()
        for status, label in STATUS_LABELS.items():
            box = QCheckBox(label)
            box.setAccessibleName(f"Export {label.lower()} items")
            box.setChecked(status in DEFAULT_STATUSES)
            box.toggled.connect(self._on_filter_changed)
            self.status_boxes[status] = box
            statuses.addWidget(box)
        statuses.addStretch(1)
        self.language = QComboBox()
        self.language.setAccessibleName("Language")
        self.language.addItem(ALL_LANGUAGES, None)
        for language in sorted({item.language for item in self._items}):
            self.language.addItem(language, language)
        self.language.currentIndexChanged.connect(self._on_filter_changed)
        self.items_model = ChoiceListModel(self, checkable=True)
        self.items_model.checks_changed.connect(self._on_items_model_checks_changed)
        self.item_list = QListView()
        self.item_list.setModel(self.items_model)
        self.item_list.setAccessibleName("Items to export")
        self.item_list.setUniformItemSizes(True)
        self.destination = QLineEdit(str(destination) if destination else "")
        self.destination.setPlaceholderText("A folder, or a file ending in .zip")
        self.destination.setAccessibleName("Destination")
        self.destination.textChanged.connect(self._update_buttons)
        self.choose_folder = QPushButton("&Folder…")
        self.choose_folder.setAccessibleName("Choose a destination folder")
        self.choose_folder.clicked.connect(self._on_choose_folder_clicked)
        self.choose_zip = QPushButton("&Zip file…")
        self.choose_zip.setAccessibleName("Choose a destination zip file")
        self.choose_zip.clicked.connect(self._on_choose_zip_clicked)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.choose_folder)
        where.addWidget(self.choose_zip)
        self.check_list = QListWidget()
        self.check_list.setAccessibleName("Pre-export checks")
        footer = task_footer("Export")
        self.summary, self.progress, self.buttons = footer.summary, footer.progress, footer.buttons
        self.export_button, self.close_button = footer.action, footer.close
        self.export_button.clicked.connect(self._on_export_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)

        form = QFormLayout()
        form.addRow("Statuses:", statuses)
        form.addRow("&Language:", self.language)
        form.addRow(_caption("&Save to:", self.destination), where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_caption("&Items:", self.item_list))
        layout.addWidget(self.item_list, 2)
        layout.addWidget(_caption("Chec&ks:", self.check_list))
        layout.addWidget(self.check_list, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(720, 640)

    # -- selection and checks --------------------------------------------------------

    def selected_items(self) -> list[Item]:
        chosen = set(self.items_model.checked_keys())
        return [item for item in self._items if str(item.id) in chosen]

    def _refresh_items(self) -> None:
        statuses = [s for s, box in self.status_boxes.items() if box.isChecked()]
        language = self.language.currentData()
        matching = select_items(self._items, statuses=statuses, language=language)
        matching.sort(key=lambda i: (i.kind.value, i.title.casefold()))
        self.items_model.set_rows(
            (str(item.id), f"{item.title}  ({item.kind.value}, {item.language})")
            for item in matching
        )
        self._run_checks()

    def _run_checks(self) -> None:
        self._check_generation += 1
        generation = self._check_generation
        snapshot = self.selected_items()
        chosen = {item.id for item in snapshot}
        others = [item for item in self._items if item.id not in chosen]
        read = folder_reader(self._media_dir)

        def work() -> list[Finding]:
            return check_items(
                snapshot,
                now=utc_now(),
                media_exists=lambda path: read(path) is not None,
                others=others,
            )

        def done(findings: list[Finding]) -> None:
            if generation == self._check_generation:
                self._show_findings(findings)

        self.summary.setText("Checking…")
        self._findings = []
        self._update_buttons()
        run_task(work, done, context=self)

    def _show_findings(self, findings: list[Finding]) -> None:
        self._findings = findings
        self.check_list.clear()
        for finding in findings:
            mark = "Error" if finding.severity is Severity.ERROR else "Warning"
            about = f"{finding.title}: " if finding.title else ""
            self.check_list.addItem(f"{mark}: {about}{finding.message}")
        errors = sum(f.severity is Severity.ERROR for f in findings)
        count = len(self.selected_items())
        text = (
            f"{count} item{'s' if count != 1 else ''} selected; {errors} "
            f"error{'s' if errors != 1 else ''}, {len(findings) - errors} "
            f"warning{'s' if len(findings) - errors != 1 else ''}."
        )
        if errors:
            text += " Errors must be fixed before exporting."
        self.summary.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self._task is not None
        ready = (
            not running
            and bool(self.destination.text().strip())
            and bool(self.selected_items())
            and self.summary.text() != "Checking…"
            and not has_errors(self._findings)
        )
        self.export_button.setEnabled(ready)
        for widget in (
            self.item_list,
            self.language,
            self.destination,
            self.choose_folder,
            self.choose_zip,
            *self.status_boxes.values(),
        ):
            widget.setEnabled(not running)
        self.close_button.setText("Cancel" if running else "Close")
        self.close_button.setAccessibleName("Cancel export" if running else "Close")

    @Slot()
    def _on_filter_changed(self) -> None:
        self._refresh_items()

    @Slot()
    def _on_items_model_checks_changed(self) -> None:
        self._run_checks()

    @Slot()
    def _on_choose_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export to folder", self._start_dir())
        if folder:
            self.destination.setText(str(Path(folder) / "bundle"))

    @Slot()
    def _on_choose_zip_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to zip file", self._start_dir(), "Zip files (*.zip)"
        )
        if name:
            self.destination.setText(name if name.lower().endswith(".zip") else name + ".zip")

    def _start_dir(self) -> str:
        text = self.destination.text().strip()
        return str(Path(text).parent) if text else str(Path.home())

    # -- export ----------------------------------------------------------------------

    @Slot()
    def _on_export_clicked(self) -> None:
        items = self.selected_items()
        out = Path(self.destination.text().strip()).expanduser()
        cancel = threading.Event()
        relay = self._relay
        job, workspace_id, media_dir = self._job, self._workspace_id, self._media_dir

        def work() -> ExportResult:
            return job(
                items,
                out,
                workspace_id=workspace_id,
                media_dir=media_dir,
                cancel=cancel,
                progress=relay.per_mille.emit,
            )

        self._cancel = cancel
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText(f"Exporting {len(items)} items to {out}…")
        self._task = run_task(work, self._on_export_done, self._on_export_failed, context=self)
        self._update_buttons()

    @Slot(int)
    def _on_relay_per_mille(self, value: int) -> None:
        self.progress.setValue(value)

    def _finish(self, message: str) -> None:
        self._task = None
        self._cancel = None
        self.summary.setText(message)
        self._update_buttons()
        if self._close_when_done:
            self.reject()

    def _on_export_done(self, result: ExportResult) -> None:
        self.progress.setValue(1000)
        self._finish(
            f"Exported {result.items} item{'s' if result.items != 1 else ''} "
            f"({result.files} files, {result.size / 1024:.0f} KB) to {result.path}."
        )
        self.export_finished.emit(str(result.path))

    def _on_export_failed(self, error: BaseException) -> None:
        self.progress.hide()
        if isinstance(error, ExportCancelled):
            self._finish("Export cancelled: nothing was written.")
        elif isinstance(error, OSError | ValueError):
            self._finish(f"Export failed: {error}. Nothing was written.")
        else:
            self._finish("Export failed. Nothing was written.")
            raise error

    @Slot()
    def _on_close_clicked(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.summary.setText("Cancelling…")
            return
        self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._cancel is not None:
            # Let the worker stop first: it removes its temporary files.
            self._cancel.set()
            self._close_when_done = True
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._close_when_done = True
            return
        super().reject()
