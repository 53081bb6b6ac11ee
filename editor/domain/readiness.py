"""Readiness rules: what an editor should look at before an item is published. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from editor.domain import wallclock
from editor.domain.items import Announcement, Event, EventStatus

Item = Announcement | Event


@dataclass(frozen=True)
class ReadinessWarning:
    """One thing to check before publishing, tied to the field that fixes it."""

    field: str  # model field name, "" for the whole item
    message: str


def _deadline_moment(event: Event) -> datetime | None:
    deadline = event.registration_deadline
    if deadline is None:
        return None
    tz = wallclock.zone(event.timezone)
    if isinstance(deadline, datetime):
        return wallclock.localize(deadline, tz)
    # A deadline given as a day lasts until the end of that day.
    return datetime.combine(deadline, time.max).replace(tzinfo=tz)


def readiness_warnings(item: Item, *, now: datetime) -> list[ReadinessWarning]:
    """Every warning for `item` at the aware moment `now`, in the order of the form."""
    out: list[ReadinessWarning] = []
    if not item.summary.strip():
        out.append(
            ReadinessWarning("summary", "No summary: listings and feeds will show no teaser")
        )
    if not item.body.strip():
        out.append(ReadinessWarning("body", "The body is empty"))
    if item.image and not item.image_alt.strip():
        out.append(
            ReadinessWarning(
                "image_alt", "The image has no alt text: screen-reader users will miss it"
            )
        )
    if isinstance(item, Event):
        over = item.end_moment() < now
        if over and item.event_status == EventStatus.SCHEDULED:
            out.append(
                ReadinessWarning(
                    "event_status",
                    f"This event ended on {_day(item.end)} but is still marked scheduled",
                )
            )
        deadline = _deadline_moment(item)
        if deadline is not None and not over and deadline < now:
            out.append(
                ReadinessWarning(
                    "registration_deadline",
                    f"The registration deadline ({wallclock.short_day(deadline)}) has passed",
                )
            )
    return out


def _day(value: datetime | date) -> str:
    return wallclock.short_day(value.date() if isinstance(value, datetime) else value)
