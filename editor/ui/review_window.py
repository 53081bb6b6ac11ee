"""The review window: a verified bundle's items, read-only, to approve or comment on.

The items come from the bundle's data through the app's models, and are shown by the
app's own form and preview (the bundle's HTML is never loaded). The reviewer's verdicts
and comments are saved as `<bundle>.review.json` beside the bundle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.bundle.review import (
    REVIEW_SUFFIX,
    Anchor,
    Review,
    ReviewFileError,
    Verdict,
    anchor_for,
    is_review_file,
    load_review,
    locate_anchor,
    own_review_path,
    same_reviewer,
    save_review,
)
from editor.bundle.review_draft import ReviewDraft
from editor.bundle.review_source import (
    BundleRefusedError,
    OpenedBundle,
    ReviewMedia,
    review_media,
)
from editor.bundle.signing import SignatureCheck, SignatureStatus
from editor.domain.items import Announcement, Event, utc_now
from editor.domain.summary import ItemSummary
from editor.storage.errors import StorageError
from editor.ui.about import app_icon
from editor.ui.item_form import ItemForm
from editor.ui.item_table_model import Column
from editor.ui.item_table_view import make_item_table
from editor.ui.preview_pane import PreviewPane
from editor.ui.review_comment_dialog import ask_comment
from editor.ui.review_item_panel import ReviewItemPanel
from editor.ui.review_item_table import ReviewItemTableModel

if TYPE_CHECKING:
    from editor.ui.preview import PreviewView

Item = Announcement | Event
CommentAsker = Callable[[str, Anchor | None], "str | None"]

_BANNER_STYLES = {
    "alarm": "background:#b00020;color:white;font-weight:bold;padding:8px;",
    "warn": "background:#fff4ce;color:#3b2f00;padding:6px;",
    "ok": "background:#e6f4ea;color:#0b3d1a;padding:6px;",
}


def _py_index(text: str, utf16: int) -> int:
    """A Qt text position (UTF-16 code units) as an index into the Python string."""
    units = 0
    for index, char in enumerate(text):
        if units >= utf16:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def _utf16(text: str, index: int) -> int:
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


def made_at(created_at: object) -> str:
    """The manifest's creation time in the reviewer's time zone, or as written if it is
    not a time (the manifest is the bundle's word, shown but never trusted)."""
    text = str(created_at)[:100] if created_at is not None else "at an unknown time"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        return text
    return f"{moment.astimezone():%d %b %Y %H:%M %Z}".strip()


def review_file_name(chosen: Path) -> Path:
    """`chosen`, ending in .review.json (what Import review looks for)."""
    if is_review_file(chosen):
        return chosen
    stem = chosen.name[: -len(".json")] if chosen.name.lower().endswith(".json") else chosen.name
    return chosen.with_name(f"{stem}{REVIEW_SUFFIX}")


def signature_banner(check: SignatureCheck) -> tuple[str, str]:
    """(style, sentence) for the banner about who signed the bundle."""
    if check.alarming:
        return "alarm", check.message
    if check.status is SignatureStatus.UNSIGNED:
        return "warn", check.message + " The files match their manifest."
    return "ok", check.message + " No file was changed since it was signed."


def refusal_box(parent: QWidget | None, error: BundleRefusedError) -> QMessageBox:
    """The dialog that says why a bundle is not opened for review (not shown yet)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("This bundle cannot be reviewed")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the names come from the bundle
    count = len(error.problems)
    if error.local:
        box.setText(f"{error.path.name} cannot be opened for review:\n\n{error.problems[0]}.")
    else:
        box.setText(
            f"{error.path.name} is not as it was exported, or cannot be read safely "
            f"({count} problem{'s' if count != 1 else ''}). Nothing of it is shown.\n\n"
            "Ask the editor to send the bundle again."
        )
    box.setDetailedText("\n".join(error.problems))
    box.setAccessibleName("Bundle refused")
    return box


class ReviewWindow(QMainWindow):
    """One bundle under review. Nothing here changes the bundle."""

    def __init__(
        self,
        bundle: OpenedBundle,
        reviewer: str,
        parent: QWidget | None = None,
        *,
        preview: PreviewView | None = None,
        media: ReviewMedia | None = None,
    ) -> None:
        super().__init__(parent)
        self.bundle = bundle
        self.review_path = own_review_path(bundle.path, reviewer)
        self.setWindowTitle(f"Review: {bundle.path.name} · Noticeboard")
        self.setWindowIcon(app_icon())
        self.setObjectName("review_window")
        self._items = {str(item.id): item for item in bundle.items}
        self._current: str | None = None
        self.ask_comment: CommentAsker = lambda title, anchor: ask_comment(self, title, anchor)
        self.ask_save_changes: Callable[[], QMessageBox.StandardButton] = self._ask_save_changes
        self.draft = ReviewDraft(
            reviewer,
            bundle.ref,
            {key: (item.title, bundle.revision_of(item)) for key, item in self._items.items()},
            self._earlier_review(reviewer),
        )
        self.media = media if media is not None else review_media(bundle)
        self._build(preview)
        self._build_actions()
        self._show_media()
        self._update_title()
        if self.model.rowCount():
            self.table.selectRow(0)

    # -- building ------------------------------------------------------------------------

    def _build(self, preview: PreviewView | None) -> None:
        style, text = signature_banner(self.bundle.signature)
        self.banner = QLabel(text)
        self.banner.setAccessibleName("Signature")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLES[style])
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The signer's name and the manifest's words come from the bundle: never rich text.
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        count = len(self.bundle.items)
        self.info = QLabel(
            f"{self.bundle.path.name}: {count} item{'s' if count != 1 else ''}, made "
            f"{made_at(self.bundle.manifest.get('created_at'))}. Read-only: your verdicts and "
            f"comments are saved as {self.review_path.name}, beside the bundle."
        )
        self.info.setAccessibleName("Bundle information")
        self.info.setWordWrap(True)
        self.info.setContentsMargins(8, 4, 8, 4)
        self.info.setTextFormat(Qt.TextFormat.PlainText)

        self.model = ReviewItemTableModel(lambda key: self.draft.entry(key).verdict, self)
        self.model.set_summaries([ItemSummary.from_item(item) for item in self.bundle.items])
        self.table = make_item_table(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # A narrow list: the title, the reviewer's verdict beside it, and the date; the
        # kind and language are in the form, and when the editor last saved is no concern.
        for column in (Column.KIND, Column.LANGUAGE, Column.UPDATED):
            self.table.setColumnHidden(column, True)
        header = self.table.horizontalHeader()
        header.moveSection(header.visualIndex(Column.STATUS), 1)
        metrics = self.table.fontMetrics()
        for column, widest in (
            (Column.STATUS, "Changes requested"),
            (Column.DATE, "30 May 2022 09:00"),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(widest) + 24)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)

        self.body_view = QPlainTextEdit()
        self.body_view.setReadOnly(True)
        self.body_view.setAccessibleName("Body")
        self.body_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.form = ItemForm(self.body_view)
        self.form.setAccessibleName("Item fields")
        self.form.set_read_only(True)

        self.panel = ReviewItemPanel()
        self.panel.approve_requested.connect(self.approve)
        self.panel.changes_requested.connect(self._on_panel_changes_requested)
        self.panel.comment_requested.connect(self._on_panel_comment_requested)
        self.panel.clear_requested.connect(self._on_panel_clear_requested)
        self.panel.remove_requested.connect(self._on_panel_remove_requested)
        self.panel.comment_chosen.connect(self.show_passage)
        self.preview_pane = PreviewPane(preview)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.panel)
        right.addWidget(self.preview_pane)
        right.setStretchFactor(1, 3)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)
        self.splitter.setSizes([420, 460, 400])  # the list wide enough for its titles

    def _build_actions(self) -> None:
        def action(text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
            made = QAction(text, self)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.save_action = action("&Save review", self.save, "Ctrl+S")
        self.save_as_action = action("Save review &as…", self._on_save_as_triggered, "Ctrl+Shift+S")
        self.close_action = action("&Close", self.close, "Ctrl+W")
        self.approve_action = action("&Approve", self.approve, "Ctrl+Return")
        self.changes_action = action("Request &changes…", self._on_panel_changes_requested)
        self.comment_action = action("Add co&mment…", self._on_panel_comment_requested)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.save_action, self.save_as_action, self.close_action])
        review_menu = self.menuBar().addMenu("&Review")
        review_menu.addActions([self.approve_action, self.changes_action, self.comment_action])

    def _earlier_review(self, reviewer: str) -> Review | None:
        """This reviewer's review of this very bundle saved earlier, to carry on with; None
        otherwise (another reviewer's verdicts are never saved under this one's name)."""
        if not self.review_path.exists():
            return None
        try:
            earlier = load_review(self.review_path)
        except (ReviewFileError, OSError):
            return None
        if not same_reviewer(earlier.reviewer, reviewer):
            return None
        return earlier if earlier.bundle.manifest_sha256 == self.bundle.manifest_sha256 else None

    def _show_media(self) -> None:
        self.preview_pane.set_workspace_dir(self.media.folder)
        if self.media.problem:
            self.statusBar().showMessage(self.media.problem, 8000)

    # -- showing an item -----------------------------------------------------------------

    def current_item(self) -> Item | None:
        return self._items.get(self._current) if self._current else None

    def select_item(self, item_id: str) -> None:
        row = self.model.row_of(item_id)
        if row is not None:
            self.table.selectRow(row)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = self.model.id_at(current.row()) if current.isValid() else None
        self._current = item_id
        item = self.current_item()
        if item is None:
            self.form.load({})
            self.body_view.setPlainText("")
            self.preview_pane.clear()
            self.panel.show_entry(None)
            return
        self.form.set_translation_candidates(self._translation_candidates(item))
        self.form.load(item.model_dump())
        self.form.set_read_only(True)
        self.body_view.setPlainText(item.body)
        self.preview_pane.show_item(item)
        self.panel.show_entry(self.draft.entry(item.id))

    def _translation_candidates(self, item: Item) -> list[tuple[str, str]]:
        """What the item may translate, for its field: the bundle's other items, and the
        original by id when the bundle does not hold it."""
        found = [
            (key, f"{o.title} ({o.language})")
            for key, o in self._items.items()
            if key != str(item.id)
        ]
        original = str(item.translation_of) if item.translation_of else None
        if original and original not in self._items:
            found.append((original, f"An item not in this bundle ({original[:8]})"))
        return found

    def selected_anchor(self) -> Anchor | None:
        """The passage selected in the body, as an anchor; None when nothing is selected."""
        item = self.current_item()
        cursor = self.body_view.textCursor()
        if item is None or not cursor.hasSelection():
            return None
        start = _py_index(item.body, cursor.selectionStart())
        end = _py_index(item.body, cursor.selectionEnd())
        return anchor_for(item.body, start, end)

    def show_passage(self, comment_id: str) -> None:
        """Select the passage a comment points at in the body, where it still is."""
        item = self.current_item()
        if item is None:
            return
        comment = next(
            (c for c in self.draft.entry(item.id).comments if str(c.id) == comment_id), None
        )
        if comment is None or comment.anchor is None:
            return
        found = locate_anchor(item.body, comment.anchor)
        if found is None:
            return
        cursor = self.body_view.textCursor()
        cursor.setPosition(_utf16(item.body, found[0]))
        cursor.setPosition(_utf16(item.body, found[1]), QTextCursor.MoveMode.KeepAnchor)
        self.body_view.setTextCursor(cursor)

    # -- the reviewer's verdicts ---------------------------------------------------------

    def _refresh(self) -> None:
        item = self.current_item()
        if item is not None:
            self.panel.show_entry(self.draft.entry(item.id))
            self.model.verdict_changed(str(item.id))
        self._update_title()

    def approve(self) -> None:
        item = self.current_item()
        if item is None:
            return
        self.draft.set_verdict(item.id, Verdict.APPROVED)
        self._refresh()
        self.statusBar().showMessage(f"Approved: {item.title}", 4000)

    def request_changes(self, text: str, anchor: Anchor | None = None) -> None:
        item = self.current_item()
        if item is None:
            return
        self.draft.add_comment(item.id, text, now=utc_now(), anchor=anchor)
        self.draft.set_verdict(item.id, Verdict.CHANGES_REQUESTED)
        self._refresh()

    def add_comment(self, text: str, anchor: Anchor | None = None) -> None:
        item = self.current_item()
        if item is None:
            return
        self.draft.add_comment(item.id, text, now=utc_now(), anchor=anchor)
        self._refresh()

    def _on_panel_changes_requested(self) -> None:
        anchor = self.selected_anchor()
        text = self.ask_comment("Request changes", anchor)
        if text:
            self.request_changes(text, anchor)

    def _on_panel_comment_requested(self) -> None:
        anchor = self.selected_anchor()
        text = self.ask_comment("Add a comment", anchor)
        if text:
            self.add_comment(text, anchor)

    def _on_panel_clear_requested(self) -> None:
        item = self.current_item()
        if item is not None:
            self.draft.set_verdict(item.id, Verdict.NONE)
            self._refresh()

    def _on_panel_remove_requested(self, comment_id: str) -> None:
        item = self.current_item()
        if item is not None:
            self.draft.remove_comment(item.id, comment_id)
            self._refresh()

    # -- saving --------------------------------------------------------------------------

    def _update_title(self) -> None:
        counts = self.draft.counts()
        mark = "*" if self.draft.dirty else ""
        self.setWindowTitle(
            f"{mark}Review: {self.bundle.path.name} · {counts[Verdict.APPROVED]} approved, "
            f"{counts[Verdict.CHANGES_REQUESTED]} with changes requested · Noticeboard"
        )

    def save(self, path: Path | None = None) -> bool:
        """Write the review file (beside the bundle, unless saved elsewhere with `path`);
        True when it was written. Later saves go where this one went."""
        target = path or self.review_path
        review = self.draft.review(now=utc_now())
        try:
            save_review(review, target)
        except (StorageError, OSError) as error:
            QMessageBox.warning(
                self,
                "The review was not saved",
                f"{error}\n\nYour verdicts and comments are still here: use File > Save "
                "review as... to save them somewhere else (a bundle opened from an e-mail "
                "or a read-only stick cannot have its review beside it).",
            )
            return False
        self.review_path = target
        self.draft.dirty = False
        self._update_title()
        self.statusBar().showMessage(f"Saved {target}: send this file back to the editor", 8000)
        return True

    def _on_save_as_triggered(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save review as", str(self.review_path), "Reviews (*.review.json)"
        )
        if chosen:
            self.save(review_file_name(Path(chosen)))

    def _ask_save_changes(self) -> QMessageBox.StandardButton:
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.question(
            self,
            "Save the review?",
            f"Your verdicts and comments are not saved yet. Save them as {self.review_path.name}?",
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.draft.dirty:
            answer = self.ask_save_changes()
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        self.media.cleanup()
        event.accept()
