"""Opening a bundle for review: who the reviewer is, verifying off the GUI thread, refusing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QProgressDialog, QWidget

from editor.bundle.keys import KnownKeys
from editor.bundle.review import NAME_MAX
from editor.bundle.review_source import (
    BundleRefusedError,
    OpenedBundle,
    ReviewMedia,
    open_for_review,
    review_media,
)
from editor.preferences import Preferences, load_preferences, save_preferences
from editor.ui.tasks import TaskHandle, run_task

# A bundle checked faster than this opens without the "Checking..." dialog ever showing.
_CHECKING_DIALOG_DELAY_MS = 400


def reviewer_name(parent: QWidget | None, preferences: Preferences | None = None) -> str | None:
    """The reviewer's name: the preferences' author, else asked once and kept there."""
    preferences = preferences or load_preferences()
    if preferences.author.strip():
        return preferences.author.strip()
    name, ok = QInputDialog.getText(
        parent,
        "Your name",
        "Your name, as the editor will see it on your review:",
        QLineEdit.EchoMode.Normal,
    )
    name = " ".join(name.split())[:NAME_MAX]
    if not ok or not name:
        return None
    # Not kept (the disk): asked again next time, not worth stopping the review for.
    with contextlib.suppress(OSError):
        save_preferences(Preferences.model_validate(preferences.model_dump() | {"author": name}))
    return name


def open_bundle_in_background(
    path: Path,
    on_opened: Callable[[OpenedBundle, ReviewMedia], None],
    on_refused: Callable[[BundleRefusedError], None],
    *,
    context: QWidget,
    known_keys: KnownKeys | None = None,
) -> TaskHandle[tuple[OpenedBundle, ReviewMedia]]:
    """Verify and read the bundle, and copy its images out of a zip, on a worker thread
    (hashing every file takes a while); `on_opened` or `on_refused` runs on the GUI thread."""

    def work() -> tuple[OpenedBundle, ReviewMedia]:
        bundle = open_for_review(path, known_keys)
        return bundle, review_media(bundle)

    def refused(error: BaseException) -> None:
        if isinstance(error, BundleRefusedError):
            on_refused(error)
        else:
            # open_for_review turns whatever the bundle does into BundleRefusedError: this
            # is this computer's trouble (no room for the images' temporary copy, say).
            on_refused(BundleRefusedError(path, [f"{type(error).__name__}: {error}"], local=True))

    return run_task(work, lambda opened: on_opened(*opened), refused, context=context)


def checking_dialog(path: Path) -> QProgressDialog:
    """The busy dialog shown while a bundle is checked before any window exists."""
    dialog = QProgressDialog(
        f"Checking {path.name}: every file against its manifest…", "Cancel", 0, 0
    )
    dialog.setWindowTitle("Opening a bundle for review · Noticeboard")
    dialog.setAccessibleName("Checking the bundle")
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(_CHECKING_DIALOG_DELAY_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setValue(0)  # starts the delay: without it the dialog waits Qt's default 4 s
    return dialog


def review_session(app: QApplication, path: Path, preferences: Preferences) -> int:
    """`noticeboard review BUNDLE`: check the bundle off the GUI thread (a busy dialog if it
    takes a while), then ask the reviewer's name and open the review window; runs the
    event loop. Returns 1 when the bundle is refused, the check is cancelled or no name is
    given."""
    from editor.ui.review_window import ReviewWindow, refusal_box

    windows: list[ReviewWindow] = []
    dialog = checking_dialog(path)

    def opened(bundle: OpenedBundle, media: ReviewMedia) -> None:
        dialog.reset()
        dialog.hide()
        reviewer = reviewer_name(None, preferences)
        if reviewer is None:
            media.cleanup()
            app.exit(1)
            return
        window = ReviewWindow(bundle, reviewer, media=media)
        windows.append(window)
        window.show()
        app.setQuitOnLastWindowClosed(True)

    def refused(error: BundleRefusedError) -> None:
        dialog.reset()
        dialog.hide()
        refusal_box(None, error).exec()
        app.exit(1)

    def cancelled() -> None:
        if not windows:
            task.cancel()
            app.exit(1)

    # Until the review window shows, closing the dialogs must not end the session early.
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    dialog.canceled.connect(cancelled)
    try:
        task = open_bundle_in_background(path, opened, refused, context=dialog)
        return int(app.exec())
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
        for window in windows:
            window.media.cleanup()
        dialog.deleteLater()
