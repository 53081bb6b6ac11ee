"""Validation errors in words an editor understands, each tied to a field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from editor.domain.wallclock import explain_bad_date

FIELD_LABELS: dict[str, str] = {
    "id": "Id",
    "kind": "Kind",
    "title": "Title",
    "slug": "Slug",
    "summary": "Summary",
    "body": "Body",
    "tags": "Tags",
    "language": "Language",
    "translation_of": "Translation of",
    "status": "Status",
    "publish_at": "Publish at",
    "expires_at": "Expires at",
    "authors": "Authors",
    "image": "Image",
    "image_alt": "Image alt text",
    "created_at": "Created",
    "updated_at": "Last change",
    "revision": "Revision",
    "extra": "Extra front matter",
    "sync_base": "Last synchronised version",
    "timezone": "Time zone",
    "all_day": "All day",
    "start_fold": "Start (which one)",
    "end_fold": "End (which one)",
    "start": "Start",
    "end": "End",
    "attendance": "Attendance",
    "event_status": "Event status",
    "venue": "Venue",
    "venue.name": "Venue name",
    "venue.address": "Venue address",
    "venue.city": "City",
    "venue.country": "Country",
    "online_url": "Online link",
    "registration_url": "Registration link",
    "registration_deadline": "Registration deadline",
    "organizers": "Co-hosts",
}


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field."""

    field: str  # dotted model path, e.g. "end" or "venue.city"; "" for the whole item
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _field_of(loc: tuple[int | str, ...]) -> str:
    # A tagged union puts the tag first ("event", "end"); list positions are numbers.
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if parts and parts[0] in ("announcement", "event"):
        parts = parts[1:]
    return ".".join(parts)


def _message(error: ErrorDetails, field: str) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    name = label(field)
    if kind in ("value_error", "assertion_error"):
        text = str(ctx.get("error", error["msg"]))
        return text
    if kind == "missing":
        return f"{name} is required"
    if kind == "extra_forbidden":
        return f"{field!r} is not a field of this kind of item"
    if kind == "string_too_long":
        return f"{name} must be at most {ctx.get('max_length')} characters"
    if kind in ("enum", "literal_error"):
        return f"{name} must be one of: {ctx.get('expected', '')}"
    bad = error.get("input")
    reason = explain_bad_date(bad) if isinstance(bad, str) else None
    if reason and kind.startswith(("datetime", "date")):
        return f"{name}: {reason}"
    if kind.startswith("datetime") or kind == "timezone_aware":
        return (
            f"{name}: {error.get('input')!r} is not a date and time with an offset "
            "(for example 2022-07-01T09:00+02:00)"
        )
    if kind.startswith("date"):
        return f"{name}: {error.get('input')!r} is not a date (for example 2022-07-01)"
    if kind.startswith("uuid"):
        return f"{name} must be an item id (a UUID)"
    if kind.startswith("bool"):
        return f"{name} must be yes or no (true or false)"
    if kind.startswith("int"):
        return f"{name} must be a whole number"
    if kind == "greater_than_equal":
        return f"{name} must be {ctx.get('ge')} or more"
    if kind == "greater_than":
        return f"{name} must be more than {ctx.get('gt')}"
    if kind == "string_type":
        return f"{name} must be text"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name} must be a set of fields, not {type(bad).__name__}"
    if kind == "union_tag_invalid":
        return "Kind must be 'announcement' or 'event'"
    if kind == "union_tag_not_found":
        return "Kind is required: 'announcement' or 'event'"
    return f"{name}: {error['msg']}"


def describe(error: ValidationError) -> list[FieldProblem]:
    """Every problem in a pydantic ValidationError, as field and plain sentence."""
    problems: list[FieldProblem] = []
    for detail in error.errors(include_url=False):
        field = _field_of(detail["loc"])
        problems.append(FieldProblem(field=field, message=_message(detail, field)))
    return problems


def first_problem_by_field(error: ValidationError) -> dict[str, str]:
    """One message per field (the first), for showing next to form fields."""
    out: dict[str, str] = {}
    for problem in describe(error):
        out.setdefault(problem.field, problem.message)
    return out
