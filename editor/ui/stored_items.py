"""Changes to stored items other than the draft: bulk status and tags, trash, history.

A collaborator of EditorController (`controller.stored`): it reports through the
controller's signals and failures, and closes the edited item when it goes to the trash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import ValidationError

from editor.domain import problems
from editor.domain.items import Announcement, Event, Status, parse_item
from editor.storage import StorageError, TrashedItem
from editor.storage.errors import StorageWriteError
from editor.storage.workspace import Revision

if TYPE_CHECKING:
    from editor.ui.controller import EditorController

Item = Announcement | Event
Change = Callable[[Item], "dict[str, Any] | None"]  # the fields to change; None: leave it


class StoredItems:
    """All-or-nothing changes to stored items, each in one workspace transaction."""

    def __init__(self, controller: EditorController) -> None:
        self._c = controller

    # -- history and trash ---------------------------------------------------------------

    def history(self, item_id: UUID | str) -> list[Revision]:
        return self._c.workspace.history(item_id)

    def restore_revision(self, item_id: UUID | str, number: int) -> Item | None:
        """Save an old revision's content as a new revision; the editor then shows it."""
        c = self._c
        try:
            stored = c.workspace.restore_revision(item_id, number, saved_by=c.author() or None)
        except (StorageWriteError, OSError) as error:
            c.fail(f"Not restored: {error}", retryable=True)
            return None
        except (StorageError, ValidationError) as error:
            c.fail(f"Not restored: {error}")
            return None
        c.forget_draft(stored.id)
        c.items_changed.emit([stored])
        if c.current_id == stored.id:
            c.select(stored.id)
        return stored

    def trash(self, ids: Iterable[UUID]) -> list[Item]:
        """Move items to the trash, all or none; the item being edited is closed."""
        c = self._c
        wanted = list(ids)
        moved: list[Item] = []
        try:
            with c.workspace.transaction():
                moved = [c.workspace.trash(item_id) for item_id in wanted]
        except (StorageError, OSError) as error:
            c.fail(f"Nothing moved to the trash: {error}")
            return []
        for item in moved:
            c.forget_draft(item.id)
        if c.current_id in {item.id for item in moved}:
            c.close_item()
        c.items_removed.emit([str(item.id) for item in moved])
        return moved

    def trashed(self) -> list[TrashedItem]:
        return self._c.workspace.trashed()

    def restore_from_trash(self, ids: Iterable[UUID | str]) -> list[Item]:
        """Bring items back from the trash, all or none."""
        c = self._c
        restored: list[Item] = []
        try:
            with c.workspace.transaction():
                restored = [
                    c.workspace.restore(item_id, saved_by=c.author() or None) for item_id in ids
                ]
        except (StorageError, OSError) as error:
            c.fail(f"Nothing restored: {error}")
            return []
        if restored:
            c.items_changed.emit(restored)
        return restored

    def empty_trash(self) -> int:
        c = self._c
        try:
            return c.workspace.empty_trash()
        except (StorageError, OSError) as error:
            c.fail(f"The trash was not emptied: {error}")
            return 0

    # -- bulk actions --------------------------------------------------------------------

    def set_status(self, ids: Iterable[UUID], status: Status) -> int:
        return self._bulk(ids, lambda item: {"status": status} if item.status != status else None)

    def add_tag(self, ids: Iterable[UUID], tag: str) -> int:
        tag = " ".join(tag.split())
        if not tag:
            return 0

        def change(item: Item) -> dict[str, Any] | None:
            if tag.casefold() in {t.casefold() for t in item.tags}:
                return None
            return {"tags": (*item.tags, tag)}

        return self._bulk(ids, change)

    def remove_tag(self, ids: Iterable[UUID], tag: str) -> int:
        key = " ".join(tag.split()).casefold()

        def change(item: Item) -> dict[str, Any] | None:
            kept = tuple(t for t in item.tags if t.casefold() != key)
            return None if kept == item.tags else {"tags": kept}

        return self._bulk(ids, change)

    def _bulk(self, ids: Iterable[UUID], change: Change) -> int:
        """Change several stored items in one transaction: all of them or none."""
        c = self._c
        saved: list[Item] = []
        try:
            with c.workspace.transaction():
                for item_id in ids:
                    item = c.workspace.get(item_id)
                    update = change(item)
                    if update is None:
                        continue
                    changed = parse_item(item.model_dump() | update)
                    saved.append(
                        c.workspace.save(
                            changed, saved_by=c.author() or None, expected_revision=item.revision
                        )
                    )
        except ValidationError as error:
            found = problems.describe(error)
            c.fail(f"Nothing changed: {found[0].message}")
            return 0
        except (StorageError, OSError) as error:
            c.fail(f"Nothing changed: {error}")
            return 0
        if saved:
            c.items_changed.emit(saved)
            current = c.current_id
            if current is not None and any(item.id == current for item in saved):
                c.rebase_on(next(item for item in saved if item.id == current))
        return len(saved)
