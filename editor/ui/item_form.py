"""The item form: every field of an announcement or an event, with problems shown beside them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from uuid import UUID

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.domain.items import (
    SUMMARY_MAX,
    Attendance,
    EventStatus,
    Kind,
    Status,
)
from editor.domain.problems import FIELD_LABELS
from editor.ui.form_widgets import OptionalTimeEdit, ProblemLabel, WallTimeEdit, ZoneComboBox
from editor.ui.item_table_model import KIND_LABELS, STATUS_LABELS

EVENT_STATUS_LABELS = {
    EventStatus.SCHEDULED: "Scheduled",
    EventStatus.CANCELLED: "Cancelled",
    EventStatus.POSTPONED: "Postponed",
    EventStatus.MOVED_ONLINE: "Moved online",
}
ATTENDANCE_LABELS = {
    Attendance.IN_PERSON: "In person",
    Attendance.ONLINE: "Online",
    Attendance.HYBRID: "Hybrid (in person and online)",
}
COMMON_LANGUAGES = ("en", "fr", "es", "pt", "ar", "de", "it", "nl", "ru", "zh", "tr", "uk")
VENUE_PARTS = ("name", "address", "city", "country")


def _list_text(values: object) -> str:
    return ", ".join(values) if isinstance(values, list | tuple) else ""


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _section(title: str) -> QLabel:
    heading = QLabel(title)
    heading.setObjectName("section")
    font = heading.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.05)
    heading.setFont(font)
    heading.setContentsMargins(0, 10, 0, 2)
    return heading


class ItemForm(QWidget):
    """Title and summary on top, the body editor under them, every other field below.

    Emits `fields_edited` with the model fields the user changed; it never validates
    by itself: the controller validates the whole item and hands back `show_problems`.
    """

    fields_edited = Signal(dict)  # field name -> new value, in model terms
    image_browse_requested = Signal()

    def __init__(self, body_editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: Kind | None = None
        self._touched: set[str] = set()
        self._show_all = False
        self._problems: dict[str, str] = {}
        self._problem_labels: dict[str, ProblemLabel] = {}
        self._rows: dict[str, QWidget] = {}
        self._event_rows: list[QWidget] = []
        self._translation_ids: list[str | None] = [None]
        self._captions: list[QLabel] = []
        self.body_editor = body_editor

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
        self._set_tab_order()
        self.set_enabled_for_item(False)
        # One caption column for the header and every section, so the fields line up.
        width = max(caption.sizeHint().width() for caption in self._captions)
        line_height = QLineEdit().sizeHint().height()
        for caption in self._captions:
            caption.setMinimumWidth(width)
            caption.setMinimumHeight(line_height)  # centred on the first line of its field

    # -- building ------------------------------------------------------------------------

    def _add_row(
        self, form: QFormLayout, field: str, widget: QWidget, *, label: str | None = None
    ) -> None:
        text = label or _label(field)
        if isinstance(widget, OptionalTimeEdit):
            widget.setAccessibleName(f"{text} group")  # its check box and picker carry names
        else:
            widget.setAccessibleName(widget.accessibleName() or text)
        problem = ProblemLabel(text)
        self._problem_labels[field] = problem
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(problem)
        caption = QLabel(f"{text}:")
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._captions.append(caption)
        form.addRow(caption, box)
        self._rows[field] = box

    def _line(self, field: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.textEdited.connect(lambda text, f=field: self._edited(f, self._line_value(f, text)))
        return edit

    @staticmethod
    def _line_value(field: str, text: str) -> Any:
        if field in ("tags", "authors", "organizers"):
            return _split_list(text)
        if field in ("image", "online_url", "registration_url"):
            return text.strip() or None
        return text

    def _combo(self, field: str, labels: Mapping[Any, str]) -> QComboBox:
        combo = QComboBox()
        for value, text in labels.items():
            combo.addItem(text, value)
        combo.activated.connect(lambda _n, f=field, c=combo: self._edited(f, c.currentData()))
        return combo

    def _build_header(self) -> None:
        self.header = QWidget(self)
        form = self._form(self.header)
        self.kind_label = QLabel()
        self.kind_label.setObjectName("kind")
        self.kind_label.setAccessibleName("Kind")
        form.addRow(self.kind_label)
        self.title_edit = self._line("title", "What is it? One line")
        font = self.title_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title_edit.setFont(font)
        self._add_row(form, "title", self.title_edit)
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
        self._add_row(form, "summary", self.summary_edit)
        box = self._rows["summary"]
        box_layout = box.layout()
        assert isinstance(box_layout, QVBoxLayout)
        box_layout.insertWidget(1, self.summary_count)

    def _build_details(self) -> None:
        self.details = QWidget()
        self.details.setObjectName("details")
        outer = QVBoxLayout(self.details)
        outer.setContentsMargins(4, 0, 12, 12)

        # When and where: events only.
        self.event_box = QWidget()
        event_form = self._form(self.event_box)
        event_form.addRow(_section("When and where"))
        self.timezone_combo = ZoneComboBox()
        self.timezone_combo.currentTextChanged.connect(self._on_timezone_combo_text_changed)
        self._add_row(event_form, "timezone", self.timezone_combo)
        self.all_day_check = QCheckBox("The event lasts whole days (no times)")
        self.all_day_check.toggled.connect(self._on_all_day_check_toggled)
        self._add_row(event_form, "all_day", self.all_day_check)
        self.start_edit = WallTimeEdit()
        self.start_edit.wall_time_edited.connect(lambda v: self._edited("start", v))
        self._add_row(event_form, "start", self.start_edit)
        self.end_edit = WallTimeEdit()
        self.end_edit.wall_time_edited.connect(lambda v: self._edited("end", v))
        self._add_row(event_form, "end", self.end_edit)
        self.event_status_combo = self._combo("event_status", EVENT_STATUS_LABELS)
        self._add_row(event_form, "event_status", self.event_status_combo)
        self.attendance_combo = self._combo("attendance", ATTENDANCE_LABELS)
        self._add_row(event_form, "attendance", self.attendance_combo)
        self.online_url_edit = self._line("online_url", "https://…")
        self._add_row(event_form, "online_url", self.online_url_edit)
        self.venue_edits: dict[str, QLineEdit] = {}
        placeholders = {
            "name": "e.g. City Hall, Room 3",
            "address": "Street and number",
            "city": "",
            "country": "",
        }
        for part in VENUE_PARTS:
            edit = QLineEdit()
            edit.setClearButtonEnabled(True)
            edit.setPlaceholderText(placeholders[part])
            edit.textEdited.connect(self._on_venue_edit_text_edited)
            self.venue_edits[part] = edit
            self._add_row(event_form, f"venue.{part}", edit)
        self.registration_url_edit = self._line("registration_url", "https://…")
        self._add_row(event_form, "registration_url", self.registration_url_edit)
        self.deadline_edit = OptionalTimeEdit("Registration deadline")
        self.deadline_edit.value_edited.connect(lambda v: self._edited("registration_deadline", v))
        self._add_row(event_form, "registration_deadline", self.deadline_edit)
        self.organizers_edit = self._line("organizers", "Other cities or partners, comma-separated")
        self._add_row(event_form, "organizers", self.organizers_edit)
        outer.addWidget(self.event_box)

        # Publishing: every item.
        publishing = QWidget()
        form = self._form(publishing)
        form.addRow(_section("Publishing"))
        self.status_combo = self._combo("status", STATUS_LABELS)
        self._add_row(form, "status", self.status_combo)
        self.language_combo = QComboBox()
        self.language_combo.setEditable(True)
        self.language_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.language_combo.addItems(list(COMMON_LANGUAGES))
        self.language_combo.currentTextChanged.connect(self._on_language_combo_text_changed)
        self._add_row(form, "language", self.language_combo)
        self.tags_edit = self._line("tags", "Comma-separated, e.g. forum, governance")
        self._add_row(form, "tags", self.tags_edit)
        self.publish_edit = OptionalTimeEdit("Publish at")
        self.publish_edit.value_edited.connect(lambda v: self._edited("publish_at", _aware(v)))
        self._add_row(form, "publish_at", self.publish_edit, label="Publish at")
        self.expires_edit = OptionalTimeEdit("Expires at")
        self.expires_edit.value_edited.connect(lambda v: self._edited("expires_at", _aware(v)))
        self._add_row(form, "expires_at", self.expires_edit, label="Expires at")
        self.slug_edit = self._line("slug", "")
        self._add_row(form, "slug", self.slug_edit)
        self.authors_edit = self._line("authors", "Comma-separated")
        self._add_row(form, "authors", self.authors_edit)
        self.translation_combo = QComboBox()
        self.translation_combo.addItem("Not a translation")
        self.translation_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.translation_combo.setMinimumContentsLength(20)
        self.translation_combo.activated.connect(self._on_translation_combo_activated)
        self._add_row(form, "translation_of", self.translation_combo)
        outer.addWidget(publishing)

        image = QWidget()
        form = self._form(image)
        form.addRow(_section("Image"))
        self.image_edit = self._line("image", "Path in the media folder, e.g. photos/forum.jpg")
        self._add_row(form, "image", self.image_edit)
        self.image_alt_edit = self._line("image_alt", "What the image shows, for screen readers")
        self._add_row(form, "image_alt", self.image_alt_edit, label="Image alt text")
        outer.addWidget(image)

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

    @staticmethod
    def _form(parent: QWidget) -> QFormLayout:
        form = QFormLayout(parent)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(6)
        return form

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
        chain += [
            self.timezone_combo,
            self.all_day_check,
            self.start_edit,
            self.end_edit,
            self.event_status_combo,
            self.attendance_combo,
            self.online_url_edit,
            *self.venue_edits.values(),
            self.registration_url_edit,
            self.deadline_edit.check,
            self.deadline_edit.edit,
            self.organizers_edit,
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
            self.image_alt_edit,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- showing an item -----------------------------------------------------------------

    def set_enabled_for_item(self, enabled: bool) -> None:
        self.header.setEnabled(enabled)
        self.details.setEnabled(enabled)

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.findChildren(QLineEdit):
            edit.setReadOnly(read_only)
        self.summary_edit.setReadOnly(read_only)
        for widget in (
            self.status_combo,
            self.event_status_combo,
            self.attendance_combo,
            self.translation_combo,
            self.all_day_check,
            self.start_edit,
            self.end_edit,
            self.deadline_edit,
            self.publish_edit,
            self.expires_edit,
            self.timezone_combo,
            self.language_combo,
        ):
            widget.setEnabled(not read_only)

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
        """Show a draft's fields (an empty mapping clears and disables the form)."""
        self._touched.clear()
        self._show_all = False
        self._problems = {}
        for label in self._problem_labels.values():
            label.show_problem("")
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
            "tags": lambda v: self.tags_edit.setText(_list_text(v)),
            "authors": lambda v: self.authors_edit.setText(_list_text(v)),
            "organizers": lambda v: self.organizers_edit.setText(_list_text(v)),
            "image": lambda v: self.image_edit.setText(v or ""),
            "image_alt": lambda v: self.image_alt_edit.setText(v or ""),
            "online_url": lambda v: self.online_url_edit.setText(v or ""),
            "registration_url": lambda v: self.registration_url_edit.setText(v or ""),
            "status": lambda v: _select(self.status_combo, Status(v)),
            "event_status": lambda v: _select(self.event_status_combo, EventStatus(v)),
            "attendance": lambda v: _select(self.attendance_combo, Attendance(v)),
            "language": self._set_language,
            "timezone": lambda v: self.timezone_combo.set_zone(v or ""),
            "all_day": self._set_all_day,
            "start": lambda v: self.start_edit.set_value(v),
            "end": lambda v: self.end_edit.set_value(v),
            "registration_deadline": lambda v: self.deadline_edit.set_value(
                v, self._default_deadline()
            ),
            "publish_at": lambda v: self.publish_edit.set_value(_wall(v), _next_hour()),
            "expires_at": lambda v: self.expires_edit.set_value(_wall(v), _next_hour()),
            "venue": self._set_venue,
            "translation_of": self._set_translation,
        }
        for field, value in data.items():
            setter = setters.get(field)
            if setter is None:
                continue
            setter(value)
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

    def _set_all_day(self, value: bool) -> None:
        with QSignalBlocker(self.all_day_check):
            self.all_day_check.setChecked(bool(value))
        self._apply_days_only(bool(value))

    def _apply_days_only(self, days_only: bool) -> None:
        self.start_edit.set_days_only(days_only)
        self.end_edit.set_days_only(days_only)
        self.deadline_edit.set_days_only(days_only)

    def _set_venue(self, value: object) -> None:
        parts = value if isinstance(value, Mapping) else {}
        if hasattr(value, "model_dump"):
            parts = value.model_dump()
        for part, edit in self.venue_edits.items():
            edit.setText(str(parts.get(part) or ""))

    def _set_translation(self, value: object) -> None:
        key = str(value) if value else None
        with QSignalBlocker(self.translation_combo):
            if key in self._translation_ids:
                self.translation_combo.setCurrentIndex(self._translation_ids.index(key))
            else:
                self.translation_combo.setCurrentIndex(0)

    def _default_deadline(self) -> datetime | date:
        start = self.start_edit.value()
        return start - timedelta(days=1)

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
        """After a save: the slug and the revision line may have changed."""
        self.refresh({"slug": data.get("slug")})
        self._show_info(data)

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
        for field, label in self._problem_labels.items():
            message = self._problems.get(field, "")
            if not message and field.startswith("venue."):
                message = self._problems.get("venue", "") if field == "venue.name" else ""
            shown = message if (self._show_all or field in self._touched) else ""
            label.show_problem(shown)

    def first_problem_widget(self) -> QWidget | None:
        for field in self._problem_labels:
            if self._problems.get(field):
                row = self._rows.get(field)
                if row is not None and row.isVisibleTo(self):
                    return row
        return None

    def field_row(self, field: str) -> QWidget | None:
        return self._rows.get(field)

    # -- edits ---------------------------------------------------------------------------

    def _edited(self, field: str, value: Any) -> None:
        self._edited_many({field: value})

    def _edited_many(self, changes: dict[str, Any]) -> None:
        self._touched.update(changes)
        if "venue" in changes:
            self._touched.update(f"venue.{part}" for part in VENUE_PARTS)
        self.fields_edited.emit(changes)

    def _on_summary_edit_text_changed(self) -> None:
        self._update_summary_count()
        self._edited("summary", self.summary_edit.toPlainText())

    def _update_summary_count(self) -> None:
        length = len(self.summary_edit.toPlainText().strip())
        self.summary_count.setText(f"{length} / {SUMMARY_MAX}")

    def _on_timezone_combo_text_changed(self, text: str) -> None:
        self._edited("timezone", text.strip())

    def _on_language_combo_text_changed(self, text: str) -> None:
        # Sent as typed: the model gives it its usual case, or reports it beside the field.
        self._edited("language", text.strip())

    def _on_all_day_check_toggled(self, checked: bool) -> None:
        self._apply_days_only(checked)
        changes: dict[str, Any] = {
            "all_day": checked,
            "start": self.start_edit.value(),
            "end": self.end_edit.value(),
        }
        deadline = self.deadline_edit.value()
        if deadline is not None:
            changes["registration_deadline"] = deadline
        self._edited_many(changes)

    def _on_venue_edit_text_edited(self, _: str) -> None:
        self._edited("venue", {part: edit.text() for part, edit in self.venue_edits.items()})

    def _on_translation_combo_activated(self, index: int) -> None:
        item_id = self._translation_ids[index] if 0 <= index < len(self._translation_ids) else None
        self._edited("translation_of", UUID(item_id) if item_id else None)


def _select(combo: QComboBox, value: object) -> None:
    with QSignalBlocker(combo):
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))


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
