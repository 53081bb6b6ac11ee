"""When and where: the event-only part of the item form, with the ambiguous-time choosers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from editor.domain import wallclock
from editor.domain.items import Attendance, EventStatus
from editor.ui.form_rows import (
    FormRows,
    choice_combo,
    form_layout,
    line_edit,
    list_text,
    section_heading,
)
from editor.ui.form_undo import EditKind
from editor.ui.form_widgets import OccurrenceComboBox, OptionalTimeEdit, WallTimeEdit, ZoneComboBox

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
VENUE_PARTS = ("name", "address", "city", "country")
VENUE_PLACEHOLDERS = {"name": "e.g. City Hall, Room 3", "address": "Street and number"}


def _zone_or_none(name: str) -> tzinfo | None:
    try:
        return wallclock.zone(name)
    except ValueError:
        return None


class EventSection(QWidget):
    """Time zone, all day, start and end, status, attendance, venue and registration.

    Emits `fields_edited(changes, how)`, `how` an EditKind: what the form's undo makes of it.
    A new start, end or zone forgets the matching start_fold/end_fold, as
    `editor.domain.items.with_changes` does: the choice was about the old time.
    """

    fields_edited = Signal(dict, str)  # changes, EditKind

    def __init__(self, rows: FormRows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folds: dict[str, int | None] = {"start": None, "end": None}
        form = form_layout(self)
        form.addRow(section_heading("When and where"))
        self.timezone_combo = ZoneComboBox()
        self.timezone_combo.currentTextChanged.connect(self._on_timezone_combo_text_changed)
        rows.add(form, "timezone", self.timezone_combo)
        self.all_day_check = QCheckBox("The event lasts whole days (no times)")
        self.all_day_check.toggled.connect(self._on_all_day_check_toggled)
        rows.add(form, "all_day", self.all_day_check)
        self.start_edit = WallTimeEdit()
        self.start_edit.wall_time_edited.connect(self._on_start_edit_wall_time_edited)
        self.start_occurrence = OccurrenceComboBox()
        self.start_occurrence.setAccessibleName("Start occurrence")
        self.start_occurrence.fold_chosen.connect(self._on_start_occurrence_fold_chosen)
        rows.add(form, "start", self.start_edit, beside=self.start_occurrence)
        self.end_edit = WallTimeEdit()
        self.end_edit.wall_time_edited.connect(self._on_end_edit_wall_time_edited)
        self.end_occurrence = OccurrenceComboBox()
        self.end_occurrence.setAccessibleName("End occurrence")
        self.end_occurrence.fold_chosen.connect(self._on_end_occurrence_fold_chosen)
        rows.add(form, "end", self.end_edit, beside=self.end_occurrence)
        self.event_status_combo = choice_combo("event_status", EVENT_STATUS_LABELS, self._chosen)
        rows.add(form, "event_status", self.event_status_combo)
        self.attendance_combo = choice_combo("attendance", ATTENDANCE_LABELS, self._chosen)
        rows.add(form, "attendance", self.attendance_combo)
        self.online_url_edit = line_edit("online_url", "https://…", self._typed)
        rows.add(form, "online_url", self.online_url_edit)
        self.venue_edits: dict[str, QLineEdit] = {}
        for part in VENUE_PARTS:
            edit = QLineEdit()
            edit.setClearButtonEnabled(True)
            edit.setPlaceholderText(VENUE_PLACEHOLDERS.get(part, ""))
            edit.textEdited.connect(self._on_venue_edit_text_edited)
            self.venue_edits[part] = edit
            rows.add(form, f"venue.{part}", edit)
        self.registration_url_edit = line_edit("registration_url", "https://…", self._typed)
        rows.add(form, "registration_url", self.registration_url_edit)
        self.deadline_edit = OptionalTimeEdit("Registration deadline")
        self.deadline_edit.value_edited.connect(self._on_deadline_edit_value_edited)
        rows.add(form, "registration_deadline", self.deadline_edit)
        self.organizers_edit = line_edit(
            "organizers", "Other cities or partners, comma-separated", self._typed
        )
        rows.add(form, "organizers", self.organizers_edit)
        self._update_occurrences()

    # -- for the form --------------------------------------------------------------------

    def tab_chain(self) -> list[QWidget]:
        return [
            self.timezone_combo,
            self.all_day_check,
            self.start_edit,
            self.start_occurrence,
            self.end_edit,
            self.end_occurrence,
            self.event_status_combo,
            self.attendance_combo,
            self.online_url_edit,
            *self.venue_edits.values(),
            self.registration_url_edit,
            self.deadline_edit.check,
            self.deadline_edit.edit,
            self.organizers_edit,
        ]

    def choice_widgets(self) -> list[QWidget]:
        """The widgets that are not text fields (disabled when the workspace is read-only)."""
        return [
            self.timezone_combo,
            self.all_day_check,
            self.start_edit,
            self.start_occurrence,
            self.end_edit,
            self.end_occurrence,
            self.event_status_combo,
            self.attendance_combo,
            self.deadline_edit,
        ]

    def setters(self) -> dict[str, Callable[[Any], None]]:
        """How to show each event field's value without marking it edited."""
        return {
            "online_url": lambda v: self.online_url_edit.setText(v or ""),
            "registration_url": lambda v: self.registration_url_edit.setText(v or ""),
            "organizers": lambda v: self.organizers_edit.setText(list_text(v)),
            "event_status": lambda v: select_data(self.event_status_combo, EventStatus(v)),
            "attendance": lambda v: select_data(self.attendance_combo, Attendance(v)),
            "timezone": lambda v: self.timezone_combo.set_zone(v or ""),
            "all_day": self._set_all_day,
            "start": lambda v: self.start_edit.set_value(v),
            "end": lambda v: self.end_edit.set_value(v),
            "start_fold": lambda v: self._set_fold("start", v),
            "end_fold": lambda v: self._set_fold("end", v),
            "registration_deadline": lambda v: self.deadline_edit.set_value(
                v, self._default_deadline()
            ),
            "venue": self._set_venue,
        }

    def refreshed(self) -> None:
        """After new values were shown: the choosers follow the time, zone and all-day."""
        self._update_occurrences()

    # -- showing values ------------------------------------------------------------------

    def _set_all_day(self, value: bool) -> None:
        with QSignalBlocker(self.all_day_check):
            self.all_day_check.setChecked(bool(value))
        self._apply_days_only(bool(value))

    def _apply_days_only(self, days_only: bool) -> None:
        self.start_edit.set_days_only(days_only)
        self.end_edit.set_days_only(days_only)
        self.deadline_edit.set_days_only(days_only)

    def _set_fold(self, field: str, value: object) -> None:
        self._folds[field] = value if isinstance(value, int) and value in (0, 1) else None

    def _set_venue(self, value: object) -> None:
        parts = value if isinstance(value, Mapping) else {}
        if hasattr(value, "model_dump"):
            parts = value.model_dump()
        for part, edit in self.venue_edits.items():
            edit.setText(str(parts.get(part) or ""))

    def _default_deadline(self) -> datetime | date:
        return self.start_edit.value() - timedelta(days=1)

    def _update_occurrences(self) -> None:
        tz = _zone_or_none(self.timezone_combo.currentText().strip())
        timed = not self.all_day_check.isChecked()
        for field, edit, chooser in (
            ("start", self.start_edit, self.start_occurrence),
            ("end", self.end_edit, self.end_occurrence),
        ):
            wall = edit.value()
            ambiguous = (
                timed
                and tz is not None
                and isinstance(wall, datetime)
                and wallclock.is_ambiguous(wall, tz)
            )
            if ambiguous:
                assert isinstance(wall, datetime) and tz is not None
                chooser.show_choices(wall, tz)
            chooser.set_fold(self._folds[field])
            chooser.setVisible(ambiguous)

    # -- edits ---------------------------------------------------------------------------

    def _emit(self, changes: dict[str, Any], how: EditKind) -> None:
        for field in ("start", "end"):
            if f"{field}_fold" in changes:
                self._set_fold(field, changes[f"{field}_fold"])
        self._update_occurrences()
        self.fields_edited.emit(changes, how)

    def _typed(self, field: str, value: Any) -> None:
        self._emit({field: value}, EditKind.TEXT)

    def _chosen(self, field: str, value: Any) -> None:
        self._emit({field: value}, EditKind.CHOICE)

    def _on_timezone_combo_text_changed(self, text: str) -> None:
        self._emit({"timezone": text.strip(), "start_fold": None, "end_fold": None}, EditKind.RUN)

    def _on_all_day_check_toggled(self, checked: bool) -> None:
        self._apply_days_only(checked)
        changes: dict[str, Any] = {
            "all_day": checked,
            "start": self.start_edit.value(),
            "end": self.end_edit.value(),
            "start_fold": None,
            "end_fold": None,
        }
        deadline = self.deadline_edit.value()
        if deadline is not None:
            changes["registration_deadline"] = deadline
        self._emit(changes, EditKind.CHOICE)

    def _on_start_edit_wall_time_edited(self, value: datetime | date) -> None:
        self._emit({"start": value, "start_fold": None}, EditKind.RUN)

    def _on_end_edit_wall_time_edited(self, value: datetime | date) -> None:
        self._emit({"end": value, "end_fold": None}, EditKind.RUN)

    def _on_start_occurrence_fold_chosen(self, fold: int) -> None:
        self._emit({"start_fold": fold}, EditKind.CHOICE)

    def _on_end_occurrence_fold_chosen(self, fold: int) -> None:
        self._emit({"end_fold": fold}, EditKind.CHOICE)

    def _on_deadline_edit_value_edited(self, value: datetime | date | None) -> None:
        self._emit({"registration_deadline": value}, EditKind.RUN)

    def _on_venue_edit_text_edited(self, _: str) -> None:
        venue = {part: edit.text() for part, edit in self.venue_edits.items()}
        self._emit({"venue": venue}, EditKind.TEXT)


def select_data(combo: QComboBox, value: object) -> None:
    """Show the choice whose data is `value` (the first if none), without signals."""
    with QSignalBlocker(combo):
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))
