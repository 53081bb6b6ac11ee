"""iCalendar (RFC 5545) for events: events.ics with all of them, and one file per event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import icalendar

from editor import __version__
from editor.domain import wallclock
from editor.domain.items import Event, EventStatus
from editor.export.layout import Entry

PRODUCT_ID = f"-//Noticeboard//Noticeboard {__version__}//EN"
UID_DOMAIN = "noticeboard"
_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.MOVED_ONLINE: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def event_uid(event: Event) -> str:
    """The same for every export of the event, so calendars update rather than duplicate."""
    return f"{event.id}@{UID_DOMAIN}"


def _wall_or_utc(value: datetime, event: Event, fold: int | None) -> datetime:
    """The time in the event's zone (TZID), or in UTC for the second of a time that happens
    twice when clocks go back: a TZID time always means the first (RFC 5545, 3.3.5)."""
    tz = wallclock.zone(event.timezone)
    moment = wallclock.localize(value, tz, fold)
    if fold == 1 and wallclock.is_ambiguous(value, tz):
        return moment.astimezone(UTC)
    return moment


def _times(event: Event) -> tuple[date | datetime, date | datetime]:
    if event.all_day or not isinstance(event.start, datetime):
        first = event.start if not isinstance(event.start, datetime) else event.start.date()
        last = event.end if not isinstance(event.end, datetime) else event.end.date()
        # DTEND of a day-long event is exclusive: a workshop 17-21 May ends on the 22nd.
        return first, last + timedelta(days=1)
    assert isinstance(event.end, datetime)
    return (
        _wall_or_utc(event.start, event, event.start_fold),
        _wall_or_utc(event.end, event, event.end_fold),
    )


def _location(event: Event) -> str:
    parts: list[str] = []
    if event.venue is not None and event.event_status != EventStatus.MOVED_ONLINE:
        parts.append(event.venue.one_line())
    if event.online_url and event.is_online():
        parts.append(event.online_url)
    return " / ".join(p for p in parts if p)


def _description(event: Event) -> str:
    lines = [event.summary] if event.summary else []
    if event.online_url and event.is_online():
        lines.append(f"Online: {event.online_url}")
    if event.registration_url and event.event_status != EventStatus.CANCELLED:
        lines.append(f"Registration: {event.registration_url}")
    if event.organizers:
        lines.append("Hosted by: " + ", ".join(event.organizers))
    return "\n".join(lines)


def vevent(event: Event) -> icalendar.Event:
    component = icalendar.Event()
    start, end = _times(event)
    component.add("uid", event_uid(event))
    # When this version of the event was made: from the content, so exports are identical.
    component.add("dtstamp", event.updated_at.astimezone(UTC))
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("created", event.created_at.astimezone(UTC))
    component.add("sequence", event.revision)
    component.add("summary", event.title)
    component.add("dtstart", start)
    component.add("dtend", end)
    component.add("status", _STATUS[event.event_status])
    location = _location(event)
    if location:
        component.add("location", location)
    description = _description(event)
    if description:
        component.add("description", description)
    if event.online_url and event.is_online():
        component.add("url", event.online_url)
    if event.tags:
        component.add("categories", list(event.tags))
    component.add(
        "transp", "OPAQUE" if event.event_status != EventStatus.CANCELLED else "TRANSPARENT"
    )
    return component


def build_calendar(events: Sequence[Event], *, name: str) -> bytes:
    """A VCALENDAR with `events` and a VTIMEZONE for every zone they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in sorted(events, key=lambda e: (e.start_moment().astimezone(UTC), str(e.id))):
        calendar.add_component(vevent(event))
    if events:
        # Zone rules only for the years the events span: short files, same bytes each time.
        first = min(e.start_moment() for e in events).date()
        last = max(e.end_moment() for e in events).date()
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1)
        )
        # icalendar adds the zones in set order, which changes from run to run.
        zones = sorted(
            (c for c in calendar.subcomponents if isinstance(c, icalendar.Timezone)),
            key=lambda c: str(c.get("tzid")),
        )
        others = [c for c in calendar.subcomponents if not isinstance(c, icalendar.Timezone)]
        calendar.subcomponents[:] = [*zones, *others]
    return bytes(calendar.to_ical())


def calendar_files(entries: Sequence[Entry], *, name: str) -> dict[str, bytes]:
    """events.ics and events/<slug>/event.ics."""
    events = [e.item for e in entries if isinstance(e.item, Event)]
    files = {"events.ics": build_calendar(events, name=name)}
    for entry in entries:
        if isinstance(entry.item, Event) and entry.ics is not None:
            files[entry.ics] = build_calendar([entry.item], name=entry.item.title)
    return files
