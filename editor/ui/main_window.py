"""The editor window: item list | form and body editor | readiness and live preview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from editor.domain.items import Announcement, Event, Kind, Status
from editor.domain.summary import ItemSummary
from editor.storage.journal import Draft
from editor.storage.workspace_errors import DamagedItemError
from editor.ui.about import app_icon
from editor.ui.autosave import AutosaveManager
from editor.ui.controller import EditorController
from editor.ui.filter_bar import FilterBar
from editor.ui.item_filter_proxy import ItemFilterProxyModel
from editor.ui.item_form import ItemForm
from editor.ui.item_table_model import Column, ItemTableModel
from editor.ui.item_table_view import make_item_table
from editor.ui.main_actions import MainActions
from editor.ui.main_safety import SafetyParts
from editor.ui.markdown_editor import MarkdownEditor
from editor.ui.preview_pane import PreviewPane
from editor.ui.readiness import ReadinessPanel
from editor.ui.window_state import WindowState
from editor.ui.workspace_opening import WorkspaceOpening

if TYPE_CHECKING:
    from editor.ui.preview import PreviewView

Item = Announcement | Event

# Search texts are built while idle in slices this long, so a keystroke never waits long.
WARM_UP_SLICE_S = 0.004


class MainWindow(QMainWindow):
    """Wires the views to the controller; holds no item state of its own.

    A composition of parts: the actions, menus and bulk actions (MainActions), the
    safety net: autosave state, recovery, history, trash, read-only banner (SafetyParts),
    and opening other workspaces (WorkspaceOpening).
    """

    # Made by MainActions.
    new_announcement_action: QAction
    new_event_action: QAction
    duplicate_action: QAction
    save_action: QAction
    export_action: QAction
    open_action: QAction
    recover_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    preferences_action: QAction
    search_action: QAction
    shortcuts_action: QAction
    about_action: QAction
    add_tag_action: QAction
    remove_tag_action: QAction
    trash_action: QAction
    trash_view_action: QAction
    history_action: QAction
    status_actions: dict[Status, QAction]
    recent_menu: QMenu
    items_menu: QMenu
    status_menu: QMenu

    def __init__(
        self,
        controller: EditorController,
        window_state: WindowState | None = None,
        parent: QWidget | None = None,
        *,
        preview: PreviewView | None = None,
        autosave: AutosaveManager | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.autosave = autosave or AutosaveManager(controller, self)
        self.state = window_state or WindowState()
        self._syncing_selection = False
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
        self.preview_pane = PreviewPane(preview)
        self.readiness = ReadinessPanel()

        self._list_values: dict[str, list[str]] = {}  # completions: authors, co-hosts
        self.placeholder = QLabel(
            "<p style='font-size:13pt'>Nothing is open.</p>"
            "<p>Choose an item in the list, or start a new one:<br>"
            "<b>Ctrl+N</b> new announcement &nbsp;·&nbsp; <b>Ctrl+Shift+N</b> new event</p>"
        )
        self.placeholder.setAccessibleName("Nothing open")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.safety = SafetyParts(self)
        self.form_page = QWidget()
        form_layout = QVBoxLayout(self.form_page)
        form_layout.setContentsMargins(8, 8, 8, 0)
        form_layout.setSpacing(0)
        form_layout.addWidget(self.safety.draft_state)
        form_layout.addWidget(self.form, 1)
        self.middle = QStackedWidget()
        self.middle.addWidget(self.placeholder)
        self.middle.addWidget(self.form_page)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.readiness)
        right_layout.addWidget(self.preview_pane, 1)

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
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.safety.banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.save_error = QLabel()
        self.save_error.setObjectName("save_error")
        self.save_error.setAccessibleName("Save problem")
        self.statusBar().addWidget(self.save_error, 1)

        self.opening = WorkspaceOpening(self)
        self.acts = MainActions(self)
        self._connect()
        self.resize(1500, 920)
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._on_warm_timer_timeout)

    # -- building ------------------------------------------------------------------------

    def _build_list(self) -> None:
        self.filter_bar = FilterBar()
        self.table = make_item_table(self.proxy)
        self.list_pane = QWidget()
        layout = QVBoxLayout(self.list_pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        self.list_pane.setMinimumWidth(300)

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
        self.editor.top_line_changed.connect(self.preview_pane.scroll_to_source_line)
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

    def start(self) -> list[Draft]:
        """Restore the window's last state, then load the workspace into the views; returns
        the drafts an earlier session left (opening.show_workspace offers them)."""
        self.restore_window_state()
        return self.controller.load()

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
        """True when it is fine to stop editing the current draft (saved or discarded).

        A draft that validates is saved at once, as autosave would a moment later; only
        what cannot be saved (not valid yet, the disk failing) makes the window ask.
        """
        if not self.controller.dirty:
            return True
        if (
            self.autosave.enabled
            and self.controller.candidate is not None
            and self.autosave.flush()
        ):
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.controller.save() is not None
        if answer == QMessageBox.StandardButton.Discard:
            self.controller.discard()
            return True
        self.autosave.write_journal()
        return False

    # -- list ----------------------------------------------------------------------------

    def selected_ids(self) -> list[UUID]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.item_id_at(self.proxy.mapToSource(index).row()) for index in rows]

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

    def _open_item(self, item_id: UUID) -> bool:
        """Edit the stored item; one whose stored data no longer validates leaves the list."""
        try:
            self.controller.select(item_id)
        except DamagedItemError as error:
            self._syncing_selection = True  # Qt moves the current row off the removed one
            try:
                self.model.remove(item_id)
            finally:
                self._syncing_selection = False
            self.select_item(self.controller.current_id)
            self._update_count()
            self.statusBar().showMessage(str(error), 10000)
            return False
        return True

    def _update_count(self, *_: object) -> None:
        self.filter_bar.show_count(self.proxy.rowCount(), self.model.rowCount())

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing_selection or not current.isValid():
            return
        item_id = self.model.item_id_at(self.proxy.mapToSource(current).row())
        if item_id == self.controller.current_id:
            return
        if not self.confirm_leave() or not self.safety.ask_about_pending(item_id):
            QTimer.singleShot(0, lambda: self.select_item(self.controller.current_id))
            return
        self._open_item(item_id)

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
        if self.model.warm_up(WARM_UP_SLICE_S):
            self._warm_timer.stop()

    # -- controller ----------------------------------------------------------------------

    def _on_controller_workspace_opened(self, workspace: Any) -> None:
        folder = workspace.folder
        self.setWindowFilePath(str(folder) if folder else "")
        self.editor.set_media_dir(workspace.media_dir)
        self.form.set_media_dir(workspace.media_dir)
        self.preview_pane.set_workspace_dir(folder)
        if folder is not None:
            self.state.add_recent_workspace(folder)
            self.acts._update_recent_menu()
        read_only = bool(getattr(workspace, "read_only", False))
        self.safety.banner.show_for(workspace)
        self.trash_action.setEnabled(not read_only)
        self.history_action.setEnabled(True)
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

    def _on_controller_items_loaded(self, summaries: list[ItemSummary]) -> None:
        self.model.set_summaries(summaries, self.controller.workspace.search_text)
        self._refresh_choices()
        self._update_count()
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
            chosen = self.model.item_id_at(self.proxy.mapToSource(first).row())
        if chosen is not None and str(chosen) in self.controller.pending_drafts:
            chosen = None  # its unsaved draft is offered first
        if chosen is not None and self._open_item(chosen):
            self.select_item(chosen)
        else:
            self.controller.select(None)
        self._on_table_selection_changed()

    def _refresh_choices(self, *saved: Item) -> None:
        """Filter choices and completions from the workspace. After a save (`saved`), the
        authors and co-hosts of the saved items are added to what is offered rather than
        every stored item read again (~15 ms at 10,000 items, after every autosave)."""
        workspace = self.controller.workspace
        tags, languages = workspace.tags(), workspace.languages()
        self.filter_bar.set_choices(tags, languages)
        self.form.set_languages(languages)
        self.form.set_list_suggestions("tags", tags)
        for field in ("authors", "organizers"):
            known = self._list_values.get(field)
            if known is None or not saved:
                known = workspace.list_values(field)
            else:
                known = _merged(known, [v for item in saved for v in getattr(item, field, ())])
            self._list_values[field] = known
            self.form.set_list_suggestions(field, known)

    def _on_controller_item_selected(self, data: dict[str, Any]) -> None:
        self.save_error.clear()
        if not data:
            self.middle.setCurrentWidget(self.placeholder)
            self.form.load({})
            self.editor.set_text("")
            self.readiness.show_item(None)
            self._update_title()
            return
        self.middle.setCurrentWidget(self.form_page)
        self.form.set_translation_candidates(self._translation_candidates(data))
        self.form.load(data)
        self.editor.set_text(str(data.get("body") or ""))
        if self.controller.is_new:
            self.select_item(None)
        self._update_title()

    def _translation_candidates(self, data: dict[str, Any]) -> list[tuple[str, str]]:
        own = str(data.get("id"))
        kind = data.get("kind")
        if not kind:
            return []
        originals = {s.id for s in self.controller.workspace.originals(Kind(kind))}
        return [
            (s.id, f"{s.title} ({s.language})")
            for s in self.model.summaries()
            if s.id in originals and s.id != own
        ]

    @property
    def preview(self) -> PreviewView:
        """The live preview (made now if the window has not made it yet)."""
        return self.preview_pane.view()

    def _on_controller_draft_changed(self, item: Item | None) -> None:
        if item is None:
            self.readiness.show_item(None)
            self.preview_pane.clear()
            return
        self.preview_pane.show_item(item)
        self.readiness.show_item(item)
        if self.controller.is_new and self.controller.candidate is not None:
            self.form.set_slug_placeholder(item.slug)
        self._update_title()

    def _on_controller_dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(dirty)

    def _on_controller_item_saved(self, item: Item) -> None:
        self.model.upsert(ItemSummary.from_item(item))
        self._refresh_choices(item)
        self.select_item(item.id)
        self.form.show_saved(item.model_dump())
        self.save_error.clear()
        message = f"Saved “{item.title}” (revision {item.revision})"
        problem = self.controller.workspace.backup_problem
        if problem:
            message += f". {problem}: check the workspace's backups folder."
        self.statusBar().showMessage(message, 12000 if problem else 5000)
        self._update_title()

    def _on_controller_items_changed(self, items: list[Item]) -> None:
        self.model.upsert_many(ItemSummary.from_item(item) for item in items)
        self._refresh_choices(*items)

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


def _merged(known: list[str], values: list[str]) -> list[str]:
    """`known` with `values` added: each value once (its first spelling, ignoring case),
    sorted ignoring case, as Workspace.list_values gives them."""
    seen = {value.casefold(): value for value in known}
    for value in values:
        if value.strip():
            seen.setdefault(value.strip().casefold(), value.strip())
    return sorted(seen.values(), key=str.casefold)
