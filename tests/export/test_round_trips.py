"""Parse what the builders wrote (icalendar, feedparser, YAML, jsonschema) and compare fields."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import feedparser
import icalendar
import jsonschema
import pytest
import yaml

from editor.domain.items import ITEM_ADAPTER, Event, item_to_json
from editor.export.bundle import build_bundle
from tests.export.fixtures import AS_OF, golden_items, read_media

BRIEFING_ID = "6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a03"
WORKSHOP_ID = "00000000-0000-4000-8000-000000000001"
CANCELLED_ID = "00000000-0000-4000-8000-000000000002"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_bundle(golden_items(), workspace_id="golden", media=read_media, generated_at=AS_OF)


def events_by_uid(raw: bytes) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(raw)
    return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_calendar_has_every_event_with_stable_uids(files: dict[str, bytes]) -> None:
    events = events_by_uid(files["events.ics"])
    expected = {str(i.id) for i in golden_items() if isinstance(i, Event)}
    assert set(events) == expected
    calendar = icalendar.Calendar.from_ical(files["events.ics"])
    zones = {str(z["tzid"]) for z in calendar.walk("VTIMEZONE")}
    used = {i.timezone for i in golden_items() if isinstance(i, Event) and not i.all_day}
    assert used - {"America/New_York"} <= zones  # that one is written in UTC (fold=1)


def test_timed_event(files: dict[str, bytes]) -> None:
    event = events_by_uid(files["events.ics"])[BRIEFING_ID]
    item = next(i for i in golden_items() if str(i.id) == BRIEFING_ID)
    start = event["dtstart"].dt
    assert start == datetime(2022, 4, 13, 13, 0, tzinfo=UTC)
    assert event["dtstart"].params["TZID"] == "Europe/Brussels"
    assert event["dtend"].dt == datetime(2022, 4, 13, 14, 0, tzinfo=UTC)
    assert event["dtstamp"].dt == item.updated_at
    assert (
        event["dtstamp"].dt.tzinfo is not None
        and event["dtstamp"].dt.utcoffset().total_seconds() == 0
    )
    assert int(event["sequence"]) == item.revision
    assert str(event["summary"]) == item.title
    assert str(event["status"]) == "CONFIRMED"
    assert b"DTSTAMP:" in files["events.ics"] and b"Z\r\n" in files["events.ics"]


def test_all_day_event_ends_the_day_after(files: dict[str, bytes]) -> None:
    event = events_by_uid(files["events.ics"])[WORKSHOP_ID]
    assert event["dtstart"].dt == date(2022, 5, 17)
    assert event["dtend"].dt == date(2022, 5, 22)
    assert b"DTEND;VALUE=DATE:20220522" in files["events.ics"]
    # Escaping: the ';' and ',' in title and location come back as written.
    assert str(event["summary"]) == "Peer-learning workshop; Bergamo, Italy"
    assert b"SUMMARY:Peer-learning workshop\\; Bergamo\\, Italy" in files["events.ics"]
    assert str(event["location"]) == "Palazzo della Ragione, Bergamo, Italy"


def test_cancelled_event_and_the_second_of_a_twice_happening_time(files: dict[str, bytes]) -> None:
    event = events_by_uid(files["events.ics"])[CANCELLED_ID]
    assert str(event["status"]) == "CANCELLED"
    # 01:30 on 6 November 2022 happens twice in New York; the second is 06:30 UTC.
    assert event["dtstart"].dt == datetime(2022, 11, 6, 6, 30, tzinfo=UTC)


def test_lines_are_folded(files: dict[str, bytes]) -> None:
    for path in (p for p in files if p.endswith(".ics")):
        for line in files[path].split(b"\r\n"):
            assert len(line) <= 75, (path, line)


def test_one_file_per_event(files: dict[str, bytes]) -> None:
    event = events_by_uid(files["events/peer-learning-workshop-bergamo-italy/event.ics"])
    assert list(event) == [WORKSHOP_ID]


def test_atom_feed(files: dict[str, bytes]) -> None:
    feed = feedparser.parse(files["feed.atom"])
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("urn:uuid:")
    assert any(link.rel == "self" and link.href.endswith("feed.atom") for link in feed.feed.links)
    items = {str(i.id): i for i in golden_items()}
    assert len(feed.entries) == len(items)
    for entry in feed.entries:
        item = items[entry.id.removeprefix("urn:uuid:")]
        assert entry.title == item.title
        assert entry.get("summary", "") == item.summary or not item.summary
        assert datetime(*entry.updated_parsed[:6], tzinfo=UTC) == item.updated_at
        assert [t.term for t in entry.get("tags", [])] == list(item.tags)
        assert entry.link.endswith("/index.html")


def test_json_feed(files: dict[str, bytes]) -> None:
    feed = json.loads(files["feed.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    items = {str(i.id): i for i in golden_items()}
    assert {entry["id"] for entry in feed["items"]} == set(items)
    for entry in feed["items"]:
        item = items[entry["id"]]
        assert entry["title"] == item.title
        assert entry["language"] == item.language
        assert entry.get("tags", []) == list(item.tags)
        assert datetime.fromisoformat(entry["date_modified"]) == item.updated_at
        if isinstance(item, Event):
            assert entry["_event"]["timezone"] == item.timezone


def front_matter(raw: bytes) -> tuple[dict[str, Any], str]:
    text = raw.decode("utf-8")
    assert text.startswith("---\n")
    header, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


def test_front_matter(files: dict[str, bytes]) -> None:
    parsed = {path: front_matter(files[path]) for path in files if path.startswith("content/")}
    by_id = {data["id"]: (path, data, body) for path, (data, body) in parsed.items()}
    for item in golden_items():
        path, data, body = by_id[str(item.id)]
        folder = "events" if isinstance(item, Event) else "announcements"
        assert path.startswith(f"content/{folder}/")
        assert data["title"] == item.title
        assert data["date"] == (item.publish_at or item.created_at)
        assert data["summary"] == item.summary
        assert data["tags"] == list(item.tags)
        assert data["lang"] == item.language
        assert data["draft"] is (item.status.value in ("draft", "in_review"))
        assert path.endswith(f"/{data['slug']}.md")
        assert body.strip() == item.body.strip()
        if isinstance(item, Event):
            event = data["event"]
            assert event["timezone"] == item.timezone
            if item.all_day:
                assert event["start"] == item.start and event["end"] == item.end
            else:
                # In UTC: Python never finds a twice-happening ZoneInfo time equal to another.
                assert event["start"].astimezone(UTC) == item.start_moment().astimezone(UTC)
                assert event["end"].astimezone(UTC) == item.end_moment().astimezone(UTC)


def test_items_json_validates_and_round_trips(files: dict[str, bytes]) -> None:
    data = json.loads(files["data/items.json"])
    schema = json.loads(files["schema/items.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    items = {str(i.id): i for i in golden_items()}
    assert len(data["items"]) == len(items)
    for raw in data["items"]:
        again = ITEM_ADAPTER.validate_python(raw)
        assert item_to_json(again) == item_to_json(items[raw["id"]])


def test_schema_rejects_a_broken_item(files: dict[str, bytes]) -> None:
    data = json.loads(files["data/items.json"])
    schema = json.loads(files["schema/items.schema.json"])
    del data["items"][0]["title"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_manifest(files: dict[str, bytes]) -> None:
    manifest = json.loads(files["manifest.json"])
    assert manifest["format_version"] == 1
    assert manifest["generator"]["name"] == "Noticeboard"
    assert manifest["created_at"] == "2022-04-01T12:00:00Z"
    assert manifest["workspace_id"] == "golden"
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    assert {i["id"] for i in manifest["items"]} == {str(i.id) for i in golden_items()}
