"""Applying an import plan to a workspace: a backup first, then one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import uuid4

from editor.domain.items import Announcement, Event, content_hash
from editor.domain.sync import SyncBase
from editor.importing.media import copy_media
from editor.importing.plan import IMPORT_MARK, Action, ImportPlan, PlannedAction, Policy
from editor.storage.backups import BackupSet
from editor.storage.layout import BACKUP_DIR, DB_NAME
from editor.storage.workspace import Workspace

Item = Announcement | Event
# Called with (actions done, actions in all); may raise to stop before anything is kept.
Progress = Callable[[int, int], None]


@dataclass
class ApplyResult:
    saved: list[Item] = field(default_factory=list)
    backup: str | None = None
    media_copied: int = 0
    notes: list[str] = field(default_factory=list)


def import_saved_by(author: str | None) -> str:
    """The history's `saved_by` for a revision an import wrote (how re-imports recognise it)."""
    return f"{author or 'someone'}{IMPORT_MARK}"


def apply_plan(
    workspace: Workspace,
    plan: ImportPlan,
    *,
    author: str | None = None,
    progress: Progress | None = None,
) -> ApplyResult:
    """Store every write of `plan` in one transaction, after a backup of the workspace file.

    Everything was validated when the plan was made; if a save still fails (the disk, a
    slug taken meanwhile), the transaction rolls back and nothing of the import is kept.
    Media files of bundle items are copied into the media folder first (never over a
    file already there).
    """
    result = ApplyResult()
    writes = plan.writes
    if not writes:
        return result
    if workspace.folder is not None:
        made = BackupSet(workspace.folder / BACKUP_DIR).snapshot_existing(
            workspace.folder / DB_NAME
        )
        result.backup = str(made) if made is not None else None
    if workspace.media_dir is not None:
        # Before the items: an item saved without its picture would show a broken one.
        media = copy_media(
            workspace.media_dir,
            (m for planned in writes if planned.policy is not Policy.KEEP for m in planned.media),
        )
        result.media_copied = media.copied
        result.notes += [
            f"media/{path}: this workspace has a different file; it was kept" for path in media.kept
        ]
    saved_by = import_saved_by(author)
    with workspace.transaction():
        for done, planned in enumerate(writes):
            if progress is not None:
                progress(done, len(writes))
            result.saved += _apply_one(workspace, planned, saved_by)
        if progress is not None:
            progress(len(writes), len(writes))
    return result


def _apply_one(workspace: Workspace, planned: PlannedAction, saved_by: str) -> list[Item]:
    """Save one planned write. Every version kept records, as its `sync_base`, the hash of
    the incoming content it has now agreed with: importing the same thing again is then a
    no-op, and the other side, importing ours, sees which version we started from."""
    item = planned.item
    assert item is not None
    origin = planned.origin
    agreed = SyncBase(
        sha256=content_hash(item),
        workspace_id=origin.workspace_id if origin else "",
        revision=origin.revision if origin else 0,
    )
    if planned.action is Action.ADD:
        # A new item starts at revision 0: the workspace numbers its own saves.
        return [workspace.save(_fresh(item, agreed), saved_by=saved_by)]
    current = workspace.get(item.id)
    incoming = _as(item, revision=current.revision, sync_base=agreed)
    if planned.action is Action.UPDATE or planned.policy is Policy.REPLACE:
        return [workspace.save(incoming, saved_by=saved_by)]
    if planned.policy is Policy.KEEP:
        # The losing side is saved first, so that the history keeps it; then ours again.
        lost = workspace.save(incoming, saved_by=saved_by)
        kept = _as(current, revision=lost.revision, sync_base=agreed)
        return [workspace.save(kept, saved_by=saved_by)]
    if planned.policy is Policy.DUPLICATE:
        # Ours stays, now known to have seen theirs; theirs becomes a new item.
        ours = workspace.save(
            _as(current, revision=current.revision, sync_base=agreed), saved_by=saved_by
        )
        copy = _as(
            item,
            id=uuid4(),
            slug=workspace.unique_slug(item.slug, item.kind, item.language),
            sync_base=None,
        )
        return [ours, workspace.save(_fresh(copy, None), saved_by=saved_by)]
    return []


def _as(item: Item, **changes: object) -> Item:
    return type(item).model_validate(item.model_dump() | changes)


def _fresh(item: Item, agreed: SyncBase | None) -> Item:
    # Both values are valid as they are, and Workspace.save validates the whole item again:
    # validating here too cost a tenth of a 1,000-file import.
    return item.model_copy(update={"revision": 0, "sync_base": agreed})
