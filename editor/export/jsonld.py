"""schema.org JSON-LD for item pages: Event and NewsArticle, safe inside a <script> element."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from editor.domain.items import Announcement, Attendance, Event, EventStatus
from editor.export.layout import Entry
from editor.export.site_address import absolute

_EVENT_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.MOVED_ONLINE: "EventMovedOnline",
}
_ATTENDANCE = {
    Attendance.IN_PERSON: "OfflineEventAttendanceMode",
    Attendance.ONLINE: "OnlineEventAttendanceMode",
    Attendance.HYBRID: "MixedEventAttendanceMode",
}


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _event_times(event: Event) -> tuple[str, str]:
    if event.all_day or not isinstance(event.start, datetime):
        return event.start.isoformat(), event.end.isoformat()
    return _iso(event.start_moment()), _iso(event.end_moment())


def _place(event: Event) -> list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    venue = event.venue
    if venue is not None and event.attendance != Attendance.ONLINE:
        address = {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "addressLocality": venue.city,
            "addressCountry": venue.country,
        }
        places.append(
            {
                "@type": "Place",
                "name": venue.name or venue.one_line(),
                "address": {k: v for k, v in address.items() if v},
            }
        )
    if event.online_url and event.is_online():
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    return places


def item_json_ld(entry: Entry, image: str | None, base: str | None = None) -> dict[str, Any]:
    """The page's schema.org description. URLs are relative to the bundle root, or absolute
    when the site's address `base` is known."""
    item = entry.item
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "inLanguage": item.language,
        "description": item.summary or None,
        "keywords": ", ".join(item.tags) or None,
        "image": absolute(image, base) if image else None,
        "url": absolute(entry.page, base),
        "identifier": f"urn:uuid:{item.id}",
    }
    if isinstance(item, Event):
        start, end = _event_times(item)
        attendance = (
            Attendance.ONLINE if item.event_status == EventStatus.MOVED_ONLINE else item.attendance
        )
        data |= {
            "@type": "Event",
            "name": item.title,
            "startDate": start,
            "endDate": end,
            "eventStatus": f"https://schema.org/{_EVENT_STATUS[item.event_status]}",
            "eventAttendanceMode": f"https://schema.org/{_ATTENDANCE[attendance]}",
            "location": _place(item) or None,
            "organizer": [{"@type": "Organization", "name": n} for n in item.organizers] or None,
            "offers": {"@type": "Offer", "url": item.registration_url}
            if item.registration_url and item.event_status != EventStatus.CANCELLED
            else None,
        }
    else:
        assert isinstance(item, Announcement)
        published = item.publish_at or item.created_at
        data |= {
            "@type": "NewsArticle",
            "headline": item.title,
            "datePublished": _iso(published),
            "dateModified": _iso(item.updated_at.astimezone(UTC)),
            "author": [{"@type": "Person", "name": n} for n in item.authors] or None,
        }
    return {key: value for key, value in data.items() if value is not None}


def script_json(data: Mapping[str, Any]) -> str:
    """JSON for a <script> element: '<', '>' and '&' escaped, so no text can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
