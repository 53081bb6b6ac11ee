"""Tests for WorkspaceLock: one writer, stale locks taken over, other hosts respected."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from editor.storage import lock as lock_module
from editor.storage.errors import StorageError, WorkspaceLockedError
from editor.storage.lock import LockHolder, WorkspaceLock, is_stale, pid_alive

REPO = Path(__file__).resolve().parents[2]
HOST = socket.gethostname()
LONG_AGO = time.time() - 3600


@pytest.fixture
def lock_path(tmp_path: Path) -> Path:
    return tmp_path / "noticeboard.lock"


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The pid of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not pid_alive(child.pid)
    return child.pid


def write_lock(
    path: Path,
    *,
    pid: int,
    host: str = HOST,
    token: str = "someone-elses-token",
    since: str = "2026-11-28T01:55:00+00:00",
) -> bytes:
    raw = orjson.dumps({"pid": pid, "host": host, "since": since, "token": token})
    path.write_bytes(raw)
    return raw


def lock_token(path: Path) -> str:
    token: str = orjson.loads(path.read_bytes())["token"]
    return token


CHILD = textwrap.dedent(
    """
    import sys, time, types
    from pathlib import Path

    # Import only the storage modules, not the package (and the rest of the app).
    package = types.ModuleType("editor.storage")
    package.__path__ = [sys.argv[2]]
    sys.modules["editor.storage"] = package
    from editor.storage.errors import WorkspaceLockedError
    from editor.storage.lock import WorkspaceLock

    lock = WorkspaceLock(Path(sys.argv[1]))
    start_at = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    while time.time() < start_at:
        pass
    try:
        lock.acquire()
    except WorkspaceLockedError:
        print("locked", flush=True)
        sys.exit(0)
    print("won", flush=True)
    sys.stdin.readline()
    lock.release()
    print("released", flush=True)
    """
)


@pytest.fixture
def child_script(tmp_path: Path) -> Path:
    script = tmp_path / "locker.py"
    script.write_text(CHILD, "utf-8")
    return script


def start_child(script: Path, lock_path: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(script), str(lock_path), str(REPO / "editor" / "storage"), *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture
def holding_child(child_script: Path, lock_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Another process that holds the lock until its stdin is closed."""
    child = start_child(child_script, lock_path)
    assert child.stdout is not None
    assert child.stdout.readline() == b"won\n"
    yield child
    if child.poll() is None:
        child.kill()
    child.communicate()  # also closes the pipes


# --- taking and giving back ----------------------------------------------------------------


def test_acquire_writes_who_holds_it(lock_path: Path) -> None:
    lock = WorkspaceLock(lock_path)
    before = datetime.now(UTC)
    lock.acquire()
    assert lock.held
    fields = orjson.loads(lock_path.read_bytes())
    assert set(fields) == {"pid", "host", "since", "token"}
    holder = lock.holder()
    assert holder is not None
    assert (holder.pid, holder.host) == (os.getpid(), HOST)
    assert before <= holder.since <= datetime.now(UTC)
    assert holder.since.tzinfo is not None


def test_second_lock_in_the_same_process_is_refused(lock_path: Path) -> None:
    first = WorkspaceLock(lock_path)
    first.acquire()
    original = lock_path.read_bytes()
    with pytest.raises(WorkspaceLockedError) as caught:
        WorkspaceLock(lock_path).acquire()
    assert caught.value.holder.pid == os.getpid()
    assert str(caught.value) == (
        f"The workspace {lock_path.parent} is already open in this Noticeboard."
    )
    assert lock_path.read_bytes() == original


def test_acquiring_again_with_the_same_object_does_nothing(lock_path: Path) -> None:
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    original = lock_path.read_bytes()
    lock.acquire()
    assert lock_path.read_bytes() == original


def test_release_removes_our_lock_and_lets_others_in(lock_path: Path) -> None:
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    lock.release()
    assert not lock.held
    assert not lock_path.exists()
    assert lock.holder() is None
    other = WorkspaceLock(lock_path)
    other.acquire()
    assert lock_token(lock_path) != ""
    lock.release()  # not held any more: must not touch the new holder's file
    assert lock_path.exists()


def test_release_leaves_a_lock_that_is_no_longer_ours(lock_path: Path) -> None:
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    theirs = write_lock(lock_path, pid=os.getppid())  # e.g. taken over by someone else
    lock.release()
    assert lock_path.read_bytes() == theirs


def test_release_when_the_file_is_gone(lock_path: Path) -> None:
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    lock_path.unlink()
    lock.release()
    assert not lock.held


def test_context_manager_releases_even_on_error(lock_path: Path) -> None:
    with pytest.raises(RuntimeError), WorkspaceLock(lock_path) as lock:
        assert lock.held and lock_path.exists()
        raise RuntimeError
    assert not lock_path.exists()


