"""Every pre-export check: errors block, warnings do not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from editor.domain.items import Announcement, Event, parse_item
from editor.export.checks import Severity, check_items, has_errors, written_date_problems

NOW = datetime(2022, 4, 1, tzinfo=UTC)


def event(**changes: Any) -> Event:
    data = {
        "kind": "event",
        "title": "Online briefing",
        "summary": "One hour.",
        "timezone": "Europe/Brussels",
        "start": "2022-04-13T15:00",
        "end": "2022-04-13T16:00",
        "status": "approved",
    } | changes
    item = parse_item(data)
    assert isinstance(item, Event)
    return item


def announcement(**changes: Any) -> Announcement:
    item = parse_item({"kind": "announcement", "title": "News", "summary": "S."} | changes)
    assert isinstance(item, Announcement)
    return item


def codes(items: list[Any], **kwargs: Any) -> dict[str, Severity]:
    return {f.code: f.severity for f in check_items(items, now=NOW, **kwargs)}


def test_a_clean_item_has_no_findings() -> None:
    assert check_items([event(), announcement()], now=NOW) == []


def test_missing_title_blocks() -> None:
    broken = announcement().model_copy(update={"title": "  "})  # as damaged data could be
    assert codes([broken]) == {"missing-title": Severity.ERROR}


def test_end_before_start_blocks() -> None:
    good = event()
    broken = good.model_copy(update={"end": datetime(2022, 4, 13, 14, 0)})
    assert codes([broken])["end-before-start"] is Severity.ERROR


def test_image_without_alt_blocks() -> None:
    assert codes([announcement(image="a.jpg")]) == {"image-without-alt": Severity.ERROR}
    body = announcement(body="Look: ![](media/a.jpg)")
    findings = check_items([body], now=NOW)
    assert [f.code for f in findings] == ["image-without-alt"]
    assert findings[0].field == "body"
    assert check_items([announcement(body="![A hall](media/a.jpg)")], now=NOW) == []


def test_missing_media_blocks() -> None:
    item = announcement(image="a.jpg", image_alt="A hall", body="![B](media/b.jpg)")
    found = check_items([item], now=NOW, media_exists=lambda path: path == "a.jpg")
    assert [(f.code, f.message) for f in found] == [
        ("missing-media", "media/b.jpg is not in the media folder")
    ]


def test_link_to_an_item_that_does_not_exist_blocks() -> None:
    target = event()
    linking = announcement(body=f"See [it](events/{target.slug}/index.html).")
    assert check_items([linking, target], now=NOW) == []
    missing = check_items([linking], now=NOW)
    assert [f.code for f in missing] == ["broken-item-link"]
    assert "there is no such item" in missing[0].message
    elsewhere = check_items([linking], now=NOW, others=[target])
    assert "is not in this export (status approved)" in elsewhere[0].message
    assert has_errors(elsewhere)


def test_duplicate_slug_blocks() -> None:
    first, second = announcement(slug="news"), announcement(slug="news")
    assert codes([first, second]) == {"duplicate-slug": Severity.ERROR}
    # A translation may share the slug: it gets a folder of its own.
    assert check_items([first, announcement(slug="news", language="fr")], now=NOW) == []


def test_warnings_do_not_block() -> None:
    findings = check_items(
        [
            announcement(summary=""),
            announcement(
                title="Old", expires_at="2022-03-01T00:00:00Z", publish_at="2022-01-01T00:00Z"
            ),
            event(start="2022-03-01T10:00", end="2022-03-01T11:00"),
        ],
        now=NOW,
    )
    assert {f.code for f in findings} == {"empty-summary", "expired", "past-event-scheduled"}
    assert not has_errors(findings)
    assert (
        check_items(
            [event(start="2022-03-01T10:00", end="2022-03-01T11:00", event_status="cancelled")],
            now=NOW,
        )
        == []
    )


def test_weekday_that_disagrees_with_the_date() -> None:
    item = event(body="Join us on Thursday 13 April at 15:00 CEST.")
    found = check_items([item], now=NOW)
    assert [f.code for f in found] == ["weekday-mismatch"]
    assert "13 April 2022 is a Wednesday" in found[0].message
    assert check_items([event(body="Join us on Wednesday 13 April.")], now=NOW) == []
    assert written_date_problems("Wednesday, April 13, 2023", 2022) == [
        "“Wednesday, April 13, 2023”: 13 April 2023 is a Thursday"
    ]
    assert written_date_problems("jeudi 13 avril", 2022) != []
    assert written_date_problems("miércoles 13 de abril", 2022) == []


def test_winter_zone_name_on_a_summer_day() -> None:
    found = check_items([event(body="Starts at 15:00 CET.")], now=NOW)
    assert [f.code for f in found] == ["zone-abbreviation"]
    assert "is on CEST" in found[0].message
    winter = event(start="2022-01-12T15:00", end="2022-01-12T16:00", body="At 15:00 CET.")
    assert check_items([winter], now=datetime(2022, 1, 1, tzinfo=UTC)) == []


def test_findings_as_json() -> None:
    finding = check_items([announcement(summary="")], now=NOW)[0]
    assert finding.to_json()["severity"] == "warning"
    assert finding.to_json()["code"] == "empty-summary"
