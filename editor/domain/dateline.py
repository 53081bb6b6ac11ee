"""How an event's date and time read on a page: 'Wednesday 13 April 2022, 15:00-16:00 CEST'."""

from __future__ import annotations

from datetime import date, datetime

from editor.domain.items import Event
from editor.domain.wallclock import abbreviation, long_day, month_name


def _range_of_days(first: date, last: date) -> str:
    if first == last:
        return long_day(first)
    end = f"{last.day} {month_name(last.month)} {last.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{end}"
    if first.year == last.year:
        return f"{first.day} {month_name(first.month)} - {end}"
    return f"{first.day} {month_name(first.month)} {first.year} - {end}"


def event_dateline(event: Event) -> str:
    """The date line in the event's own time zone, as people write it."""
    if event.all_day or not isinstance(event.start, datetime):
        first = event.start if not isinstance(event.start, datetime) else event.start.date()
        last = event.end if not isinstance(event.end, datetime) else event.end.date()
        return _range_of_days(first, last)
    begin = event.start_moment()
    finish = event.end_moment()
    start_zone, end_zone = abbreviation(begin), abbreviation(finish)
    if begin.date() == finish.date():
        if start_zone == end_zone:
            return f"{long_day(begin)}, {begin:%H:%M}-{finish:%H:%M} {end_zone}"
        return f"{long_day(begin)}, {begin:%H:%M} {start_zone}-{finish:%H:%M} {end_zone}"
    return (
        f"{long_day(begin)}, {begin:%H:%M} {start_zone} - "
        f"{long_day(finish)}, {finish:%H:%M} {end_zone}"
    )