def test_cannot_create_lock_file_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        WorkspaceLock(tmp_path / "missing" / "noticeboard.lock").acquire()
    assert not isinstance(caught.value, WorkspaceLockedError)
    assert str(caught.value).startswith(f"Could not lock the workspace {tmp_path / 'missing'}:")


# --- other holders -------------------------------------------------------------------------


def test_lock_of_a_live_process_is_respected(
    lock_path: Path, holding_child: subprocess.Popen[bytes]
) -> None:
    original = lock_path.read_bytes()
    with pytest.raises(WorkspaceLockedError) as caught:
        WorkspaceLock(lock_path).acquire()
    holder = caught.value.holder
    assert (holder.pid, holder.host) == (holding_child.pid, HOST)
    message = str(caught.value)
    assert message.startswith(
        f"The workspace {lock_path.parent} is open in another Noticeboard "
        f"(process {holding_child.pid} on host '{HOST}', since "
    )
    assert message.endswith(" UTC).")
    assert lock_path.read_bytes() == original


def test_lock_is_free_after_the_other_process_releases(
    lock_path: Path, holding_child: subprocess.Popen[bytes]
) -> None:
    stdout, _ = holding_child.communicate(b"\n")
    assert stdout == b"released\n"
    with WorkspaceLock(lock_path):
        pass


def test_lock_of_a_killed_process_is_taken_over(
    lock_path: Path, holding_child: subprocess.Popen[bytes]
) -> None:
    holding_child.kill()  # no chance to clean up
    holding_child.wait()
    assert lock_path.exists()
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    holder = lock.holder()
    assert holder is not None and holder.pid == os.getpid()


def test_stale_lock_of_a_dead_pid_is_taken_over(lock_path: Path, dead_pid: int) -> None:
    write_lock(lock_path, pid=dead_pid)
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    assert lock.held
    holder = lock.holder()
    assert holder is not None and holder.pid == os.getpid()
    assert not list(lock_path.parent.glob("*.tmp"))
    assert not lock_path.with_name("noticeboard.lock.takeover").exists()


def test_lock_left_by_an_earlier_process_with_our_pid_is_taken_over(lock_path: Path) -> None:
    # Containers start the app as pid 1 every time; the token tells the runs apart.
    write_lock(lock_path, pid=os.getpid(), token="from-a-previous-run")
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    assert lock_token(lock_path) != "from-a-previous-run"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"garbage \x00\xff",
        b'{"pid": 12',
        b"[1, 2]",
        b'{"pid": "12", "host": "h", "since": "2026-11-28T01:55:00+00:00", "token": "t"}',
        b'{"pid": 0, "host": "h", "since": "2026-11-28T01:55:00+00:00", "token": "t"}',
        b'{"pid": 12, "host": "h", "since": "yesterday", "token": "t"}',
        b'{"pid": 12, "host": "h", "since": "2026-11-28T01:55:00+00:00"}',
    ],
    ids=[
        "empty",
        "binary",
        "truncated",
        "array",
        "pid-text",
        "pid-zero",
        "bad-date",
        "no-token",
    ],
)
def test_old_garbage_lock_file_is_taken_over(lock_path: Path, raw: bytes) -> None:
    lock_path.write_bytes(raw)
    os.utime(lock_path, (LONG_AGO, LONG_AGO))
    assert WorkspaceLock(lock_path).holder() is None
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    assert lock.held and lock_token(lock_path)


