"""A fixed set of items for the export tests: the samples plus the edge cases a bundle meets."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from editor.domain.items import Announcement, Event, parse_item
from editor.storage.samples import sample_items

Item = Announcement | Event

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d2a8"
    "ee0000000049454e44ae426082"
)
MEDIA = {"photos/forum.png": PNG, "photos/same.png": PNG}
AS_OF = datetime(2022, 4, 1, 12, 0, tzinfo=UTC)


def read_media(path: str) -> bytes | None:
    return MEDIA.get(path)


def _extra() -> list[dict[str, Any]]:
    common = {"created_at": "2022-03-01T09:00:00Z", "updated_at": "2022-03-02T10:00:00Z"}
    return [
        {
            **common,
            "id": "00000000-0000-4000-8000-000000000001",
            "kind": "event",
            "title": "Peer-learning workshop; Bergamo, Italy",
            "summary": "Five days, seventeen cities.",
            "body": "See the [briefing](events/online-briefing-what-the-new-review-process-"
            "means-for-cities/index.html) and the ![forum hall](media/photos/forum.png).",
            "status": "approved",
            "timezone": "Europe/Rome",
            "all_day": True,
            "start": "2022-05-17",
            "end": "2022-05-21",
            "venue": {"name": "Palazzo della Ragione", "city": "Bergamo", "country": "Italy"},
            "tags": ["workshop", "peer learning"],
            "revision": 3,
        },
        {
            **common,
            "id": "00000000-0000-4000-8000-000000000002",
            "kind": "event",
            "title": "Cancelled: evening reception",
            "summary": "Called off.",
            "status": "published",
            "timezone": "America/New_York",
            "start": "2022-11-06T01:30",
            "start_fold": 1,
            "end": "2022-11-06T03:00",
            "event_status": "cancelled",
            "revision": 2,
        },
        {
            **common,
            "id": "00000000-0000-4000-8000-000000000003",
            "kind": "announcement",
            "title": "Photo of the forum",
            "summary": "With a picture.",
            "body": "![The forum, in session](media/photos/same.png)\n\nSee [notes](#notes).",
            "image": "photos/forum.png",
            "image_alt": "Mayors at the forum",
            "status": "published",
            "publish_at": "2022-03-02T09:00:00+01:00",
            "language": "ar",
            "tags": ["forum"],
        },
    ]


def golden_items() -> list[Item]:
    """The samples (all statuses) and three more: an all-day workshop, a cancelled event at a
    time that happens twice, an Arabic announcement with pictures."""
    return [*sample_items(), *(parse_item(data) for data in _extra())]
