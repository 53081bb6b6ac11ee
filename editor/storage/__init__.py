"""The crash-safe TinyDB workspace: storage, backups, lock, migrations, repository. No Qt."""

from editor.storage.errors import StorageError, WorkspaceLockedError
from editor.storage.workspace import Revision, TrashedItem, Workspace, restore_backup
from editor.storage.workspace_errors import (
    AmbiguousSlugError,
    DuplicateSlugError,
    ItemNotFoundError,
    RevisionConflictError,
    SchemaTooNewError,
    WorkspaceCorruptError,
)

__all__ = [
    "AmbiguousSlugError",
    "DuplicateSlugError",
    "ItemNotFoundError",
    "Revision",
    "RevisionConflictError",
    "SchemaTooNewError",
    "StorageError",
    "TrashedItem",
    "Workspace",
    "WorkspaceCorruptError",
    "WorkspaceLockedError",
    "restore_backup",
]
