"""How an event's date and time read on a page: 'Wednesday 13 April 2022, 15:00-16:00 CEST'."""

from __future__ import annotations

from datetime import datetime

from editor.domain.items import Event
from editor.domain.localdates import ENGLISH, day_range, weekday_day
from editor.domain.wallclock import abbreviation


def event_dateline(event: Event, language: str = ENGLISH) -> str:
    """The date line in the event's own time zone, as people write it in `language`."""
    if event.all_day or not isinstance(event.start, datetime):
        first = event.start if not isinstance(event.start, datetime) else event.start.date()
        last = event.end if not isinstance(event.end, datetime) else event.end.date()
        return day_range(first, last, language)
    begin = event.start_moment()
    finish = event.end_moment()
    start_zone, end_zone = abbreviation(begin), abbreviation(finish)
    on_day = weekday_day(begin, language)
    if begin.date() == finish.date():
        if start_zone == end_zone:
            return f"{on_day}, {begin:%H:%M}-{finish:%H:%M} {end_zone}"
        return f"{on_day}, {begin:%H:%M} {start_zone}-{finish:%H:%M} {end_zone}"
    return (
        f"{on_day}, {begin:%H:%M} {start_zone} - "
        f"{weekday_day(finish, language)}, {finish:%H:%M} {end_zone}"
    )