def test_fresh_garbage_is_given_time_to_become_a_lock(
    lock_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_path.write_bytes(b"")  # another process has just created it
    sleeps: list[float] = []

    def other_process_finishes_writing(seconds: float) -> None:
        sleeps.append(seconds)
        write_lock(lock_path, pid=os.getppid())

    monkeypatch.setattr("editor.storage.lock.time.sleep", other_process_finishes_writing)
    with pytest.raises(WorkspaceLockedError) as caught:
        WorkspaceLock(lock_path).acquire()
    assert caught.value.holder.pid == os.getppid()
    assert len(sleeps) == 1


def test_fresh_garbage_that_stays_garbage_is_taken_over_after_grace(
    lock_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_module, "GARBAGE_GRACE_S", 0.2)
    lock_path.write_bytes(b"{")
    started = time.monotonic()
    lock = WorkspaceLock(lock_path)
    lock.acquire()
    assert lock.held
    assert time.monotonic() - started >= 0.1


def test_lock_of_another_host_is_respected_even_if_pid_is_dead_here(
    lock_path: Path, dead_pid: int
) -> None:
    original = write_lock(lock_path, pid=dead_pid, host="office-pc")
    with pytest.raises(WorkspaceLockedError) as caught:
        WorkspaceLock(lock_path).acquire()
    assert caught.value.holder.host == "office-pc"
    assert str(caught.value) == (
        f"The workspace {lock_path.parent} is open in another Noticeboard "
        f"(process {dead_pid} on host 'office-pc', since 28 Nov 2026 01:55 UTC)."
    )
    assert lock_path.read_bytes() == original


def test_host_names_compare_without_case(lock_path: Path, dead_pid: int) -> None:
    write_lock(lock_path, pid=dead_pid, host=HOST.swapcase())
    with WorkspaceLock(lock_path) as lock:
        assert lock.held


def test_takeover_marker_left_by_a_crash_does_not_block(lock_path: Path, dead_pid: int) -> None:
    write_lock(lock_path, pid=dead_pid)
    marker = lock_path.with_name("noticeboard.lock.takeover")
    marker.write_bytes(b"")
    os.utime(marker, (LONG_AGO, LONG_AGO))
    with WorkspaceLock(lock_path) as lock:
        assert lock.held
    assert not marker.exists()


# --- races ---------------------------------------------------------------------------------


def test_threads_racing_for_a_free_lock_have_one_winner(lock_path: Path) -> None:
    contenders = [WorkspaceLock(lock_path) for _ in range(8)]
    barrier = threading.Barrier(len(contenders))
    outcomes: list[str] = []

    def contend(lock: WorkspaceLock) -> None:
        barrier.wait()
        try:
            lock.acquire()
            outcomes.append("won")
        except WorkspaceLockedError:
            outcomes.append("locked")

    threads = [threading.Thread(target=contend, args=(lock,)) for lock in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["locked"] * 7 + ["won"]
    [winner] = [lock for lock in contenders if lock.held]
    assert lock_token(lock_path) == winner._token


@pytest.mark.parametrize("stale", [False, True], ids=["free", "stale"])
def test_processes_racing_for_the_lock_have_one_winner(
    lock_path: Path, child_script: Path, dead_pid: int, stale: bool
) -> None:
    if stale:
        write_lock(lock_path, pid=dead_pid)
    start_at = str(time.time() + 1.0)  # after every child has started up
    children = [start_child(child_script, lock_path, start_at) for _ in range(4)]
    try:
        first_lines = [child.stdout.readline() for child in children if child.stdout]
        assert sorted(first_lines) == [b"locked\n"] * 3 + [b"won\n"]
        [winner] = [c for c, line in zip(children, first_lines, strict=True) if line == b"won\n"]
        holder = WorkspaceLock(lock_path).holder()
        assert holder is not None and holder.pid == winner.pid
    finally:
        for child in children:
            child.communicate(b"\n")


# --- staleness and descriptions ------------------------------------------------------------


def test_pid_alive() -> None:
    assert pid_alive(os.getpid())
    assert pid_alive(os.getppid())
    assert not pid_alive(0)
    assert not pid_alive(-1)
    assert not pid_alive(2**62)


def test_pid_alive_of_exited_process(dead_pid: int) -> None:
    assert not pid_alive(dead_pid)


def test_is_stale(dead_pid: int) -> None:
    since = datetime(2026, 11, 28, 1, 55, tzinfo=UTC)
    assert is_stale(None)
    assert is_stale(LockHolder(dead_pid, HOST, since))
    assert not is_stale(LockHolder(os.getppid(), HOST, since))
    assert not is_stale(LockHolder(dead_pid, "office-pc", since))
    assert is_stale(LockHolder(os.getpid(), HOST, since), token="unknown")


def test_is_stale_knows_our_own_live_locks(lock_path: Path) -> None:
    since = datetime(2026, 11, 28, 1, 55, tzinfo=UTC)
    with WorkspaceLock(lock_path):
        token = lock_token(lock_path)
        assert not is_stale(LockHolder(os.getpid(), HOST, since), token=token)
    assert is_stale(LockHolder(os.getpid(), HOST, since), token=token)


def test_describe_uses_utc_and_english_months() -> None:
    since = datetime(2026, 11, 28, 2, 55, tzinfo=timezone(timedelta(hours=1)))
    holder = LockHolder(pid=1234, host="laptop", since=since)
    assert holder.describe() == "process 1234 on host 'laptop', since 28 Nov 2026 01:55 UTC"


def test_naive_time_in_lock_file_is_read_as_utc(lock_path: Path) -> None:
    write_lock(lock_path, pid=os.getppid(), since="2026-11-28T01:55:00")
    holder = WorkspaceLock(lock_path).holder()
    assert holder == LockHolder(os.getppid(), HOST, datetime(2026, 11, 28, 1, 55, tzinfo=UTC))
