"""Tests for BackupSet: snapshots by hard link, verification, and thinning that keeps a good one."""

from __future__ import annotations

import errno
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from editor.storage.backups import BackupInfo, BackupSet
from editor.storage.crashsafe import CrashSafeStorage, Tables, dumps, loads_workspace

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def workspace(items: int) -> Tables:
    return {
        "meta": {"1": {"schema_version": 1, "workspace_id": "w-1"}},
        "items": {f"id-{n}": {"title": f"Item {n}"} for n in range(items)},
    }


GOOD = dumps(workspace(3))
CORRUPT = {
    "empty": b"",
    "truncated": GOOD[: len(GOOD) // 2],
    "garbage": b"\x89PNG\r\n\x1a\n not a workspace",
    "no-schema-version": dumps({"meta": {"1": {"workspace_id": "w"}}, "items": {}}),
    "schema-version-not-a-number": dumps({"meta": {"1": {"schema_version": "1"}}}),
    "not-tables": b"[1, 2, 3]",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def backup_set(folder: Path) -> BackupSet:
    return BackupSet(folder)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "noticeboard.json"
    path.write_bytes(GOOD)
    return path


def put(backup_set: BackupSet, at: datetime, content: bytes = GOOD) -> Path:
    backup_set.folder.mkdir(parents=True, exist_ok=True)
    path = backup_set.folder / backup_set.name_for(at)
    path.write_bytes(content)
    return path


def names(paths: list[Path] | list[BackupInfo]) -> set[str]:
    return {(p.path if isinstance(p, BackupInfo) else p).name for p in paths}


# --- snapshots -----------------------------------------------------------------------------


def test_snapshot_is_a_hard_link_named_by_utc_time(backup_set: BackupSet, db_path: Path) -> None:
    paris = datetime(2026, 11, 28, 13, 55, 0, 123456, tzinfo=ZoneInfo("Europe/Paris"))
    backup = backup_set.snapshot_existing(db_path, paris)
    assert backup == backup_set.folder / "noticeboard-20261128T125500.123456Z.json"
    assert backup.samefile(db_path)  # no copy was made
    assert db_path.stat().st_nlink == 2


def test_snapshot_of_missing_file_is_none(backup_set: BackupSet, tmp_path: Path) -> None:
    assert backup_set.snapshot_existing(tmp_path / "missing.json", NOW) is None
    assert not backup_set.folder.exists()


def test_snapshot_needs_an_aware_time(backup_set: BackupSet, db_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        backup_set.snapshot_existing(db_path, datetime(2026, 11, 28, 12, 0))


def test_snapshots_at_the_same_moment_get_distinct_ordered_names(
    backup_set: BackupSet, db_path: Path
) -> None:
    first = backup_set.snapshot_existing(db_path, NOW)
    second = backup_set.snapshot_existing(db_path, NOW)
    assert first is not None and second is not None
    assert first != second and first.name < second.name
    assert [info.path for info in backup_set.list()] == [second, first]


def test_names_sort_in_time_order(backup_set: BackupSet) -> None:
    rng = random.Random(7)
    moments = [NOW - timedelta(seconds=rng.uniform(0, 3e8)) for _ in range(500)]
    by_name = sorted(moments, key=backup_set.name_for)
    assert by_name == sorted(moments)


def test_copies_when_hard_links_are_not_supported(
    backup_set: BackupSet, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: Any, target: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr("editor.storage.backups.os.link", no_links)
    backup = backup_set.snapshot_existing(db_path, NOW)
    assert backup is not None and backup.read_bytes() == GOOD
    assert not backup.samefile(db_path)


def test_failed_copy_leaves_no_partial_backup(
    backup_set: BackupSet, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: Any, target: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    def disk_full(source: Any, target: Any, *args: Any) -> None:
        target.write(b'{"meta": ')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("editor.storage.backups.os.link", no_links)
    monkeypatch.setattr("editor.storage.backups.shutil.copyfileobj", disk_full)
    with pytest.raises(OSError, match="No space left"):
        backup_set.snapshot_existing(db_path, NOW)
    assert list(backup_set.folder.iterdir()) == []


def test_as_before_replace_the_old_version_lives_on_without_a_copy(
    backup_set: BackupSet, db_path: Path
) -> None:
    old_inode = db_path.stat().st_ino
    storage = CrashSafeStorage(db_path, before_replace=backup_set.snapshot_existing)
    storage.write(workspace(5))
    [backup] = backup_set.list()
    assert backup.path.stat().st_ino == old_inode
    assert backup.path.read_bytes() == GOOD
    assert (backup.ok, backup.item_count) == (True, 3)
    assert CrashSafeStorage(db_path).read() == workspace(5)


# --- when to snapshot ----------------------------------------------------------------------


def test_should_snapshot_when_there_is_no_backup(backup_set: BackupSet) -> None:
    assert backup_set.should_snapshot(NOW)


@pytest.mark.parametrize(
    ("newest_age", "expected"),
    [
        (timedelta(seconds=1), False),
        (timedelta(minutes=4, seconds=59), False),
        (timedelta(minutes=5), True),
        (timedelta(days=3), True),
        (timedelta(minutes=-30), True),  # the clock went back: better one too many
    ],
)
def test_should_snapshot_only_when_newest_is_old_enough(
    backup_set: BackupSet, newest_age: timedelta, expected: bool
) -> None:
    put(backup_set, NOW - timedelta(days=1))
    put(backup_set, NOW - newest_age)
    assert backup_set.should_snapshot(NOW) is expected


def test_min_interval_is_configurable(folder: Path) -> None:
    backup_set = BackupSet(folder, min_interval=timedelta(hours=1))
    put(backup_set, NOW - timedelta(minutes=30))
    assert not backup_set.should_snapshot(NOW)
    assert backup_set.should_snapshot(NOW + timedelta(minutes=30))


# --- listing and verifying -----------------------------------------------------------------


def test_list_is_newest_first_and_verifies_each(backup_set: BackupSet) -> None:
    expected: list[tuple[str, bool, int | None]] = []
    for hours, (label, content) in enumerate([("good", GOOD), *CORRUPT.items()], start=1):
        path = put(backup_set, NOW - timedelta(hours=hours), content)
        expected.append((path.name, label == "good", 3 if label == "good" else None))
    assert [(i.path.name, i.ok, i.item_count) for i in backup_set.list()] == expected
    assert backup_set.list()[0].created_at == NOW - timedelta(hours=1)


def test_list_ignores_other_files(backup_set: BackupSet) -> None:
    kept = put(backup_set, NOW)
    for name in [
        "notes.txt",
        "noticeboard-latest.json",
        "noticeboard-20261399T000000.000000Z.json",  # no 99th day
        "other-20261128T120000.000000Z.json",
        ".noticeboard-20261128T120000.000000Z.json.1a2b.tmp",
    ]:
        (backup_set.folder / name).write_bytes(GOOD)
    assert [info.path for info in backup_set.list()] == [kept]


def test_list_of_missing_folder_is_empty(backup_set: BackupSet) -> None:
    assert backup_set.list() == []
    assert backup_set.newest_good() is None


def test_custom_stem(folder: Path) -> None:
    backup_set = BackupSet(folder, stem="club.notices")
    path = put(backup_set, NOW)
    assert path.name == "club.notices-20261128T120000.000000Z.json"
    put(BackupSet(folder), NOW)  # another stem: not ours
    assert [info.path for info in backup_set.list()] == [path]


def test_verification_is_cached_until_the_file_changes(
    backup_set: BackupSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[Path] = []

    def counting_loads(raw: bytes, path: Path) -> Tables:
        parsed.append(path)
        return loads_workspace(raw, path)

    monkeypatch.setattr("editor.storage.backups.loads_workspace", counting_loads)
    paths = [put(backup_set, NOW - timedelta(hours=h)) for h in range(5)]
    put(backup_set, NOW - timedelta(hours=9), CORRUPT["garbage"])
    backup_set.list()
    assert len(parsed) == 6
    backup_set.list()
    backup_set.newest_good()
    assert len(parsed) == 6
    paths[0].write_bytes(CORRUPT["truncated"])
    assert not backup_set.list()[0].ok
    assert parsed[6:] == [paths[0]]


def test_newest_good_skips_damaged_backups(backup_set: BackupSet) -> None:
    good = put(backup_set, NOW - timedelta(hours=3))
    put(backup_set, NOW - timedelta(hours=2), CORRUPT["truncated"])
    put(backup_set, NOW - timedelta(hours=1), CORRUPT["empty"])
    newest = backup_set.newest_good()
    assert newest is not None and newest.path == good


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (timedelta(seconds=-5), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=3, seconds=30), "3 minutes ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=2, minutes=59), "2 hours ago"),
        (timedelta(hours=24), "1 day ago"),
        (timedelta(days=5, hours=23), "5 days ago"),
        (timedelta(days=400), "400 days ago"),
    ],
)
def test_age_text(age: timedelta, text: str) -> None:
    info = BackupInfo(Path("b.json"), NOW - age, 3, ok=True)
    assert info.age_text(NOW) == text
    assert info.age_text(NOW.astimezone(ZoneInfo("Pacific/Auckland"))) == text


# --- thinning ------------------------------------------------------------------------------


def test_prune_small_example(folder: Path) -> None:
    backup_set = BackupSet(folder, keep_recent=2)
    ages = {
        "1m": timedelta(minutes=1),  # newest two
        "2m": timedelta(minutes=2),
        "3m": timedelta(minutes=3),  # same hour and day as 1m, not among newest two
        "90m": timedelta(minutes=90),  # newest of 10:00-11:00
        "100m": timedelta(minutes=100),
        "3d": timedelta(days=3),  # newest of 25 Nov
        "3d1h": timedelta(days=3, hours=1),
        "59d": timedelta(days=59, hours=12),  # newest of its day, inside 60 days
        "61d": timedelta(days=61),  # older than every window
    }
    paths = {label: put(backup_set, NOW - age) for label, age in ages.items()}
    deleted = backup_set.prune(NOW)
    assert names(deleted) == names([paths[k] for k in ("3m", "100m", "3d1h", "61d")])
    assert names(backup_set.list()) == names([paths[k] for k in ("1m", "2m", "90m", "3d", "59d")])
    assert all(not path.exists() for path in deleted)


def test_prune_thins_many_backups_by_hour_and_day(backup_set: BackupSet) -> None:
    # Every 15 minutes for three days, then every 6 hours back to 90 days.
    moments = [NOW - timedelta(minutes=15 * k) for k in range(1, 289)]
    moments += [NOW - timedelta(days=3, hours=6 * j) for j in range(1, 349)]
    for moment in moments:
        put(backup_set, moment)
    deleted = backup_set.prune(NOW)
    survivors = {info.created_at for info in backup_set.list()}

    def newest_per(bucket_of: Any, window: timedelta) -> set[datetime]:
        newest: dict[Any, datetime] = {}
        for moment in moments:
            if NOW - moment < window:
                key = bucket_of(moment)
                newest[key] = max(newest.get(key, moment), moment)
        return set(newest.values())

    expected = set(sorted(moments, reverse=True)[:10])
    expected |= newest_per(lambda m: (m.date(), m.hour), timedelta(hours=48))
    expected |= newest_per(lambda m: m.date(), timedelta(days=60))
    assert survivors == expected
    assert len(deleted) == len(moments) - len(expected)
    # Spot checks, independent of the oracle above.
    assert NOW - timedelta(minutes=150) in survivors  # among the newest ten
    assert NOW - timedelta(minutes=165) not in survivors  # 9:15, not the newest of 9:00
    assert NOW - timedelta(hours=47, minutes=15) in survivors  # 12:45 two days ago
    assert NOW - timedelta(hours=47, minutes=30) not in survivors
    assert NOW - timedelta(days=59, hours=18) in survivors  # newest of its day
    assert NOW - timedelta(days=59, hours=12) not in survivors  # not the newest that day
    assert min(survivors) > NOW - timedelta(days=60)
    assert 48 + 60 < len(survivors) < 10 + 48 + 60
    assert backup_set.prune(NOW) == []  # thinning is stable


def test_prune_never_removes_the_last_good_backup(folder: Path) -> None:
    backup_set = BackupSet(folder, keep_recent=2)
    old_good = [put(backup_set, NOW - timedelta(days=days)) for days in (70, 80, 90)]
    put(backup_set, NOW - timedelta(minutes=1), CORRUPT["truncated"])
    put(backup_set, NOW - timedelta(minutes=2), CORRUPT["empty"])
    assert backup_set.prune(NOW) == []  # the kept ones are damaged: they replace nothing
    assert all(path.exists() for path in old_good)
    newest = backup_set.newest_good()
    assert newest is not None and newest.path == old_good[0]


def test_prune_deletes_only_backups_older_than_a_kept_good_one(folder: Path) -> None:
    backup_set = BackupSet(folder, keep_recent=1)
    put(backup_set, NOW - timedelta(minutes=1), CORRUPT["garbage"])  # kept, damaged
    ten_days = NOW - timedelta(days=10)
    damaged_newer = put(backup_set, ten_days, CORRUPT["truncated"])
    kept_good = put(backup_set, ten_days - timedelta(hours=1))  # the day's good one
    too_old = put(backup_set, NOW - timedelta(days=70))
    assert backup_set.prune(NOW) == [too_old]
    assert damaged_newer.exists() and kept_good.exists()


def test_prune_deletes_old_backups_once_a_newer_kept_one_verifies(folder: Path) -> None:
    backup_set = BackupSet(folder, keep_recent=1)
    newest = put(backup_set, NOW - timedelta(minutes=1))
    old = [put(backup_set, NOW - timedelta(days=days)) for days in (61, 70)]
    damaged_old = put(backup_set, NOW - timedelta(days=75), CORRUPT["truncated"])
    assert names(backup_set.prune(NOW)) == names([*old, damaged_old])
    assert [info.path for info in backup_set.list()] == [newest]


def test_prune_prefers_a_good_backup_within_an_hour(folder: Path) -> None:
    backup_set = BackupSet(folder, keep_recent=1)
    put(backup_set, NOW - timedelta(minutes=1))
    damaged = put(backup_set, NOW - timedelta(minutes=70), CORRUPT["garbage"])  # 10:50
    good = put(backup_set, NOW - timedelta(minutes=80))  # 10:40, same hour
    deleted = backup_set.prune(NOW)
    assert deleted == [damaged]
    assert good.exists()


def test_prune_of_missing_folder_is_empty(backup_set: BackupSet) -> None:
    assert backup_set.prune(NOW) == []


def test_prune_survives_a_backup_that_cannot_be_deleted(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup_set = BackupSet(folder, keep_recent=1)
    put(backup_set, NOW)
    stuck = put(backup_set, NOW - timedelta(days=90))
    gone = put(backup_set, NOW - timedelta(days=91))
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert backup_set.prune(NOW) == [gone]
    assert stuck.exists()
