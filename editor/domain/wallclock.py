"""Wall-clock times in IANA time zones: daylight-saving gaps, ambiguity, and display."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@functools.cache
def zone(name: str) -> ZoneInfo:
    """Return the ZoneInfo for an IANA name; raise ValueError with a readable message."""
    if not name or name != name.strip():
        raise ValueError(f"{name!r} is not a time zone name")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{name!r} is not a known time zone; use an IANA name such as 'Europe/Brussels'"
        ) from None


@functools.cache
def all_zone_names() -> tuple[str, ...]:
    """Every IANA zone name available, sorted (for pickers and completion)."""
    return tuple(sorted(available_timezones()))


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
    return f"UTC{sign}{hours:02d}:{minutes:02d}" if minutes else f"UTC{sign}{hours}"


def short_moment(moment: datetime) -> str:
    """'13 Apr 2022 15:00 CEST': used in validation messages."""
    return f"{moment.day} {moment:%b %Y %H:%M} {abbreviation(moment)}".strip()


def short_day(day: date) -> str:
    """'17 May 2022'."""
    return f"{day.day} {day:%b %Y}"


def long_day(day: date) -> str:
    """'Wednesday 13 April 2022'."""
    return f"{day:%A} {day.day} {day:%B %Y}"
