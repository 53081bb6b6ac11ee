"""Wall-clock times in IANA time zones: daylight-saving gaps, ambiguity, and display."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# English names spelled out here: strftime's %A/%B follow the process locale, and Qt sets
# that from the desktop, so a French desktop would turn "April" into "avril" mid-sentence.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Files some systems ship beside the real zones; they are not places.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})

_ISO_PARTS = re.compile(
    r"^\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


@functools.cache
def zone(name: str) -> ZoneInfo:
    """Return the ZoneInfo for an IANA name; raise ValueError with a readable message."""
    if not name or name != name.strip():
        raise ValueError(f"{name!r} is not a time zone name")
    # Checked against the list, not only by loading: on a case-insensitive disk ZoneInfo
    # would accept 'europe/brussels', which then fails on every other machine.
    if name not in _zone_names():
        same = [known for known in _zone_names() if known.casefold() == name.casefold()]
        hint = (
            f"did you mean {same[0]!r}?" if same else "use an IANA name such as 'Europe/Brussels'"
        )
        raise ValueError(f"{name!r} is not a known time zone; {hint}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{name!r} is not a known time zone; use an IANA name such as 'Europe/Brussels'"
        ) from None


@functools.cache
def all_zone_names() -> tuple[str, ...]:
    """Every IANA zone name available, sorted (for pickers and completion)."""
    return tuple(sorted(_zone_names()))


def _offsets_differ(wall: datetime, tz: tzinfo) -> bool:
    # PEP 495: only at a transition do the two folds of a wall time get different offsets.
    return (
        wall.replace(tzinfo=tz, fold=0).utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset()
    )


def _round_trips(wall: datetime, tz: tzinfo) -> bool:
    naive = wall.replace(tzinfo=None, fold=0)
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def in_gap(wall: datetime, tz: tzinfo) -> bool:
    """True when `wall` never happens in `tz` (clocks jump forward over it)."""
    return _offsets_differ(wall, tz) and not _round_trips(wall, tz)


def is_ambiguous(wall: datetime, tz: tzinfo) -> bool:
    """True when `wall` happens twice in `tz` (clocks go back over it)."""
    return _offsets_differ(wall, tz) and _round_trips(wall, tz)


def gap_length(wall: datetime, tz: tzinfo) -> timedelta:
    """How far the clocks jump over `wall` (zero when `wall` is not in a gap)."""
    before = wall.replace(tzinfo=tz, fold=0).utcoffset() or timedelta(0)
    after = wall.replace(tzinfo=tz, fold=1).utcoffset() or timedelta(0)
    return abs(after - before) if in_gap(wall, tz) else timedelta(0)


def localize(wall: datetime, tz: tzinfo, fold: int | None = None) -> datetime:
    """Attach `tz` to a naive wall time, using `fold` (0 earlier, 1 later) if ambiguous."""
    return wall.replace(tzinfo=tz, fold=fold or 0)


def abbreviation(moment: datetime) -> str:
    """Short zone name as people write it (CEST, EDT), or the UTC offset when there is none."""
    name = moment.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    offset = moment.utcoffset() or timedelta(0)
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours}:{minutes:02d}" if minutes else f"UTC{sign}{hours}"


def month_name(month: int, *, short: bool = False) -> str:
    """'April' (or 'Apr'), whatever the process locale."""
    name = MONTHS[month - 1]
    return name[:3] if short else name


def short_moment(moment: datetime) -> str:
    """'13 Apr 2022 15:00 CEST': used in validation messages."""
    return f"{short_day(moment)} {moment:%H:%M} {abbreviation(moment)}".strip()


def short_day(day: date) -> str:
    """'17 May 2022'."""
    return f"{day.day} {month_name(day.month, short=True)} {day.year}"


def long_day(day: date) -> str:
    """'Wednesday 13 April 2022'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {month_name(day.month)} {day.year}"


def explain_bad_date(text: str) -> str | None:
    """Say in words why `text` (ISO-like) is not a real date or time, e.g. '30 February 2022
    does not exist'; None when the text does not look like a date at all or is fine."""
    found = _ISO_PARTS.match(text)
    if not found:
        return None
    year, month, day = (int(found[p]) for p in ("year", "month", "day"))
    if not 1 <= month <= 12:
        return f"there is no month {month} (months go from 1 to 12)"
    if not year >= 1:
        return None
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        if 1 <= day <= 31:
            return f"{day} {month_name(month)} {year} does not exist"
        return f"there is no day {day} in {month_name(month)} {year}"
    if found["hour"] is not None:
        hour, minute = int(found["hour"]), int(found["minute"])
        second = int(found["second"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return f"{found['hour']}:{found['minute']} is not a time of day (00:00 to 23:59)"
    return None
