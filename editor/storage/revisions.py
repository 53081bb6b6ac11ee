"""Item history: a record per saved revision, with the content of past revisions kept."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from editor.domain.items import ITEM_ADAPTER, Announcement, Event, item_to_json
from editor.storage.tables import doc

Item = Announcement | Event
log = logging.getLogger(__name__)

# Autosaves by one person within this span of the first one make a single history entry.
AUTOSAVE_RUN = timedelta(minutes=10)


@dataclass(frozen=True)
class Revision:
    """One saved state of an item."""

    revision: int
    saved_at: datetime
    saved_by: str | None
    item: Item
    current: bool


def revision_key(item_id: UUID | str, revision: int) -> str:
    return f"{item_id}:{revision:06d}"


class RevisionLog:
    """The revisions table. The current revision's content lives with the items; a record
    gets its content when the next save replaces it."""

    def __init__(self, table: Any, records: Callable[[], dict[str, Any]]) -> None:
        self._table = table  # Any: TinyDB's stubs say ids are ints; ours are strings
        self._records = records  # the raw table, for reading many records without copies

    def record_save(
        self,
        previous: Item | None,
        stored: Item,
        *,
        saved_by: str | None,
        now: datetime,
        autosave: bool,
    ) -> None:
        """Note a save (inside the caller's transaction), archiving the outgoing content.

        An autosave that follows autosaves by the same person, in a run begun less than
        AUTOSAVE_RUN ago, replaces the previous autosave's record instead of archiving it.
        """
        run_started = now
        if previous is not None:
            joined = self._autosave_run(previous, saved_by, now) if autosave else None
            if joined is None:
                self._archive(previous)
            else:
                run_started = joined
                self._table.remove(doc_ids=[revision_key(previous.id, previous.revision)])
        self._table.insert(
            doc(
                {
                    "item_id": str(stored.id),
                    "revision": stored.revision,
                    "saved_at": now.isoformat(),
                    "saved_by": saved_by,
                    "item": None,  # the current content lives with the items
                    "autosave": autosave,
                    "run_started": run_started.isoformat(),
                },
                doc_id=revision_key(stored.id, stored.revision),
            )
        )

    def _autosave_run(self, previous: Item, saved_by: str | None, now: datetime) -> datetime | None:
        """When the current revision is an autosave this one may replace, when its run began."""
        record = self._table.get(doc_id=revision_key(previous.id, previous.revision))
        if not isinstance(record, dict) or not record.get("autosave"):
            return None
        if record.get("saved_by") != saved_by:
            return None
        try:
            started = datetime.fromisoformat(record.get("run_started") or record["saved_at"])
        except (KeyError, TypeError, ValueError):
            return None
        return started if now - started < AUTOSAVE_RUN else None

    def _archive(self, previous: Item) -> None:
        """Copy the content of the outgoing current revision into its record."""
        key = revision_key(previous.id, previous.revision)
        if isinstance(self._table.get(doc_id=key), dict):
            self._table.update({"item": item_to_json(previous)}, doc_ids=[key])
            return
        # Items imported without history still keep their old state.
        self._table.insert(
            doc(
                {
                    "item_id": str(previous.id),
                    "revision": previous.revision,
                    "saved_at": previous.updated_at.isoformat(),
                    "saved_by": None,
                    "item": item_to_json(previous),
                },
                doc_id=key,
            )
        )

    def history(self, current: Item) -> list[Revision]:
        """Every saved revision of `current`'s item, oldest first; the last one is current."""
        prefix = f"{current.id}:"
        records = sorted(
            (key, rec) for key, rec in self._records().items() if key.startswith(prefix)
        )
        if not any(rec["revision"] == current.revision for _, rec in records):
            # Imported or migrated items may have no record yet; the present is still history.
            records.append(
                (
                    revision_key(current.id, current.revision),
                    {
                        "revision": current.revision,
                        "saved_at": current.updated_at.isoformat(),
                        "saved_by": None,
                        "item": None,
                    },
                )
            )
        out: list[Revision] = []
        for key, record in records:
            is_current = record["revision"] == current.revision
            try:
                content = current if is_current else ITEM_ADAPTER.validate_python(record["item"])
            except ValidationError as error:
                # An old revision that today's rules refuse must not hide every other one;
                # it stays in the file untouched.
                log.warning("Revision %s cannot be read and is left out: %s", key, error)
                continue
            out.append(
                Revision(
                    revision=record["revision"],
                    saved_at=datetime.fromisoformat(record["saved_at"]),
                    saved_by=record.get("saved_by"),
                    item=content,
                    current=is_current,
                )
            )
        return out

    def remove_item(self, item_id: str) -> None:
        """Forget every revision of an item (when it is purged from the trash)."""
        keys = [key for key in self._records() if key.startswith(f"{item_id}:")]
        if keys:
            self._table.remove(doc_ids=keys)
