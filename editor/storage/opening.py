"""Opening the workspace file: damage detection, set-aside, migrations, backup restore."""

from __future__ import annotations

import copy
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from editor.storage import migrations
from editor.storage.atomic import atomic_write_bytes
from editor.storage.backups import BackupSet
from editor.storage.crashsafe import CrashSafeStorage, loads_workspace
from editor.storage.errors import CorruptFileError, StorageError, describe_os_error
from editor.storage.layout import (
    CORRUPT_SUFFIX,
    DB_NAME,
    ITEMS,
    LOCK_NAME,
    META,
    REPLACED_SUFFIX,
)
from editor.storage.lock import WorkspaceLock
from editor.storage.workspace_errors import SchemaTooNewError, WorkspaceCorruptError

log = logging.getLogger(__name__)


def open_storage(
    folder: Path, db_path: Path, backups: BackupSet, *, read_only: bool
) -> CrashSafeStorage:
    """The workspace file's storage, checked, migrated if old, with backups before replaces.

    A damaged file is set aside (unless read-only) and reported with the newest good backup;
    a missing file where backups or damaged files exist is never a new, empty workspace.
    """
    if not db_path.exists() and (damaged_files(folder) or backups.list()):
        # A workspace that had data never silently restarts empty.
        raise WorkspaceCorruptError(
            folder,
            "the workspace file is missing",
            moved_to=None,
            newest_backup=backups.newest_good(),
        )

    def before_replace(path: Path) -> None:
        now = datetime.now(UTC)
        try:
            if backups.should_snapshot(now):
                backups.snapshot_existing(path, now)
                backups.prune(now)
        except OSError as error:
            # A backup folder that cannot be written must not stop the editor's text from
            # being saved: the save itself is still atomic. The window says so once.
            log.warning("No backup was kept before saving %s: %s", path, error)
            backups.last_error = f"No backup could be kept ({describe_os_error(error)})"
        else:
            backups.last_error = None

    try:
        storage = CrashSafeStorage(db_path, read_only=read_only, before_replace=before_replace)
    except CorruptFileError as error:
        moved = None if read_only else set_aside(db_path)
        raise WorkspaceCorruptError(
            folder, error.reason, moved_to=moved, newest_backup=backups.newest_good()
        ) from error
    tables = storage.read() or {}
    if db_path.exists():
        meta = tables.get(META, {}).get("1")
        if not isinstance(meta, dict) or not isinstance(meta.get("schema_version"), int):
            moved = None if read_only else set_aside(db_path)
            raise WorkspaceCorruptError(
                folder,
                "the file is not a Noticeboard workspace (no format version)",
                moved_to=moved,
                newest_backup=backups.newest_good(),
            )
        found = meta["schema_version"]
        supported = migrations.current_version()
        if found > supported:
            raise SchemaTooNewError(folder, found, supported)
        if found < supported and not read_only:
            upgrade(storage, folder, db_path, backups, found, supported)
    return storage


def upgrade(
    storage: CrashSafeStorage,
    folder: Path,
    db_path: Path,
    backups: BackupSet,
    found: int,
    target: int,
) -> None:
    """Migrate the file from format `found` to `target`, after keeping a backup of it."""
    try:
        kept = backups.snapshot_existing(db_path)  # always, whatever the interval
    except OSError as error:
        raise StorageError(
            f"The workspace in {folder} needs an upgrade, but no backup of it could be made "
            f"first ({describe_os_error(error)}); nothing was changed."
        ) from error
    try:
        # A copy: a step that fails half-way must not leave memory half-migrated.
        migrated = migrations.migrate(copy.deepcopy(storage.read()), found, target)
        migrated[META]["1"] = {**migrated[META]["1"], "schema_version": target}
    except StorageError:
        raise
    except Exception as error:
        raise StorageError(
            f"The workspace in {folder} could not be upgraded from format {found} to "
            f"{target} ({type(error).__name__}: {error}); nothing was changed. "
            f"A backup is in {kept}."
        ) from error
    with storage.transaction():
        storage.write(migrated)


def damaged_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{DB_NAME}{CORRUPT_SUFFIX}*"))


def set_aside(db_path: Path, suffix: str = CORRUPT_SUFFIX) -> Path:
    """Rename a workspace file so it is kept but never read again as the workspace.

    Damaged files get `.damaged-<time>`; a good file replaced by a backup `.replaced-<time>`.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.name}{suffix}{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = db_path.with_name(f"{db_path.name}{suffix}{stamp}-{n}")
    os.replace(db_path, target)
    return target


def current_item_count(folder: Path) -> int | None:
    """Items in the workspace file now, or None if it is missing or damaged."""
    try:
        tables = loads_workspace((folder / DB_NAME).read_bytes(), folder / DB_NAME)
    except (OSError, CorruptFileError):
        return None
    return len(tables.get(ITEMS, {}))


def restore_backup(folder: Path, backup: Path) -> Path:
    """Make `backup` the workspace file again; a current file is set aside first, not lost.

    Returns where the current file was kept (`.replaced-` if it was good, `.damaged-` if
    not), or the workspace file's path when there was none.
    """
    folder, backup = Path(folder), Path(backup)
    try:
        raw = backup.read_bytes()
    except OSError as error:
        raise StorageError(
            f"Cannot read the backup {backup}: {describe_os_error(error)}; nothing was changed."
        ) from error
    # Refuse to restore something that is itself damaged, or not a workspace at all.
    tables = loads_workspace(raw, backup)
    meta = tables.get(META, {}).get("1")
    if not isinstance(meta, dict) or not isinstance(meta.get("schema_version"), int):
        raise CorruptFileError(backup, "it is not a Noticeboard workspace (no format version)")
    supported = migrations.current_version()
    if meta["schema_version"] > supported:
        # Checked before anything is moved: this Noticeboard could not open it afterwards.
        raise SchemaTooNewError(backup, meta["schema_version"], supported)
    db_path = folder / DB_NAME
    folder.mkdir(parents=True, exist_ok=True)
    lock = WorkspaceLock(folder / LOCK_NAME)
    kept = db_path
    with lock:
        if db_path.exists():
            good = current_item_count(folder) is not None
            kept = set_aside(db_path, REPLACED_SUFFIX if good else CORRUPT_SUFFIX)
        atomic_write_bytes(db_path, raw)
    return kept
