"""Markdown files with YAML front matter, for static site generators (Hugo, Jekyll)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import yaml

from editor.domain.items import Event, Status
from editor.export.layout import Entry
from editor.export.media import media_references

_DRAFT = (Status.DRAFT, Status.IN_REVIEW)
# libyaml's emitter, ten times faster, where PyYAML was built with it (its wheels are).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _event_fields(event: Event) -> dict[str, Any]:
    all_day = event.all_day or not isinstance(event.start, datetime)
    deadline = event.registration_deadline
    fields: dict[str, Any] = {
        # Aware times (YAML timestamps); days for all-day events, the end being the last day.
        "start": event.start if all_day else event.start_moment(),
        "end": event.end if all_day else event.end_moment(),
        "all_day": all_day,
        "timezone": event.timezone,
        "attendance": event.attendance.value,
        "status": event.event_status.value,
        "venue": event.venue.model_dump() if event.venue is not None else None,
        "online_url": event.online_url,
        "registration_url": event.registration_url,
        "registration_deadline": deadline,
        "organizers": list(event.organizers),
    }
    return {key: value for key, value in fields.items() if value not in (None, [])}


def front_matter(entry: Entry, media: Mapping[str, str]) -> dict[str, Any]:
    """What Hugo and Jekyll read: title, date, summary, tags, lang, draft, slug and more."""
    item = entry.item
    data: dict[str, Any] = {
        "title": item.title,
        "date": item.publish_at or item.created_at,
        "lastmod": item.updated_at.astimezone(UTC),
        "summary": item.summary,
        "tags": list(item.tags),
        "lang": item.language,
        "draft": item.status in _DRAFT,
        "slug": entry.slug,
        # Hugo links pages with the same translationKey as translations of one another.
        "translationKey": str(entry.group),
        "id": str(item.id),
        "kind": item.kind.value,
        "revision": item.revision,
    }
    if item.expires_at is not None:
        data["expiryDate"] = item.expires_at
    if item.authors:
        data["authors"] = list(item.authors)
    if item.image and item.image in media:
        data["image"] = "/" + media[item.image]
        data["image_alt"] = item.image_alt
    # The body is the stored Markdown, unchanged: its media/ paths map to these files.
    used = {path: "/" + media[path] for path in media_references(item) if path in media}
    if used:
        data["media"] = used
    if isinstance(item, Event):
        data["event"] = _event_fields(item)
    return data


def render_markdown_file(entry: Entry, media: Mapping[str, str]) -> bytes:
    header = yaml.dump(
        front_matter(entry, media),
        Dumper=_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    body = entry.item.body.replace("\r\n", "\n").replace("\r", "\n")
    if body and not body.endswith("\n"):
        body += "\n"
    return f"---\n{header}---\n\n{body}".encode()
