"""Markdown files with YAML front matter, for static site generators (Hugo, Jekyll)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import yaml

from editor.domain.items import Event, Status, content_hash
from editor.export.layout import Entry
from editor.export.media import media_references
from editor.render.page import MEDIA_FOLDER

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
    fields = {key: value for key, value in fields.items() if value not in (None, [])}
    # The event map's keys Noticeboard does not use, kept from an import: never dropped.
    kept = event.extra.get("event")
    if isinstance(kept, dict):
        fields |= {key: value for key, value in kept.items() if key not in fields}
    return fields


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
        # The workflow status: `draft` alone would bring an approved item back as published.
        "status": item.status.value,
        # What the content was when written: importing the file again tells an edit made
        # to the file from one made in the workspace since (see editor.importing.plan).
        "sync_base": content_hash(item),
    }
    if item.publish_at is not None:
        # Hugo's embargo; `date` alone falls back to the creation time (sites need one).
        data["publishDate"] = item.publish_at
    if item.expires_at is not None:
        data["expiryDate"] = item.expires_at
    if item.authors:
        data["authors"] = list(item.authors)
    if item.image:
        # The bundle's copy when there is one (its path is in `media` below, for imports);
        # else the workspace path, as bodies write it.
        data["image"] = (
            "/" + media[item.image] if item.image in media else f"{MEDIA_FOLDER}/{item.image}"
        )
        data["image_alt"] = item.image_alt
    # The body is the stored Markdown, unchanged: its media/ paths map to these files.
    used = {path: "/" + media[path] for path in media_references(item) if path in media}
    if used:
        data["media"] = used
    if isinstance(item, Event):
        data["event"] = _event_fields(item)
    # Keys a site generator wrote that Noticeboard does not use, kept from an import.
    # The model refuses extra keys that would shadow these; a site's own translationKey
    # (not an item id) replaces the generated one.
    for key, value in item.extra.items():
        if (key == "translationKey" and item.translation_of is None) or key not in data:
            data[key] = value
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
    if body:
        # Always one line break more, so that the import can take exactly one off again.
        body += "\n"
    return f"---\n{header}---\n\n{body}".encode()
