"""The versioned JSON Schema of items, and that items survive JSON unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from editor.domain import Announcement, Event, item_to_json, parse_item
from editor.domain.schema import SCHEMA_ID, SCHEMA_VERSION, item_json_schema

from .factories import announcement, event, items


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return item_json_schema()


def kind_schema(schema: dict[str, Any], kind: str) -> dict[str, Any]:
    ref = schema["discriminator"]["mapping"][kind]
    name = ref.removeprefix("#/$defs/")
    found: dict[str, Any] = schema["$defs"][name]
    return found


def test_schema_carries_its_version(schema: dict[str, Any]) -> None:
    assert schema["schema_version"] == SCHEMA_VERSION == 1
    assert schema["$id"] == SCHEMA_ID
    assert schema["$id"].endswith(f"items-v{SCHEMA_VERSION}.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Noticeboard item"


def test_schema_is_plain_json(schema: dict[str, Any]) -> None:
    assert json.loads(json.dumps(schema)) == schema


def test_schema_is_a_tagged_union_of_the_two_kinds(schema: dict[str, Any]) -> None:
    assert schema["discriminator"]["propertyName"] == "kind"
    assert set(schema["discriminator"]["mapping"]) == {"announcement", "event"}
    assert len(schema["oneOf"]) == 2


@pytest.mark.parametrize(("kind", "model"), [("announcement", Announcement), ("event", Event)])
def test_schema_lists_every_field(schema: dict[str, Any], kind: str, model: type) -> None:
    part = kind_schema(schema, kind)
    assert set(part["properties"]) == set(model.model_fields)  # type: ignore[attr-defined]
    assert part["additionalProperties"] is False
    assert part["properties"]["kind"]["const"] == kind


def test_schema_describes_the_event_fields(schema: dict[str, Any]) -> None:
    props = kind_schema(schema, "event")["properties"]
    assert "IANA" in props["timezone"]["description"]
    formats = {option.get("format") for option in props["start"]["anyOf"]}
    assert formats == {"date-time", "date"}
    assert set(props["attendance"]["$ref"].split("/")[-1:]) == {"Attendance"}
    assert set(schema["$defs"]["Attendance"]["enum"]) == {"in_person", "online", "hybrid"}
    assert set(schema["$defs"]["EventStatus"]["enum"]) == {
        "scheduled",
        "cancelled",
        "postponed",
        "moved_online",
    }


def test_every_json_key_is_in_the_schema(schema: dict[str, Any]) -> None:
    for item in (announcement(tags=["a"]), event(venue={"city": "Ghent"})):
        data = item_to_json(item)
        part = kind_schema(schema, data["kind"])
        assert set(data) == set(part["properties"])
        assert set(part.get("required", [])) <= set(data)


@settings(max_examples=100, deadline=None)
@given(items)
def test_model_to_json_to_model(item: Announcement | Event) -> None:
    text = json.dumps(item_to_json(item))
    again = parse_item(json.loads(text))
    assert again == item
    assert json.dumps(item_to_json(again)) == text
