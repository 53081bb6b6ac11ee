"""The editor window's actions, menus and toolbar, and the list's bulk actions.

A mixin of MainWindow: each method runs on the window (`self: MainWindow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMessageBox,
    QStyle,
    QToolBar,
)

from editor.domain.items import Kind, Status
from editor.preferences import Preferences, save_preferences
from editor.ui.about import show_about
from editor.ui.form_undo import editable_text_widget
from editor.ui.item_table_model import STATUS_LABELS
from editor.ui.preferences_dialog import PreferencesDialog
from editor.ui.review_actions import ReviewActions
from editor.ui.shortcuts_dialog import ShortcutsDialog
from editor.ui.theme import apply_theme
from editor.ui.undo_availability import UndoAvailability

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class MainActions(QObject):
    """Builds the window's actions, menus and toolbar; handles the list's bulk actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._build_actions()
        self._build_menus()
        self._build_toolbar()

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        tip: str = "",
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        w = self.w
        action = QAction(text, w)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(w.style().standardIcon(icon))
        plain = text.replace("&", "").rstrip(".…")
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{plain} ({shown})" if shown else plain)
        action.setStatusTip(tip or plain)
        action.triggered.connect(slot)
        w.addAction(action)
        return action

    def _build_actions(self) -> None:
        w = self.w
        sp = QStyle.StandardPixmap
        w.new_announcement_action = self._action(
            "New &announcement",
            self._on_new_announcement_triggered,
            "Ctrl+N",
            icon=sp.SP_FileIcon,
        )
        w.new_event_action = self._action(
            "New &event",
            self._on_new_event_triggered,
            "Ctrl+Shift+N",
            icon=sp.SP_FileDialogNewFolder,
        )
        w.duplicate_action = self._action(
            "&Duplicate",
            self._on_duplicate_triggered,
            "Ctrl+D",
            tip="Start a new draft copied from this item",
            icon=sp.SP_FileDialogContentsView,
        )
        w.save_action = self._action(
            "&Save",
            self._on_save_triggered,
            "Ctrl+S",
            icon=sp.SP_DialogSaveButton,
        )
        w.export_action = self._action(
            "&Export…",
            self._on_export_triggered,
            "Ctrl+E",
            icon=sp.SP_ArrowUp,
            tip="Export a publish-ready bundle: a site, feeds, calendars and Markdown",
        )
        self.import_action = self._action(
            "&Import…",
            self._on_import_triggered,
            tip="Import Markdown (Hugo, Jekyll), calendars, feeds or a bundle, after a preview",
        )
        w.open_action = self._action(
            "&Open workspace…", w.opening.choose, "Ctrl+O", icon=sp.SP_DirOpenIcon
        )
        w.quit_action = self._action("&Quit", w.close, "Ctrl+Q")
        w.undo_action = self._action("&Undo", self._on_undo_triggered, "Ctrl+Z")
        w.redo_action = self._action("&Redo", self._on_redo_triggered, "Ctrl+Shift+Z")
        self.undo_availability = UndoAvailability(
            w, w.undo_action, w.redo_action, w.form.undo_stack
        )
        w.preferences_action = self._action(
            "&Preferences…", self._on_preferences_triggered, "Ctrl+,"
        )
        w.search_action = self._action("Search items", self._on_search_triggered, "Ctrl+L")
        w.shortcuts_action = self._action("&Keyboard shortcuts", self._on_shortcuts_triggered, "F1")
        w.about_action = self._action("&About Noticeboard", self._on_about_triggered)
        w.add_tag_action = self._action("&Add tag…", self._on_add_tag_triggered)
        w.remove_tag_action = self._action("&Remove tag…", self._on_remove_tag_triggered)
        w.trash_action = self._action(
            "Move to &trash",
            w.safety._on_trash_triggered,
            QKeySequence.StandardKey.Delete,
            tip="Move the selected items to the trash (they can be restored)",
            icon=sp.SP_TrashIcon,
        )
        # Delete belongs to text fields everywhere else: the shortcut works in the list only.
        w.removeAction(w.trash_action)
        w.table.addAction(w.trash_action)
        w.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.trash_view_action = self._action(
            "T&rash…", w.safety._on_trash_view_triggered, tip="Items moved to the trash"
        )
        w.history_action = self._action(
            "&History…",
            w.safety._on_history_triggered,
            "Ctrl+Alt+H",  # Ctrl+H is Replace in the body editor
            tip="Every saved revision of this item; compare and restore",
        )
        w.recover_action = self._action(
            "Recover unsaved &drafts…",
            w.safety._on_recover_triggered,
            tip="Drafts an earlier session could not save",
        )
        w.recover_action.setEnabled(False)
        self.reviews = ReviewActions(w)
        self.open_review_action = self._action(
            "Open bundle for re&view…",
            self.reviews.choose_bundle,
            tip="Review a bundle someone sent you: approve items or request changes",
        )
        self.import_review_action = self._action(
            "Import rev&iew…",
            self.reviews.choose_review,
            tip="Attach a reviewer's comments (NAME.review.json) to the items",
        )
        w.status_actions = {}
        for status, label in STATUS_LABELS.items():
            action = QAction(label, self)
            action.triggered.connect(lambda _=False, s=status: self.bulk_set_status(s))
            w.status_actions[status] = action

    def _build_menus(self) -> None:
        w = self.w
        bar = w.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([w.new_announcement_action, w.new_event_action, w.duplicate_action])
        file_menu.addSeparator()
        file_menu.addActions([w.save_action, self.import_action, w.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.open_review_action, self.import_review_action])
        file_menu.addSeparator()
        file_menu.addAction(w.open_action)
        w.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addAction(w.recover_action)
        file_menu.addSeparator()
        file_menu.addAction(w.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([w.undo_action, w.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(w.search_action)
        edit_menu.addSeparator()
        edit_menu.addAction(w.preferences_action)
        w.items_menu = bar.addMenu("&Items")
        w.status_menu = w.items_menu.addMenu("Set &status")
        w.status_menu.addActions(list(w.status_actions.values()))
        w.items_menu.addActions([w.add_tag_action, w.remove_tag_action])
        w.items_menu.addSeparator()
        w.items_menu.addAction(w.history_action)
        w.items_menu.addSeparator()
        w.items_menu.addActions([w.trash_action, w.trash_view_action])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([w.shortcuts_action, w.about_action])
        self._update_recent_menu()

    def _build_toolbar(self) -> None:
        w = self.w
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("main_toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addActions([w.new_announcement_action, w.new_event_action, w.duplicate_action])
        toolbar.addSeparator()
        toolbar.addActions([w.save_action, w.export_action])
        for action in toolbar.actions():
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", "").rstrip("."))
        w.addToolBar(toolbar)

    def _update_recent_menu(self) -> None:
        w = self.w
        w.recent_menu.clear()
        current = w.controller.workspace.folder
        recent = [p for p in w.state.recent_workspaces() if p != current]
        for folder in recent:
            action = w.recent_menu.addAction(str(folder))
            action.triggered.connect(lambda _=False, f=folder: w.opening.open(f))
        w.recent_menu.setEnabled(bool(recent))

    # -- items and files -----------------------------------------------------------------

    def _on_new_announcement_triggered(self) -> None:
        self.w.new_item(Kind.ANNOUNCEMENT)

    def _on_new_event_triggered(self) -> None:
        self.w.new_item(Kind.EVENT)

    def _on_duplicate_triggered(self) -> None:
        w = self.w
        if w.controller.current_id is None:
            w.statusBar().showMessage("Choose an item to duplicate first", 4000)
            return
        w.controller.duplicate()
        w.statusBar().showMessage("A copy is open: save it to keep it", 5000)
        w.form.title_edit.setFocus()
        w.form.title_edit.selectAll()

    def _on_save_triggered(self) -> None:
        w = self.w
        if w.controller.current_id is None:
            return
        if not w.controller.dirty:
            w.statusBar().showMessage("No changes to save", 3000)
            return
        w.controller.save()

    def _on_export_triggered(self) -> None:
        from functools import partial

        from editor.export.job import export_bundle
        from editor.ui.export_dialog import ExportDialog

        w = self.w
        workspace = w.controller.workspace
        dialog = ExportDialog(
            workspace.items(),
            workspace_id=workspace.workspace_id,
            media_dir=workspace.media_dir,
            # The website address from the preferences makes feed links absolute.
            job=partial(export_bundle, base_url=w.controller.preferences.site_url or None),
            parent=w,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_import_triggered(self) -> None:
        from editor.ui.import_dialog import import_dialog_for

        w = self.w
        if w.controller.dirty:
            # Saved first, so that nothing writes to the workspace while the plan is read.
            w.controller.save()
        dialog = import_dialog_for(
            w.controller.workspace, author=w.controller.author() or None, parent=w
        )
        dialog.import_finished.connect(w.controller.note_imported)
        dialog.open()

    # -- edit and help -------------------------------------------------------------------

    def _on_undo_triggered(self) -> None:
        # A text field undoes its own typing; anywhere else, the form's last choice.
        text = editable_text_widget(QApplication.focusWidget())
        if text is not None:
            text.undo()
        else:
            self.w.form.undo_stack.undo()

    def _on_redo_triggered(self) -> None:
        text = editable_text_widget(QApplication.focusWidget())
        if text is not None:
            text.redo()
        else:
            self.w.form.undo_stack.redo()

    def _on_search_triggered(self) -> None:
        w = self.w
        w.filter_bar.search.setFocus()
        w.filter_bar.search.selectAll()

    def _on_preferences_triggered(self) -> None:
        w = self.w
        dialog = PreferencesDialog(
            w.controller.preferences, w.controller.workspace.languages(), self.w
        )
        if dialog.exec():
            self.apply_preferences(dialog.preferences())

    def apply_preferences(self, preferences: Preferences) -> None:
        w = self.w
        try:
            save_preferences(preferences)
        except OSError as error:
            w.save_error.setText(f"Preferences not saved: {error.strerror or error}")
        w.controller.preferences = preferences
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, preferences.theme)

    def _on_shortcuts_triggered(self) -> None:
        w = self.w
        ShortcutsDialog(w.actions(), self.w, body_actions=w.editor.actions()).exec()

    def _on_about_triggered(self) -> None:
        show_about(self.w)

    # -- bulk actions --------------------------------------------------------------------

    def _ready_for_bulk(self, ids: list[UUID]) -> bool:
        w = self.w
        if not ids:
            w.statusBar().showMessage("Select one or more items in the list first", 4000)
            return False
        current = w.controller.current_id
        if w.controller.dirty and current in ids:
            return self.confirm_leave_keeping_item()
        return True

    def confirm_leave_keeping_item(self) -> bool:
        w = self.w
        answer = w.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return w.controller.save() is not None
        if answer == QMessageBox.StandardButton.Discard:
            current = w.controller.current_id
            w.controller.select(None if w.controller.is_new else current)
            return True
        return False

    def bulk_set_status(self, status: Status) -> None:
        w = self.w
        ids = w.selected_ids()
        if not self._ready_for_bulk(ids):
            return
        changed = w.controller.stored.set_status(ids, status)
        w.statusBar().showMessage(
            f"Status set to {STATUS_LABELS[status]} on {changed} of {len(ids)} items", 5000
        )

    def bulk_add_tag(self, tag: str) -> None:
        w = self.w
        ids = w.selected_ids()
        if not tag.strip() or not self._ready_for_bulk(ids):
            return
        changed = w.controller.stored.add_tag(ids, tag)
        w.statusBar().showMessage(f"Tag “{tag}” added to {changed} items", 5000)

    def bulk_remove_tag(self, tag: str) -> None:
        w = self.w
        ids = w.selected_ids()
        if not tag.strip() or not self._ready_for_bulk(ids):
            return
        changed = w.controller.stored.remove_tag(ids, tag)
        w.statusBar().showMessage(f"Tag “{tag}” removed from {changed} items", 5000)

    def ask_tag(self, title: str, tags: list[str]) -> str | None:
        tag, ok = QInputDialog.getItem(self.w, title, "Tag:", tags, 0, True)
        return tag.strip() if ok and tag.strip() else None

    def _on_add_tag_triggered(self) -> None:
        w = self.w
        tag = self.ask_tag("Add a tag", w.controller.workspace.tags())
        if tag:
            self.bulk_add_tag(tag)

    def _on_remove_tag_triggered(self) -> None:
        w = self.w
        ids = {str(item_id) for item_id in w.selected_ids()}
        tags = sorted(
            {t for summary in w.model.summaries() if summary.id in ids for t in summary.tags},
            key=str.casefold,
        )
        tag = self.ask_tag("Remove a tag", tags)
        if tag:
            self.bulk_remove_tag(tag)
