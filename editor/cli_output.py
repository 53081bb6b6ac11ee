"""How the command line prints items: aligned tables for people, stable JSON for tools."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import orjson

from editor.domain.dateline import event_dateline
from editor.domain.items import Announcement, Event, item_to_json
from editor.domain.summary import ItemSummary
from editor.storage.workspace import Revision

Item = Announcement | Event


def print_json(data: Any) -> None:
    sys.stdout.buffer.write(
        orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    )
    sys.stdout.flush()


def _day(value: datetime | date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


SHORT_ID = 8


def short_ids(ids: Iterable[UUID]) -> dict[UUID, str]:
    """The shortest prefix (at least 8 characters) that names each id among all of `ids`.

    Imported and sample items often share their first characters, and a listing whose
    ids cannot be typed back into `show` is no use.
    """
    texts = sorted({str(i) for i in ids})
    out: dict[UUID, str] = {}
    for index, text in enumerate(texts):
        neighbours = texts[max(index - 1, 0) : index] + texts[index + 1 : index + 2]
        shared = max((_shared_length(text, n) for n in neighbours), default=0)
        out[UUID(text)] = text[: max(SHORT_ID, shared + 1)]
    return out


def _shared_length(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


def item_listing(
    items: Sequence[Item | ItemSummary], shown_ids: Mapping[UUID, str] | None = None
) -> list[tuple[str, ...]]:
    """Table rows; `shown_ids` maps ids to the prefixes to print (see short_ids)."""
    ids = [item.id if isinstance(item.id, UUID) else UUID(item.id) for item in items]
    shown = shown_ids if shown_ids is not None else short_ids(ids)
    rows: list[tuple[str, ...]] = [("ID", "KIND", "STATUS", "DATE", "LANG", "TITLE")]
    for item, item_id in zip(items, ids, strict=True):
        rows.append(
            (
                shown.get(item_id, str(item_id)),
                item.kind.value,
                item.status.value,
                _day(item.display_date),
                item.language,
                item.title,
            )
        )
    return rows


def print_table(rows: Sequence[Sequence[str]]) -> None:
    if len(rows) <= 1:
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        print("  ".join([*cells, row[-1]]))


def print_item(item: Item) -> None:
    lines = [item.title, "=" * min(len(item.title), 78)]
    fields: list[tuple[str, str]] = [
        ("id", str(item.id)),
        ("kind", item.kind.value),
        ("slug", item.slug),
        ("status", item.status.value),
        ("language", item.language),
    ]
    if isinstance(item, Event):
        fields.append(("when", event_dateline(item)))
        fields.append(("time zone", item.timezone))
        fields.append(("attendance", item.attendance.value))
        if item.venue:
            fields.append(("venue", item.venue.one_line()))
        if item.online_url:
            fields.append(("online", item.online_url))
        if item.registration_url:
            fields.append(("registration", item.registration_url))
        if item.registration_deadline:
            fields.append(("register by", _day(item.registration_deadline)))
        if item.organizers:
            fields.append(("co-hosts", ", ".join(item.organizers)))
        fields.append(("event status", item.event_status.value))
    if item.publish_at:
        fields.append(("publish at", item.publish_at.isoformat()))
    if item.expires_at:
        fields.append(("expires at", item.expires_at.isoformat()))
    if item.tags:
        fields.append(("tags", ", ".join(item.tags)))
    if item.authors:
        fields.append(("authors", ", ".join(item.authors)))
    if item.translation_of:
        fields.append(("translation of", str(item.translation_of)))
    if item.image:
        fields.append(("image", f"{item.image} ({item.image_alt or 'no alt text'})"))
    fields.append(("revision", f"{item.revision}, last change {item.updated_at.isoformat()}"))
    width = max(len(name) for name, _ in fields)
    lines += [f"{name.rjust(width)}: {value}" for name, value in fields]
    if item.summary:
        lines += ["", item.summary]
    if item.body:
        lines += ["", item.body.rstrip()]
    print("\n".join(lines))


def history_json(revisions: Sequence[Revision]) -> list[dict[str, Any]]:
    return [
        {
            "revision": rev.revision,
            "saved_at": rev.saved_at.isoformat(),
            "saved_by": rev.saved_by,
            "current": rev.current,
            "item": item_to_json(rev.item),
        }
        for rev in revisions
    ]
