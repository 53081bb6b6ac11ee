"""Starting a review: the reviewer's name asked once, and `noticeboard review` refusing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
)

import editor.app
from editor.bundle.review import anchor_for
from editor.cli import main
from editor.preferences import Preferences, load_preferences, save_preferences
from editor.storage import Workspace
from editor.ui import review_opening
from editor.ui.controller import EditorController
from editor.ui.review_comment_dialog import ReviewCommentDialog
from editor.ui.review_opening import reviewer_name
from editor.ui.review_window import ReviewWindow
from tests.bundle.review_helpers import export, fill
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, make_window

pytestmark = OFFSCREEN_SIZE_HINTS


class LoopApp:
    """The tests' QApplication, with exec() and exit() on an event loop of its own.

    QApplication.exit() emits aboutToQuit, on which Qt WebEngine shuts itself down for the
    rest of the process: the next test that quits crashed in a dangling slot. The review
    command's session runs the same way on this stand-in, minus the shutdown.
    """

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._loops: list[QEventLoop] = []

    def exec(self) -> int:
        loop = QEventLoop()
        self._loops.append(loop)
        try:
            return loop.exec()
        finally:
            self._loops.pop()

    def exit(self, code: int = 0) -> None:
        if self._loops:
            self._loops[-1].exit(code)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)


@pytest.fixture
def session_app(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> LoopApp:
    """The application `noticeboard review` runs on in these tests."""
    app = LoopApp(qapp)
    monkeypatch.setattr(editor.app, "_application", lambda: app)
    return app


def test_the_reviewers_name_is_asked_once_and_kept(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def get_text(*args: object) -> tuple[str, bool]:
        asked.append(str(args[1]))
        return "  Amina   Diallo ", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    assert reviewer_name(None, Preferences()) == "Amina Diallo"
    assert load_preferences().author == "Amina Diallo"
    assert reviewer_name(None) == "Amina Diallo"
    assert asked == ["Your name"]

    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("", False))
    assert reviewer_name(None, Preferences()) is None


def test_review_command_refuses_a_tampered_bundle_with_a_dialog(
    qapp: Any, session_app: LoopApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.open(tmp_path / "ws") as workspace:
        fill(workspace)
        bundle = export(workspace, tmp_path / "news")
    (bundle / "index.html").write_text("<script>steal()</script>")
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(f"{box.windowTitle()}\n{box.detailedText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert main(["review", str(bundle)]) == 1
    [text] = shown
    assert text.startswith("This bundle cannot be reviewed") and "index.html: altered" in text


def test_review_command_checks_the_bundle_off_the_gui_thread_then_opens_the_window(
    qapp: Any, session_app: LoopApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.open(tmp_path / "ws") as workspace:
        fill(workspace)
        bundle = export(workspace, tmp_path / "news.zip")
    save_preferences(Preferences(author="Amina Diallo"))
    on_gui_thread: list[bool] = []
    check = review_opening.open_for_review

    def checking(path: Path, known_keys: Any = None) -> Any:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return check(path, known_keys)

    shown: list[ReviewWindow] = []

    def show(window: ReviewWindow) -> None:
        shown.append(window)
        QTimer.singleShot(0, lambda: session_app.exit(0))

    monkeypatch.setattr(review_opening, "open_for_review", checking)
    monkeypatch.setattr(ReviewWindow, "show", show)
    assert main(["review", str(bundle)]) == 0
    assert on_gui_thread == [False]
    [window] = shown
    assert window.model.rowCount() == 2 and window.draft.reviewer == "Amina Diallo"
    assert window.media.temp is None  # cleaned up when the session ended
    assert qapp.quitOnLastWindowClosed()
    window.deleteLater()


def test_cancelling_the_check_ends_the_review_command(
    qapp: Any, session_app: LoopApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.open(tmp_path / "ws") as workspace:
        fill(workspace)
        bundle = export(workspace, tmp_path / "news")
    release = threading.Event()
    check = review_opening.open_for_review

    def slow(path: Path, known_keys: Any = None) -> Any:
        release.wait(10)
        return check(path, known_keys)

    made = review_opening.checking_dialog
    visible: list[bool] = []

    def cancel(dialog: Any) -> None:
        visible.append(dialog.isVisible())
        dialog.canceled.emit()

    def cancelled_after_a_second(path: Path) -> Any:
        dialog = made(path)
        QTimer.singleShot(1000, lambda: cancel(dialog))
        return dialog

    monkeypatch.setattr(review_opening, "open_for_review", slow)
    monkeypatch.setattr(review_opening, "checking_dialog", cancelled_after_a_second)
    try:
        assert main(["review", str(bundle)]) == 1
    finally:
        release.set()
    assert visible == [True]  # shown well before Qt's default 4 s


def test_the_editor_asks_the_reviewers_name_once_a_session(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def get_text(*_args: object) -> tuple[str, bool]:
        asked.append(True)
        return "Amina", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    with Workspace.open(tmp_path / "ws") as workspace:
        fill(workspace)
        bundle = export(workspace, tmp_path / "news")
        (bundle / "extra.txt").write_text("not in the manifest")
        editor = make_window(qtbot, EditorController(workspace), tmp_path / "state.json")
        reviews = editor.acts.reviews
        for _ in range(2):
            reviews.last_refusal = None
            reviews.open_bundle(bundle)
            qtbot.waitUntil(lambda: reviews.last_refusal is not None)
            assert "extra.txt: not in the manifest" in reviews.last_refusal.detailedText()
            reviews.last_refusal.close()
        assert asked == [True] and editor.controller.preferences.author == "Amina"
        editor.close()


def test_the_comment_dialog_shows_the_passage_and_needs_some_text(qtbot: Any) -> None:
    anchor = anchor_for("The next meeting is in Geneva.", 23, 29)
    dialog = ReviewCommentDialog("Request changes", anchor)
    qtbot.addWidget(dialog)
    assert dialog.passage.text() == "About this passage (line 1):\n“Geneva”"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.text_edit, "   ")
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.text_edit, "Which venue? ")
    assert ok.isEnabled() and dialog.text() == "Which venue?"
    whole = ReviewCommentDialog("Add a comment", None)
    qtbot.addWidget(whole)
    assert whole.passage.text().startswith("About the whole item.")


@pytest.mark.parametrize("chosen", ["news.zip", "news/manifest.json"])
def test_open_bundle_for_review_takes_a_zip_or_an_unpacked_bundles_manifest(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chosen: str
) -> None:
    with Workspace.open(tmp_path / "ws") as workspace:
        editor = make_window(qtbot, EditorController(workspace), tmp_path / "state.json")
        reviews = editor.acts.reviews
        opened: list[Path] = []
        monkeypatch.setattr(reviews, "open_bundle", opened.append)
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *_args: (str(tmp_path / chosen), "")
        )
        editor.acts.open_review_action.trigger()
        assert opened == [tmp_path / chosen.removesuffix("/manifest.json")]


def test_trouble_on_this_computer_is_not_blamed_on_the_bundle(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(_bundle: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(review_opening, "review_media", no_room)
    with Workspace.open(tmp_path / "ws") as workspace:
        fill(workspace)
        bundle = export(workspace, tmp_path / "news.zip")
        controller = EditorController(workspace, Preferences(author="Amina"))
        editor = make_window(qtbot, controller, tmp_path / "state.json")
        reviews = editor.acts.reviews
        reviews.open_bundle(bundle)
        qtbot.waitUntil(lambda: reviews.last_refusal is not None)
        box = reviews.last_refusal
        assert box is not None
        assert box.text() == (
            "news.zip cannot be opened for review:\n\nOSError: [Errno 28] No space left on device."
        )
        box.close()
        editor.close()
