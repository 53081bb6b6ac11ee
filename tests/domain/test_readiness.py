"""Tests for the readiness rules shown in the editor's readiness panel."""

from __future__ import annotations

from datetime import UTC, datetime

from editor.domain.readiness import readiness_warnings
from tests.domain.factories import announcement, event

NOW = datetime(2022, 6, 1, 12, 0, tzinfo=UTC)


def fields(item: object) -> list[str]:
    return [w.field for w in readiness_warnings(item, now=NOW)]  # type: ignore[arg-type]


def test_a_complete_announcement_has_no_warnings() -> None:
    assert fields(announcement(summary="A teaser.", body="Text.")) == []


def test_missing_summary_and_body_are_warned() -> None:
    assert fields(announcement()) == ["summary", "body"]


def test_whitespace_only_body_counts_as_empty() -> None:
    assert "body" in fields(announcement(summary="s", body="  \n "))


def test_image_without_alt_text() -> None:
    item = announcement(summary="s", body="b", image="photos/forum.jpg")
    warnings = readiness_warnings(item, now=NOW)
    assert [w.field for w in warnings] == ["image_alt"]
    assert "alt text" in warnings[0].message


def test_image_with_alt_text_is_fine() -> None:
    item = announcement(summary="s", body="b", image="photos/forum.jpg", image_alt="The forum")
    assert fields(item) == []


def test_past_event_still_scheduled() -> None:
    item = event(summary="s", body="b")  # 13 April 2022
    warnings = readiness_warnings(item, now=NOW)
    assert [w.field for w in warnings] == ["event_status"]
    assert "13 Apr 2022" in warnings[0].message


def test_past_event_that_was_cancelled_is_fine() -> None:
    assert fields(event(summary="s", body="b", event_status="cancelled")) == []


def test_future_event_is_fine() -> None:
    item = event(summary="s", body="b", start="2022-07-01T10:00", end="2022-07-01T11:00")
    assert fields(item) == []


def test_passed_registration_deadline_of_a_coming_event() -> None:
    item = event(
        summary="s",
        body="b",
        start="2022-07-01T10:00",
        end="2022-07-01T11:00",
        registration_deadline="2022-05-31",
    )
    warnings = readiness_warnings(item, now=NOW)
    assert [w.field for w in warnings] == ["registration_deadline"]
    assert "31 May 2022" in warnings[0].message


def test_deadline_given_as_a_day_lasts_the_whole_day() -> None:
    item = event(
        summary="s",
        body="b",
        start="2022-07-01T10:00",
        end="2022-07-01T11:00",
        registration_deadline="2022-06-01",
    )
    assert fields(item) == []


def test_deadline_with_a_time_is_compared_in_the_event_zone() -> None:
    # 13:00 in Brussels (CEST) is 11:00 UTC: before NOW.
    item = event(
        summary="s",
        body="b",
        start="2022-07-01T10:00",
        end="2022-07-01T11:00",
        registration_deadline="2022-06-01T13:00",
    )
    assert fields(item) == ["registration_deadline"]


def test_deadline_is_not_repeated_for_an_event_that_is_over() -> None:
    item = event(
        summary="s", body="b", registration_deadline="2022-04-01", event_status="postponed"
    )
    assert fields(item) == []
