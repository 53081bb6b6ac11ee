"""The Markdown body editor: highlighting, formatting toolbar, image paste, find, word count."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QMimeData,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QFocusEvent, QFont, QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.storage.media import IMAGE_EXTENSIONS, add_media
from editor.ui import markdown_actions as md
from editor.ui.find_replace_bar import FindReplaceBar
from editor.ui.markdown_highlighter import MarkdownHighlighter, is_dark
from editor.ui.pyside_fixes import make_none_immortal

WORDS_PER_MINUTE = 200
WORD_COUNT_DELAY_MS = 300
WORD_COUNT_SLICE = 20_000  # characters counted per event-loop turn (~1 ms)
# Raw image bytes we can keep as they are (no re-encoding), with the extension they get.
_IMAGE_MIME_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
MEDIA_FOLDER = "media"
_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
    }
)

# Words: runs of non-space characters holding at least one letter or digit, once link
# targets are removed (a URL is not something a reader reads).
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_WORD = re.compile(r"[^\s]*[^\W_][^\s]*")

AltTextPrompt = Callable[[QWidget, str], "str | None"]
ImageFilePrompt = Callable[[QWidget], "Path | None"]


def count_words(text: str) -> int:
    """Words a reader reads: markup and link targets do not count."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", text)))


def reading_summary(words: int) -> str:
    """'1,234 words · about 7 min read' (about 200 words a minute)."""
    if words == 0:
        return "No words yet"
    noun = "word" if words == 1 else "words"
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return f"{words:,} {noun} · about {minutes} min read"


def ask_alt_text(parent: QWidget, suggestion: str) -> str | None:
    """Ask for the image's description; None if the user cancels."""
    text, ok = QInputDialog.getText(
        parent,
        "Describe the image",
        "Alt text, read aloud to people who cannot see the image:",
        QLineEdit.EchoMode.Normal,
        suggestion,
    )
    return text if ok else None


def ask_image_file(parent: QWidget, title: str = "Insert image") -> Path | None:
    """Ask for an image file, starting in the user's pictures folder; None if cancelled."""
    patterns = " ".join(f"*{ext}" for ext in IMAGE_EXTENSIONS)
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    name, _ = QFileDialog.getOpenFileName(parent, title, start, f"Images ({patterns})")
    return Path(name) if name else None


class _BodyEdit(QPlainTextEdit):
    """The text area: hands image pastes and drops to the MarkdownEditor."""

    def __init__(self, owner: MarkdownEditor) -> None:
        super().__init__(owner)
        self._owner = owner
        self.shortcut_keys: set[int] = set()
        # Escape, then Tab: the Tab moves focus on instead of indenting (once).
        self.tab_leaves = False

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if not self.isReadOnly() and _has_image(source):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if not self.isReadOnly() and _has_image(source) and self._owner._paste_image(source):
            return
        super().insertFromMimeData(source)

    def event(self, event: QEvent) -> bool:
        # QPlainTextEdit claims some keys for itself through ShortcutOverride (Ctrl+K deletes
        # to the end of the line on some desktops). Our formatting shortcuts win in the body.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = event.keyCombination().toCombined()
            if combo in self.shortcut_keys:
                event.ignore()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._tab_key(event):
            return
        if event.key() not in _MODIFIER_KEYS:  # Escape, Shift, Tab is still Escape-then-Tab
            self.tab_leaves = False
        if event.key() == Qt.Key.Key_Escape and not self._owner.find_bar().isVisible():
            self.tab_leaves = True
            self._owner.show_message("Tab now moves to the next field (Ctrl+Tab always does)")
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and not self.isReadOnly()
            and md.continue_list(self)
        ):
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)

    def _tab_key(self, event: QKeyEvent) -> bool:
        """Tab and Shift+Tab indent and outdent; with Ctrl, or after Escape, they leave."""
        key = event.key()
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        backward = key == Qt.Key.Key_Backtab or bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        leave = self.tab_leaves or bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if modifiers & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
            return False
        self.tab_leaves = False
        if leave or self.isReadOnly():
            # QPlainTextEdit keeps Tab for itself while editable: go round it to the chain.
            QWidget.focusNextPrevChild(self, not backward)
        elif backward:
            md.outdent(self)
            self.ensureCursorVisible()
        else:
            md.indent(self)
            self.ensureCursorVisible()
        return True

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.tab_leaves = False
        super().focusOutEvent(event)


