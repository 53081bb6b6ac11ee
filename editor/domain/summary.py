"""Light listing records read straight from stored JSON, so large workspaces open fast.

Validating 10,000 full items takes most of a second; a listing needs only a few fields.
Full items are validated when they are actually used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from editor.domain.items import Announcement, Event, Kind, Status
from editor.domain.wallclock import zone

Item = Announcement | Event


@dataclass(frozen=True, slots=True)
class ItemSummary:
    """What list views, filters and sorting need of an item."""

    id: str
    kind: Kind
    title: str
    slug: str
    summary: str
    status: Status
    language: str
    tags: tuple[str, ...]
    display_date: datetime | date | None  # event start (wall time) or publication (aware)
    sort_moment: datetime  # aware: the event start, else publication, else creation
    created_at: datetime
    updated_at: datetime
    revision: int

    @classmethod
    def from_item(cls, item: Item) -> ItemSummary:
        return cls(
            id=str(item.id),
            kind=item.kind,
            title=item.title,
            slug=item.slug,
            summary=item.summary,
            status=item.status,
            language=item.language,
            tags=item.tags,
            display_date=item.display_date,
            sort_moment=item.sort_moment,
            created_at=item.created_at,
            updated_at=item.updated_at,
            revision=item.revision,
        )

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> ItemSummary:
        """Read a stored item's JSON; raises (KeyError, ValueError, TypeError) if damaged."""
        kind = Kind(doc["kind"])
        created = _aware(doc["created_at"])
        display: datetime | date | None
        if kind == Kind.EVENT:
            start = doc["start"]
            display = datetime.fromisoformat(start) if "T" in start else date.fromisoformat(start)
            wall = (
                display
                if isinstance(display, datetime)
                else datetime.combine(display, datetime.min.time())
            )
            fold = doc.get("start_fold") or 0
            moment = wall.replace(tzinfo=zone(doc["timezone"]), fold=fold)
        else:
            published = doc.get("publish_at")
            display = _aware(published) if published else None
            moment = display or created
        return cls(
            id=str(doc["id"]),
            kind=kind,
            title=str(doc["title"]),
            slug=str(doc["slug"]),
            summary=str(doc.get("summary", "")),
            status=Status(doc.get("status", Status.DRAFT)),
            language=str(doc.get("language", "en")),
            tags=tuple(str(tag) for tag in doc.get("tags") or ()),
            display_date=display,
            sort_moment=moment,
            created_at=created,
            updated_at=_aware(doc["updated_at"]),
            revision=int(doc.get("revision", 0)),
        )


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return value


def raw_search_text(doc: dict[str, Any]) -> str:
    """The unfolded text a search looks through, from stored JSON (fold it before use)."""
    return f"{doc.get('title', '')}\n{doc.get('summary', '')}\n{doc.get('body', '')}"


def utc_sort_key(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
