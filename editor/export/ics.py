"""iCalendar (RFC 5545) for events: events.ics with all of them, and one file per event."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

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


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of `tzid` from zoneinfo for those years, serialized: slow to make
    (every transition, folded), so made once per zone and range."""
    zone = icalendar.Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    return bytes(zone.to_ical())


def _zone_ids(event: Event) -> set[str]:
    if event.all_day or not isinstance(event.start, datetime):
        return set()
    start, end = _times(event)
    return {
        moment.tzinfo.key  # type: ignore[union-attr]
        for moment in (start, end)
        if isinstance(moment, datetime) and moment.tzinfo is not UTC
    }


def build_calendar(
    events: Sequence[Event], *, name: str, serialized: dict[UUID, bytes] | None = None
) -> bytes:
    """A VCALENDAR with `events` and a VTIMEZONE for every zone they use (sorted by TZID).

    Components are serialized one by one and joined: each event appears in two calendars,
    and a zone in many.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    head = bytes(calendar.to_ical())
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    parts = [head[: -len(end)]]
    ordered = sorted(events, key=lambda e: (e.start_moment().astimezone(UTC), str(e.id)))
    if ordered:
        # Zone rules only for the years the events span: short files, same bytes each time.
        first = min(e.start_moment() for e in ordered).year - 1
        last = max(e.end_moment() for e in ordered).year + 2
        for tzid in sorted(set().union(*(_zone_ids(e) for e in ordered))):
            parts.append(_vtimezone(tzid, first, last))
    done = {} if serialized is None else serialized
    for event in ordered:
        if event.id not in done:
            done[event.id] = bytes(vevent(event).to_ical())
        parts.append(done[event.id])
    parts.append(end)
    return b"".join(parts)


def calendar_files(entries: Sequence[Entry], *, name: str) -> dict[str, bytes]:
    """events.ics and events/<slug>/event.ics."""
    events = [e.item for e in entries if isinstance(e.item, Event)]
    # Each event goes into events.ics and its own file: serialized once.
    serialized: dict[UUID, bytes] = {}
    files = {"events.ics": build_calendar(events, name=name, serialized=serialized)}
    for entry in entries:
        if isinstance(entry.item, Event) and entry.ics is not None:
            files[entry.ics] = build_calendar(
                [entry.item], name=entry.item.title, serialized=serialized
            )
    return files
