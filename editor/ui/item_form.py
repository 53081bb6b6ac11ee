"""The item form: every field of an announcement or an event, with problems shown beside them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.domain.items import SUMMARY_MAX, Kind, Status
from editor.storage.errors import describe_os_error
from editor.storage.media import NotAnImageError, add_media_file
from editor.ui.comments_panel import CommentsPanel
from editor.ui.event_section import VENUE_PARTS, EventSection, select_data
from editor.ui.form_rows import (
    FormRows,
    choice_combo,
    form_layout,
    line_edit,
    list_text,
    section_heading,
)
from editor.ui.form_undo import EditKind, FormUndo, UndoKeysFilter
from editor.ui.form_widgets import ListCompleter, OptionalTimeEdit, local_zone_note
from editor.ui.item_table_model import KIND_LABELS, STATUS_LABELS
from editor.ui.markdown_editor import ImageFilePrompt, ask_image_file

COMMON_LANGUAGES = ("en", "fr", "es", "pt", "ar", "de", "it", "nl", "ru", "zh", "tr", "uk")


class ItemForm(QWidget):
    """Title and summary on top, the body editor under them, every other field below.

    Emits `fields_edited` with the model fields the user changed; it never validates
    by itself: the controller validates the whole item and hands back `show_problems`.
    Choice fields (not text fields, which have their own) are undone on `undo_stack`.
    """

    fields_edited = Signal(dict)  # field name -> new value, in model terms

    def __init__(self, body_editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: Kind | None = None
        self._touched: set[str] = set()
        self._show_all = False
        self._problems: dict[str, str] = {}
        self._fields = FormRows()
        self._translation_ids: list[str | None] = [None]
        self._undo = FormUndo(self._on_undo_applied, self)
        self.undo_stack = self._undo.stack
        self.body_editor = body_editor
        self._media_dir: Path | None = None
        self.image_file_prompt: ImageFilePrompt = ask_item_image

        self._build_header()
        self._build_details()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("form_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(body_editor)
        self.splitter.addWidget(self.details_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self._completers = {
            "tags": ListCompleter(self.tags_edit),
            "authors": ListCompleter(self.authors_edit),
            "organizers": ListCompleter(self.event_box.organizers_edit),
        }
        self._set_tab_order()
        self.set_enabled_for_item(False)
        self._fields.align_captions()
        self._undo_keys = UndoKeysFilter(self)
        for widget in self._choice_widgets():
            for target in (widget, *widget.findChildren(QWidget)):
                target.installEventFilter(self._undo_keys)

    # -- building ------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.header = QWidget(self)
        form = form_layout(self.header)
        self.kind_label = QLabel()
        self.kind_label.setObjectName("kind")
        self.kind_label.setAccessibleName("Kind")
        form.addRow(self.kind_label)
        self.title_edit = line_edit("title", "What is it? One line", self._typed)
        font = self.title_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title_edit.setFont(font)
        self._fields.add(form, "title", self.title_edit)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setPlaceholderText(
            "The teaser shown in listings and feeds: one short paragraph of plain text"
        )
        metrics = self.summary_edit.fontMetrics()
        self.summary_edit.setFixedHeight(metrics.lineSpacing() * 3 + 14)
        self.summary_edit.textChanged.connect(self._on_summary_edit_text_changed)
        self.summary_count = QLabel()
        self.summary_count.setAccessibleName("Summary length")
        self.summary_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        box = self._fields.add(form, "summary", self.summary_edit)
        box_layout = box.layout()
        assert isinstance(box_layout, QVBoxLayout)
        box_layout.insertWidget(1, self.summary_count)

    def _build_details(self) -> None:
        self.details = QWidget()
        self.details.setObjectName("details")
        outer = QVBoxLayout(self.details)
        outer.setContentsMargins(4, 0, 12, 12)

        self.event_box = EventSection(self._fields)
        self.event_box.fields_edited.connect(self._on_event_box_fields_edited)
        outer.addWidget(self.event_box)

        # Publishing: every item.
        publishing = QWidget()
        form = form_layout(publishing)
        form.addRow(section_heading("Publishing"))
        self.status_combo = choice_combo("status", STATUS_LABELS, self._chosen)
        self._fields.add(form, "status", self.status_combo)
        self.language_combo = QComboBox()
        self.language_combo.setEditable(True)
        self.language_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.language_combo.addItems(list(COMMON_LANGUAGES))
        self.language_combo.currentTextChanged.connect(self._on_language_combo_text_changed)
        self._fields.add(form, "language", self.language_combo)
        self.tags_edit = line_edit("tags", "Comma-separated, e.g. forum, governance", self._typed)
        self._fields.add(form, "tags", self.tags_edit)
        zone_note = local_zone_note()
        self.publish_edit = OptionalTimeEdit("Publish at", zone_note=zone_note)
        self.publish_edit.value_edited.connect(
            lambda v: self._edited({"publish_at": _aware(v)}, EditKind.RUN)
        )
        self._fields.add(form, "publish_at", self.publish_edit, label="Publish at")
        self.expires_edit = OptionalTimeEdit("Expires at", zone_note=zone_note)
        self.expires_edit.value_edited.connect(
            lambda v: self._edited({"expires_at": _aware(v)}, EditKind.RUN)
        )
        self._fields.add(form, "expires_at", self.expires_edit, label="Expires at")
        self.slug_edit = line_edit("slug", "", self._typed)
        self._fields.add(form, "slug", self.slug_edit)
        self.authors_edit = line_edit("authors", "Comma-separated", self._typed)
        self._fields.add(form, "authors", self.authors_edit)
        self.translation_combo = QComboBox()
        self.translation_combo.addItem("Not a translation")
        self.translation_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.translation_combo.setMinimumContentsLength(20)
        self.translation_combo.activated.connect(self._on_translation_combo_activated)
        self._fields.add(form, "translation_of", self.translation_combo)
        outer.addWidget(publishing)

        image = QWidget()
        form = form_layout(image)
        form.addRow(section_heading("Image"))
        self.image_edit = line_edit(
            "image", "Path in the media folder, e.g. photos/forum.jpg", self._typed
        )
        self.image_button = QPushButton("Choose…")
        self.image_button.setAccessibleName("Choose image")
        self.image_button.setToolTip("Copy an image file into the workspace's media folder")
        self.image_button.clicked.connect(self._on_image_button_clicked)
        self._fields.add(form, "image", self.image_edit, beside=self.image_button)
        self.image_alt_edit = line_edit(
            "image_alt", "What the image shows, for screen readers", self._typed
        )
        self._fields.add(form, "image_alt", self.image_alt_edit, label="Image alt text")
        outer.addWidget(image)

        self.comments_panel = CommentsPanel()
        outer.addWidget(self.comments_panel)

        self.info_label = QLabel()
        self.info_label.setAccessibleName("Item information")
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_label.setContentsMargins(0, 12, 0, 0)
        outer.addWidget(self.info_label)
        outer.addStretch(1)

        self.details_scroll = QScrollArea()
        self.details_scroll.setObjectName("details_scroll")
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setWidget(self.details)
        self.details_scroll.setAccessibleName("Details")
        self.details_scroll.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding
        )

    def _body_focus_target(self) -> QWidget:
        target = self.body_editor.focusProxy()
        if target is not None:
            return target
        for kind in (QPlainTextEdit, QLineEdit):
            child = self.body_editor.findChild(kind)
            if child is not None:
                return child
        return self.body_editor

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.title_edit, self.summary_edit, self._body_focus_target()]
        chain += self.event_box.tab_chain()
        chain += [
            self.status_combo,
            self.language_combo,
            self.tags_edit,
            self.publish_edit.check,
            self.publish_edit.edit,
            self.expires_edit.check,
            self.expires_edit.edit,
            self.slug_edit,
            self.authors_edit,
            self.translation_combo,
            self.image_edit,
            self.image_button,
            self.image_alt_edit,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _choice_widgets(self) -> list[QWidget]:
        return [
            *self.event_box.choice_widgets(),
            self.status_combo,
            self.language_combo,
            self.publish_edit,
            self.expires_edit,
            self.translation_combo,
        ]

    # -- showing an item -----------------------------------------------------------------

    def set_enabled_for_item(self, enabled: bool) -> None:
        self.header.setEnabled(enabled)
        self.details.setEnabled(enabled)

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.findChildren(QLineEdit):
            edit.setReadOnly(read_only)
        self.summary_edit.setReadOnly(read_only)
        self.image_button.setEnabled(not read_only)
        for widget in self._choice_widgets():
            widget.setEnabled(not read_only)

    def set_media_dir(self, path: Path | None) -> None:
        """The workspace media folder that a chosen image is copied into."""
        self._media_dir = path

    def set_list_suggestions(self, field: str, values: list[str]) -> None:
        """The values the workspace already uses for "tags", "authors" or "organizers"."""
        self._completers[field].set_values(values)

    def set_languages(self, languages: list[str]) -> None:
        known = list(dict.fromkeys([*languages, *COMMON_LANGUAGES]))
        with QSignalBlocker(self.language_combo):
            text = self.language_combo.currentText()
            self.language_combo.clear()
            self.language_combo.addItems(known)
            self.language_combo.setEditText(text)

    def set_translation_candidates(self, candidates: list[tuple[str, str]]) -> None:
        """(id, label) pairs of the items this one may translate."""
        with QSignalBlocker(self.translation_combo):
            self.translation_combo.clear()
            self.translation_combo.addItem("Not a translation")
            self._translation_ids = [None]
            for item_id, label in candidates:
                self.translation_combo.addItem(label)
                self._translation_ids.append(item_id)

    def load(self, data: Mapping[str, Any]) -> None:
        """Show a draft's fields (an empty mapping clears and disables the form).

        Another item (or none) starts with no undo history."""
        self._touched.clear()
        self._show_all = False
        self._problems = {}
        for label in self._fields.problem_labels.values():
            label.show_problem("")
        self._undo.reset(data)
        if not data:
            self._kind = None
            self.set_enabled_for_item(False)
            for edit in self.findChildren(QLineEdit):
                edit.clear()
            with QSignalBlocker(self.summary_edit):
                self.summary_edit.clear()
            self.kind_label.clear()
            self.info_label.clear()
            return
        self.set_enabled_for_item(True)
        self._kind = Kind(data["kind"])
        is_event = self._kind == Kind.EVENT
        self.event_box.setVisible(is_event)
        self.kind_label.setText(KIND_LABELS[self._kind])
        self.refresh(data)
        self._show_info(data)

    def refresh(self, data: Mapping[str, Any]) -> None:
        """Put new values into the fields named in `data` without marking them edited."""
        setters: dict[str, Callable[[Any], None]] = {
            "title": lambda v: self.title_edit.setText(v or ""),
            "summary": self._set_summary,
            "slug": lambda v: self.slug_edit.setText(v or ""),
            "tags": lambda v: self.tags_edit.setText(list_text(v)),
            "authors": lambda v: self.authors_edit.setText(list_text(v)),
            "image": lambda v: self.image_edit.setText(v or ""),
            "image_alt": lambda v: self.image_alt_edit.setText(v or ""),
            "status": lambda v: select_data(self.status_combo, Status(v)),
            "language": self._set_language,
            "publish_at": lambda v: self.publish_edit.set_value(_wall(v), _next_hour()),
            "expires_at": lambda v: self.expires_edit.set_value(_wall(v), _next_hour()),
            "translation_of": self._set_translation,
            **self.event_box.setters(),
        }
        for field, value in data.items():
            setter = setters.get(field)
            if setter is None:
                continue
            setter(value)
        self.event_box.refreshed()
        self._undo.shown(data)
        for edit in self.findChildren(QLineEdit):
            if not edit.hasFocus():
                edit.setCursorPosition(0)  # show the start of long titles, not the end

    def _set_language(self, value: str | None) -> None:
        with QSignalBlocker(self.language_combo):
            self.language_combo.setEditText(value or "")

    def _set_summary(self, value: str | None) -> None:
        with QSignalBlocker(self.summary_edit):
            self.summary_edit.setPlainText(value or "")
        self._update_summary_count()

    def _set_translation(self, value: object) -> None:
        key = str(value) if value else None
        with QSignalBlocker(self.translation_combo):
            if key in self._translation_ids:
                self.translation_combo.setCurrentIndex(self._translation_ids.index(key))
            else:
                self.translation_combo.setCurrentIndex(0)

    def _show_info(self, data: Mapping[str, Any]) -> None:
        revision = data.get("revision")
        created = data.get("created_at")
        updated = data.get("updated_at")
        if not revision:
            self.info_label.setText("Not saved yet.")
            return
        parts = [f"Revision {revision}"]
        if isinstance(created, datetime):
            parts.append(f"created {created.astimezone():%d %b %Y %H:%M}")
        if isinstance(updated, datetime):
            parts.append(f"last change {updated.astimezone():%d %b %Y %H:%M}")
        parts.append(f"id {data.get('id')}")
        self.info_label.setText(" · ".join(parts))

    def show_saved(self, data: Mapping[str, Any]) -> None:
        """After a save: the slug and the revision line may have changed.

        A run of edits (stepping a time) ends here: the next change is an undo step of its own.
        """
        self.refresh({"slug": data.get("slug")})
        self._show_info(data)
        self.undo_stack.setClean()  # QUndoStack never merges into the clean state

    def set_slug_placeholder(self, slug: str) -> None:
        self.slug_edit.setPlaceholderText(f"{slug}  (made from the title)" if slug else "")

    # -- problems ------------------------------------------------------------------------

    def show_problems(self, found: Mapping[str, str]) -> None:
        """Show the draft's problems beside the fields the user has touched."""
        self._problems = dict(found)
        self._render_problems()

    def reveal_all_problems(self) -> None:
        """After a failed save: every problem shows, touched or not."""
        self._show_all = True
        self._render_problems()

    def show_problem(self, field: str, message: str) -> None:
        self._problems[field] = message
        self._touched.add(field)
        self._render_problems()

    def _render_problems(self) -> None:
        for field, label in self._fields.problem_labels.items():
            message = self._problems.get(field, "")
            if not message and field.startswith("venue."):
                message = self._problems.get("venue", "") if field == "venue.name" else ""
            shown = message if (self._show_all or field in self._touched) else ""
            label.show_problem(shown)

    def first_problem_widget(self) -> QWidget | None:
        for field in self._fields.problem_labels:
            if self._problems.get(field):
                row = self._fields.rows.get(field)
                if row is not None and row.isVisibleTo(self):
                    return row
        return None

    def field_row(self, field: str) -> QWidget | None:
        return self._fields.rows.get(field)

    # -- edits ---------------------------------------------------------------------------

    def _typed(self, field: str, value: Any) -> None:
        self._edited({field: value}, EditKind.TEXT)

    def _chosen(self, field: str, value: Any) -> None:
        self._edited({field: value}, EditKind.CHOICE)

    def _edited(self, changes: dict[str, Any], how: EditKind) -> None:
        self._undo.edited(changes, how)
        self._report(changes)

    def _report(self, changes: dict[str, Any]) -> None:
        self._touched.update(changes)
        if "venue" in changes:
            self._touched.update(f"venue.{part}" for part in VENUE_PARTS)
        self.fields_edited.emit(changes)

    def _on_undo_applied(self, values: dict[str, Any]) -> None:
        """An undo or redo: show the values, then report them as the user's edit."""
        self.refresh(values)
        row = next((self.field_row(f) for f in values if self.field_row(f) is not None), None)
        if row is not None and row.isVisibleTo(self):
            self.details_scroll.ensureWidgetVisible(row)
        self._report(values)

    def _on_image_button_clicked(self) -> None:
        """Copy the chosen file into the media folder, as a pasted image is, and name it."""
        media = self._media_dir
        if media is None:
            self.show_problem("image", "Open a workspace to add an image")
            return
        source = self.image_file_prompt(self)
        if source is None:
            return
        try:
            name = add_media_file(media, source)
        except NotAnImageError as error:
            self.show_problem("image", str(error))
            return
        except OSError as error:
            self.show_problem("image", f"Could not copy {source.name}: {describe_os_error(error)}")
            return
        # Typed in, so the field's own undo takes it back and the edit is reported as usual.
        self.image_edit.selectAll()
        self.image_edit.insert(name)
        self.image_alt_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.image_alt_edit.selectAll()
        self.details_scroll.ensureWidgetVisible(self.image_alt_edit)

    def _on_event_box_fields_edited(self, changes: dict[str, Any], how: str) -> None:
        self._edited(changes, EditKind(how))

    def _on_summary_edit_text_changed(self) -> None:
        self._update_summary_count()
        self._typed("summary", self.summary_edit.toPlainText())

    def _update_summary_count(self) -> None:
        length = len(self.summary_edit.toPlainText().strip())
        self.summary_count.setText(f"{length} / {SUMMARY_MAX}")

    def _on_language_combo_text_changed(self, text: str) -> None:
        # Sent as typed: the model gives it its usual case, or reports it beside the field.
        self._edited({"language": text.strip()}, EditKind.RUN)

    def _on_translation_combo_activated(self, index: int) -> None:
        item_id = self._translation_ids[index] if 0 <= index < len(self._translation_ids) else None
        self._chosen("translation_of", UUID(item_id) if item_id else None)


def ask_item_image(parent: QWidget) -> Path | None:
    return ask_image_file(parent, "Choose the item's image")


def _aware(value: datetime | date | None) -> datetime | None:
    """A publication time typed in the computer's own zone, made aware."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value.astimezone()


def _wall(value: object) -> datetime | None:
    return value.astimezone().replace(tzinfo=None) if isinstance(value, datetime) else None


def _next_hour() -> datetime:
    return (datetime.now() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
