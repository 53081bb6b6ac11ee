"""Pure content model and rules: pydantic models, slugs, time zones, queries. No I/O, no Qt."""

from editor.domain.items import (
    Announcement,
    Attendance,
    Event,
    EventStatus,
    Item,
    Kind,
    Status,
    Venue,
    item_to_json,
    parse_item,
    utc_now,
    with_changes,
)
from editor.domain.problems import FieldProblem, describe
from editor.domain.query import ItemQuery, SortKey

__all__ = [
    "Announcement",
    "Attendance",
    "Event",
    "EventStatus",
    "FieldProblem",
    "Item",
    "ItemQuery",
    "Kind",
    "SortKey",
    "Status",
    "Venue",
    "describe",
    "item_to_json",
    "parse_item",
    "utc_now",
    "with_changes",
]
