"""FIELD=VALUE edits from the command line, turned into a validated new item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from editor.domain.items import Announcement, Event, with_changes

Item = Announcement | Event

READ_ONLY_FIELDS = frozenset({"id", "kind", "created_at", "updated_at", "revision"})
LIST_FIELDS = frozenset({"tags", "authors", "organizers"})
VENUE_PARTS = ("name", "address", "city", "country")
FOLD_FIELDS = frozenset({"start_fold", "end_fold"})


class FieldAssignmentError(Exception):
    """An assignment that cannot apply; `usage` marks malformed words (exit code 2)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def settable_fields(item: Item) -> list[str]:
    names = [n for n in type(item).model_fields if n not in READ_ONLY_FIELDS]
    if "venue" in names:
        names += [f"venue.{part}" for part in VENUE_PARTS]
    return names


def _cleared(item: Item, field: str) -> str | None:
    """What an empty value means: None where the field may be unset, else empty text.

    Empty text lets the model say what is wrong ("Title is required") instead of a
    puzzling "must be text", and clears text fields such as image_alt.
    """
    info = type(item).model_fields[field]
    return None if not info.is_required() and info.default is None else ""


def apply_assignments(item: Item, assignments: Sequence[str]) -> Item:
    """Apply FIELD=VALUE strings to `item`; pydantic validates the result."""
    changes: dict[str, Any] = {}
    venue: dict[str, str] | None = None
    allowed = settable_fields(item)
    for assignment in assignments:
        field, sep, value = assignment.partition("=")
        field = field.strip()
        if not sep or not field:
            raise FieldAssignmentError(f"expected FIELD=VALUE, got {assignment!r}", usage=True)
        if field in READ_ONLY_FIELDS:
            raise FieldAssignmentError(f"{field!r} cannot be changed")
        if field not in allowed:
            raise FieldAssignmentError(
                f"{field!r} is not a field of an {item.kind.value}; fields: {', '.join(allowed)}"
            )
        if field.startswith("venue."):
            if venue is None:
                current = getattr(item, "venue", None)
                venue = current.model_dump() if current is not None else {}
            venue[field.split(".", 1)[1]] = value
        elif field == "venue":
            venue = {"name": value} if value else {}
        elif field in LIST_FIELDS:
            changes[field] = [part.strip() for part in value.split(",") if part.strip()]
        elif value == "":
            changes[field] = _cleared(item, field)
        elif field in FOLD_FIELDS and value.strip() in ("0", "1"):
            # Literal[0, 1] takes no text, but the model's own hint says "start_fold=1".
            changes[field] = int(value)
        else:
            changes[field] = value
    if venue is not None:
        changes["venue"] = venue or None
    for moment in ("start", "end"):
        # A new wall time makes an old choice between two 02:30s meaningless.
        if moment in changes and f"{moment}_fold" not in changes:
            changes[f"{moment}_fold"] = None
    return with_changes(item, **changes)
