"""Small input widgets of the item form: wall-time pickers, the time-zone picker, the choice
between the two occurrences of an ambiguous time, completion of comma-separated lists,
problem labels."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QSignalBlocker,
    QStringListModel,
    Qt,
    QTime,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QWidget,
)

from editor.domain.wallclock import abbreviation, all_zone_names

# No weekday ("ddd"): with it, Qt steps some days wrongly (Up on 31 Mar gave 25 Mar).
# The preview's date line shows the weekday.
DATE_FORMAT = "d MMM yyyy"
DATE_TIME_FORMAT = "d MMM yyyy  HH:mm"


def local_zone_name() -> str:
    """The computer's time zone as people know it, e.g. 'Europe/Brussels' or 'UTC'."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("utf-8", "replace")
    if not name:
        name = datetime.now().astimezone().tzname() or "UTC"
    return "UTC" if name in ("Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu") else name


def local_zone_note() -> str:
    return f"{local_zone_name()}, this computer's time zone"


def to_qdatetime(value: datetime | date) -> QDateTime:
    if isinstance(value, datetime):
        return QDateTime(
            QDate(value.year, value.month, value.day),
            QTime(value.hour, value.minute, value.second),
            QTimeZone.utc(),
        )
    return QDateTime(QDate(value.year, value.month, value.day), QTime(0, 0), QTimeZone.utc())


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class WallTimeEdit(QDateTimeEdit):
    """A wall time (or a day) with no zone of its own: it is read in the event's zone.

    Qt is told the time is UTC so that no time is skipped for the *computer's* daylight
    saving; whether it exists in the event's zone is the model's call.
    """

    wall_time_edited = Signal(object)  # datetime, or date when showing days only

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTimeZone(QTimeZone.utc())
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_TIME_FORMAT)
        self._days_only = False
        self.dateTimeChanged.connect(self._on_self_date_time_changed)

    def set_days_only(self, days_only: bool) -> None:
        self._days_only = days_only
        with QSignalBlocker(self):
            self.setDisplayFormat(DATE_FORMAT if days_only else DATE_TIME_FORMAT)

    def set_value(self, value: datetime | date) -> None:
        with QSignalBlocker(self):
            self.setDateTime(to_qdatetime(value))

    def value(self) -> datetime | date:
        moment = from_qdatetime(self.dateTime())
        return moment.date() if self._days_only else moment

    def _on_self_date_time_changed(self, _: QDateTime) -> None:
        self.wall_time_edited.emit(self.value())


