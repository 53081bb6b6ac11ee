"""Event times as editors type them: wall times in the event's zone, folds, and the checks.

Kept apart from the models so that items.py holds the fields and their rules only.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ValidationInfo

from editor.domain import wallclock


def has_time(text: str) -> bool:
    return "T" in text or "t" in text or " " in text


def parse_wall(
    value: object, *, all_day: bool | None, label: str, tz_name: str | None
) -> datetime | date:
    """Turn input into a naive wall time, or a date for all-day events.

    `all_day=None` takes either, as the input says (a registration deadline may be a day).
    """
    example = "2022-05-17" if all_day else "2022-04-13T15:00"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{label} is required")
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text) if has_time(text) else date.fromisoformat(text)
        except ValueError:
            reason = wallclock.explain_bad_date(text)
            if reason:
                raise ValueError(f"{label}: {reason}") from None
            raise ValueError(f"{label}: {text!r} is not a date; write it like {example}") from None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            if not tz_name:
                raise ValueError(f"{label} has an offset but the event has no valid time zone")
            value = value.astimezone(wallclock.zone(tz_name)).replace(tzinfo=None)
        if all_day:
            if value.time() != datetime.min.time():
                raise ValueError(f"{label} of an all-day event is a date, not a time")
            return value.date()
        # The fold lives in start_fold/end_fold; a naive wall time never carries one.
        return value.replace(microsecond=0, fold=0)
    if isinstance(value, date):
        if all_day is False:
            raise ValueError(f"{label} needs a time of day (or make it an all-day event)")
        return value
    raise ValueError(f"{label} must be a date and time, written like {example}")


def fold_for(value: object, tz_name: str | None) -> tuple[bool, int | None]:
    """Whether `value` carries an offset, and the fold that offset implies in `tz_name`.

    An explicit offset settles an ambiguous time: 02:30+01:00 is the second 02:30 in
    Brussels on 30 October 2022. The fold is None when the wall time is not ambiguous.
    """
    if isinstance(value, str) and has_time(value):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return False, None
    if not (isinstance(value, datetime) and value.tzinfo is not None and tz_name):
        return False, None
    try:
        tz = wallclock.zone(tz_name)
    except ValueError:
        return False, None
    wall = value.astimezone(tz)
    ambiguous = wallclock.is_ambiguous(wall.replace(tzinfo=None), tz)
    return True, wall.fold if ambiguous else None


def moment(value: datetime | date, tz_name: str, fold: int | None, *, end_of_day: bool) -> datetime:
    tz = wallclock.zone(tz_name)
    if isinstance(value, datetime):
        return wallclock.localize(value, tz, fold)
    wall = datetime.combine(value, datetime.max.time() if end_of_day else datetime.min.time())
    return wall.replace(tzinfo=tz)


def check_exists(value: datetime | date, info: ValidationInfo, field: str) -> None:
    """Reject wall times that never happen, and ambiguous ones without an explicit choice."""
    tz_name = info.data.get("timezone")
    if tz_name is None or not isinstance(value, datetime):
        return
    tz = wallclock.zone(tz_name)
    label = LABELS[field]
    when = f"{wallclock.short_day(value)} {value:%H:%M}"
    if wallclock.in_gap(value, tz):
        minutes = int(wallclock.gap_length(value, tz).total_seconds() // 60)
        raise ValueError(
            f"{label} {when} does not exist in {tz_name}: the clocks jump forward "
            f"{minutes} minutes that night; choose a time before or after the change"
        )
    if wallclock.is_ambiguous(value, tz) and info.data.get(f"{field}_fold") is None:
        first = wallclock.abbreviation(value.replace(tzinfo=tz, fold=0))
        second = wallclock.abbreviation(value.replace(tzinfo=tz, fold=1))
        raise ValueError(
            f"{label} {when} happens twice in {tz_name} because the clocks go back; "
            f"say which one: the first ({first}, {field}_fold=0) "
            f"or the second ({second}, {field}_fold=1)"
        )


LABELS = {
    "start": "Start",
    "end": "End",
    "registration_deadline": "Registration deadline",
}
