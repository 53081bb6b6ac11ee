"""The Markdown body editor: formatting commands, find/replace, image paste, word count, API."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from editor.ui.markdown_editor import MarkdownEditor, count_words, reading_summary
from editor.ui.markdown_highlighter import MarkdownHighlighter

# The offscreen platform plugin (used by the tests) warns whenever a top-level window with a
# layout is shown, because it cannot pass size hints to a window system. Not our code's doing.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def editor(qtbot: QtBot) -> MarkdownEditor:
    widget = MarkdownEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.editor().setFocus()
    return widget


def select(editor: MarkdownEditor, start: int, end: int) -> None:
    cursor = editor.editor().textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.editor().setTextCursor(cursor)


def put_cursor(editor: MarkdownEditor, position: int) -> None:
    select(editor, position, position)


def selected(editor: MarkdownEditor) -> str:
    return editor.editor().textCursor().selectedText()


# -- API --------------------------------------------------------------------------------


def test_body_has_accessible_name(editor: MarkdownEditor) -> None:
    assert editor.editor().accessibleName() == "Body"


def test_set_text_does_not_emit_text_edited_and_resets_undo(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    with qtbot.assertNotEmitted(editor.text_edited):
        editor.set_text("# Hello\n\nWorld")
    assert editor.text() == "# Hello\n\nWorld"
    assert not editor.editor().document().isUndoAvailable()


def test_typing_emits_text_edited(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("")
    with qtbot.waitSignal(editor.text_edited) as blocker:
        qtbot.keyClicks(editor.editor(), "Hi")
    assert blocker.args == ["Hi"] or editor.text() == "Hi"
    assert editor.text() == "Hi"


def test_rehighlighting_is_not_an_edit(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("# Heading\n\n**bold** and `code`\n\n```\nfenced\n```\n")
    highlighter = editor.findChild(MarkdownHighlighter)
    assert highlighter is not None
    with qtbot.assertNotEmitted(editor.text_edited):
        highlighter.set_dark(not highlighter.dark)
        highlighter.rehighlight()


def test_undo_and_redo(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("start")
    put_cursor(editor, 5)
    qtbot.keyClicks(editor.editor(), " more")
    assert editor.text() == "start more"
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Z, Ctrl)
    assert editor.text() == "start"
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Z, Ctrl | Shift)
    assert editor.text() == "start more"


def test_read_only_disables_formatting(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("fixed")
    editor.set_read_only(True)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_B, Ctrl)
    qtbot.keyClicks(editor.editor(), "x")
    assert editor.text() == "fixed"
    assert not editor.action("Bold").isEnabled()
    editor.set_read_only(False)
    assert editor.action("Bold").isEnabled()


def test_top_line_changed_follows_scrolling(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("\n".join(f"line {n}" for n in range(400)))
    bar = editor.editor().verticalScrollBar()
    with qtbot.waitSignal(editor.top_line_changed) as blocker:
        bar.setValue(bar.maximum() // 2)
    assert blocker.args is not None
    line = blocker.args[0]
    assert line == editor.editor().firstVisibleBlock().blockNumber()
    assert 100 < line < 300


# -- toolbar and shortcuts -----------------------------------------------------------------


def test_toolbar_buttons_have_names_and_tooltips_with_shortcuts(editor: MarkdownEditor) -> None:
    expected = {
        "Bold": "Ctrl+B",
        "Italic": "Ctrl+I",
        "Heading": "Ctrl+Shift+H",
        "Link": "Ctrl+K",
        "Image": "Ctrl+Shift+I",
        "Bulleted list": "Ctrl+Shift+8",
        "Numbered list": "Ctrl+Shift+7",
        "Quote": "Ctrl+Shift+9",
        "Code": "Ctrl+Shift+C",
        "Table": "Ctrl+Shift+T",
    }
    buttons = {b.accessibleName(): b for b in editor.findChildren(QToolButton)}
    for name, shortcut in expected.items():
        assert name in buttons, name
        assert buttons[name].toolTip() == f"{name} ({shortcut})"


def test_bold_wraps_selection(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("make this strong")
    select(editor, 10, 16)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_B, Ctrl)
    assert editor.text() == "make this **strong**"
    assert selected(editor) == "strong"


def test_bold_again_unwraps(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("make this strong")
    select(editor, 10, 16)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_B, Ctrl)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_B, Ctrl)
    assert editor.text() == "make this strong"


def test_bold_without_selection_puts_cursor_between_markers(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("a ")
    put_cursor(editor, 2)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_B, Ctrl)
    qtbot.keyClicks(editor.editor(), "x")
    assert editor.text() == "a **x**"


def test_italic_shortcut(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("an aside ")
    select(editor, 3, 9)  # "aside " -- the trailing space stays outside
    qtbot.keyClick(editor.editor(), Qt.Key.Key_I, Ctrl)
    assert editor.text() == "an *aside* "
    put_cursor(editor, len(editor.text()))
    qtbot.keyClick(editor.editor(), Qt.Key.Key_I, Ctrl)
    qtbot.keyClicks(editor.editor(), "y")
    assert editor.text() == "an *aside* *y*"


def test_heading_cycles_levels(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("Programme")
    put_cursor(editor, 3)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_H, Ctrl | Shift)
    assert editor.text() == "## Programme"
    qtbot.keyClick(editor.editor(), Qt.Key.Key_H, Ctrl | Shift)
    assert editor.text() == "### Programme"
    qtbot.keyClick(editor.editor(), Qt.Key.Key_H, Ctrl | Shift)
    assert editor.text() == "Programme"


def test_link_wraps_selection_and_selects_url(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("see the report")
    select(editor, 8, 14)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_K, Ctrl)
    assert editor.text() == "see the [report](https://)"
    assert selected(editor) == "https://"
    qtbot.keyClicks(editor.editor(), "https://example.org/r")
    assert editor.text() == "see the [report](https://example.org/r)"


def test_link_from_url_selects_label(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("https://example.org")
    select(editor, 0, 19)
    editor.action("Link").trigger()
    assert editor.text() == "[link text](https://example.org)"
    assert selected(editor) == "link text"


def test_lists_and_quote(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("one\ntwo\nthree")
    select(editor, 0, len(editor.text()))
    qtbot.keyClick(editor.editor(), Qt.Key.Key_8, Ctrl | Shift)
    assert editor.text() == "- one\n- two\n- three"
    select(editor, 0, len(editor.text()))
    qtbot.keyClick(editor.editor(), Qt.Key.Key_7, Ctrl | Shift)
    assert editor.text() == "1. one\n2. two\n3. three"
    select(editor, 0, len(editor.text()))
    editor.action("Numbered list").trigger()
    assert editor.text() == "one\ntwo\nthree"
    put_cursor(editor, 5)
    editor.action("Quote").trigger()
    assert editor.text() == "one\n> two\nthree"
    editor.action("Quote").trigger()
    assert editor.text() == "one\ntwo\nthree"


def test_formatting_is_one_undo_step(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("a\nb\nc")
    select(editor, 0, 5)
    editor.action("Bulleted list").trigger()
    assert editor.text() == "- a\n- b\n- c"
    editor.editor().undo()
    assert editor.text() == "a\nb\nc"


def test_enter_continues_a_list_and_ends_it_on_an_empty_item(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("1. first")
    put_cursor(editor, len(editor.text()))
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Return)
    qtbot.keyClicks(editor.editor(), "second")
    assert editor.text() == "1. first\n2. second"
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Return)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Return)
    assert editor.text() == "1. first\n2. second\n"


def test_code_inline_and_block(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("run make test now")
    select(editor, 4, 13)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_C, Ctrl | Shift)
    assert editor.text() == "run `make test` now"
    editor.set_text("a = 1\nb = 2")
    select(editor, 0, len(editor.text()))
    editor.action("Code").trigger()
    assert editor.text() == "```\na = 1\nb = 2\n```"


def test_table_starts_a_new_paragraph(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("Results:")
    put_cursor(editor, 3)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_T, Ctrl | Shift)
    assert editor.text() == (
        "Results:\n\n| Column 1 | Column 2 |\n| -------- | -------- |\n| Cell     | Cell     |\n"
    )
    assert selected(editor) == "Column 1"


# -- find and replace ---------------------------------------------------------------------


def _find_widgets(editor: MarkdownEditor) -> tuple[QLineEdit, QLineEdit, dict[str, QPushButton]]:
    fields = {f.accessibleName(): f for f in editor.findChildren(QLineEdit)}
    buttons = {b.text(): b for b in editor.findChildren(QPushButton)}
    return fields["Find"], fields["Replace with"], buttons


def test_find_bar_opens_finds_and_closes(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("city one, City two, city three")
    put_cursor(editor, 0)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    find, replace, buttons = _find_widgets(editor)
    assert editor.find_bar().isVisible()
    assert find.hasFocus()
    assert not replace.isVisible()
    qtbot.keyClicks(find, "city")
    assert editor.editor().textCursor().selectionStart() == 0
    buttons["Find next"].click()
    assert editor.editor().textCursor().selectionStart() == 10  # case-insensitive
    qtbot.keyClick(find, Qt.Key.Key_Return)
    assert editor.editor().textCursor().selectionStart() == 20
    assert editor.find_bar().status.text() == "3 of 3"
    qtbot.keyClick(find, Qt.Key.Key_Escape)
    assert not editor.find_bar().isVisible()
    assert editor.editor().hasFocus()


def test_replace_and_replace_all(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("cat, cat, cat")
    put_cursor(editor, 0)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_H, Ctrl)
    find, replace, buttons = _find_widgets(editor)
    assert replace.isVisible() and replace.accessibleName() == "Replace with"
    qtbot.keyClicks(find, "cat")
    qtbot.keyClicks(replace, "dog")
    buttons["Replace"].click()
    assert editor.text() == "dog, cat, cat"
    buttons["Replace all"].click()
    assert editor.text() == "dog, dog, dog"
    editor.editor().undo()  # replace all is one step
    assert editor.text() == "dog, cat, cat"


def test_escape_in_body_closes_find_bar(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("text")
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    editor.editor().setFocus()
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Escape)
    assert not editor.find_bar().isVisible()


# -- Tab and Shift+Tab ------------------------------------------------------------------


def test_tab_nests_a_list_item_and_shift_tab_brings_it_back(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("- cities\n- towns")
    put_cursor(editor, len("- cities\n- to"))
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Tab)
    assert editor.text() == "- cities\n    - towns"
    assert editor.editor().textCursor().position() == len("- cities\n    - to")  # same letter
    assert editor.editor().hasFocus()
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Backtab, Shift)
    assert editor.text() == "- cities\n- towns"
    assert editor.editor().textCursor().position() == len("- cities\n- to")
    editor.editor().undo()
    assert editor.text() == "- cities\n    - towns"  # each is one undo step


def test_tab_indents_every_selected_line_but_blank_ones(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("one\n\ntwo\nthree")
    select(editor, 0, len("one\n\ntw"))
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Tab)
    assert editor.text() == "    one\n\n    two\nthree"
    assert selected(editor) == "    one\u2029\u2029    tw"
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Backtab, Shift)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Backtab, Shift)  # nothing more to take away
    assert editor.text() == "one\n\ntwo\nthree"


def test_tab_in_a_paragraph_moves_to_the_next_tab_stop(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("ab")
    put_cursor(editor, 1)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_Tab)
    assert editor.text() == "a   b"
    assert "\t" not in editor.text()


def _form_with_editor(qtbot: QtBot) -> tuple[QWidget, MarkdownEditor, QLineEdit, QLineEdit]:
    window = QWidget()
    before, after = QLineEdit(window), QLineEdit(window)
    before.setAccessibleName("Summary")
    after.setAccessibleName("Status")
    body = MarkdownEditor(window)
    layout = QVBoxLayout(window)
    for widget in (before, body, after):
        layout.addWidget(widget)
    QWidget.setTabOrder(before, body.editor())
    QWidget.setTabOrder(body.editor(), after)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window, body, before, after


def test_ctrl_tab_always_leaves_the_editor(qtbot: QtBot) -> None:
    _window, body, before, after = _form_with_editor(qtbot)
    body.set_text("- item")
    body.editor().setFocus()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Tab, Ctrl)
    assert QApplication.focusWidget() is after
    body.editor().setFocus()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Backtab, Ctrl | Shift)
    assert QApplication.focusWidget() is before
    assert body.text() == "- item"


def test_escape_then_tab_leaves_the_editor_once(qtbot: QtBot) -> None:
    _window, body, before, after = _form_with_editor(qtbot)
    body.set_text("- item")
    body.editor().setFocus()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Escape)
    assert "Tab now moves to the next field" in find_label(body, "Editor message").text()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    assert body.text() == "- item"
    body.editor().setFocus()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Escape)
    qtbot.keyClick(body.editor(), Qt.Key.Key_Shift)  # pressing Shift alone keeps the escape
    qtbot.keyClick(body.editor(), Qt.Key.Key_Backtab, Shift)
    assert QApplication.focusWidget() is before
    body.editor().setFocus()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Tab)  # no Escape this time: it indents
    assert QApplication.focusWidget() is body.editor()
    assert body.text() == "    - item"


def test_escape_then_a_letter_gives_tab_back_to_indenting(qtbot: QtBot) -> None:
    _window, body, _before, _after = _form_with_editor(qtbot)
    body.set_text("")
    body.editor().setFocus()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Escape)
    qtbot.keyClicks(body.editor(), "- x")
    qtbot.keyClick(body.editor(), Qt.Key.Key_Tab)
    assert body.text() == "    - x"


def test_tab_leaves_a_read_only_editor(qtbot: QtBot) -> None:
    _window, body, _before, after = _form_with_editor(qtbot)
    body.set_text("- item")
    body.set_read_only(True)
    body.editor().setFocus()
    qtbot.keyClick(body.editor(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    assert body.text() == "- item"


def find_label(widget: QWidget, name: str) -> QLabel:
    found = [w for w in widget.findChildren(QLabel) if w.accessibleName() == name]
    assert len(found) == 1
    return found[0]


def _highlighted(editor: MarkdownEditor) -> list[str]:
    return [s.cursor.selectedText() for s in editor.editor().extraSelections()]


def test_find_highlights_every_match_and_says_which_is_selected(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("city one, City two, city three")
    put_cursor(editor, 0)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    find, _replace, buttons = _find_widgets(editor)
    qtbot.keyClicks(find, "city")
    assert _highlighted(editor) == ["city", "City", "city"]
    status = editor.find_bar().status
    assert status.text() == "1 of 3"
    buttons["Find next"].click()
    assert status.text() == "2 of 3"
    buttons["Previous"].click()
    buttons["Previous"].click()
    assert status.text() == "3 of 3, wrapped"
    editor.find_bar().match_case.setChecked(True)
    assert _highlighted(editor) == ["city", "city"]
    assert status.text() == "2 of 2"
    qtbot.keyClick(find, Qt.Key.Key_Escape)
    assert _highlighted(editor) == []


def test_find_follows_edits_to_the_body(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_text("cat")
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    find, _replace, _buttons = _find_widgets(editor)
    qtbot.keyClicks(find, "cat")
    editor.editor().setFocus()
    put_cursor(editor, 3)
    qtbot.keyClicks(editor.editor(), " and cat and CAT")
    bar = editor.find_bar()
    qtbot.waitUntil(lambda: bar.status.text() == "3 matches")
    assert _highlighted(editor) == ["cat", "cat", "CAT"]


def test_find_counts_again_after_edits_made_while_closed(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("cat")
    put_cursor(editor, 0)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    find, _replace, _buttons = _find_widgets(editor)
    qtbot.keyClicks(find, "cat")
    qtbot.keyClick(find, Qt.Key.Key_Escape)
    put_cursor(editor, 3)
    qtbot.keyClicks(editor.editor(), " cat cat")
    put_cursor(editor, 0)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    assert editor.find_bar().status.text() == "3 matches"
    assert _highlighted(editor) == ["cat", "cat", "cat"]


def test_find_positions_count_characters_as_the_document_does(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    # An emoji is two UTF-16 units in the document and one character in Python.
    editor.set_text("\U0001f600 Stra\u00dfe, \U0001f600\U0001f600 STRASSE, stra\u00dfe")
    put_cursor(editor, 0)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    find, _replace, _buttons = _find_widgets(editor)
    qtbot.keyClicks(find, "straße")
    assert _highlighted(editor) == ["Straße", "straße"]
    assert editor.find_bar().status.text() == "1 of 2"


def test_very_many_matches_highlight_what_is_on_screen(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    editor.set_text("word " * 20 + "\n" + "a b c d e f g h\n" * 2000)
    put_cursor(editor, 0)
    qtbot.keyClick(editor.editor(), Qt.Key.Key_F, Ctrl)
    find, _replace, _buttons = _find_widgets(editor)
    qtbot.keyClicks(find, "a")
    bar = editor.find_bar()
    assert bar.count_matches() == 2000
    shown = len(editor.editor().extraSelections())
    assert 0 < shown < 200
    editor.editor().verticalScrollBar().setValue(1000)
    tops = [s.cursor.selectionStart() for s in editor.editor().extraSelections()]
    assert min(tops) > 1000


# -- images -------------------------------------------------------------------------------


@pytest.fixture
def media(tmp_path: Path) -> Path:
    return tmp_path / "workspace" / "media"


def _stub_alt(answer: str | None, asked: list[str]) -> object:
    def prompt(_parent: object, suggestion: str) -> str | None:
        asked.append(suggestion)
        return answer

    return prompt


def test_paste_image_data_copies_by_hash_and_inserts_markdown(
    editor: MarkdownEditor, media: Path
) -> None:
    editor.set_media_dir(media)
    asked: list[str] = []
    editor.alt_text_prompt = _stub_alt("Mayors at the forum", asked)  # type: ignore[assignment]
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    mime = QMimeData()
    mime.setImageData(image)
    editor.set_text("Before ")
    put_cursor(editor, 7)
    editor.editor().insertFromMimeData(mime)
    files = list(media.iterdir())
    assert len(files) == 1
    data = files[0].read_bytes()
    assert files[0].name == hashlib.sha256(data).hexdigest()[:16] + ".png"
    assert editor.text() == f"Before ![Mayors at the forum](media/{files[0].name})"
    assert asked == [""]


def test_paste_image_file_url_keeps_bytes_and_extension(
    editor: MarkdownEditor, media: Path, tmp_path: Path
) -> None:
    source = tmp_path / "forum-opening.JPG"
    source.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg but bytes are bytes")
    editor.set_media_dir(media)
    asked: list[str] = []
    editor.alt_text_prompt = _stub_alt("Opening [day]", asked)  # type: ignore[assignment]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    assert editor.editor().canInsertFromMimeData(mime)
    editor.editor().insertFromMimeData(mime)
    name = hashlib.sha256(source.read_bytes()).hexdigest()[:16] + ".jpg"
    assert (media / name).read_bytes() == source.read_bytes()
    assert editor.text() == f"![Opening \\[day\\]](media/{name})"
    assert asked == ["forum opening"]


def test_drop_image_file(editor: MarkdownEditor, media: Path, tmp_path: Path, qtbot: QtBot) -> None:
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    source = tmp_path / "map.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.save(str(source))
    editor.set_media_dir(media)
    editor.alt_text_prompt = _stub_alt("Map", [])  # type: ignore[assignment]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    editor.set_text("")
    viewport = editor.editor().viewport()
    # Drag events take a QPoint in PySide6 6.11, drop events a QPointF.
    at = QPoint(10, 10)
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        viewport, QDragMoveEvent(at, Qt.DropAction.CopyAction, mime, buttons, keys)
    )
    drop = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(viewport, drop)
    assert editor.text().startswith("![Map](media/") and editor.text().endswith(".png)")


def test_cancelled_alt_prompt_inserts_and_copies_nothing(
    editor: MarkdownEditor, media: Path
) -> None:
    editor.set_media_dir(media)
    editor.alt_text_prompt = _stub_alt(None, [])  # type: ignore[assignment]
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    mime = QMimeData()
    mime.setImageData(image)
    editor.set_text("x")
    editor.editor().insertFromMimeData(mime)
    assert editor.text() == "x"
    assert not media.exists() or not any(media.iterdir())


def test_same_image_twice_is_stored_once(editor: MarkdownEditor, media: Path) -> None:
    editor.set_media_dir(media)
    editor.alt_text_prompt = _stub_alt("A", [])  # type: ignore[assignment]
    image = QImage(3, 3, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    for _ in range(2):
        mime = QMimeData()
        mime.setImageData(image)
        editor.editor().insertFromMimeData(mime)
    assert len(list(media.iterdir())) == 1


def test_image_paste_without_workspace_says_so(editor: MarkdownEditor) -> None:
    editor.alt_text_prompt = _stub_alt("never asked", [])  # type: ignore[assignment]
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    mime = QMimeData()
    mime.setImageData(image)
    editor.editor().insertFromMimeData(mime)
    messages = [label.text() for label in editor.findChildren(QLabel)]
    assert any("Open a workspace" in text for text in messages)


def test_image_button_asks_for_a_file(editor: MarkdownEditor, media: Path, tmp_path: Path) -> None:
    source = tmp_path / "chart.png"
    source.write_bytes(b"\x89PNG fake")
    editor.set_media_dir(media)
    editor.image_file_prompt = lambda _parent: source  # type: ignore[assignment]
    editor.alt_text_prompt = _stub_alt("Chart of arrivals", [])  # type: ignore[assignment]
    editor.action("Image").trigger()
    assert editor.text().startswith("![Chart of arrivals](media/")


# -- word count ---------------------------------------------------------------------------


def test_count_words_ignores_markup_and_urls() -> None:
    assert count_words("") == 0
    assert count_words("# Title\n\n- **one** two\n- [three](https://example.org/a-b-c)") == 4
    assert count_words("São Paulo, Genève — l'Équateur") == 4


def test_reading_summary() -> None:
    assert reading_summary(0) == "No words yet"
    assert reading_summary(1) == "1 word · about 1 min read"
    assert reading_summary(1_234) == "1,234 words · about 7 min read"


def test_word_count_label_is_debounced(editor: MarkdownEditor, qtbot: QtBot) -> None:
    label = editor.word_count_label()
    assert label.accessibleName() == "Word count"
    editor.set_text("one two three")
    assert label.text() == "3 words · about 1 min read"
    put_cursor(editor, len(editor.text()))
    qtbot.keyClicks(editor.editor(), " four")
    assert label.text() == "3 words · about 1 min read"  # not on every keystroke
    qtbot.waitUntil(lambda: label.text() == "4 words · about 1 min read")


# -- highlighting -------------------------------------------------------------------------


def _formats(editor: MarkdownEditor, line: int) -> list[tuple[int, int, QColor]]:
    block = editor.editor().document().findBlockByNumber(line)
    return [(r.start, r.length, r.format.foreground().color()) for r in block.layout().formats()]


def test_fenced_code_state_spans_blocks(editor: MarkdownEditor) -> None:
    editor.set_text("```\n**not bold**\n```\n**bold**")
    doc = editor.editor().document()
    states = [doc.findBlockByNumber(n).userState() for n in range(4)]
    assert states[0] == states[1] and states[0] > 0
    assert states[2] == -1 and states[3] == -1


def test_highlighter_switches_with_dark_palette(editor: MarkdownEditor) -> None:
    editor.set_text("# Heading")
    light = _formats(editor, 0)
    palette = editor.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    editor.setPalette(palette)
    dark = _formats(editor, 0)
    assert light and dark
    assert light[0][2] != dark[0][2]
    # The heading colour is readable on the dark base.
    assert dark[0][2].lightness() > 128


def test_word_count_of_a_long_body_is_counted_in_slices(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    body = "\n\n".join("word " * 60 for _ in range(700))  # 42,000 words
    editor.set_text(body)
    label = editor.word_count_label()
    assert label.text().startswith("42,000 words")
    put_cursor(editor, len(editor.text()))
    qtbot.keyClicks(editor.editor(), " more")
    qtbot.waitUntil(lambda: label.text().startswith("42,001 words"), timeout=5000)
    assert label.text() == "42,001 words · about 211 min read"
