"""Wall-clock rules: time-zone names, DST gaps and folds, and how moments read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.domain import wallclock
from editor.domain.wallclock import (
    abbreviation,
    explain_bad_date,
    gap_length,
    in_gap,
    is_ambiguous,
    localize,
    long_day,
    short_day,
    short_moment,
    zone,
)

from .factories import ZONES, wall_times

FAST = settings(max_examples=150, deadline=None)
BRUSSELS = zone("Europe/Brussels")


def test_zone_loads_iana_names() -> None:
    assert str(zone("Europe/Brussels")) == "Europe/Brussels"
    assert zone("UTC").utcoffset(datetime(2022, 1, 1)) == timedelta(0)


@pytest.mark.parametrize(
    "name", ["", "Mars/Olympus", " Europe/Brussels", "Europe/Brussels ", "../etc/passwd", "CEST"]
)
def test_zone_refuses_what_is_not_a_zone(name: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        zone(name)


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory"])
def test_zone_refuses_files_that_are_not_places(name: str) -> None:
    with pytest.raises(ValueError, match="not a known time zone"):
        zone(name)


def test_zone_suggests_the_right_spelling() -> None:
    with pytest.raises(ValueError, match="did you mean 'America/New_York'"):
        zone("america/new_york")


def test_all_zone_names_is_sorted_and_complete() -> None:
    names = wallclock.all_zone_names()
    assert list(names) == sorted(names)
    assert {"Europe/Brussels", "Asia/Dubai", "UTC"} <= set(names)
    assert "localtime" not in names


@pytest.mark.parametrize(
    ("zone_name", "wall"),
    [
        ("Europe/Brussels", datetime(2022, 3, 27, 2, 0)),
        ("Europe/Brussels", datetime(2022, 3, 27, 2, 30)),
        ("Europe/Brussels", datetime(2022, 3, 27, 2, 59)),
        ("America/New_York", datetime(2022, 3, 13, 2, 30)),
        ("Australia/Lord_Howe", datetime(2022, 10, 2, 2, 15)),
        ("America/Santiago", datetime(2022, 9, 11, 0, 30)),
    ],
)
def test_times_in_a_gap(zone_name: str, wall: datetime) -> None:
    tz = zone(zone_name)
    assert in_gap(wall, tz)
    assert not is_ambiguous(wall, tz)


@pytest.mark.parametrize(
    ("zone_name", "wall"),
    [
        ("Europe/Brussels", datetime(2022, 10, 30, 2, 0)),
        ("Europe/Brussels", datetime(2022, 10, 30, 2, 30)),
        ("America/New_York", datetime(2022, 11, 6, 1, 30)),
        ("Australia/Lord_Howe", datetime(2022, 4, 3, 1, 45)),
        ("Pacific/Chatham", datetime(2022, 4, 3, 3, 0)),
    ],
)
def test_ambiguous_times(zone_name: str, wall: datetime) -> None:
    tz = zone(zone_name)
    assert is_ambiguous(wall, tz)
    assert not in_gap(wall, tz)


@pytest.mark.parametrize(
    "wall",
    [
        datetime(2022, 3, 27, 1, 59),
        datetime(2022, 3, 27, 3, 0),
        datetime(2022, 10, 30, 1, 59),
        datetime(2022, 10, 30, 3, 0),
        datetime(2022, 4, 13, 15, 0),
    ],
)
def test_ordinary_times_around_the_changes(wall: datetime) -> None:
    assert not in_gap(wall, BRUSSELS)
    assert not is_ambiguous(wall, BRUSSELS)


def test_zones_without_dst_have_neither() -> None:
    for name in ("Asia/Dubai", "UTC", "Asia/Kathmandu"):
        assert not in_gap(datetime(2022, 3, 27, 2, 30), zone(name))
        assert not is_ambiguous(datetime(2022, 10, 30, 2, 30), zone(name))


@pytest.mark.parametrize(
    ("zone_name", "wall", "minutes"),
    [
        ("Europe/Brussels", datetime(2022, 3, 27, 2, 30), 60),
        ("Europe/London", datetime(2022, 3, 27, 1, 30), 60),
        ("Australia/Lord_Howe", datetime(2022, 10, 2, 2, 15), 30),
        ("Antarctica/Troll", datetime(2022, 3, 27, 1, 30), 120),
        ("Europe/Brussels", datetime(2022, 4, 13, 15, 0), 0),
    ],
)
def test_gap_length(zone_name: str, wall: datetime, minutes: int) -> None:
    assert gap_length(wall, zone(zone_name)) == timedelta(minutes=minutes)


def test_localize_uses_the_fold_for_ambiguous_times() -> None:
    wall = datetime(2022, 10, 30, 2, 30)
    first, second = localize(wall, BRUSSELS, 0), localize(wall, BRUSSELS, 1)
    assert first.utcoffset() == timedelta(hours=2)
    assert second.utcoffset() == timedelta(hours=1)
    assert localize(wall, BRUSSELS).utcoffset() == timedelta(hours=2)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("zone_name", "wall", "expected"),
    [
        ("Europe/Brussels", datetime(2022, 4, 13, 15), "CEST"),
        ("Europe/Brussels", datetime(2022, 1, 13, 15), "CET"),
        ("America/New_York", datetime(2022, 7, 1, 9), "EDT"),
        ("America/St_Johns", datetime(2022, 7, 1, 9), "NDT"),
        ("UTC", datetime(2022, 7, 1, 9), "UTC"),
        ("Asia/Dubai", datetime(2022, 7, 1, 9), "UTC+4"),
        ("Asia/Kathmandu", datetime(2022, 7, 1, 9), "UTC+5:45"),
        ("America/Sao_Paulo", datetime(2022, 7, 1, 9), "UTC-3"),
        ("America/Caracas", datetime(2010, 7, 1, 9), "UTC-4:30"),
    ],
)
def test_abbreviation(zone_name: str, wall: datetime, expected: str) -> None:
    assert abbreviation(localize(wall, zone(zone_name))) == expected


def test_short_and_long_forms() -> None:
    moment = localize(datetime(2022, 4, 13, 15, 0), BRUSSELS)
    assert short_moment(moment) == "13 Apr 2022 15:00 CEST"
    assert short_day(date(2022, 5, 7)) == "7 May 2022"
    assert long_day(date(2022, 4, 13)) == "Wednesday 13 April 2022"
    assert long_day(datetime(2023, 1, 1, 9)) == "Sunday 1 January 2023"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2022-02-30", "30 February 2022 does not exist"),
        ("2022-02-29T10:00", "29 February 2022 does not exist"),
        ("2100-02-29", "29 February 2100 does not exist"),
        ("2022-06-31 09:00", "31 June 2022 does not exist"),
        ("2022-06-32", "there is no day 32 in June 2022"),
        ("2022-06-00", "there is no day 0 in June 2022"),
        ("2022-00-10", "there is no month 0 (months go from 1 to 12)"),
        ("2022-13-10", "there is no month 13 (months go from 1 to 12)"),
        ("2022-06-10T24:00", "24:00 is not a time of day (00:00 to 23:59)"),
        ("2022-06-10T10:60", "10:60 is not a time of day (00:00 to 23:59)"),
        ("2024-02-29", None),
        ("2022-06-10T23:59", None),
        ("tomorrow", None),
        ("", None),
    ],
)
def test_explain_bad_date(text: str, reason: str | None) -> None:
    assert explain_bad_date(text) == reason


# --- properties over real zones ---------------------------------------------------------


@st.composite
def zoned_walls(draw: st.DrawFn) -> tuple[str, datetime]:
    name = draw(st.sampled_from(ZONES))
    return name, draw(wall_times(name))


@FAST
@given(zoned_walls())
def test_every_wall_time_is_ordinary_gap_or_ambiguous(case: tuple[str, datetime]) -> None:
    name, wall = case
    tz = zone(name)
    gap, twice = in_gap(wall, tz), is_ambiguous(wall, tz)
    assert not (gap and twice)
    readings = {localize(wall, tz, fold).astimezone(UTC) for fold in (0, 1)}
    back = {moment.astimezone(tz).replace(tzinfo=None, fold=0) for moment in readings}
    if gap:
        # Neither reading of a gap time comes back as the same wall time.
        assert wall not in back
        assert gap_length(wall, tz) > timedelta(0)
    elif twice:
        assert len(readings) == 2
        assert back == {wall}
    else:
        assert len(readings) == 1
        assert back == {wall}
