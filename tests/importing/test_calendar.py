"""iCalendar files: zones, daylight-saving changes, all-day events, cancellations, UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from editor.domain.items import Event, EventStatus
from editor.importing.calendar import calendar_candidates, item_id_for_uid
from editor.importing.plan import Action
from editor.importing.planning import plan_import
from editor.importing.sources import SourceError
from editor.storage.workspace import Workspace
from tests.export.fixtures import golden_items
from tests.importing.helpers import contents, export_files, import_into

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:night-of-the-change@example.org
DTSTART;TZID=Europe/Brussels:20221030T013000
DTEND;TZID=Europe/Brussels:20221030T023000
SUMMARY:Night shift briefing
END:VEVENT
BEGIN:VEVENT
UID:spring@example.org
DTSTART;TZID=America/New_York:20220313T010000
DTEND;TZID=America/New_York:20220313T040000
SUMMARY:Across the spring change
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:workshop@example.org
DTSTART;VALUE=DATE:20220517
DTEND;VALUE=DATE:20220522
SUMMARY:Peer-learning workshop
LOCATION:Palazzo della Ragione\\, Bergamo
CATEGORIES:exchange,cities
END:VEVENT
BEGIN:VEVENT
UID:utc@example.org
DTSTART:20220413T130000Z
DTEND:20220413T140000Z
SUMMARY:Online briefing
URL:https://example.org/join
END:VEVENT
END:VCALENDAR
"""


def _calendar(tmp_path: Path, text: str = CALENDAR) -> Path:
    path = tmp_path / "events.ics"
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8", newline="")
    return path


def test_calendar_with_daylight_saving_and_all_day_events(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    plan = import_into(workspace, _calendar(tmp_path))
    assert [a.action for a in plan.actions] == [Action.ADD] * 4
    events = {e.title: e for e in workspace.items() if isinstance(e, Event)}
    night = events["Night shift briefing"]
    # 02:30 happens twice that night; a TZID time means the first (RFC 5545).
    assert (night.timezone, night.end, night.end_fold) == (
        "Europe/Brussels",
        datetime(2022, 10, 30, 2, 30),
        0,
    )
    spring = events["Across the spring change"]
    assert spring.event_status is EventStatus.CANCELLED
    # 01:00 to 04:00 on the night the clocks jump forward is two hours, not three.
    length = spring.end_moment().astimezone(UTC) - spring.start_moment().astimezone(UTC)
    assert length.total_seconds() == 2 * 3600
    workshop = events["Peer-learning workshop"]
    assert (workshop.all_day, workshop.start, workshop.end) == (
        True,
        date(2022, 5, 17),
        date(2022, 5, 21),
    )
    assert workshop.tags == ("exchange", "cities")
    assert workshop.venue is not None and workshop.venue.name == "Palazzo della Ragione, Bergamo"
    online = events["Online briefing"]
    assert (online.timezone, online.start) == ("UTC", datetime(2022, 4, 13, 13, 0))
    assert online.online_url == "https://example.org/join"


def test_importing_the_calendar_again_updates_instead_of_duplicating(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    import_into(workspace, _calendar(tmp_path))
    changed = CALENDAR.replace("Night shift briefing", "Night briefing (moved)")
    plan = import_into(workspace, _calendar(tmp_path, changed))
    assert sorted(a.action for a in plan.actions) == [Action.SKIP] * 3 + [Action.UPDATE]
    assert len(workspace) == 4
    moved = workspace.get(item_id_for_uid("night-of-the-change@example.org"))
    assert moved.title == "Night briefing (moved)"


def test_floating_times_use_the_calendar_zone() -> None:
    text = CALENDAR.replace("PRODID:-//Test//EN", "PRODID:x\nX-WR-TIMEZONE:Europe/Lisbon")
    text = text.replace("DTSTART:20220413T130000Z", "DTSTART:20220413T130000")
    text = text.replace("DTEND:20220413T140000Z", "DTEND:20220413T140000")
    [*_, floating] = calendar_candidates(text, "cal.ics")
    assert floating.data["timezone"] == "Europe/Lisbon"
    assert any("floating" in note for note in floating.notes)


def test_a_broken_calendar_is_named() -> None:
    with pytest.raises(SourceError, match=r"cal\.ics"):
        calendar_candidates("BEGIN:VCALENDAR\nnonsense", "cal.ics")


def test_import_export_import_is_the_identity(tmp_path: Path) -> None:
    events = [i for i in golden_items() if isinstance(i, Event)]
    first = Workspace.in_memory()
    import_into(first, export_files(events, tmp_path / "one", "events.ics"))
    assert len(first) == len(events)
    second = Workspace.in_memory()
    import_into(second, export_files(first.items(), tmp_path / "two", "events.ics"))
    assert contents(second.items()) == contents(first.items())


def test_own_uids_keep_the_item_id(tmp_path: Path) -> None:
    events = [i for i in golden_items() if isinstance(i, Event)]
    plan = plan_import([export_files(events, tmp_path, "events.ics")], Workspace.in_memory())
    assert {a.item.id for a in plan.actions if a.item} == {e.id for e in events}
