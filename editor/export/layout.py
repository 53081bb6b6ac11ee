"""Where each item goes in a bundle, which items an export takes, and the bundle's clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from editor.domain.items import Announcement, Event, Kind, Status

Item = Announcement | Event

KIND_FOLDERS = {Kind.ANNOUNCEMENT: "announcements", Kind.EVENT: "events"}
DEFAULT_STATUSES = (Status.APPROVED, Status.PUBLISHED)
# Zip timestamps cannot go before 1980; an empty bundle is dated then.
EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    """One item placed in the bundle, under the slug its files are named by."""

    item: Item
    slug: str

    @property
    def folder(self) -> str:
        return f"{KIND_FOLDERS[self.item.kind]}/{self.slug}"

    @property
    def page(self) -> str:
        """The item's page, relative to the bundle root (file:// needs the index.html)."""
        return f"{self.folder}/index.html"

    @property
    def content(self) -> str:
        return f"content/{KIND_FOLDERS[self.item.kind]}/{self.slug}.md"

    @property
    def ics(self) -> str | None:
        return f"{self.folder}/event.ics" if isinstance(self.item, Event) else None

    @property
    def group(self) -> UUID:
        """Items with the same group are translations of one another."""
        return self.item.translation_of or self.item.id


@dataclass(frozen=True)
class Placement:
    """Every item's entry, and the items that could not get a folder of their own."""

    entries: tuple[Entry, ...]
    clashes: tuple[tuple[Item, Item], ...]  # (item left out, item holding the folder)


def place_items(items: Iterable[Item]) -> Placement:
    """Give each item a folder: its slug, or slug-<lang> for a translation sharing it.

    Slugs are unique per kind and language in a workspace, so a translation may have the
    same slug as its original; the original keeps it. Two items of one kind and language
    with one slug clash: the second is left out and reported (a pre-export error).
    """
    ordered = sorted(
        items, key=lambda i: (i.kind.value, i.translation_of is not None, i.language, str(i.id))
    )
    taken: dict[str, Item] = {}
    entries: list[Entry] = []
    clashes: list[tuple[Item, Item]] = []
    for item in ordered:
        folder = KIND_FOLDERS[item.kind]
        slug = item.slug
        holder = taken.get(f"{folder}/{slug}")
        if holder is not None and holder.language != item.language:
            slug = f"{item.slug}-{item.language.lower()}"
            holder = taken.get(f"{folder}/{slug}")
        if holder is not None:
            clashes.append((item, holder))
            continue
        taken[f"{folder}/{slug}"] = item
        entries.append(Entry(item, slug))
    entries.sort(key=lambda e: e.page)
    return Placement(tuple(entries), tuple(clashes))


def select_items(
    items: Iterable[Item],
    *,
    statuses: Sequence[Status] = DEFAULT_STATUSES,
    ids: Iterable[UUID] | None = None,
    language: str | None = None,
) -> list[Item]:
    """The items an export takes: by status (approved or published by default), by id if
    given (then any status), and by language ('en' also takes 'en-GB')."""
    wanted = set(ids) if ids is not None else None
    chosen: list[Item] = []
    for item in items:
        if wanted is not None:
            if item.id not in wanted:
                continue
        elif item.status not in statuses:
            continue
        if language and not _same_language(item.language, language):
            continue
        chosen.append(item)
    return sorted(chosen, key=lambda i: str(i.id))


def _same_language(tag: str, wanted: str) -> bool:
    tag, wanted = tag.lower(), wanted.lower().replace("_", "-")
    return tag == wanted or tag.startswith(wanted + "-")


def content_time(items: Iterable[Item]) -> datetime:
    """The bundle's clock when none is given: the newest change to its items, in UTC.

    Taken from the content so that exporting the same items twice gives the same bytes.
    """
    newest = max((item.updated_at for item in items), default=EPOCH)
    return max(newest, EPOCH).astimezone(UTC)
