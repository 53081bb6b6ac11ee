"""Builders and hypothesis strategies for domain tests: valid items with few keystrokes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume
from hypothesis import strategies as st
from pydantic import ValidationError

from editor.domain import Announcement, Attendance, Event, EventStatus, Status, wallclock
from editor.domain.problems import FieldProblem, describe

BRUSSELS = "Europe/Brussels"

# Zones chosen for their awkward rules: half-hour DST (Lord Howe), 45-minute offsets
# (Kathmandu, Chatham), midnight transitions (Santiago), no abbreviations (Dubai),
# southern-hemisphere summers (Sydney), Ramadan DST pauses (Casablanca), none at all (UTC).
ZONES = (
    BRUSSELS,
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "Asia/Dubai",
    "Asia/Kathmandu",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "UTC",
)


def announcement(**fields: Any) -> Announcement:
    return Announcement(**({"title": "Cities co-chair the forum"} | fields))


def event_data(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "event",
        "title": "Briefing on reception",
        "timezone": BRUSSELS,
        "start": "2022-04-13T15:00",
        "end": "2022-04-13T16:00",
    } | fields


def event(**fields: Any) -> Event:
    return Event.model_validate(event_data(**fields))


def problems_for(build: Callable[[], object]) -> list[FieldProblem]:
    """The friendly problems `build` fails with (it must fail)."""
    with pytest.raises(ValidationError) as caught:
        build()
    return describe(caught.value)


def problem_for(build: Callable[[], object], field: str) -> str:
    """The one message about `field` (the test fails if there is none)."""
    messages = [p.message for p in problems_for(build) if p.field == field]
    assert messages, f"no problem reported for {field!r}"
    return messages[0]


# --- hypothesis strategies -------------------------------------------------------------

_TEXT = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x85")
_WORDS = st.text(_TEXT, min_size=1, max_size=30).map(str.strip).filter(bool)

titles = st.text(_TEXT, min_size=1, max_size=200).map(str.strip).filter(bool)
summaries = st.text(_TEXT, max_size=300).map(str.strip)
bodies = st.text(max_size=300)
tag_lists = st.lists(st.text(_TEXT, max_size=50), max_size=5)
languages = st.sampled_from(["en", "en-GB", "fr", "fr-BE", "de", "de-CH", "es", "ar", "zh-Hant"])
_OFFSETS = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
aware_moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=_OFFSETS | st.sampled_from([ZoneInfo(BRUSSELS), ZoneInfo("America/New_York")]),
    allow_imaginary=False,
)
image_paths = st.lists(
    st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=12),
    min_size=1,
    max_size=3,
).map(lambda parts: "/".join(parts) + ".jpg")


@st.composite
def common_fields(draw: st.DrawFn) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": draw(titles),
        "summary": draw(summaries),
        "body": draw(bodies),
        "tags": draw(tag_lists),
        "language": draw(languages),
        "status": draw(st.sampled_from(Status)),
        "authors": draw(st.lists(_WORDS, max_size=3)),
        "revision": draw(st.integers(min_value=0, max_value=10_000)),
    }
    created = draw(aware_moments)
    fields["created_at"] = created
    fields["updated_at"] = created + draw(st.timedeltas(timedelta(0), timedelta(days=400)))
    if draw(st.booleans()):
        publish = draw(aware_moments)
        fields["publish_at"] = publish
        if draw(st.booleans()):
            fields["expires_at"] = publish + draw(
                st.timedeltas(timedelta(seconds=1), timedelta(days=400))
            )
    if draw(st.booleans()):
        fields["image"] = draw(image_paths)
        fields["image_alt"] = draw(summaries)
    if draw(st.booleans()):
        fields["translation_of"] = draw(st.uuids())
    return fields


@st.composite
def announcements(draw: st.DrawFn) -> Announcement:
    return Announcement(**draw(common_fields()))


@functools.cache
def transitions(tz_name: str) -> tuple[datetime, ...]:
    """The local wall clock just before each offset change of `tz_name`, 2000-2035."""
    tz = ZoneInfo(tz_name)
    found: list[datetime] = []
    noon = datetime(2000, 1, 1, 12, tzinfo=UTC)
    day = timedelta(days=7)  # no zone here changes its clocks twice in a week
    while noon.year < 2036:
        before, after = noon.astimezone(tz).utcoffset(), (noon + day).astimezone(tz).utcoffset()
        if before != after and before is not None:
            lo, hi = noon, noon + day  # offset `before` at lo, `after` at hi
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (lo, mid) if mid.astimezone(tz).utcoffset() == after else (mid, hi)
            found.append((hi + before).replace(tzinfo=None, second=0, microsecond=0))
        noon += day
    return tuple(found)


@st.composite
def wall_times(draw: st.DrawFn, tz_name: str) -> datetime:
    """A naive wall time, often within a couple of hours of a clock change."""
    near = transitions(tz_name)
    if near and draw(st.booleans()):
        change = draw(st.sampled_from(near))
        return change + timedelta(minutes=draw(st.integers(-60, 60)))
    moment = draw(st.datetimes(datetime(2000, 1, 1), datetime(2035, 12, 31)))
    return moment.replace(second=0, microsecond=0)


def _settled(draw: st.DrawFn, wall: datetime, tz: ZoneInfo) -> tuple[datetime, int | None]:
    """`wall` if it happens (gaps are skipped), with a drawn fold when it happens twice."""
    assume(not wallclock.in_gap(wall, tz))
    fold = draw(st.sampled_from([0, 1])) if wallclock.is_ambiguous(wall, tz) else None
    return wall, fold


@st.composite
def events(draw: st.DrawFn) -> Event:
    fields = draw(common_fields())
    tz_name = draw(st.sampled_from(ZONES))
    tz = wallclock.zone(tz_name)
    all_day = draw(st.booleans())
    fields |= {"timezone": tz_name, "all_day": all_day}
    if all_day:
        first = draw(st.dates(date(2000, 1, 1), date(2035, 12, 31)))
        fields["start"] = first
        fields["end"] = first + timedelta(days=draw(st.integers(0, 10)))
        begins = datetime.combine(first, datetime.min.time())
    else:
        start, start_fold = _settled(draw, draw(wall_times(tz_name)), tz)
        length = draw(st.integers(1, 180) | st.integers(1, 5 * 24 * 60))
        end = start + timedelta(minutes=length)
        end, end_fold = _settled(draw, end, tz)
        # In UTC: within one zone Python compares wall clocks and ignores the fold.
        finish = wallclock.localize(end, tz, end_fold).astimezone(UTC)
        assume(finish > wallclock.localize(start, tz, start_fold).astimezone(UTC))
        fields |= {"start": start, "end": end, "start_fold": start_fold, "end_fold": end_fold}
        begins = start
    attendance = draw(st.sampled_from(Attendance))
    status = draw(st.sampled_from(EventStatus))
    fields |= {"attendance": attendance, "event_status": status}
    if (
        attendance != Attendance.IN_PERSON
        or status == EventStatus.MOVED_ONLINE
        or draw(st.booleans())
    ):
        fields["online_url"] = "https://meet.example.org/" + draw(image_paths)
    if draw(st.booleans()):
        fields["venue"] = {"name": draw(_WORDS), "city": draw(_WORDS), "country": "BE"}
    if draw(st.booleans()):
        fields["registration_url"] = "https://example.org/register"
        # Days before, at noon: far from any transition in these zones.
        days = draw(st.integers(1, 60))
        deadline = datetime.combine(begins.date() - timedelta(days=days), datetime.min.time())
        fields["registration_deadline"] = (
            deadline.date() if draw(st.booleans()) else deadline.replace(hour=12)
        )
    fields["organizers"] = draw(st.lists(_WORDS, max_size=3))
    return Event(**fields)


items = st.one_of(announcements(), events())
