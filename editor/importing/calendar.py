"""iCalendar (.ics) files: each VEVENT becomes an event, matched again by its UID."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5
from zoneinfo import ZoneInfo

import icalendar

from editor.domain import wallclock
from editor.domain.items import EventStatus, Status
from editor.export.ics import UID_DOMAIN
from editor.importing.candidate import Candidate
from editor.importing.sources import SourceError

DEFAULT_TIMEZONE = "UTC"
_STATUS = {"CANCELLED": EventStatus.CANCELLED, "TENTATIVE": EventStatus.POSTPONED}
# The lines editor.export.ics adds to DESCRIPTION after the summary, read back as fields.
_LINE_FIELDS = {"Online: ": "online_url", "Registration: ": "registration_url"}
_HOSTS = "Hosted by: "
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def item_id_for_uid(uid: str) -> UUID:
    """The item id a calendar UID maps to: the same on every import of the calendar.

    UIDs this app wrote carry the id itself; any other UID is hashed into one.
    """
    local, _, domain = uid.rpartition("@")
    if domain == UID_DOMAIN:
        try:
            return UUID(local)
        except ValueError:
            pass
    return uuid5(NAMESPACE_URL, f"noticeboard:ics-uid:{uid}")


def _zone_name(value: tzinfo | None) -> str | None:
    key = getattr(value, "key", None)
    if isinstance(key, str):
        try:
            wallclock.zone(key)
        except ValueError:
            return None
        return key
    return None


def calendar_candidates(
    text: str, source: str, *, default_timezone: str = DEFAULT_TIMEZONE
) -> list[Candidate]:
    """Every VEVENT of the calendar in `text`, as event candidates (not validated yet).

    Time zones: an event's own TZID when it is an IANA name; else the calendar's
    X-WR-TIMEZONE; else `default_timezone`. UTC times and times in a home-made VTIMEZONE
    are the same instants, shown in that zone; floating times are read as wall times in it.
    """
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as error:
        raise SourceError(source, f"is not a readable iCalendar file ({error})") from None
    calendar_zone = _zone_name(_try_zone(calendar.get("x-wr-timezone")))
    out: list[Candidate] = []
    for number, component in enumerate(calendar.walk("VEVENT"), start=1):
        where = f"{source} (event {number})"
        try:
            out.append(_candidate(component, where, calendar_zone or default_timezone))
        except (ValueError, KeyError, TypeError) as error:
            raise SourceError(where, f"cannot be read: {error}") from None
    if not out:
        raise SourceError(source, "holds no events (VEVENT)")
    return out


def _try_zone(value: Any) -> tzinfo | None:
    if value is None:
        return None
    try:
        return ZoneInfo(str(value))
    except (ValueError, KeyError, OSError):
        return None


def _decoded(component: icalendar.cal.Component, name: str) -> Any:
    return component.decoded(name) if name in component else None


def _candidate(component: icalendar.cal.Component, source: str, fallback_zone: str) -> Candidate:
    uid = str(component.get("uid", "")).strip()
    start = _decoded(component, "dtstart")
    if start is None:
        raise SourceError(source, "has no start (DTSTART)")
    end = _decoded(component, "dtend")
    notes: list[str] = []
    if end is None:
        duration = _decoded(component, "duration")
        end = start + duration if isinstance(duration, timedelta) else None
    data: dict[str, Any] = {
        "kind": "event",
        "title": str(component.get("summary", "")).strip() or "Untitled event",
        "status": Status.DRAFT.value,
    }
    if uid:
        data["id"] = str(item_id_for_uid(uid))
    else:
        notes.append("no UID: importing this calendar again will add it again")
    if isinstance(start, datetime):
        # A UTC time says nothing of where the event is (the exporter writes the second of
        # a doubled time in UTC), so a real zone on the other end wins over it.
        named = [_zone_name(start.tzinfo), _zone_name(getattr(end, "tzinfo", None))]
        zone = next((z for z in named if z and z != "UTC"), None) or fallback_zone
        if end is None:
            end = start + timedelta(hours=1)
            notes.append("no end: made one hour long")
        data |= {"timezone": zone, "all_day": False}
        data["start"], data["end"] = _aware(start, zone), _aware(end, zone)
        if start.tzinfo is None:
            notes.append(f"floating time: read as wall time in {zone}")
    else:
        # DTEND of a day-long event is exclusive; the model keeps the last day.
        last = end - timedelta(days=1) if isinstance(end, date) and end > start else start
        data |= {"timezone": fallback_zone, "all_day": True, "start": start, "end": last}
    status = str(component.get("status", "")).upper()
    if status in _STATUS:
        data["event_status"] = _STATUS[status].value
    description = str(component.get("description", "")).replace("\r\n", "\n").strip()
    data |= _description_fields(description)
    location = str(component.get("location", "")).strip()
    url = str(component.get("url", "")).strip() or None
    data |= _place(location, url or data.get("online_url"))
    categories = component.get("categories")
    if categories is not None:
        data["tags"] = _categories(categories)
    extra: dict[str, Any] = {}
    if uid and not uid.endswith(f"@{UID_DOMAIN}"):
        extra["ics_uid"] = uid
    if "rrule" in component:
        rule = component["rrule"].to_ical()
        extra["ics_rrule"] = rule.decode() if isinstance(rule, bytes) else str(rule)
        notes.append("a repeating event: only its first occurrence is imported")
    return Candidate(source=source, data=data, extra=extra, notes=tuple(notes))


def _aware(value: datetime, zone: str) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=wallclock.zone(zone))
    return value


def _description_fields(text: str) -> dict[str, Any]:
    """Summary (one short paragraph) or body, and the lines the exporter adds."""
    lines = text.split("\n")
    fields: dict[str, Any] = {}
    while lines:
        line = lines[-1].strip()
        field = next((f for prefix, f in _LINE_FIELDS.items() if line.startswith(prefix)), None)
        if field is not None and _URL.match(line.split(": ", 1)[1]):
            fields.setdefault(field, line.split(": ", 1)[1])
        elif line.startswith(_HOSTS):
            fields["organizers"] = [h.strip() for h in line[len(_HOSTS) :].split(",")]
        else:
            break
        lines.pop()
    rest = "\n".join(lines).strip()
    if rest and len(rest) <= 500 and "\n\n" not in rest and "\n" not in rest:
        fields["summary"] = rest
    elif rest:
        fields["body"] = rest
    return fields


def _place(location: str, url: str | None) -> dict[str, Any]:
    parts = [p.strip() for p in location.split(" / ")] if location else []
    links = [p for p in parts if _URL.match(p)]
    places = [p for p in parts if not _URL.match(p)]
    online = url or (links[0] if links else None)
    out: dict[str, Any] = {}
    if places:
        out["venue"] = {"name": places[0]}
    if online and _URL.match(online):
        out["online_url"] = online
        out["attendance"] = "hybrid" if places else "online"
    return out


def _categories(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    tags: list[str] = []
    for entry in values:
        cats = getattr(entry, "cats", None)
        tags += [str(c) for c in cats] if cats is not None else [str(entry)]
    return tags
