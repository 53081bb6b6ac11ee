"""Opening a bundle for review: who the reviewer is, verifying off the GUI thread, refusing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

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
            on_refused(BundleRefusedError(path, [f"cannot be opened ({error})"]))

    return run_task(work, lambda opened: on_opened(*opened), refused, context=context)
