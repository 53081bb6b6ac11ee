"""The editor's review menu entries: open a bundle for review, import a review file.

A part of MainWindow made by MainActions; it also feeds the form's comments panel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from editor.export.manifest import MANIFEST_PATH
from editor.preferences import Preferences
from editor.storage import StorageError
from editor.ui.comments_panel import ItemComments

# The review window, bundle reading and signature checks load when first used: every
# editor start would otherwise pay for them (about 70 ms, cryptography included).
if TYPE_CHECKING:
    from editor.bundle.review_source import BundleRefusedError, OpenedBundle, ReviewMedia
    from editor.importing.review_import import ReviewImportPlan, ReviewImportResult
    from editor.ui.main_window import MainWindow
    from editor.ui.preview import PreviewView
    from editor.ui.review_window import ReviewWindow


class ReviewActions(QObject):
    """Opens review windows (kept here while open) and imports reviews into the workspace."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.comments = ItemComments(window.controller, window.form.comments_panel)
        self.review_windows: list[ReviewWindow] = []
        self.last_refusal: QMessageBox | None = None
        self.last_message: QMessageBox | None = None
        # The review window's preview; None: the usual one, made when the window shows.
        self.make_preview: Callable[[], PreviewView | None] = lambda: None

    # -- reviewing a bundle --------------------------------------------------------------

    def choose_bundle(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.w,
            "Open bundle for review",
            "",
            "Noticeboard bundles (*.zip manifest.json);;All files (*)",
        )
        if chosen:
            path = Path(chosen)
            # A file dialog picks files: an unpacked bundle is chosen by its manifest.json.
            self.open_bundle(path.parent if path.name == MANIFEST_PATH else path)

    def open_bundle(self, path: Path) -> None:
        """Verify `path` in the background, then show it in a review window, or say why not."""
        from editor.ui.review_opening import open_bundle_in_background, reviewer_name
        from editor.ui.review_window import ReviewWindow, refusal_box

        c = self.w.controller
        reviewer = reviewer_name(self.w, c.preferences)
        if reviewer is None:
            return
        if not c.preferences.author.strip():
            # Kept in the preferences file by reviewer_name: not asked again this session.
            c.preferences = Preferences.model_validate(
                c.preferences.model_dump() | {"author": reviewer}
            )
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.w.statusBar().showMessage(f"Checking {path.name}…")

        def opened(bundle: OpenedBundle, media: ReviewMedia) -> None:
            QGuiApplication.restoreOverrideCursor()
            self.w.statusBar().clearMessage()
            window = ReviewWindow(bundle, reviewer, preview=self.make_preview(), media=media)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda: self._forget(window))
            self.review_windows.append(window)
            window.show()

        def refused(error: BundleRefusedError) -> None:
            QGuiApplication.restoreOverrideCursor()
            self.w.statusBar().clearMessage()
            box = refusal_box(self.w, error)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_refusal = box
            box.open()

        open_bundle_in_background(path, opened, refused, context=self.w)

    def _forget(self, window: ReviewWindow) -> None:
        if window in self.review_windows:
            self.review_windows.remove(window)

    # -- importing a review --------------------------------------------------------------

    def choose_review(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.w, "Import review", "", "Reviews (*.review.json);;All files (*)"
        )
        if chosen:
            self.import_review(Path(chosen))

    def plan(self, path: Path) -> ReviewImportPlan | str:
        """What importing the review at `path` would do, or why it cannot be imported."""
        from editor.bundle.review import ReviewFileError, load_review
        from editor.importing.review_import import plan_review_import

        try:
            review = load_review(path)
        except (ReviewFileError, OSError) as error:
            return str(error)
        plan = plan_review_import(review, self.w.controller.workspace)
        return "; ".join(plan.problems) if plan.problems else plan

    def import_review(self, path: Path) -> ReviewImportResult | None:
        """Attach the review's comments, approve what is still current; says what it did."""
        from editor.importing.review_import import apply_review_import

        c = self.w.controller
        plan = self.plan(path)
        if isinstance(plan, str):
            self._tell("The review cannot be imported", plan, QMessageBox.Icon.Warning)
            return None
        try:
            result = apply_review_import(c.workspace, plan, author=c.author() or None)
        except (StorageError, OSError) as error:
            self._tell("The review was not imported", str(error), QMessageBox.Icon.Warning)
            return None
        if result.approved:
            c.items_changed.emit(result.approved)
            current = next((i for i in result.approved if i.id == c.current_id), None)
            if current is not None:
                c.rebase_on(current)
        self.comments.refresh()
        self._tell("Review imported", _import_summary(plan, result), QMessageBox.Icon.Information)
        return result

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.w)
        box.setAccessibleName(title)
        # The reviewer's name and the file's errors come from the review file: never rich text.
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.open()


def _import_summary(plan: ReviewImportPlan, result: ReviewImportResult) -> str:
    from editor.bundle.review import Verdict

    comments = sum(1 for c in result.comments if c.text)
    lines = [
        f"{plan.review.reviewer}'s review: {comments} new comment"
        f"{'s' if comments != 1 else ''}, {len(result.approved)} item"
        f"{'s' if len(result.approved) != 1 else ''} set to approved."
    ]
    for item in plan.outdated:
        lines.append(
            f"“{item.title}”: the comments were made on revision {item.reviewed_revision}; "
            f"it has changed since (now revision {item.current_revision})."
        )
    for item in plan.items:
        # Outdated and missing items are said above and below; an item already published
        # (or reviewed at a newer revision) is said here, or the approval seems lost.
        held_back = item.verdict is Verdict.APPROVED and not item.approve
        if held_back and item.note and not item.outdated and item.current_revision is not None:
            lines.append(f"“{item.title}”: approved by the reviewer, left as it is: {item.note}.")
    for item in plan.missing:
        lines.append(f"Item {item.item_id}: {item.note}.")
    return "\n".join(lines)