class OptionalTimeEdit(QWidget):
    """A wall time that may be left unset: a check box turns the picker on."""

    value_edited = Signal(object)  # datetime, date or None

    def __init__(self, name: str, parent: QWidget | None = None, *, zone_note: str = "") -> None:
        super().__init__(parent)
        self.check = QCheckBox("Set", self)
        self.check.setAccessibleName(f"{name} set")
        self.edit = WallTimeEdit(self)
        self.edit.setAccessibleName(name)
        self.edit.setAccessibleDescription(f"In {zone_note}" if zone_note else "")
        self.edit.setEnabled(False)
        # Unset shows as a dash rather than a made-up date.
        self.edit.setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0), QTimeZone.utc()))
        self.edit.setSpecialValueText("—")
        self._default: datetime | date = datetime(2000, 1, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.zone_label: QLabel | None = None
        if zone_note:
            # Which zone the time is read in: without it, "09:00" could mean anything.
            self.zone_label = QLabel(zone_note, self)
            self.zone_label.setAccessibleName(f"{name} time zone")
            self.zone_label.setObjectName("hint")
            self.zone_label.setWordWrap(True)
            self.zone_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(self.zone_label, 1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._on_check_toggled)
        self.edit.wall_time_edited.connect(self._on_edit_wall_time_edited)

    def set_days_only(self, days_only: bool) -> None:
        self.edit.set_days_only(days_only)

    def set_value(self, value: datetime | date | None, default: datetime | date) -> None:
        self._default = default
        with QSignalBlocker(self.check):
            self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        if value is None:
            with QSignalBlocker(self.edit):
                self.edit.setDateTime(self.edit.minimumDateTime())
        else:
            self.edit.set_value(value)

    def value(self) -> datetime | date | None:
        return self.edit.value() if self.check.isChecked() else None

    def _on_check_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked:
            if self.edit.dateTime() == self.edit.minimumDateTime():
                self.edit.set_value(self._default)
            self.edit.setFocus()
        else:
            with QSignalBlocker(self.edit):
                self.edit.setDateTime(self.edit.minimumDateTime())
        self.value_edited.emit(self.value())

    def _on_edit_wall_time_edited(self, _: object) -> None:
        self.value_edited.emit(self.value())


class ZoneComboBox(QComboBox):
    """Every IANA time zone; type any part of a name ("bruss", "new_y") to find it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(all_zone_names()))
        self.setMaxVisibleItems(15)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type a city, e.g. Brussels")

    def set_zone(self, name: str) -> None:
        with QSignalBlocker(self):
            index = self.findText(name)
            if index >= 0:
                self.setCurrentIndex(index)
            self.setEditText(name)


class OccurrenceComboBox(QComboBox):
    """Which of the two occurrences of a wall time the clocks going back make happen twice.

    Shows "first (CEST)" / "second (CET)" for the zone; no choice yet reads "Which one?".
    """

    fold_chosen = Signal(int)  # 0 the first occurrence, 1 the second

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Which one?")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setToolTip(
            "The clocks go back over this time, so it happens twice: say which one is meant"
        )
        self.addItems(["first", "second"])
        self.setCurrentIndex(-1)
        self.activated.connect(self._on_self_activated)

    def show_choices(self, wall: datetime, tz: tzinfo) -> None:
        """Name both occurrences of `wall` with their zone abbreviations in `tz`."""
        for fold, word in enumerate(("first", "second")):
            moment = wall.replace(tzinfo=tz, fold=fold)
            self.setItemText(fold, f"{word} ({abbreviation(moment)})")

    def set_fold(self, fold: int | None) -> None:
        with QSignalBlocker(self):
            self.setCurrentIndex(-1 if fold is None else int(fold))

    def fold(self) -> int | None:
        index = self.currentIndex()
        return index if index in (0, 1) else None

    def _on_self_activated(self, index: int) -> None:
        if index in (0, 1):
            self.fold_chosen.emit(index)


class ListCompleter(QCompleter):
    """Suggests known values for the entry being typed in a comma-separated line edit.

    Completes the text between the last comma before the cursor and the cursor, ignoring
    case, and leaves out values the line already holds. Choosing a suggestion replaces
    that entry as typing would: the line edit's own undo takes it back and `textEdited`
    fires, so the form reports it like any other edit.
    """

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        self._values: list[str] = []
        self._model = QStringListModel(self)
        self.setModel(self._model)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(8)
        self.setWidget(edit)
        self._popup = QListView()
        self._popup.setAccessibleName(f"{edit.accessibleName() or 'List'} suggestions")
        self.setPopup(self._popup)  # the completer takes it over
        edit.textEdited.connect(self._on_edit_text_edited)
        self.activated.connect(self._on_self_activated)

    def set_values(self, values: list[str]) -> None:
        self._values = list(values)

    def values(self) -> list[str]:
        return list(self._values)

    def _entry_span(self) -> tuple[int, int]:
        """Where the entry being typed starts (after the comma and spaces) and ends."""
        text = self._edit.text()
        cursor = self._edit.cursorPosition()
        start = text.rfind(",", 0, cursor) + 1
        while start < cursor and text[start].isspace():
            start += 1
        return start, cursor

    def _on_edit_text_edited(self, text: str) -> None:
        start, end = self._entry_span()
        entry = text[start:end]
        if not entry or not self._values:
            self._popup.hide()
            return
        others = {part.strip().casefold() for part in text.split(",")} - {entry.casefold()}
        self._model.setStringList([v for v in self._values if v.casefold() not in others])
        self.setCompletionPrefix(entry)
        exact = self.completionCount() == 1 and self.currentCompletion().casefold() == (
            entry.casefold()
        )
        if self.completionCount() == 0 or exact:
            self._popup.hide()
            return
        self.complete()

    def _on_self_activated(self, value: str) -> None:
        start, end = self._entry_span()
        self._edit.setSelection(start, end - start)
        self._edit.insert(value)


class ProblemLabel(QLabel):
    """A validation message under its field, hidden while there is none."""

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(f"{field_label} problem")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setObjectName("problem")
        self.hide()

    def show_problem(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))
