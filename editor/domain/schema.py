"""The JSON Schema of the content model, versioned for other tools."""

from __future__ import annotations

from typing import Any

from editor.domain.items import ITEM_ADAPTER

SCHEMA_VERSION = 1
SCHEMA_ID = f"https://noticeboard.invalid/schema/items-v{SCHEMA_VERSION}.json"


def item_json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one item, announcement or event, with `schema_version`."""
    schema = ITEM_ADAPTER.json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Noticeboard item",
        "schema_version": SCHEMA_VERSION,
        **schema,
    }
