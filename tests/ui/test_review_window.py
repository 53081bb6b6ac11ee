"""The review window and the editor's side of reviews: the whole round trip, offscreen.

Editor -> exported bundle -> review window (approve, request changes on a passage) ->
saved review -> imported in the editor -> comments in the form and the item approved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QMessageBox, QPushButton

from editor.bundle.review import Verdict, load_review, review_path_for, save_review
from editor.bundle.review_source import BundleRefusedError
from editor.domain.items import Announcement, Status, parse_item
from editor.export.bundle import build_bundle
from editor.export.writer import write_bundle
from editor.preferences import Preferences
from editor.storage import Workspace
from editor.storage.comments import CommentStore
from editor.ui.controller import EditorController
from editor.ui.preview import PreviewView
from editor.ui.review_window import ReviewWindow, made_at, refusal_box
from tests.bundle.review_helpers import BODY, edit_body, export, fill, opened, review_of
from tests.export.fixtures import AS_OF, golden_items, read_media
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, make_window

pytestmark = OFFSCREEN_SIZE_HINTS


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "ws")
    yield ws
    ws.close()


def _button(widget: Any, name: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.accessibleName() == name]
    assert len(found) == 1, [b.accessibleName() for b in widget.findChildren(QPushButton)]
    return found[0]


def _review_window(qtbot: Any, bundle: Path, tmp_path: Path) -> ReviewWindow:
    window = ReviewWindow(
        opened(bundle, tmp_path), "Amina Diallo", preview=PreviewView(engine="text")
    )
    qtbot.addWidget(window)
    window.ask_save_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    window.show()
    qtbot.waitExposed(window)
    # For its shortcuts: no window manager activates a window offscreen.
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _select_in_body(window: ReviewWindow, text: str) -> None:
    cursor = window.body_view.textCursor()
    start = BODY.index(text)
    cursor.setPosition(start)
    cursor.setPosition(start + len(text), QTextCursor.MoveMode.KeepAnchor)
    window.body_view.setTextCursor(cursor)


def _review_in_window(qtbot: Any, workspace: Workspace, tmp_path: Path) -> tuple[Path, Any, Any]:
    first, second = fill(workspace)
    bundle = export(workspace, tmp_path / "news.zip")
    window = _review_window(qtbot, bundle, tmp_path)
    assert window.model.rowCount() == 2
    assert window.form.title_edit.isReadOnly() and window.body_view.isReadOnly()

    window.select_item(str(first.id))
    assert window.form.title_edit.text() == "New co-chairs"
    qtbot.mouseClick(_button(window, "Approve"), Qt.MouseButton.LeftButton)
    row = window.model.row_of(str(first.id))
    assert row is not None and window.model.index(row, 2).data() == "Approved"

    window.select_item(str(second.id))
    assert window.body_view.toPlainText() == BODY
    _select_in_body(window, "Geneva")
    asked: list[object] = []
    window.ask_comment = lambda title, anchor: asked.append(anchor) or "Which venue in Geneva?"  # type: ignore[method-assign]
    qtbot.mouseClick(_button(window, "Request changes"), Qt.MouseButton.LeftButton)
    assert window.panel.comment_texts() == ["“Geneva” (line 3)\nWhich venue in Geneva?"]
    assert window.windowTitle().startswith("*Review: news.zip · 1 approved, 1 with changes")

    window.save_action.trigger()
    assert not window.draft.dirty and not window.windowTitle().startswith("*")
    window.close()
    return review_path_for(bundle), first, second


def test_round_trip_from_editor_to_reviewer_and_back(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    path, first, second = _review_in_window(qtbot, workspace, tmp_path)
    assert path == tmp_path / "news.review.json"
    review = load_review(path)
    assert review.reviewer == "Amina Diallo"
    assert review.item(first.id).verdict is Verdict.APPROVED  # type: ignore[union-attr]
    changes = review.item(second.id)
    assert changes is not None and changes.verdict is Verdict.CHANGES_REQUESTED
    anchor = changes.comments[0].anchor
    assert anchor is not None and anchor.quote == "Geneva" and anchor.line == 3

    controller = EditorController(workspace, Preferences(author="Editor"))
    editor = make_window(qtbot, controller, tmp_path / "state.json")
    result = editor.acts.reviews.import_review(path)
    assert result is not None and [i.id for i in result.approved] == [first.id]
    assert workspace.get(first.id).status is Status.APPROVED
    assert workspace.history(first.id)[-1].saved_by == "Editor"

    editor.select_row_by_title("Forum meeting")
    assert editor.controller.current_id == second.id
    panel = editor.form.comments_panel
    assert panel.isVisible()
    [comment_card, verdict_card] = panel.cards
    drawn = [f for f in panel.findChildren(QFrame) if f.accessibleName().startswith("Comment by")]
    assert len(drawn) == 2  # none left over from the item shown before
    assert verdict_card.text.text() == "Verdict: changes requested (revision 1)"
    assert verdict_card.button is None  # a bare verdict: nothing to resolve
    labels = {label.accessibleName(): label.text() for label in comment_card.findChildren(QLabel)}
    # The verdict has its card: the comment's own card does not repeat it.
    assert "Amina Diallo" in labels["Reviewer"] and "Changes requested" not in labels["Reviewer"]
    assert "Geneva" in labels["Passage"] and labels["Comment text"] == "Which venue in Geneva?"
    assert "Outdated" not in labels
    assert panel.summary.text() == "1 open comment"

    qtbot.mouseClick(_button(comment_card, "Resolve"), Qt.MouseButton.LeftButton)
    [stored, _verdict] = CommentStore(workspace).for_item(second.id)
    assert stored.resolved and stored.resolved_by == "Editor"
    assert panel.summary.text() == "0 open comments"
    assert _button(panel.cards[0], "Reopen")

    # A second import adds nothing.
    again = editor.acts.reviews.import_review(path)
    assert again is not None and again.comments == [] and again.approved == []
    editor.acts.reviews.last_message.close()  # type: ignore[union-attr]


def test_a_review_of_a_revision_changed_since_is_marked_outdated(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    path, first, second = _review_in_window(qtbot, workspace, tmp_path)
    edit_body(workspace, str(first.id), "Rewritten after the export.")
    edit_body(workspace, str(second.id), BODY.replace("Geneva", "Lausanne"))

    controller = EditorController(workspace, Preferences(author="Editor"))
    editor = make_window(qtbot, controller, tmp_path / "state.json")
    editor.acts.reviews.import_review(path)
    message = editor.acts.reviews.last_message
    assert message is not None
    assert "“Forum meeting”: the comments were made on revision 1" in message.text()
    assert workspace.get(first.id).status is Status.IN_REVIEW  # changed since: not approved

    editor.select_row_by_title("Forum meeting")
    assert editor.controller.current_id == second.id
    card = editor.form.comments_panel.cards[0]
    labels = {label.accessibleName(): label.text() for label in card.findChildren(QLabel)}
    assert labels["Outdated"] == "outdated: made on revision 1"
    assert "1 made on an earlier revision" in editor.form.comments_panel.summary.text()
    message.close()


def test_a_tampered_bundle_is_refused_with_a_dialog_and_no_window(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    fill(workspace)
    bundle = export(workspace, tmp_path / "news")
    items = bundle / "data" / "items.json"
    items.write_bytes(items.read_bytes().replace(b"Geneva", b"Genevb"))

    with pytest.raises(BundleRefusedError) as caught:
        opened(bundle, tmp_path)
    assert "data/items.json: altered" in caught.value.problems[0]

    controller = EditorController(workspace, Preferences(author="Editor"))
    editor = make_window(qtbot, controller, tmp_path / "state.json")
    editor.acts.reviews.open_bundle(bundle)
    qtbot.waitUntil(lambda: editor.acts.reviews.last_refusal is not None)
    box = editor.acts.reviews.last_refusal
    assert box is not None
    assert box.windowTitle() == "This bundle cannot be reviewed"
    assert "Nothing of it is shown" in box.text()
    assert "data/items.json: altered" in box.detailedText()
    assert editor.acts.reviews.review_windows == []
    box.close()


def test_an_intact_bundle_opens_from_the_editor_menu(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    fill(workspace)
    bundle = export(workspace, tmp_path / "news.zip")
    controller = EditorController(workspace, Preferences(author="Editor"))
    editor = make_window(qtbot, controller, tmp_path / "state.json")
    editor.acts.reviews.make_preview = lambda: PreviewView(engine="text")
    editor.acts.reviews.open_bundle(bundle)
    qtbot.waitUntil(lambda: bool(editor.acts.reviews.review_windows))
    [window] = editor.acts.reviews.review_windows
    assert window.draft.reviewer == "Editor"
    banner = window.banner.text()
    assert banner.startswith("Signed by Editor (SHA256:") and "first bundle from Editor" in banner
    assert "No file was changed since it was signed" in banner
    window.close()


def test_a_saved_review_is_carried_on_and_unsaved_changes_are_asked_about(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    path, first, _second = _review_in_window(qtbot, workspace, tmp_path)
    window = _review_window(qtbot, tmp_path / "news.zip", tmp_path)
    assert window.draft.entry(first.id).verdict is Verdict.APPROVED  # the saved review, again
    window.select_item(str(first.id))
    qtbot.mouseClick(_button(window, "Clear verdict"), Qt.MouseButton.LeftButton)
    asked: list[bool] = []

    def cancel() -> QMessageBox.StandardButton:
        asked.append(True)
        return QMessageBox.StandardButton.Cancel

    window.ask_save_changes = cancel  # type: ignore[method-assign]
    assert not window.close() and window.isVisible() and asked == [True]
    window.ask_save_changes = lambda: QMessageBox.StandardButton.Save  # type: ignore[method-assign]
    assert window.close()
    assert load_review(path).item(first.id) is None  # no verdict, no comment: not in the file


def test_refusal_box_lists_every_problem(qtbot: Any, tmp_path: Path) -> None:
    error = BundleRefusedError(tmp_path / "b.zip", [f"file{n}: altered" for n in range(7)])
    assert str(error).endswith("and 2 more")
    box = refusal_box(None, error)
    qtbot.addWidget(box)
    assert box.detailedText().count("altered") == 7
    assert "Ask the editor to send the bundle again" in box.text()

    ours = BundleRefusedError(tmp_path / "b.zip", ["the known-keys file is not JSON"], local=True)
    box = refusal_box(None, ours)
    qtbot.addWidget(box)
    assert box.text() == "b.zip cannot be opened for review:\n\nthe known-keys file is not JSON."


def test_keyboard_and_the_passage_of_a_comment(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    first, second = fill(workspace)
    window = _review_window(qtbot, export(workspace, tmp_path / "news.zip"), tmp_path)
    window.select_item(str(first.id))
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.draft.entry(first.id).verdict is Verdict.APPROVED

    window.select_item(str(second.id))
    _select_in_body(window, "Geneva")
    window.ask_comment = lambda title, anchor: "A map would help"  # type: ignore[method-assign]
    window.comment_action.trigger()
    window.body_view.moveCursor(QTextCursor.MoveOperation.Start)
    assert not window.body_view.textCursor().hasSelection()
    window.panel.comments.setCurrentRow(0)
    assert window.body_view.textCursor().selectedText() == "Geneva"
    assert window.draft.entry(second.id).verdict is Verdict.NONE  # a comment alone is no verdict

    qtbot.keyClick(window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = load_review(tmp_path / "news.review.json")
    assert [c.text for c in saved.item(second.id).comments] == ["A map would help"]  # type: ignore[union-attr]


def test_every_kind_of_item_shows_read_only(qtbot: Any, tmp_path: Path) -> None:
    files = build_bundle(golden_items(), workspace_id="v", media=read_media, generated_at=AS_OF)
    bundle = write_bundle(files, tmp_path / "golden.zip", timestamp=AS_OF)
    window = _review_window(qtbot, bundle, tmp_path)
    titles = set()
    for row in range(window.model.rowCount()):
        window.table.selectRow(row)
        item = window.current_item()
        assert item is not None and window.form.title_edit.text() == item.title
        assert window.body_view.toPlainText() == item.body
        assert not window.form.status_combo.isEnabled()
        titles.add(item.title)
    assert titles == {item.title for item in golden_items()}
    assert window.media.folder is not None and any(window.media.folder.rglob("*"))

    window.add_comment("One remark")
    window.add_comment("Another")
    window.panel.comments.setCurrentRow(0)
    qtbot.mouseClick(_button(window, "Remove comment"), Qt.MouseButton.LeftButton)
    assert window.panel.comment_texts() == ["Another"]
    folder = window.media.folder
    window.close()
    assert not folder.exists()  # the temporary copy of the zip's images goes with the window


def test_a_review_that_cannot_go_beside_the_bundle_is_kept_and_saved_elsewhere(
    qtbot: Any, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _second = fill(workspace)
    bundle = export(workspace, tmp_path / "news.zip")
    window = _review_window(qtbot, bundle, tmp_path)
    window.select_item(str(first.id))
    window.approve()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    # Where the review would go is taken: a folder of that name.
    (tmp_path / "news.review.json").mkdir()
    assert not window.save()
    assert window.draft.dirty and "Save review as" in warned[0]

    elsewhere = tmp_path / "sent" / "mine.json"
    elsewhere.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(elsewhere), ""))
    window.save_as_action.trigger()
    saved = tmp_path / "sent" / "mine.review.json"
    assert load_review(saved).item(first.id) is not None and not window.draft.dirty
    window.approve()
    assert window.save() and window.review_path == saved  # later saves go there too


def test_a_translation_names_its_original(qtbot: Any, tmp_path: Path) -> None:
    original = Announcement(title="New co-chairs", language="en", revision=1)
    french = Announcement(
        title="Nouveaux coprésidents", language="fr", translation_of=original.id, revision=1
    )
    orphan = Announcement(title="Orphan", language="de", translation_of=uuid4(), revision=1)
    files = build_bundle([original, french, orphan], workspace_id="v", generated_at=AS_OF)
    window = _review_window(qtbot, write_bundle(files, tmp_path / "t", timestamp=AS_OF), tmp_path)
    window.select_item(str(french.id))
    assert window.form.translation_combo.currentText() == "New co-chairs (en)"
    window.select_item(str(orphan.id))
    assert window.form.translation_combo.currentText().startswith("An item not in this bundle")
    window.select_item(str(original.id))
    assert window.form.translation_combo.currentText() == "Not a translation"


def test_words_from_a_review_file_are_shown_as_plain_text(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    first, second = fill(workspace)
    bundle = opened(export(workspace, tmp_path / "news"), tmp_path)
    review = review_of(bundle, str(first.id), str(second.id))
    hostile = review.model_copy(update={"reviewer": '<img src="file:///x.png"><b>Mallory</b>'})
    path = tmp_path / "hostile.review.json"
    save_review(hostile, path)

    editor = make_window(qtbot, EditorController(workspace), tmp_path / "state.json")
    editor.acts.reviews.import_review(path)
    message = editor.acts.reviews.last_message
    assert message is not None and message.textFormat() == Qt.TextFormat.PlainText
    assert message.text().startswith('<img src="file:///x.png"><b>Mallory</b>\'s review')
    message.close()

    editor.select_row_by_title("Forum meeting")
    card = editor.form.comments_panel.cards[0]
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in card.head.text()
    assert card.accessibleName().startswith("Comment by <img")


def test_the_bundles_time_is_shown_for_people() -> None:
    shown = made_at("2026-11-28T04:46:41Z")
    assert "28 Nov 2026" in shown and "T04" not in shown
    assert made_at("<b>not a time</b>") == "<b>not a time</b>"  # as written, plain text
    assert made_at("2026-11-28T04:46:41") == "2026-11-28T04:46:41"  # no zone: not guessed
    assert made_at(None) == "at an unknown time"
    assert len(made_at("x" * 10_000)) == 100


def test_another_reviewers_review_beside_the_bundle_is_left_alone(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    first, second = fill(workspace)
    bundle = export(workspace, tmp_path / "news.zip")
    colleague = review_of(opened(bundle, tmp_path), str(first.id), str(second.id))
    colleague = colleague.model_copy(update={"reviewer": "Bob Martin"})
    save_review(colleague, review_path_for(bundle))
    before = review_path_for(bundle).read_bytes()

    window = _review_window(qtbot, bundle, tmp_path)  # Amina Diallo
    assert window.draft.entry(first.id).verdict is Verdict.NONE  # not Bob's verdicts
    assert window.review_path == tmp_path / "news.amina-diallo.review.json"
    assert "news.amina-diallo.review.json" in window.info.text()
    window.select_item(str(second.id))
    window.approve()
    assert window.save()
    assert review_path_for(bundle).read_bytes() == before
    assert load_review(window.review_path).reviewer == "Amina Diallo"


def test_the_list_shows_title_verdict_and_date(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    fill(workspace)
    window = _review_window(qtbot, export(workspace, tmp_path / "news.zip"), tmp_path)
    header = window.table.horizontalHeader()
    shown = sorted(
        (header.visualIndex(c), window.model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(window.model.columnCount())
        if not window.table.isColumnHidden(c)
    )
    assert [name for _, name in shown] == ["Title", "Your verdict", "Date"]


def test_an_approval_left_unapplied_is_said_in_the_summary(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    path, first, _second = _review_in_window(qtbot, workspace, tmp_path)
    item = workspace.get(first.id)
    workspace.save(parse_item(item.model_dump() | {"status": Status.PUBLISHED}), saved_by="Editor")

    editor = make_window(qtbot, EditorController(workspace), tmp_path / "state.json")
    result = editor.acts.reviews.import_review(path)
    assert result is not None and result.approved == []
    message = editor.acts.reviews.last_message
    assert message is not None
    assert "“New co-chairs”: approved by the reviewer, left as it is: already published." in (
        message.text()
    )
    message.close()