def _has_image(source: QMimeData) -> bool:
    if source.hasUrls() and any(
        url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMAGE_EXTENSIONS
        for url in source.urls()
    ):
        return True
    return source.hasImage() or any(source.hasFormat(m) for m in _IMAGE_MIME_TYPES)


class MarkdownEditor(QWidget):
    """A Markdown editor for an item's body, with a formatting toolbar and a find bar.

    `text_edited` fires for the user's edits only (typing, paste, undo, formatting), never
    for `set_text`. `top_line_changed` gives the first visible source line (0-based) while
    scrolling, for the preview to follow.
    """

    text_edited = Signal(str)
    top_line_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        make_none_immortal()  # typing makes many void Qt calls: see pyside_fixes
        super().__init__(parent)
        self._media_dir: Path | None = None
        self._loading = False
        self._top_line = -1
        self.alt_text_prompt: AltTextPrompt = ask_alt_text
        self.image_file_prompt: ImageFilePrompt = ask_image_file

        self._edit = _BodyEdit(self)
        self._edit.setAccessibleName("Body")
        self._edit.setAccessibleDescription("Markdown text of the item's body")
        self._edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # A reading size and some air around the text: people write long bodies here.
        font = QFont(self._edit.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self._edit.setFont(font)
        self._edit.document().setDocumentMargin(12)
        self._edit.setTabStopDistance(4 * self._edit.fontMetrics().horizontalAdvance(" "))
        self._edit.setPlaceholderText("Write the body in Markdown…")
        self._highlighter = MarkdownHighlighter(self._edit.document(), dark=is_dark(self.palette()))

        self._toolbar = QToolBar("Formatting", self)
        self._toolbar.setAccessibleName("Formatting")
        self._toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._toolbar.setMovable(False)
        self._find_bar = FindReplaceBar(self._edit, self)
        self._find_bar.hide()

        self._format_actions: list[QAction] = []
        self._build_actions()

        self._word_count = QLabel(self)
        self._word_count.setAccessibleName("Word count")
        self._word_count.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._notice = QLabel(self)
        self._notice.setAccessibleName("Editor message")
        self._notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(6000)
        self._notice_timer.timeout.connect(self._notice.clear)

        status = QHBoxLayout()
        status.setContentsMargins(6, 0, 6, 2)
        status.addWidget(self._notice, 1)
        status.addWidget(self._word_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar)
        layout.addWidget(self._find_bar)
        layout.addWidget(self._edit, 1)
        layout.addLayout(status)
        self.setFocusProxy(self._edit)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(WORD_COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._on_count_timer_timeout)
        # Counting 40,000 words takes ~20 ms: done in slices between events, so that a
        # keystroke arriving meanwhile never waits for more than one slice.
        self._count_slices = QTimer(self)
        self._count_slices.setInterval(0)
        self._count_slices.timeout.connect(self._on_count_slices_timeout)
        self._count_text = ""
        self._count_at = 0
        self._count_total = 0

        self._edited = False
        # contentsChange only fires for real edits; textChanged also fires when the
        # highlighter re-colours, which must not count as the user's edit.
        self._edit.document().contentsChange.connect(self._on_document_contents_change)
        self._edit.textChanged.connect(self._on_edit_text_changed)
        self._edit.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._edit.updateRequest.connect(self._on_edit_update_request)
        self._update_word_count()

    # -- public API ------------------------------------------------------------------

    def editor(self) -> QPlainTextEdit:
        """The text area itself (accessible name "Body")."""
        return self._edit

    def text(self) -> str:
        return self._edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the content (a newly opened item): no text_edited, fresh undo history."""
        if text == self._edit.toPlainText():
            self._edit.document().clearUndoRedoStacks()
            return
        self._loading = True
        try:
            self._edit.setPlainText(text)
        finally:
            self._loading = False
        self._edit.document().clearUndoRedoStacks()
        self._count_timer.stop()
        self._count_slices.stop()
        self._update_word_count()
        self._emit_top_line()

    def set_media_dir(self, path: Path | None) -> None:
        """The workspace media folder that pasted and dropped images are copied into."""
        self._media_dir = path

    def media_dir(self) -> Path | None:
        return self._media_dir

    def set_read_only(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)
        for action in self._format_actions:
            action.setEnabled(not read_only)
        self._find_bar.set_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._edit.isReadOnly()

    def word_count_label(self) -> QLabel:
        return self._word_count

    def find_bar(self) -> FindReplaceBar:
        return self._find_bar

    def action(self, name: str) -> QAction:
        """A toolbar action by its accessible name, e.g. action("Bold")."""
        for candidate in [*self._format_actions, self._find_action, self._replace_action]:
            if candidate.data() == name:
                return candidate
        raise KeyError(name)

    # -- images ----------------------------------------------------------------------

    def insert_image_file(self, path: Path) -> bool:
        """Copy an image file into the media folder and insert its Markdown (asks alt text)."""
        suffix = path.suffix.lower()
        if suffix not in IMAGE_EXTENSIONS:
            self.show_message(f"{path.name} is not an image this editor can insert")
            return False
        try:
            data = path.read_bytes()
        except OSError as error:
            self.show_message(f"Could not read {path.name}: {error.strerror or error}")
            return False
        return self._insert_image_bytes(data, suffix, _alt_suggestion(path.stem))

    def _paste_image(self, source: QMimeData) -> bool:
        if self._media_dir is None:
            self.show_message("Open a workspace to paste or drop images into the body")
            return False
        if source.hasUrls():
            files = [
                Path(url.toLocalFile())
                for url in source.urls()
                if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMAGE_EXTENSIONS
            ]
            if files:
                inserted = False
                for file in files:
                    inserted = self.insert_image_file(file) or inserted
                return inserted
        for mime, suffix in _IMAGE_MIME_TYPES.items():
            if source.hasFormat(mime):
                raw = bytes(source.data(mime).data())
                if raw:
                    return self._insert_image_bytes(raw, suffix, "")
        if source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                return self._insert_image_bytes(_png_bytes(image), ".png", "")
        return False

    def _insert_image_bytes(self, data: bytes, suffix: str, suggestion: str) -> bool:
        media = self._media_dir
        if media is None:
            self.show_message("Open a workspace to add images to the body")
            return False
        alt = self.alt_text_prompt(self, suggestion)
        if alt is None:
            return False
        try:
            name = add_media(media, data, suffix)
        except OSError as error:
            self.show_message(f"Could not copy the image into the media folder: {error}")
            return False
        cursor = self._edit.textCursor()
        cursor.insertText(md.image_markdown(alt.strip(), f"{MEDIA_FOLDER}/{name}"))
        self._edit.setTextCursor(cursor)
        if not alt.strip():
            self.show_message("Image inserted without a description: add alt text between [ ]")
        return True

    def show_message(self, text: str) -> None:
        """A short message under the editor that goes away by itself."""
        self._notice.setText(text)
        self._notice.setToolTip(text)
        self._notice_timer.start()

    # -- toolbar ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        def add(
            name: str,
            label: str,
            shortcut: str | QKeySequence.StandardKey,
            handler: Callable[[], object],
            *,
            font: QFont | None = None,
            toolbar: bool = True,
        ) -> QAction:
            action = QAction(label, self)
            key = QKeySequence(shortcut)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setData(name)
            shown = key.toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{name} ({shown})")
            action.setStatusTip(f"{name} ({shown})")
            if font is not None:
                action.setFont(font)
            action.triggered.connect(handler)
            self.addAction(action)
            if toolbar:
                self._toolbar.addAction(action)
                button = self._toolbar.widgetForAction(action)
                if isinstance(button, QToolButton):
                    button.setAccessibleName(name)
                    button.setAccessibleDescription(action.toolTip())
                self._format_actions.append(action)
            if not key.isEmpty():
                self._edit.shortcut_keys.add(key[0].toCombined())  # type: ignore[index]
            return action

        bold = QFont(self.font())
        bold.setBold(True)
        italic = QFont(self.font())
        italic.setItalic(True)
        add("Bold", "B", "Ctrl+B", lambda: md.toggle_inline(self._edit, "**"), font=bold)
        add("Italic", "I", "Ctrl+I", lambda: md.toggle_inline(self._edit, "*"), font=italic)
        add("Heading", "H", "Ctrl+Shift+H", lambda: md.cycle_heading(self._edit))
        self._toolbar.addSeparator()
        add("Link", "Link", "Ctrl+K", lambda: md.insert_link(self._edit))
        add("Image", "Image", "Ctrl+Shift+I", self._on_image_action_triggered)
        self._toolbar.addSeparator()
        add("Bulleted list", "• List", "Ctrl+Shift+8", lambda: md.toggle_list(self._edit, "bullet"))
        add(
            "Numbered list", "1. List", "Ctrl+Shift+7", lambda: md.toggle_list(self._edit, "number")
        )
        add("Quote", "Quote", "Ctrl+Shift+9", lambda: md.toggle_list(self._edit, "quote"))
        add("Code", "Code", "Ctrl+Shift+C", lambda: md.insert_code(self._edit))
        add("Table", "Table", "Ctrl+Shift+T", lambda: md.insert_table(self._edit))
        self._find_action = add(
            "Find", "Find", "Ctrl+F", lambda: self._find_bar.open_find(), toolbar=False
        )
        self._replace_action = add(
            "Replace",
            "Replace",
            "Ctrl+H",
            lambda: self._find_bar.open_find(with_replace=not self.is_read_only()),
            toolbar=False,
        )
        # F3 / Shift+F3 work while the bar is open and also from the text.
        add("Find next", "Find next", "F3", self._find_bar.find_next, toolbar=False)
        add(
            "Find previous",
            "Find previous",
            "Shift+F3",
            self._find_bar.find_previous,
            toolbar=False,
        )

    @Slot()
    def _on_image_action_triggered(self) -> None:
        if self._media_dir is None:
            self.show_message("Open a workspace to add images to the body")
            return
        path = self.image_file_prompt(self)
        if path is not None:
            self.insert_image_file(path)
        self._edit.setFocus()

    # -- reactions -------------------------------------------------------------------

    @Slot(int, int, int)
    def _on_document_contents_change(self, _position: int, removed: int, added: int) -> None:
        if (removed or added) and not self._loading:
            self._edited = True

    @Slot()
    def _on_edit_text_changed(self) -> None:
        if not self._edited:
            return
        self._edited = False
        self._count_slices.stop()
        self._count_timer.start()
        self.text_edited.emit(self._edit.toPlainText())

    @Slot(int)
    def _on_scrolled(self, _value: int) -> None:
        self._emit_top_line()

    @Slot()
    def _on_edit_update_request(self) -> None:
        # Edits and resizes can change the first visible line without scrolling.
        self._emit_top_line()

    def _emit_top_line(self) -> None:
        line = self._edit.firstVisibleBlock().blockNumber()
        if line != self._top_line and line >= 0:
            self._top_line = line
            self.top_line_changed.emit(line)

    def top_line(self) -> int:
        return max(0, self._edit.firstVisibleBlock().blockNumber())

    @Slot()
    def _update_word_count(self) -> None:
        """Count now, all at once (a newly loaded text)."""
        words = count_words(self._edit.toPlainText())
        self._word_count.setText(reading_summary(words))

    @Slot()
    def _on_count_timer_timeout(self) -> None:
        self._count_text = self._edit.toPlainText()
        self._count_at = 0
        self._count_total = 0
        self._count_slices.start()

    @Slot()
    def _on_count_slices_timeout(self) -> None:
        text = self._count_text
        end = len(text)
        if end - self._count_at > WORD_COUNT_SLICE:
            # Cut at a line break, so that no word or link is split between two slices.
            cut = text.find("\n", self._count_at + WORD_COUNT_SLICE)
            end = end if cut < 0 else cut + 1
        self._count_total += count_words(text[self._count_at : end])
        self._count_at = end
        if end >= len(text):
            self._count_slices.stop()
            self._count_text = ""
            self._word_count.setText(reading_summary(self._count_total))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._highlighter.set_dark(is_dark(self.palette()))
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._find_bar.isVisible():
            self._find_bar.close_bar()
            return
        super().keyPressEvent(event)


def _alt_suggestion(stem: str) -> str:
    """A file name is a poor description, but 'forum-opening_2022' beats nothing to edit."""
    words = re.sub(r"[-_]+", " ", stem).strip()
    return "" if re.fullmatch(r"(?:img|image|dsc|screenshot|photo)?[\s\d]*", words, re.I) else words


def _png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes; runtime wants str
    data: QByteArray = buffer.data()
    return bytes(data.data())
