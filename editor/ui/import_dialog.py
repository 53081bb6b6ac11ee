"""The Import dialog: choose files or folders, see what importing them would do, then import.

The plan is made on a worker thread (run_task) whenever the sources or the conflict policy
change; nothing is written until Import is pressed. The import itself is one transaction
after a backup (editor.importing.apply), also off the GUI thread, with a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.importing.apply import ApplyResult, apply_plan
from editor.importing.bundles import BUNDLE_SUFFIXES
from editor.importing.plan import Action, FieldConflict, ImportPlan, PlannedAction, Policy
from editor.importing.planning import plan_import
from editor.importing.sources import (
    CALENDAR_SUFFIXES,
    FEED_SUFFIXES,
    JSON_FEED_SUFFIXES,
    MARKDOWN_SUFFIXES,
)
from editor.storage.errors import StorageError
from editor.storage.workspace import Workspace
from editor.ui.task_footer import task_footer
from editor.ui.tasks import run_task

PlanJob = Callable[..., ImportPlan]
ApplyJob = Callable[..., ApplyResult]

POLICY_LABELS = {
    Policy.ASK: "Ask: leave them as they are for now",
    Policy.KEEP: "Keep this workspace's version",
    Policy.REPLACE: "Replace it with the imported version",
    Policy.DUPLICATE: "Keep both: import a copy",
}
ACTION_LABELS = {
    Action.ADD: "Add",
    Action.UPDATE: "Update",
    Action.SKIP: "Skip",
    Action.CONFLICT: "Conflict",
}
CONFLICT_OUTCOMES = {
    Policy.ASK: "left as it is",
    Policy.KEEP: "keep ours",
    Policy.REPLACE: "replace",
    Policy.DUPLICATE: "keep both",
}
COLUMNS = ("File", "Title", "Action", "Reason")
_SHOWN_VALUE = 60
_SUFFIXES = sorted(
    MARKDOWN_SUFFIXES | CALENDAR_SUFFIXES | FEED_SUFFIXES | JSON_FEED_SUFFIXES | BUNDLE_SUFFIXES
)
FILE_FILTER = (
    "Importable files (" + " ".join(f"*{suffix}" for suffix in _SUFFIXES) + ");;All files (*)"
)


def _short(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, tuple | list) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"


def describe_conflicts(conflicts: Sequence[FieldConflict]) -> str:
    """'summary: here "A", imported "B"; tags: ...' for the table and its tooltips."""
    return "; ".join(
        f"{c.field}: here “{_short(c.ours)}”, imported “{_short(c.theirs)}”" for c in conflicts
    )


def action_text(planned: PlannedAction) -> str:
    if planned.action is Action.CONFLICT:
        return f"Conflict ({CONFLICT_OUTCOMES[planned.policy or Policy.ASK]})"
    if planned.problem:
        return "Skip (problem)"
    return ACTION_LABELS[planned.action]


def summary_text(plan: ImportPlan) -> str:
    counts = plan.counts()
    problems = len(plan.problems)
    unresolved = [a for a in plan.of(Action.CONFLICT) if a.policy in (None, Policy.ASK)]
    parts = [
        f"{counts[Action.ADD]} to add",
        f"{counts[Action.UPDATE]} to update",
        f"{counts[Action.SKIP] - problems} unchanged",
        f"{counts[Action.CONFLICT]} in conflict",
        f"{problems} that cannot be imported",
    ]
    text = ", ".join(parts) + "."
    if unresolved:
        text += " Choose what to do with conflicts to import them; they stay as they are."
    return text


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, the queued signal updates the bar."""

    per_mille = Signal(int)

    def report(self, done: int, total: int) -> None:
        self.per_mille.emit(1000 * done // total if total else 1000)


class ImportDialog(QDialog):
    """Import Markdown, calendars, feeds and bundles into `workspace`, after a preview."""

    import_finished = Signal(list)  # the items the import saved

    def __init__(
        self,
        workspace: Workspace,
        *,
        author: str | None = None,
        paths: Sequence[Path] = (),
        planner: PlanJob = plan_import,
        applier: ApplyJob = apply_plan,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setAccessibleName("Import")
        self.setObjectName("import_dialog")
        self._workspace = workspace
        self._author = author
        self._planner = planner
        self._applier = applier
        self._plan: ImportPlan | None = None
        self._generation = 0
        self._planning = False
        self._applying = False
        self._close_when_done = False
        self._relay = _ProgressRelay(self)
        self._relay.per_mille.connect(self._on_relay_per_mille)
        self._build()
        if paths:
            self.add_paths(paths)
        else:
            self._replan()

    # -- layout ----------------------------------------------------------------------

    def _build(self) -> None:
        self.source_list = QListWidget()
        self.source_list.setAccessibleName("Files and folders to import")
        self.source_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.source_list.itemSelectionChanged.connect(self._update_buttons)
        self.add_files_button = QPushButton("Add &files…")
        self.add_files_button.setAccessibleName("Add files to import")
        self.add_files_button.clicked.connect(self._on_add_files_button_clicked)
        self.add_folder_button = QPushButton("Add f&older…")
        self.add_folder_button.setAccessibleName("Add a folder to import")
        self.add_folder_button.clicked.connect(self._on_add_folder_button_clicked)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove the selected files and folders")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        source_buttons = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            source_buttons.addWidget(button)
        source_buttons.addStretch(1)
        sources = QHBoxLayout()
        sources.addWidget(self.source_list, 1)
        sources.addLayout(source_buttons)

        self.policy = QComboBox()
        self.policy.setAccessibleName("When an item changed both here and in the import")
        for policy, label in POLICY_LABELS.items():
            self.policy.addItem(label, policy.value)
        self.policy.currentIndexChanged.connect(self._on_policy_current_index_changed)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("What the import will do")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName("Select every row")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        footer = task_footer("Import")
        self.summary, self.progress, self.buttons = footer.summary, footer.progress, footer.buttons
        self.import_button, self.close_button = footer.action, footer.close
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)

        form = QFormLayout()
        form.addRow("&Conflicts:", self.policy)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Markdown (Hugo, Jekyll), calendars, feeds and bundles:"))
        layout.addLayout(sources, 1)
        layout.addLayout(form)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(900, 640)

    # -- sources ---------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [Path(self.source_list.item(row).text()) for row in range(self.source_list.count())]

    def add_paths(self, paths: Sequence[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if path not in known:
                self.source_list.addItem(str(path))
                known.add(path)
        self._replan()

    def selected_policy(self) -> Policy:
        return Policy(self.policy.currentData())

    @Slot()
    def _on_add_files_button_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import files", self._start_dir(), FILE_FILTER
        )
        if names:
            self.add_paths([Path(name) for name in names])

    @Slot()
    def _on_add_folder_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", self._start_dir())
        if folder:
            self.add_paths([Path(folder)])

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        for row in sorted((i.row() for i in self.source_list.selectedIndexes()), reverse=True):
            self.source_list.takeItem(row)
        self._replan()

    @Slot(int)
    def _on_policy_current_index_changed(self, _index: int) -> None:
        self._replan()

    def _start_dir(self) -> str:
        paths = self.paths()
        return str(paths[-1].parent) if paths else str(Path.home())

    # -- the plan --------------------------------------------------------------------

    def plan(self) -> ImportPlan | None:
        """The plan shown, once made (None while it is being made)."""
        return self._plan

    def _replan(self) -> None:
        self._generation += 1
        generation = self._generation
        self._plan = None
        self.table.setRowCount(0)
        paths, policy = self.paths(), self.selected_policy()
        if not paths:
            self._planning = False
            self.progress.hide()
            self.summary.setText("Add the files or folders to import.")
            self._update_buttons()
            return
        workspace, planner, relay = self._workspace, self._planner, self._relay

        def work() -> ImportPlan:
            return planner(paths, workspace, policy=policy, progress=relay.report)

        def done(plan: ImportPlan) -> None:
            if generation == self._generation:
                self._planning = False
                self._show_plan(plan)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._planning = False
            self.progress.hide()
            self.summary.setText(f"The files could not be read: {error}")
            self._update_buttons()
            if not isinstance(error, OSError | ValueError | StorageError):
                raise error

        self._planning = True
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText("Reading…")
        self._update_buttons()
        run_task(work, done, failed, context=self)

    def _show_plan(self, plan: ImportPlan) -> None:
        self._plan = plan
        self.progress.hide()
        self.table.setRowCount(len(plan.actions))
        for row, planned in enumerate(plan.actions):
            shown = planned.item or planned.current
            reason = planned.reason
            if planned.action is Action.CONFLICT and planned.conflicts:
                reason = f"{reason}. {describe_conflicts(planned.conflicts)}"
            cells = (planned.where, shown.title if shown else "", action_text(planned), reason)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        text = summary_text(plan)
        if self._workspace.read_only:
            text += " This workspace is open read-only here: nothing can be imported."
        self.summary.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._planning or self._applying
        ready = (
            not busy
            and self._plan is not None
            and bool(self._plan.writes)
            and not self._workspace.read_only
        )
        self.import_button.setEnabled(ready)
        for widget in (self.source_list, self.add_files_button, self.add_folder_button):
            widget.setEnabled(not self._applying)
        self.policy.setEnabled(not self._applying)
        self.remove_button.setEnabled(
            not self._applying and bool(self.source_list.selectedIndexes())
        )
        self.close_button.setEnabled(not self._applying)

    # -- importing -------------------------------------------------------------------

    @Slot()
    def _on_import_button_clicked(self) -> None:
        plan = self._plan
        if plan is None or not plan.writes:
            return
        workspace, applier, author, relay = (
            self._workspace,
            self._applier,
            self._author,
            self._relay,
        )

        def work() -> ApplyResult:
            return applier(workspace, plan, author=author, progress=relay.report)

        self._applying = True
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText(f"Importing {len(plan.writes)} items…")
        self._update_buttons()
        run_task(work, self._on_import_done, self._on_import_failed, context=self)

    @Slot(int)
    def _on_relay_per_mille(self, value: int) -> None:
        self.progress.setValue(value)

    def _finish(self, message: str) -> None:
        self._applying = False
        self._plan = None  # done: the sources must be read again before another import
        self.summary.setText(message)
        self._update_buttons()
        if self._close_when_done:
            self.reject()

    def _on_import_done(self, result: ApplyResult) -> None:
        self.progress.setValue(1000)
        count = len(result.saved)
        backup = f" A backup was kept first: {result.backup}." if result.backup else ""
        media = f" {result.media_copied} media files copied." if result.media_copied else ""
        notes = "".join(f" {note[0].upper()}{note[1:]}." for note in result.notes)
        self._finish(
            f"Imported: {count} item{'s' if count != 1 else ''} saved.{media}{notes}{backup}"
        )
        self.import_finished.emit(list(result.saved))

    def _on_import_failed(self, error: BaseException) -> None:
        self.progress.hide()
        if isinstance(error, OSError | ValueError | StorageError):
            self._finish(f"Import failed: {error}. Nothing was imported.")
        else:
            self._finish("Import failed. Nothing was imported.")
            raise error

    @Slot()
    def _on_close_button_clicked(self) -> None:
        self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._applying:
            # One transaction: it ends (all or nothing) before the dialog may go.
            self._close_when_done = True
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self._applying:
            self._close_when_done = True
            return
        super().reject()


def import_dialog_for(
    workspace: Workspace, *, author: str | None, parent: QWidget | None
) -> ImportDialog:
    """The dialog File > Import… opens: deleted when closed."""
    dialog = ImportDialog(workspace, author=author, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog
