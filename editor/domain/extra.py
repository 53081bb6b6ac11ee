"""The `extra` map of an item: front-matter keys Noticeboard does not use, kept as JSON."""

from __future__ import annotations

import math
import re

import orjson
from pydantic import JsonValue

EXTRA_MAX_BYTES = 64 * 1024  # as JSON: room for any site's own keys, not for a payload
EXTRA_MAX_DEPTH = 8
EXTRA_KEY_MAX = 100
# Front-matter keys the export writes or the import reads as fields: a key of `extra` must
# not be one of them, or it would be overwritten on export or read back as something else.
# (`event` is allowed on events: the unknown keys of the event map. `translationKey` is
# allowed when it is not a translation's id: a site's own grouping. `image` and
# `image_alt` are allowed when the item has no image: a picture outside the media folder.)
RESERVED_EXTRA_KEYS = frozenset(
    {
        "title", "date", "lastmod", "summary", "description", "tags", "categories", "lang",
        "language", "draft", "slug", "id", "kind", "revision", "expiryDate", "publishDate",
        "authors", "author", "status", "media", "sync_base",
    }
)  # fmt: skip
# The keys of the front matter's event map (front-matter name -> model field).
EVENT_FRONT_MATTER = {
    "start": "start",
    "end": "end",
    "all_day": "all_day",
    "timezone": "timezone",
    "attendance": "attendance",
    "status": "event_status",
    "venue": "venue",
    "online_url": "online_url",
    "registration_url": "registration_url",
    "registration_deadline": "registration_deadline",
    "organizers": "organizers",
}

# C0/C1 controls and bidi overrides: a key with one cannot be written back as it was read.
_HIDDEN_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e]")


def _json_depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_json_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_json_depth(v) for v in value), default=0)
    return 0


def _check_finite(value: object) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("Extra front matter cannot hold NaN or infinity")
    if isinstance(value, dict):
        for item in value.values():
            _check_finite(item)
    elif isinstance(value, list):
        for item in value:
            _check_finite(item)


def check_extra(
    value: dict[str, JsonValue], *, event: bool, has_image: bool = False
) -> dict[str, JsonValue]:
    """`value` if it can be kept as extra front matter; ValueError saying why not."""
    if _json_depth(value) > EXTRA_MAX_DEPTH:
        raise ValueError(f"Extra front matter is nested more than {EXTRA_MAX_DEPTH} levels deep")
    _check_finite(value)
    size = len(orjson.dumps(value))
    if size > EXTRA_MAX_BYTES:
        raise ValueError(
            f"Extra front matter must be at most {EXTRA_MAX_BYTES // 1024} KB as JSON "
            f"(it is {size:,} bytes)"
        )
    for key in value:
        if not key.strip() or len(key) > EXTRA_KEY_MAX or _HIDDEN_CONTROLS.search(key):
            raise ValueError(f"Extra front matter key {key[:40]!r} is not a usable name")
        if key in RESERVED_EXTRA_KEYS or (has_image and key in ("image", "image_alt")):
            raise ValueError(f"Extra front matter cannot hold {key!r}: it is an item field")
    inner = value.get("event")
    if inner is not None or "event" in value:
        if not event:
            raise ValueError("Extra front matter `event` belongs to events only")
        if not isinstance(inner, dict):
            raise ValueError("Extra front matter `event` must be a map of the event's own keys")
        taken = sorted(set(inner) & set(EVENT_FRONT_MATTER))
        if taken:
            raise ValueError(f"Extra front matter `event` cannot hold {taken[0]!r}: an event field")
    return value
