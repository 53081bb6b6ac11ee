"""Errors the Workspace raises, each with a message an editor can act on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from editor.storage.backups import BackupInfo
from editor.storage.errors import StorageError


class ItemNotFoundError(StorageError, KeyError):
    """No item with that id or slug."""

    def __init__(self, ref: str | UUID, *, where: str = "") -> None:
        place = f" {where}" if where else ""
        super().__init__(f"No item{place} with the id or slug {str(ref)!r}")
        self.ref = str(ref)

    def __str__(self) -> str:  # KeyError would add quotes
        return str(self.args[0])


class AmbiguousSlugError(StorageError):
    """A slug names several items (the same slug in another kind or language)."""

    def __init__(self, slug: str, candidates: list[str]) -> None:
        listed = "; ".join(candidates)
        super().__init__(f"The slug {slug!r} names several items; use an id instead: {listed}")
        self.slug = slug
        self.candidates = candidates


class AmbiguousIdError(StorageError):
    """An id prefix is shared by several items (sample and imported ids often are)."""

    def __init__(self, prefix: str, candidates: list[str]) -> None:
        listed = "; ".join(candidates)
        super().__init__(
            f"The id prefix {prefix!r} matches several items; type more of the id: {listed}"
        )
        self.prefix = prefix
        self.candidates = candidates


class DamagedItemError(StorageError):
    """A stored item no longer validates (edited by hand, or the rules changed)."""

    def __init__(self, item_id: str, title: str | None, reasons: str) -> None:
        name = f"{title!r} ({item_id})" if title else item_id
        super().__init__(
            f"The stored item {name} cannot be read: {reasons}. It is kept unchanged in the "
            "workspace file."
        )
        self.item_id = item_id
        self.reasons = reasons


class DuplicateSlugError(StorageError):
    """Another item of the same kind and language already has this slug."""

    def __init__(self, slug: str, other_title: str, suggestion: str) -> None:
        super().__init__(
            f"Slug {slug!r} is already used by {other_title!r} (same kind and language); "
            f"try {suggestion!r}"
        )
        self.slug = slug
        self.suggestion = suggestion


class RevisionConflictError(StorageError):
    """The item was saved elsewhere since this copy was read."""

    def __init__(self, title: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{title!r} was changed elsewhere (now revision {actual}, this edit started "
            f"from revision {expected}); nothing was overwritten"
        )
        self.expected = expected
        self.actual = actual


class WorkspaceCorruptError(StorageError):
    """The workspace file cannot be read; it was set aside and a backup can be restored."""

    def __init__(
        self,
        folder: Path,
        reason: str,
        *,
        moved_to: Path | None,
        newest_backup: BackupInfo | None,
    ) -> None:
        self.folder = folder
        self.reason = reason
        self.moved_to = moved_to
        self.newest_backup = newest_backup
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"The workspace in {self.folder} cannot be opened: {self.reason}."]
        if self.moved_to is not None:
            parts.append(f"The damaged file was kept as {self.moved_to}.")
        if self.newest_backup is not None:
            backup = self.newest_backup
            count = backup.item_count
            items = "? items" if count is None else f"{count} item{'' if count == 1 else 's'}"
            parts.append(
                f"The newest good backup is {backup.path} "
                f"({backup.age_text(datetime.now(UTC))}, {items}); "
                "restore it with: noticeboard "
                f"--workspace {self.folder} restore-backup {backup.path}"
            )
        else:
            parts.append("There is no good backup to restore.")
        return " ".join(parts)


class SchemaTooNewError(StorageError):
    """The workspace was written by a newer Noticeboard."""

    def __init__(self, folder: Path, found: int, supported: int) -> None:
        super().__init__(
            f"The workspace in {folder} uses format {found}, but this Noticeboard reads up to "
            f"format {supported}; please update Noticeboard. Nothing was changed."
        )
