"""Starting a review: the reviewer's name asked once, and `noticeboard review` refusing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox

from editor.bundle.review import anchor_for
from editor.cli import main
from editor.preferences import Preferences, load_preferences
from editor.storage import Workspace
from editor.ui.controller import EditorController
from editor.ui.review_comment_dialog import ReviewCommentDialog
from editor.ui.review_opening import reviewer_name
from tests.bundle.review_helpers import export, fill
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, make_window

pytestmark = OFFSCREEN_SIZE_HINTS


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
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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
