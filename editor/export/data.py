"""data/items.json with every exported item, and the schema it validates against."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from editor.domain.items import item_to_json
from editor.domain.schema import SCHEMA_VERSION, item_json_schema
from editor.export.layout import Entry

ITEMS_PATH = "data/items.json"
SCHEMA_PATH = "schema/items.schema.json"
FILE_SCHEMA_ID = f"https://noticeboard.invalid/schema/items-file-v{SCHEMA_VERSION}.json"


def _dumps(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def items_file_schema() -> dict[str, Any]:
    """The JSON Schema of data/items.json: {schema_version, items: [item, ...]}.

    The item schema comes from the models (editor.domain.schema); its definitions move up
    to this document so that their "#/$defs/..." references still resolve.
    """
    item = dict(item_json_schema())
    definitions = dict(item.pop("$defs", {}))
    for key in ("$schema", "$id", "schema_version"):
        item.pop(key, None)
    definitions["Item"] = item
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FILE_SCHEMA_ID,
        "title": "Noticeboard items",
        "type": "object",
        "required": ["schema_version", "items"],
        "additionalProperties": False,
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
        },
        "$defs": definitions,
    }


def data_files(entries: Sequence[Entry]) -> dict[str, bytes]:
    items = [item_to_json(entry.item) for entry in entries]
    return {
        ITEMS_PATH: _dumps({"schema_version": SCHEMA_VERSION, "items": items}),
        SCHEMA_PATH: _dumps(items_file_schema()),
    }
