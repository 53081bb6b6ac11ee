"""Workspace format upgrades: a backup first, then every step in order; newer files untouched."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from editor.domain.items import Announcement
from editor.storage import SchemaTooNewError, StorageError, Workspace, migrations
from editor.storage.backups import BackupSet
from editor.storage.migrations import Tables, migrate
from editor.storage.workspace import BACKUP_DIR, DB_NAME

Step = Callable[[Tables], Tables]


def tag_everything(tables: Tables) -> Tables:
    """A v1 -> v2 step: every item gets the tag 'migrated'."""
    for record in tables.get("items", {}).values():
        record["tags"] = [*record["tags"], "migrated"]
    return tables


@pytest.fixture
def format_2(monkeypatch: pytest.MonkeyPatch) -> Callable[[Step], None]:
    """Pretend this Noticeboard writes format 2, upgrading format 1 with `step`."""

    def bump(step: Step) -> None:
        monkeypatch.setattr(migrations, "FORMAT_VERSION", 2)
        monkeypatch.setitem(migrations.MIGRATIONS, 1, step)

    return bump


@pytest.fixture
def v1_folder(workspace_dir: Path) -> Path:
    """A closed format-1 workspace holding one item, and no backups yet."""
    with Workspace.open(workspace_dir) as workspace:
        workspace.save(Announcement(title="Launch", tags=["forum"]))
    for backup in (workspace_dir / BACKUP_DIR).iterdir():
        backup.unlink()
    return workspace_dir


def read_file(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads((folder / DB_NAME).read_bytes())
    return data


def test_upgrade_backs_up_first_then_migrates(
    v1_folder: Path, format_2: Callable[[Step], None]
) -> None:
    original = (v1_folder / DB_NAME).read_bytes()
    backups = BackupSet(v1_folder / BACKUP_DIR)
    seen_by_step: list[list[bytes]] = []

    def step(tables: Tables) -> Tables:
        seen_by_step.append([b.path.read_bytes() for b in backups.list()])
        return tag_everything(tables)

    format_2(step)
    with Workspace.open(v1_folder) as workspace:
        assert [item.tags for item in workspace] == [("forum", "migrated")]
        assert workspace.meta["schema_version"] == 2

    assert seen_by_step == [[original]]  # the backup existed before the step ran
    assert read_file(v1_folder)["meta"]["1"]["schema_version"] == 2
    assert [b.path.read_bytes() for b in backups.list()] == [original]
    with Workspace.open(v1_folder) as again:  # migrated once, not on every open
        assert [item.tags for item in again] == [("forum", "migrated")]


def test_a_failing_step_changes_nothing(v1_folder: Path, format_2: Callable[[Step], None]) -> None:
    original = (v1_folder / DB_NAME).read_bytes()

    def broken(tables: Tables) -> Tables:
        tables["items"].clear()  # damage first, as a buggy step might
        raise KeyError("venue")

    format_2(broken)
    with pytest.raises(StorageError, match="could not be upgraded from format 1 to 2") as caught:
        Workspace.open(v1_folder)
    assert "A backup is in" in str(caught.value)
    assert (v1_folder / DB_NAME).read_bytes() == original


def test_a_failed_write_during_upgrade_changes_nothing(
    v1_folder: Path, format_2: Callable[[Step], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = (v1_folder / DB_NAME).read_bytes()
    format_2(tag_everything)

    def no_space(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("editor.storage.atomic.os.replace", no_space)
    with pytest.raises(StorageError, match="No space"):
        Workspace.open(v1_folder)
    assert (v1_folder / DB_NAME).read_bytes() == original


def test_a_new_workspace_gets_the_current_format(
    workspace_dir: Path, format_2: Callable[[Step], None]
) -> None:
    format_2(tag_everything)
    with Workspace.open(workspace_dir) as workspace:
        assert workspace.meta["schema_version"] == 2


def test_a_read_only_open_does_not_upgrade(
    v1_folder: Path, format_2: Callable[[Step], None]
) -> None:
    original = (v1_folder / DB_NAME).read_bytes()
    format_2(tag_everything)
    with Workspace.open(v1_folder, read_only=True) as view:
        assert len(view) == 1
    assert (v1_folder / DB_NAME).read_bytes() == original


@pytest.mark.parametrize("read_only", [False, True])
def test_a_newer_format_is_refused_and_left_unchanged(v1_folder: Path, read_only: bool) -> None:
    data = read_file(v1_folder)
    data["meta"]["1"]["schema_version"] = 7
    newer = orjson.dumps(data)
    (v1_folder / DB_NAME).write_bytes(newer)

    with pytest.raises(SchemaTooNewError, match="uses format 7") as caught:
        Workspace.open(v1_folder, read_only=read_only)

    assert "update Noticeboard" in str(caught.value)
    assert (v1_folder / DB_NAME).read_bytes() == newer
    assert sorted(p.name for p in v1_folder.iterdir()) == [BACKUP_DIR, "media", DB_NAME]
    assert list((v1_folder / BACKUP_DIR).iterdir()) == []


def test_migrate_applies_every_step_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    def step(version: int) -> Step:
        def apply(tables: Tables) -> Tables:
            return {**tables, "log": {**tables.get("log", {}), str(version): {}}}

        return apply

    for version in (1, 2, 3):
        monkeypatch.setitem(migrations.MIGRATIONS, version, step(version))
    monkeypatch.setattr(migrations, "FORMAT_VERSION", 4)

    assert list(migrate({}, 1)["log"]) == ["1", "2", "3"]
    assert list(migrate({}, 2, 3)["log"]) == ["2"]
    assert migrate({"items": {}}, 4) == {"items": {}}


def test_migrate_without_a_step_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "FORMAT_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, lambda tables: tables)
    with pytest.raises(StorageError, match="from format 2 to 3"):
        migrate({}, 1)
