"""Opening a bundle for review: who the reviewer is, verifying off the GUI thread, refusing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from editor.bundle.keys import KnownKeys
from editor.bundle.review import NAME_MAX
from editor.bundle.review_source import BundleRefusedError, OpenedBundle, open_for_review
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
    on_opened: Callable[[OpenedBundle], None],
    on_refused: Callable[[BundleRefusedError], None],
    *,
    context: QWidget,
    known_keys: KnownKeys | None = None,
) -> TaskHandle[OpenedBundle]:
    """Verify and read the bundle on a worker thread (hashing every file takes a while);
    `on_opened` or `on_refused` runs on the GUI thread."""

    def refused(error: BaseException) -> None:
        if isinstance(error, BundleRefusedError):
            on_refused(error)
        else:
            on_refused(BundleRefusedError(path, [f"cannot be opened ({error})"]))

    return run_task(lambda: open_for_review(path, known_keys), on_opened, refused, context=context)
