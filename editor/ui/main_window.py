"""The editor window: item list | form and body editor | readiness and live preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from editor.domain.items import Announcement, Event, Kind, Status
from editor.preferences import Preferences, save_preferences
from editor.storage import StorageError
from editor.ui.about import app_icon, show_about
from editor.ui.controller import EditorController
from editor.ui.filter_bar import FilterBar
from editor.ui.item_form import ItemForm
from editor.ui.item_table_model import (
    STATUS_LABELS,
    Column,
    ItemFilterProxyModel,
    ItemTableModel,
)
from editor.ui.markdown_editor import MarkdownEditor
from editor.ui.preferences_dialog import PreferencesDialog
from editor.ui.preview import PreviewView
from editor.ui.readiness import ReadinessPanel
from editor.ui.shortcuts_dialog import ShortcutsDialog
from editor.ui.theme import apply_theme
from editor.ui.window_state import WindowState

Item = Announcement | Event

WARM_UP_ROWS = 400


class MainWindow(QMainWindow):
    """Wires the views to the controller; holds no item state of its own."""

    def __init__(
        self,
        controller: EditorController,
        window_state: WindowState | None = None,
        parent: QWidget | None = None,
        *,
        preview: PreviewView | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.state = window_state or WindowState()
        self._syncing_selection = False
        self._warm_row = 0
        self.setWindowTitle("Noticeboard")
        self.setWindowIcon(app_icon())
        self.setObjectName("main_window")

        self.model = ItemTableModel(self)
        self.proxy = ItemFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self._build_list()
        self.editor = MarkdownEditor()
        self.form = ItemForm(self.editor)
        self.form.setAccessibleName("Item form")
        self.preview = preview or PreviewView()
        self.readiness = ReadinessPanel()

        self.placeholder = QLabel(
            "<p style='font-size:13pt'>Nothing is open.</p>"
            "<p>Choose an item in the list, or start a new one:<br>"
            "<b>Ctrl+N</b> new announcement &nbsp;·&nbsp; <b>Ctrl+Shift+N</b> new event</p>"
        )
        self.placeholder.setAccessibleName("Nothing open")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.middle = QStackedWidget()
        self.middle.addWidget(self.placeholder)
        self.middle.addWidget(self.form)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.readiness)
        right_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([640, 520, 440])
        self.setCentralWidget(self.splitter)

        self.save_error = QLabel()
        self.save_error.setObjectName("save_error")
        self.save_error.setAccessibleName("Save problem")
        self.statusBar().addWidget(self.save_error, 1)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect()
        self.resize(1500, 920)
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._on_warm_timer_timeout)

    # -- building ------------------------------------------------------------------------

    def _build_list(self) -> None:
        self.filter_bar = FilterBar()
        self.table = QTableView()
        self.table.setAccessibleName("Item list")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setSortIndicator(Column.UPDATED, Qt.SortOrder.DescendingOrder)
        metrics = self.table.fontMetrics()
        samples = {
            Column.KIND: "Announcement",
            Column.STATUS: "In review",
            Column.DATE: "30 Sep 2022 15:00",
            Column.LANGUAGE: "Language",
            Column.UPDATED: "Last change",
        }
        for column, sample in samples.items():
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 22)
        self.list_pane = QWidget()
        layout = QVBoxLayout(self.list_pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        self.list_pane.setMinimumWidth(300)

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | str | None = None,
        *,
        tip: str = "",
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        plain = text.replace("&", "").rstrip(".…")
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{plain} ({shown})" if shown else plain)
        action.setStatusTip(tip or plain)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_announcement_action = self._action(
            "New &announcement",
            self._on_new_announcement_triggered,
            "Ctrl+N",
            icon=sp.SP_FileIcon,
        )
        self.new_event_action = self._action(
            "New &event",
            self._on_new_event_triggered,
            "Ctrl+Shift+N",
            icon=sp.SP_FileDialogNewFolder,
        )
        self.duplicate_action = self._action(
            "&Duplicate",
            self._on_duplicate_triggered,
            "Ctrl+D",
            tip="Start a new draft copied from this item",
            icon=sp.SP_FileDialogContentsView,
        )
        self.save_action = self._action(
            "&Save",
            self._on_save_triggered,
            "Ctrl+S",
            icon=sp.SP_DialogSaveButton,
        )
        self.export_action = self._action(
            "&Export…",
            self._on_export_triggered,
            "Ctrl+E",
            icon=sp.SP_ArrowUp,
            tip="Export publish-ready bundles (not built yet)",
        )
        self.open_action = self._action(
            "&Open workspace…", self._on_open_triggered, "Ctrl+O", icon=sp.SP_DirOpenIcon
        )
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.undo_action = self._action("&Undo", self._on_undo_triggered, "Ctrl+Z")
        self.redo_action = self._action("&Redo", self._on_redo_triggered, "Ctrl+Shift+Z")
        self.preferences_action = self._action(
            "&Preferences…", self._on_preferences_triggered, "Ctrl+,"
        )
        self.search_action = self._action("Search items", self._on_search_triggered, "Ctrl+L")
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", self._on_shortcuts_triggered, "F1"
        )
        self.about_action = self._action("&About Noticeboard", self._on_about_triggered)
        self.add_tag_action = self._action("&Add tag…", self._on_add_tag_triggered)
        self.remove_tag_action = self._action("&Remove tag…", self._on_remove_tag_triggered)
        self.status_actions: dict[Status, QAction] = {}
        for status, label in STATUS_LABELS.items():
            action = QAction(label, self)
            action.triggered.connect(lambda _=False, s=status: self.bulk_set_status(s))
            self.status_actions[status] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions(
            [self.new_announcement_action, self.new_event_action, self.duplicate_action]
        )
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.search_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)
        self.items_menu = bar.addMenu("&Items")
        self.status_menu = self.items_menu.addMenu("Set &status")
        self.status_menu.addActions(list(self.status_actions.values()))
        self.items_menu.addActions([self.add_tag_action, self.remove_tag_action])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.about_action])
        self._update_recent_menu()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("main_toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addActions(
            [self.new_announcement_action, self.new_event_action, self.duplicate_action]
        )
        toolbar.addSeparator()
        toolbar.addActions([self.save_action, self.export_action])
        for action in toolbar.actions():
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", "").rstrip("."))
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        c = self.controller
        c.workspace_opened.connect(self._on_controller_workspace_opened)
        c.items_loaded.connect(self._on_controller_items_loaded)
        c.item_selected.connect(self._on_controller_item_selected)
        c.fields_refreshed.connect(self.form.refresh)
        c.draft_changed.connect(self._on_controller_draft_changed)
        c.problems_changed.connect(self.form.show_problems)
        c.dirty_changed.connect(self._on_controller_dirty_changed)
        c.item_saved.connect(self._on_controller_item_saved)
        c.items_changed.connect(self._on_controller_items_changed)
        c.save_failed.connect(self._on_controller_save_failed)
        self.form.fields_edited.connect(self._on_form_fields_edited)
        self.editor.text_edited.connect(self._on_editor_text_edited)
        self.editor.top_line_changed.connect(self.preview.scroll_to_source_line)
        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
        self.readiness.field_requested.connect(self._on_readiness_field_requested)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    # -- start and end -------------------------------------------------------------------

    def start(self) -> None:
        """Restore the window's last state, then load the workspace into the views."""
        self.restore_window_state()
        self.controller.load()

    def restore_window_state(self) -> None:
        geometry = self.state.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        window_state = self.state.window_state()
        if window_state is not None:
            self.restoreState(window_state)
        for splitter in (self.splitter, self.form.splitter):
            saved = self.state.splitter(splitter.objectName())
            if saved is not None:
                splitter.restoreState(saved)
        header = self.state.header()
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save_window_state(self) -> None:
        self.state.set_geometry(self.saveGeometry())
        self.state.set_window_state(self.saveState())
        for splitter in (self.splitter, self.form.splitter):
            self.state.set_splitter(splitter.objectName(), splitter.saveState())
        self.state.set_header(self.table.horizontalHeader().saveState())
        current = self.controller.current_id
        if current is not None and not self.controller.is_new:
            self.state.set_last_selection(self.controller.workspace.folder, str(current))
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_leave():
            event.ignore()
            return
        self.save_window_state()
        event.accept()

    def ask_save_changes(self) -> QMessageBox.StandardButton:
        """Ask what to do with unsaved changes (tests replace this)."""
        title = self.controller.draft_title() or "the new item"
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to “{title}”?",
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def confirm_leave(self) -> bool:
        """True when it is fine to stop editing the current draft (saved or discarded)."""
        if not self.controller.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.controller.save() is not None
        return answer == QMessageBox.StandardButton.Discard

    # -- list ----------------------------------------------------------------------------

    def selected_ids(self) -> list[UUID]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.item_at(self.proxy.mapToSource(index).row()).id for index in rows]

    def select_item(self, item_id: UUID | None) -> bool:
        """Select and show the row of `item_id` without asking the controller anything."""
        selection = self.table.selectionModel()
        self._syncing_selection = True
        try:
            if item_id is None:
                selection.clear()
                return False
            row = self.model.row_of(item_id)
            if row is None:
                selection.clear()
                return False
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not index.isValid():
                selection.clear()
                return False
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
            self.table.scrollTo(index)
            return True
        finally:
            self._syncing_selection = False

    def _update_count(self, *_: object) -> None:
        self.filter_bar.show_count(self.proxy.rowCount(), self.model.rowCount())

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing_selection or not current.isValid():
            return
        item = self.model.item_at(self.proxy.mapToSource(current).row())
        if item.id == self.controller.current_id:
            return
        if not self.confirm_leave():
            QTimer.singleShot(0, lambda: self.select_item(self.controller.current_id))
            return
        self.controller.select(item.id)

    def _on_table_selection_changed(self, *_: object) -> None:
        count = len(self.table.selectionModel().selectedRows())
        enabled = count > 0
        for action in (*self.status_actions.values(), self.add_tag_action, self.remove_tag_action):
            action.setEnabled(enabled)
        if count > 1:
            self.statusBar().showMessage(f"{count} items selected", 3000)

    def _on_table_context_menu_requested(self, position: Any) -> None:
        menu = QMenu(self)
        menu.addMenu(self.status_menu)
        menu.addActions([self.add_tag_action, self.remove_tag_action])
        menu.addSeparator()
        menu.addAction(self.duplicate_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _on_filter_bar_filter_changed(self, query: object) -> None:
        self.proxy.set_query(query)  # type: ignore[arg-type]
        self._update_count()

    def _on_warm_timer_timeout(self) -> None:
        # Search texts are built in small slices while idle, so the first search is instant.
        self._warm_row = self.model.warm_up(self._warm_row, WARM_UP_ROWS)
        if self._warm_row >= self.model.rowCount():
            self._warm_timer.stop()

    # -- controller ----------------------------------------------------------------------

    def _on_controller_workspace_opened(self, workspace: Any) -> None:
        folder = workspace.folder
        self.setWindowFilePath(str(folder) if folder else "")
        self.editor.set_media_dir(workspace.media_dir)
        self.preview.set_workspace_dir(folder)
        if folder is not None:
            self.state.add_recent_workspace(folder)
            self._update_recent_menu()
        read_only = bool(getattr(workspace, "read_only", False))
        self.form.set_read_only(read_only)
        self.editor.set_read_only(read_only)
        for action in (
            self.save_action,
            self.new_announcement_action,
            self.new_event_action,
            self.duplicate_action,
            *self.status_actions.values(),
            self.add_tag_action,
            self.remove_tag_action,
        ):
            action.setEnabled(not read_only)
        if read_only:
            self.save_error.setText("This workspace is open read-only in this window")

    def _on_controller_items_loaded(self, items: list[Item]) -> None:
        self.model.set_items(items)
        self._refresh_choices()
        self._update_count()
        self._warm_row = 0
        self._warm_timer.start()
        last = self.state.last_selection(self.controller.workspace.folder)
        chosen: UUID | None = None
        try:
            remembered = UUID(last) if last else None
        except ValueError:
            remembered = None
        if remembered is not None and self.model.row_of(remembered) is not None:
            chosen = remembered
        if chosen is None and self.proxy.rowCount():
            first = self.proxy.index(0, 0)
            chosen = self.model.item_at(self.proxy.mapToSource(first).row()).id
        if chosen is not None:
            self.controller.select(chosen)
            self.select_item(chosen)
        else:
            self.controller.select(None)
        self._on_table_selection_changed()

    def _refresh_choices(self) -> None:
        workspace = self.controller.workspace
        self.filter_bar.set_choices(workspace.tags(), workspace.languages())
        self.form.set_languages(workspace.languages())

    def _on_controller_item_selected(self, data: dict[str, Any]) -> None:
        self.save_error.clear()
        if not data:
            self.middle.setCurrentWidget(self.placeholder)
            self.form.load({})
            self.editor.set_text("")
            self.readiness.show_item(None)
            self._update_title()
            return
        self.middle.setCurrentWidget(self.form)
        self.form.set_translation_candidates(self._translation_candidates(data))
        self.form.load(data)
        self.editor.set_text(str(data.get("body") or ""))
        if self.controller.is_new:
            self.select_item(None)
        self._update_title()

    def _translation_candidates(self, data: dict[str, Any]) -> list[tuple[str, str]]:
        own = str(data.get("id"))
        kind = data.get("kind")
        return [
            (str(item.id), f"{item.title} ({item.language})")
            for item in self.model.items()
            if item.kind == kind and str(item.id) != own and item.translation_of is None
        ]

    def _on_controller_draft_changed(self, item: Item | None) -> None:
        if item is None:
            self.readiness.show_item(None)
            self.preview.clear()
            return
        self.preview.show_item(item)
        self.readiness.show_item(item)
        if self.controller.is_new and self.controller.candidate is not None:
            self.form.set_slug_placeholder(item.slug)
        self._update_title()

    def _on_controller_dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(dirty)

    def _on_controller_item_saved(self, item: Item) -> None:
        self.model.upsert(item)
        self._refresh_choices()
        self.select_item(item.id)
        self.form.show_saved(item.model_dump())
        self.save_error.clear()
        self.statusBar().showMessage(f"Saved “{item.title}” (revision {item.revision})", 5000)
        self._update_title()

    def _on_controller_items_changed(self, items: list[Item]) -> None:
        for item in items:
            self.model.upsert(item)
        self._refresh_choices()

    def _on_controller_save_failed(self, message: str, field: str) -> None:
        self.save_error.setText(message)
        self.save_error.setToolTip(message)
        if field:
            problem = self.controller.problems.get(field) or message.removeprefix("Not saved: ")
            self.form.show_problem(field, problem)
        self.form.reveal_all_problems()

    def _update_title(self) -> None:
        title = self.controller.draft_title()
        if self.controller.current_id is None:
            self.setWindowTitle("Noticeboard")
        else:
            shown = title or (
                "New event" if self._draft_kind() == Kind.EVENT else "New announcement"
            )
            self.setWindowTitle(f"Noticeboard — {shown}[*]")

    def _draft_kind(self) -> Kind | None:
        kind = self.controller.draft_data().get("kind")
        return Kind(kind) if kind else None

    # -- edits ---------------------------------------------------------------------------

    def _on_form_fields_edited(self, changes: dict[str, Any]) -> None:
        self.save_error.clear()
        self.controller.update_draft(changes)
        if "title" in changes:
            self._update_title()

    def _on_editor_text_edited(self, text: str) -> None:
        self.controller.update_draft({"body": text})

    def _on_readiness_field_requested(self, field: str) -> None:
        if field == "body":
            self.editor.setFocus()
            return
        row = self.form.field_row(field)
        if row is None:
            return
        self.form.details_scroll.ensureWidgetVisible(row)
        widget = row.focusProxy() or row.findChild(QWidget)
        if widget is not None:
            widget.setFocus()

    # -- actions -------------------------------------------------------------------------

    def new_item(self, kind: Kind) -> None:
        if not self.confirm_leave():
            return
        self.controller.new_item(kind)
        self.form.title_edit.setFocus()

    def _on_new_announcement_triggered(self) -> None:
        self.new_item(Kind.ANNOUNCEMENT)

    def _on_new_event_triggered(self) -> None:
        self.new_item(Kind.EVENT)

    def _on_duplicate_triggered(self) -> None:
        if self.controller.current_id is None:
            self.statusBar().showMessage("Choose an item to duplicate first", 4000)
            return
        self.controller.duplicate()
        self.statusBar().showMessage("A copy is open: save it to keep it", 5000)
        self.form.title_edit.setFocus()
        self.form.title_edit.selectAll()

    def _on_save_triggered(self) -> None:
        if self.controller.current_id is None:
            return
        if not self.controller.dirty:
            self.statusBar().showMessage("No changes to save", 3000)
            return
        self.controller.save()

    def _on_export_triggered(self) -> None:
        from editor.ui.export_dialog import ExportDialog

        workspace = self.controller.workspace
        dialog = ExportDialog(
            workspace.items(),
            workspace_id=workspace.workspace_id,
            media_dir=workspace.media_dir,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_open_triggered(self) -> None:
        start = str(self.controller.workspace.folder or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open workspace", start)
        if folder:
            self.open_workspace(Path(folder))

    def open_workspace(self, folder: Path) -> bool:
        if not self.confirm_leave():
            return False
        try:
            self.controller.open_workspace(folder)
        except (StorageError, OSError) as error:
            QMessageBox.warning(self, "Cannot open the workspace", str(error))
            return False
        self.statusBar().showMessage(f"Opened the workspace in {folder}", 5000)
        return True

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.controller.workspace.folder
        recent = [p for p in self.state.recent_workspaces() if p != current]
        for folder in recent:
            action = self.recent_menu.addAction(str(folder))
            action.triggered.connect(lambda _=False, f=folder: self.open_workspace(f))
        self.recent_menu.setEnabled(bool(recent))

    def _on_undo_triggered(self) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            widget.undo()

    def _on_redo_triggered(self) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            widget.redo()

    def _on_search_triggered(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def _on_preferences_triggered(self) -> None:
        dialog = PreferencesDialog(
            self.controller.preferences, self.controller.workspace.languages(), self
        )
        if dialog.exec():
            self.apply_preferences(dialog.preferences())

    def apply_preferences(self, preferences: Preferences) -> None:
        try:
            save_preferences(preferences)
        except OSError as error:
            self.save_error.setText(f"Preferences not saved: {error.strerror or error}")
        self.controller.preferences = preferences
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, preferences.theme)

    def _on_shortcuts_triggered(self) -> None:
        ShortcutsDialog(self.actions(), self).exec()

    def _on_about_triggered(self) -> None:
        show_about(self)

    # -- bulk actions --------------------------------------------------------------------

    def _ready_for_bulk(self, ids: list[UUID]) -> bool:
        if not ids:
            self.statusBar().showMessage("Select one or more items in the list first", 4000)
            return False
        current = self.controller.current_id
        if self.controller.dirty and current in ids:
            return self.confirm_leave_keeping_item()
        return True

    def confirm_leave_keeping_item(self) -> bool:
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.controller.save() is not None
        if answer == QMessageBox.StandardButton.Discard:
            current = self.controller.current_id
            self.controller.select(None if self.controller.is_new else current)
            return True
        return False

    def bulk_set_status(self, status: Status) -> None:
        ids = self.selected_ids()
        if not self._ready_for_bulk(ids):
            return
        changed = self.controller.set_status(ids, status)
        self.statusBar().showMessage(
            f"Status set to {STATUS_LABELS[status]} on {changed} of {len(ids)} items", 5000
        )

    def bulk_add_tag(self, tag: str) -> None:
        ids = self.selected_ids()
        if not tag.strip() or not self._ready_for_bulk(ids):
            return
        changed = self.controller.add_tag(ids, tag)
        self.statusBar().showMessage(f"Tag “{tag}” added to {changed} items", 5000)

    def bulk_remove_tag(self, tag: str) -> None:
        ids = self.selected_ids()
        if not tag.strip() or not self._ready_for_bulk(ids):
            return
        changed = self.controller.remove_tag(ids, tag)
        self.statusBar().showMessage(f"Tag “{tag}” removed from {changed} items", 5000)

    def ask_tag(self, title: str, tags: list[str]) -> str | None:
        tag, ok = QInputDialog.getItem(self, title, "Tag:", tags, 0, True)
        return tag.strip() if ok and tag.strip() else None

    def _on_add_tag_triggered(self) -> None:
        tag = self.ask_tag("Add a tag", self.controller.workspace.tags())
        if tag:
            self.bulk_add_tag(tag)

    def _on_remove_tag_triggered(self) -> None:
        ids = set(self.selected_ids())
        tags = sorted(
            {t for item in self.model.items() if item.id in ids for t in item.tags},
            key=str.casefold,
        )
        tag = self.ask_tag("Remove a tag", tags)
        if tag:
            self.bulk_remove_tag(tag)

    # -- helpers for tests and tools -----------------------------------------------------

    def visible_titles(self) -> list[str]:
        return [
            str(self.proxy.index(row, Column.TITLE).data()) for row in range(self.proxy.rowCount())
        ]

    def select_row_by_title(self, title: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, Column.TITLE).data() == title:
                self.table.selectRow(row)
                return
        raise KeyError(title)
