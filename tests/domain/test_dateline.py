"""How an event's date and time read on a page."""

from __future__ import annotations

import pytest

from editor.domain.dateline import event_dateline

from .factories import event


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        pytest.param(
            {"start": "2022-04-13T15:00", "end": "2022-04-13T16:00"},
            "Wednesday 13 April 2022, 15:00-16:00 CEST",
            id="same-day",
        ),
        pytest.param(
            {"start": "2022-01-05T09:30", "end": "2022-01-05T12:00"},
            "Wednesday 5 January 2022, 09:30-12:00 CET",
            id="winter",
        ),
        pytest.param(
            {"all_day": True, "start": "2022-05-17", "end": "2022-05-17"},
            "Tuesday 17 May 2022",
            id="all-day-one-day",
        ),
        pytest.param(
            {"all_day": True, "start": "2022-05-17", "end": "2022-05-21"},
            "17-21 May 2022",
            id="all-day-within-month",
        ),
        pytest.param(
            {"all_day": True, "start": "2022-05-30", "end": "2022-06-02"},
            "30 May - 2 June 2022",
            id="all-day-across-months",
        ),
        pytest.param(
            {"all_day": True, "start": "2022-12-30", "end": "2023-01-02"},
            "30 December 2022 - 2 January 2023",
            id="all-day-across-years",
        ),
        pytest.param(
            {"start": "2022-04-13T15:00", "end": "2022-04-14T12:00"},
            "Wednesday 13 April 2022, 15:00 CEST - Thursday 14 April 2022, 12:00 CEST",
            id="multi-day-timed",
        ),
        pytest.param(
            {"start": "2022-12-31T22:00", "end": "2023-01-01T01:00"},
            "Saturday 31 December 2022, 22:00 CET - Sunday 1 January 2023, 01:00 CET",
            id="new-year-night",
        ),
        pytest.param(
            {"start": "2022-03-27T01:00", "end": "2022-03-27T04:00"},
            "Sunday 27 March 2022, 01:00 CET-04:00 CEST",
            id="across-the-spring-change",
        ),
        pytest.param(
            {
                "start": "2022-10-30T02:15",
                "start_fold": 0,
                "end": "2022-10-30T02:45",
                "end_fold": 1,
            },
            "Sunday 30 October 2022, 02:15 CEST-02:45 CET",
            id="across-the-autumn-change",
        ),
        pytest.param(
            {"timezone": "Asia/Dubai", "start": "2022-04-13T15:00", "end": "2022-04-13T16:00"},
            "Wednesday 13 April 2022, 15:00-16:00 UTC+4",
            id="no-abbreviation",
        ),
        pytest.param(
            {"timezone": "Asia/Kathmandu", "start": "2022-04-13T15:00", "end": "2022-04-13T16:00"},
            "Wednesday 13 April 2022, 15:00-16:00 UTC+5:45",
            id="odd-offset",
        ),
        pytest.param(
            {
                "timezone": "America/Sao_Paulo",
                "start": "2022-04-13T15:00",
                "end": "2022-04-13T16:00",
            },
            "Wednesday 13 April 2022, 15:00-16:00 UTC-3",
            id="negative-offset",
        ),
        pytest.param(
            {
                "timezone": "America/New_York",
                "start": "2022-04-13T15:00",
                "end": "2022-04-13T16:00",
            },
            "Wednesday 13 April 2022, 15:00-16:00 EDT",
            id="new-york",
        ),
        pytest.param(
            {"timezone": "UTC", "start": "2022-04-13T15:00", "end": "2022-04-13T16:00"},
            "Wednesday 13 April 2022, 15:00-16:00 UTC",
            id="utc",
        ),
    ],
)
def test_event_dateline(fields: dict[str, object], line: str) -> None:
    assert event_dateline(event(**fields)) == line


def test_the_dateline_is_in_the_events_own_zone() -> None:
    # Given in UTC, shown as people in Brussels will read it.
    item = event(start="2022-04-13T13:00Z", end="2022-04-13T14:00Z")
    assert event_dateline(item) == "Wednesday 13 April 2022, 15:00-16:00 CEST"
