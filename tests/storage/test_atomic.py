"""Tests for atomic_write_bytes: old or new bytes, never a mix, never a stray temp file."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from editor.storage import atomic
from editor.storage.atomic import atomic_write_bytes, fsync_directory, is_temp_name_for
from editor.storage.errors import StorageWriteError

OLD = b'{"old": {"1": {"text": "the previous save"}}}\n'
NEW = b'{"new": {"1": {"text": "' + "é".encode() * 50_000 + b'"}}}\n'


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "noticeboard.json"
    path.write_bytes(OLD)
    return path


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def enospc(*args: object, **kwargs: object) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_creates_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    atomic_write_bytes(path, NEW)
    assert path.read_bytes() == NEW
    assert temp_files(tmp_path) == []


def test_replaces_existing_file_with_a_new_inode(target: Path) -> None:
    old_inode = target.stat().st_ino
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW
    assert target.stat().st_ino != old_inode  # replaced, not rewritten in place
    assert temp_files(target.parent) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_keeps_permission_bits_of_existing_file(target: Path) -> None:
    target.chmod(0o600)
    atomic_write_bytes(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_temp_file_is_hidden_unique_and_next_to_target(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    real_replace = os.replace

    def spy_replace(source: Any, destination: Any) -> None:
        seen.append(Path(source))
        real_replace(source, destination)

    monkeypatch.setattr("editor.storage.atomic.os.replace", spy_replace)
    atomic_write_bytes(target, NEW)
    atomic_write_bytes(target, OLD)
    assert len(seen) == 2 and seen[0] != seen[1]
    for temp in seen:
        assert temp.parent == target.parent
        assert temp.name.startswith(".noticeboard.json.") and temp.name.endswith(".tmp")
        assert is_temp_name_for(temp, target)


def test_data_is_fsynced_before_replace(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def spy_fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def spy_replace(source: Any, destination: Any) -> None:
        events.append("replace")
        real_replace(source, destination)

    monkeypatch.setattr("editor.storage.atomic.os.fsync", spy_fsync)
    monkeypatch.setattr("editor.storage.atomic.os.replace", spy_replace)
    atomic_write_bytes(target, NEW)
    assert events[:2] == ["fsync", "replace"]
    if hasattr(os, "O_DIRECTORY"):
        assert events == ["fsync", "replace", "fsync"]  # the folder, for the rename


def test_short_writes_are_completed(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def dribble(fd: int, data: Any) -> int:
        return real_write(fd, bytes(data[:7777]))

    monkeypatch.setattr("editor.storage.atomic.os.write", dribble)
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW


def test_before_replace_sees_old_file_and_new_data_on_disk(target: Path) -> None:
    calls: list[tuple[Path, bytes, list[bytes]]] = []

    def hook(path: Path) -> None:
        pending = [p.read_bytes() for p in temp_files(path.parent)]
        calls.append((path, path.read_bytes(), pending))

    atomic_write_bytes(target, NEW, before_replace=hook)
    assert calls == [(target, OLD, [NEW])]
    assert target.read_bytes() == NEW


def test_before_replace_not_called_without_old_file(tmp_path: Path) -> None:
    calls: list[Path] = []
    atomic_write_bytes(tmp_path / "fresh.json", NEW, before_replace=calls.append)
    assert calls == []


def _fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.storage.atomic.os.write", enospc)


def _fail_write_halfway(monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    state = {"calls": 0}

    def half_then_enospc(fd: int, data: Any) -> int:
        state["calls"] += 1
        if state["calls"] > 1:
            enospc()
        return real_write(fd, bytes(data[: len(data) // 2]))

    monkeypatch.setattr("editor.storage.atomic.os.write", half_then_enospc)


def _fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.storage.atomic.os.fsync", enospc)


def _fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.storage.atomic.os.replace", enospc)


def _fail_create(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.storage.atomic.os.open", enospc)


def _fail_close(monkeypatch: pytest.MonkeyPatch) -> None:
    real_close = os.close

    def close_then_enospc(fd: int) -> None:
        real_close(fd)
        enospc()  # NFS reports some write errors only on close

    monkeypatch.setattr("editor.storage.atomic.os.close", close_then_enospc)


@pytest.mark.parametrize(
    "inject",
    [_fail_create, _fail_write, _fail_write_halfway, _fail_fsync, _fail_close, _fail_replace],
    ids=["open", "write", "write-halfway", "fsync", "close", "replace"],
)
def test_failure_leaves_old_file_identical_and_no_temp(
    target: Path, monkeypatch: pytest.MonkeyPatch, inject: Callable[[pytest.MonkeyPatch], None]
) -> None:
    inject(monkeypatch)
    with pytest.raises(StorageWriteError) as caught:
        atomic_write_bytes(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert temp_files(target.parent) == []
    error = caught.value
    assert error.path == target
    assert isinstance(error.cause, OSError) and error.cause.errno == errno.ENOSPC
    assert error.__cause__ is error.cause
    assert str(error) == (
        f"Could not save the workspace file {target}: No space left on device. "
        "Nothing already saved was changed."
    )


def test_failing_backup_hook_fails_the_save_and_says_so(target: Path) -> None:
    def hook(path: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path.parent / "backups"))

    with pytest.raises(StorageWriteError) as caught:
        atomic_write_bytes(target, NEW, before_replace=hook)
    assert target.read_bytes() == OLD
    assert temp_files(target.parent) == []
    assert "while keeping a backup of the previous version" in str(caught.value)
    assert "Permission denied" in str(caught.value)


@pytest.mark.parametrize("exception", [RuntimeError("bug in hook"), KeyboardInterrupt()])
def test_other_exceptions_propagate_unchanged_and_clean_up(
    target: Path, exception: BaseException
) -> None:
    def hook(path: Path) -> None:
        raise exception

    with pytest.raises(type(exception)):
        atomic_write_bytes(target, NEW, before_replace=hook)
    assert target.read_bytes() == OLD
    assert temp_files(target.parent) == []


def test_missing_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(StorageWriteError) as caught:
        atomic_write_bytes(tmp_path / "gone" / "noticeboard.json", NEW)
    assert isinstance(caught.value.cause, FileNotFoundError)


def test_replace_retries_sharing_violations(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace
    sleeps: list[float] = []
    attempts = {"count": 0}

    def busy_twice(source: Any, destination: Any) -> None:
        attempts["count"] += 1
        if attempts["count"] <= 2:
            raise PermissionError(errno.EACCES, "The file is being used by another process")
        real_replace(source, destination)

    monkeypatch.setattr("editor.storage.atomic.os.replace", busy_twice)
    monkeypatch.setattr("editor.storage.atomic.time.sleep", sleeps.append)
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW
    assert attempts["count"] == 3
    assert len(sleeps) == 2 and sleeps[0] < sleeps[1]


def test_replace_gives_up_in_under_a_second(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []
    attempts = {"count": 0}

    def always_busy(source: Any, destination: Any) -> None:
        attempts["count"] += 1
        raise PermissionError(errno.EACCES, "The file is being used by another process")

    monkeypatch.setattr("editor.storage.atomic.os.replace", always_busy)
    monkeypatch.setattr("editor.storage.atomic.time.sleep", sleeps.append)
    with pytest.raises(StorageWriteError) as caught:
        atomic_write_bytes(target, NEW)
    assert isinstance(caught.value.cause, PermissionError)
    assert attempts["count"] == atomic.REPLACE_TRIES == 10
    assert sleeps == sorted(sleeps) and 0.3 < sum(sleeps) < 1.0
    assert target.read_bytes() == OLD
    assert temp_files(target.parent) == []


def test_other_replace_errors_are_not_retried(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def cross_device(source: Any, destination: Any) -> None:
        attempts.append(source)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr("editor.storage.atomic.os.replace", cross_device)
    with pytest.raises(StorageWriteError):
        atomic_write_bytes(target, NEW)
    assert len(attempts) == 1


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="folders are synced on POSIX only")
def test_unsupported_folder_sync_does_not_fail_a_completed_save(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls = {"count": 0}

    def folder_sync_unsupported(fd: int) -> None:
        calls["count"] += 1
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr("editor.storage.atomic.os.fsync", folder_sync_unsupported)
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW
    assert calls["count"] == 2


def test_fsync_directory_never_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fsync_directory(tmp_path / "missing")
    monkeypatch.setattr("editor.storage.atomic.os.fsync", enospc)
    fsync_directory(tmp_path)
