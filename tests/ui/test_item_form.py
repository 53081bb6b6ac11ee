"""The item form on its own: layout per kind, values out, problems in, accessible names."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QByteArray, QTimeZone
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from editor.domain.items import Status
from editor.ui.form_widgets import WallTimeEdit, local_zone_name, local_zone_note, to_qdatetime
from editor.ui.item_form import ItemForm
from tests.ui.form_helpers import announcement_data, event_data, form
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

pytestmark = OFFSCREEN_SIZE_HINTS
__all__ = ["form"]  # a fixture

REQUIRED_NAMES = (
    "Title",
    "Summary",
    "Start",
    "End",
    "Time zone",
    "Status",
    "Tags",
    "All day",
    "Venue name",
    "Venue address",
    "City",
    "Country",
    "Online link",
    "Attendance",
    "Registration link",
    "Registration deadline",
    "Co-hosts",
    "Event status",
    "Language",
    "Slug",
    "Authors",
    "Publish at",
    "Expires at",
    "Translation of",
    "Image",
    "Image alt text",
)


def test_every_field_has_an_accessible_name(form: ItemForm) -> None:
    form.load(event_data())
    for name in REQUIRED_NAMES:
        find(form, name)


def test_every_interactive_widget_is_named(form: ItemForm) -> None:
    form.load(event_data())
    kinds = (QLineEdit, QComboBox, QCheckBox, QPlainTextEdit, WallTimeEdit)
    unnamed = [
        w
        for w in form.findChildren(QWidget)
        if isinstance(w, kinds)
        and not w.accessibleName()
        and w.parent() is not None
        and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)  # their own line edits
    ]
    assert unnamed == []


def test_event_fields_only_for_events(form: ItemForm) -> None:
    form.load(announcement_data())
    assert not find(form, "Start").isVisibleTo(form)
    assert not find(form, "Time zone").isVisibleTo(form)
    assert find(form, "Status").isVisibleTo(form)
    form.load(event_data())
    assert find(form, "Start").isVisibleTo(form)
    assert find(form, "Venue name").isVisibleTo(form)


def test_values_are_shown(form: ItemForm) -> None:
    data = event_data()
    form.load(data)
    assert find(form, "Title", QLineEdit).text() == data["title"]
    assert find(form, "Time zone", QComboBox).currentText() == data["timezone"]
    assert find(form, "Start", WallTimeEdit).value() == data["start"]
    assert find(form, "Status", QComboBox).currentData() == data["status"]
    assert "Revision 1" in find(form, "Item information", QLabel).text()


def test_typing_emits_model_values(qtbot: Any, form: ItemForm) -> None:
    form.load(event_data())
    seen: list[dict[str, Any]] = []
    form.fields_edited.connect(seen.append)
    tags = find(form, "Tags", QLineEdit)
    tags.end(False)
    qtbot.keyClicks(tags, ", extra")
    assert seen[-1]["tags"][-1] == "extra"
    with qtbot.waitSignal(form.fields_edited) as blocker:
        qtbot.keyClicks(find(form, "City", QLineEdit), "X")
    assert set(blocker.args[0]["venue"]) == {"name", "address", "city", "country"}


def test_all_day_switches_times_to_days(qtbot: Any, form: ItemForm) -> None:
    form.load(event_data())
    with qtbot.waitSignal(form.fields_edited) as blocker:
        find(form, "All day", QCheckBox).setChecked(True)
    changes = blocker.args[0]
    assert changes["all_day"] is True
    assert isinstance(changes["start"], date) and not isinstance(changes["start"], datetime)


def test_optional_dates_can_be_set_and_cleared(qtbot: Any, form: ItemForm) -> None:
    form.load(announcement_data())
    check = find(form, "Expires at set", QCheckBox)
    with qtbot.waitSignal(form.fields_edited) as blocker:
        check.setChecked(True)
    assert isinstance(blocker.args[0]["expires_at"], datetime)
    assert blocker.args[0]["expires_at"].tzinfo is not None
    with qtbot.waitSignal(form.fields_edited) as blocker:
        check.setChecked(False)
    assert blocker.args[0] == {"expires_at": None}


def test_problems_show_beside_touched_fields_only(qtbot: Any, form: ItemForm) -> None:
    form.load(event_data())
    problems = {"end": "End must be after the start", "title": "Title is required"}
    qtbot.keyClicks(find(form, "Title", QLineEdit), "x")
    form.show_problems(problems)
    assert find(form, "Title problem", QLabel).text() == "Title is required"
    assert find(form, "Title problem", QLabel).isVisible()
    assert not find(form, "End problem", QLabel).isVisible()
    form.reveal_all_problems()
    assert find(form, "End problem", QLabel).isVisible()
    form.show_problems({})
    assert not find(form, "Title problem", QLabel).isVisible()


def test_loading_nothing_disables_the_form(form: ItemForm) -> None:
    form.load({})
    assert not find(form, "Title").isEnabled()


def test_read_only(form: ItemForm) -> None:
    form.load(announcement_data())
    form.set_read_only(True)
    assert find(form, "Title", QLineEdit).isReadOnly()
    assert not find(form, "Status").isEnabled()


def test_status_choice_is_emitted(qtbot: Any, form: ItemForm) -> None:
    form.load(announcement_data())
    combo = find(form, "Status", QComboBox)
    with qtbot.waitSignal(form.fields_edited) as blocker:
        combo.setCurrentIndex(combo.findData(Status.ARCHIVED))
        combo.activated.emit(combo.currentIndex())
    assert blocker.args[0] == {"status": Status.ARCHIVED}


def ambiguous_event_data() -> dict[str, Any]:
    # 30 October 2022: at 03:00 CEST Brussels goes back to 02:00 CET, so 02:30 happens twice.
    return event_data() | {
        "timezone": "Europe/Brussels",
        "start": datetime(2022, 10, 30, 2, 30),
        "end": datetime(2022, 10, 30, 4, 0),
        "start_fold": None,
        "end_fold": None,
        "registration_deadline": None,
    }


def test_occurrence_choosers_show_only_for_an_ambiguous_time(form: ItemForm) -> None:
    form.load(event_data())
    assert not find(form, "Start occurrence").isVisibleTo(form)
    assert not find(form, "End occurrence").isVisibleTo(form)
    form.load(ambiguous_event_data())
    chooser = find(form, "Start occurrence", QComboBox)
    assert chooser.isVisibleTo(form)
    assert not find(form, "End occurrence").isVisibleTo(form)  # 04:00 happens once
    assert [chooser.itemText(i) for i in range(chooser.count())] == [
        "first (CEST)",
        "second (CET)",
    ]
    assert chooser.currentIndex() == -1  # nothing chosen yet: no guess


def test_choosing_an_occurrence_sets_the_fold(qtbot: Any, form: ItemForm) -> None:
    form.load(ambiguous_event_data())
    chooser = find(form, "Start occurrence", QComboBox)
    with qtbot.waitSignal(form.fields_edited) as blocker:
        chooser.setCurrentIndex(1)
        chooser.activated.emit(1)
    assert blocker.args[0] == {"start_fold": 1}
    # A new start forgets the choice (it was about the old time), as with_changes does.
    start = find(form, "Start", WallTimeEdit)
    with qtbot.waitSignal(form.fields_edited) as blocker:
        start.setDateTime(to_qdatetime(datetime(2022, 10, 30, 2, 45)))
    assert blocker.args[0] == {"start": datetime(2022, 10, 30, 2, 45), "start_fold": None}
    assert chooser.isVisibleTo(form)
    assert chooser.currentIndex() == -1


def test_occurrence_chooser_follows_the_zone_and_all_day(qtbot: Any, form: ItemForm) -> None:
    data = ambiguous_event_data() | {"timezone": "America/New_York"}
    form.load(data)
    assert not find(form, "Start occurrence").isVisibleTo(form)  # New York changes a week later
    find(form, "Time zone", QComboBox).setEditText("Europe/Paris")
    chooser = find(form, "Start occurrence", QComboBox)
    assert chooser.isVisibleTo(form)
    assert chooser.itemText(1) == "second (CET)"
    find(form, "All day", QCheckBox).setChecked(True)
    assert not chooser.isVisibleTo(form)
    form.load(ambiguous_event_data() | {"start_fold": 0})
    assert find(form, "Start occurrence", QComboBox).currentIndex() == 0


def test_publication_times_say_they_are_in_this_computers_zone(form: ItemForm) -> None:
    form.load(announcement_data())
    for name in ("Publish at", "Expires at"):
        note = find(form, f"{name} time zone", QLabel)
        assert note.isVisibleTo(form)
        assert note.text().endswith(", this computer's time zone")
        assert find(form, name, WallTimeEdit).accessibleDescription() == f"In {note.text()}"


def test_local_zone_name(monkeypatch: Any) -> None:
    monkeypatch.setattr(QTimeZone, "systemTimeZoneId", lambda: QByteArray(b"Europe/Brussels"))
    assert local_zone_name() == "Europe/Brussels"
    assert local_zone_note() == "Europe/Brussels, this computer's time zone"
    monkeypatch.setattr(QTimeZone, "systemTimeZoneId", lambda: QByteArray(b"Etc/UTC"))
    assert local_zone_name() == "UTC"
