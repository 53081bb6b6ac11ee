"""Tests for the TinyDB storages: rollback, transactions, corrupt files, and kills mid-save."""

from __future__ import annotations

import errno
import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query, TinyDB

from editor.storage import crashsafe
from editor.storage.atomic import atomic_write_bytes
from editor.storage.crashsafe import (
    EMPTY,
    NOT_A_WORKSPACE,
    TRUNCATED,
    CrashSafeStorage,
    MemoryStorage,
    Tables,
    TransactionalStorage,
    dumps,
    loads_workspace,
)
from editor.storage.errors import (
    CorruptFileError,
    ReadOnlyError,
    StorageError,
    StorageWriteError,
    TransactionAbortedError,
)

REPO = Path(__file__).resolve().parents[2]

INITIAL: Tables = {
    "meta": {"1": {"schema_version": 1, "workspace_id": "w-1"}},
    "items": {"a": {"title": "Bake sale", "body": "Saturday, 10:00 — bring cake ✓"}},
}


class Backend:
    """One storage kind, with a way to see what a restart would read and count saves."""

    def __init__(self, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.kind = kind
        self.path = tmp_path / "noticeboard.json"
        self.saves = 0
        self.storage: CrashSafeStorage | MemoryStorage | None = None
        if kind == "file":

            def counting_write(path: Path, data: bytes, **kwargs: Any) -> None:
                atomic_write_bytes(path, data, **kwargs)
                self.saves += 1

            monkeypatch.setattr("editor.storage.crashsafe.atomic_write_bytes", counting_write)
        else:
            real_persist = MemoryStorage._persist

            def counting_persist(storage: MemoryStorage, raw: bytes) -> None:
                real_persist(storage, raw)
                self.saves += 1

            monkeypatch.setattr(MemoryStorage, "_persist", counting_persist)

    def open(
        self, data: Tables | None = None, *, read_only: bool = False
    ) -> CrashSafeStorage | MemoryStorage:
        if self.kind == "file":
            if data is not None:
                self.path.write_bytes(dumps(data))
            self.storage = CrashSafeStorage(self.path, read_only=read_only)
        else:
            self.storage = MemoryStorage(data, read_only=read_only)
        return self.storage

    def persisted(self) -> Tables:
        """What opening the storage afresh would show."""
        assert self.storage is not None
        if self.kind == "file":
            return loads_workspace(self.path.read_bytes(), self.path) if self.path.exists() else {}
        return loads_workspace(self.storage.snapshot_bytes(), Path("<memory>"))


@pytest.fixture(params=["memory", "file"])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Backend:
    return Backend(request.param, tmp_path, monkeypatch)


def copy(data: Tables) -> Tables:
    return loads_workspace(dumps(data), Path("<copy>"))


# --- behaviour shared by both backends ---------------------------------------------------


def test_both_backends_satisfy_the_protocol(backend: Backend) -> None:
    assert isinstance(backend.open(), TransactionalStorage)


def test_starts_empty_or_with_initial_data(backend: Backend) -> None:
    assert backend.open().read() == {}
    assert backend.open(INITIAL).read() == INITIAL


def test_read_returns_the_live_dict(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    assert storage.read() is storage.read()


def test_write_saves_and_survives_reopening(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    data = storage.read()
    data["items"]["b"] = {"title": "Choir", "body": "Tuesdays"}
    storage.write(data)
    assert backend.saves == 1
    assert backend.persisted() == data
    assert loads_workspace(storage.snapshot_bytes(), Path("x")) == data


def test_write_of_another_dict_replaces_memory_in_place(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    live = storage.read()
    storage.write({"items": {}})
    assert storage.read() is live
    assert live == {"items": {}}
    assert backend.persisted() == {"items": {}}


def test_unchanged_write_does_not_save_again(backend: Backend) -> None:
    storage = backend.open()
    storage.write({"items": {"a": {"n": 1}}})
    storage.write(storage.read())
    storage.write({"items": {"a": {"n": 1}}})
    assert backend.saves == 1


def test_works_under_tinydb(backend: Backend) -> None:
    backend.open(INITIAL)
    db = TinyDB(storage=lambda: backend.storage)
    table = db.table("notes")
    table.insert({"title": "Fete", "tags": ["summer"]})
    table.insert({"title": "Jumble", "tags": []})
    table.update({"tags": ["winter"]}, Query().title == "Jumble")
    table.remove(Query().title == "Fete")
    assert [doc["tags"] for doc in table.all()] == [["winter"]]
    assert list(backend.persisted()["notes"].values()) == [{"title": "Jumble", "tags": ["winter"]}]
    assert backend.persisted()["items"] == INITIAL["items"]


def test_transaction_saves_once_at_the_end(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    with storage.transaction():
        for n in range(5):
            data = storage.read()
            data["items"][f"n{n}"] = {"title": f"Item {n}"}
            storage.write(data)
            assert backend.persisted() == INITIAL  # nothing saved yet
            assert storage.snapshot_bytes() == dumps(INITIAL)
    assert backend.saves == 1
    assert len(backend.persisted()["items"]) == 6


def test_transaction_with_tinydb_saves_once(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    db = TinyDB(storage=lambda: storage)
    with storage.transaction():
        db.table("notes").insert({"title": "One"})
        db.table("revisions").insert({"of": "One"})
        db.table("notes").update({"title": "Uno"}, Query().title == "One")
    assert backend.saves == 1
    assert list(backend.persisted()["notes"].values()) == [{"title": "Uno"}]
    assert len(backend.persisted()["revisions"]) == 1


def test_exception_in_transaction_rolls_back_and_saves_nothing(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    live = storage.read()
    with pytest.raises(ZeroDivisionError), storage.transaction():
        live["items"]["a"]["title"] = "changed in place"
        live["trash"] = {"x": {"title": "gone"}}
        storage.write(live)
        _ = 1 / 0
    assert backend.saves == 0
    assert storage.read() is live
    assert live == INITIAL
    assert backend.persisted() == INITIAL


def test_failing_tinydb_update_inside_transaction_is_undone(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    db = TinyDB(storage=lambda: storage)
    db.table("notes").insert({"title": "First", "body": "kept"})
    db.table("notes").insert({"title": "Second"})
    before = copy(storage.read())

    def half_done(doc: MutableMapping[str, Any]) -> None:
        doc["title"] = "half"  # TinyDB edits the stored dict in place...
        if "body" not in doc:
            raise ValueError("invalid")  # ...and never calls write for this update

    with pytest.raises(ValueError), storage.transaction():
        db.table("notes").update(half_done)
    assert storage.read()["notes"]["1"]["title"] == "First"
    assert storage.read() == before
    assert backend.persisted() == before


def test_nested_transaction_joins_outer(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    with storage.transaction():
        storage.read()["items"]["outer"] = {"title": "outer"}
        storage.write(storage.read())
        with storage.transaction():
            storage.read()["items"]["inner"] = {"title": "inner"}
            storage.write(storage.read())
        assert backend.saves == 0
    assert backend.saves == 1
    assert set(backend.persisted()["items"]) == {"a", "outer", "inner"}


def test_failed_nested_transaction_undoes_the_whole_change(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    with pytest.raises(TransactionAbortedError), storage.transaction():
        storage.read()["items"]["outer"] = {"title": "outer"}
        storage.write(storage.read())
        with pytest.raises(KeyError), storage.transaction():
            storage.read()["items"]["inner"] = {"title": "inner"}
            storage.write(storage.read())
            raise KeyError("inner")
        assert storage.read() == INITIAL
        with pytest.raises(TransactionAbortedError):
            storage.write({"items": {}})  # a half-done change is never saved
    assert backend.saves == 0
    assert backend.persisted() == INITIAL
    storage.write({"items": {"b": {"title": "after"}}})  # the storage works again afterwards
    assert backend.persisted() == {"items": {"b": {"title": "after"}}}


def test_nested_transactions_take_no_savepoint_copies(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = backend.open(INITIAL)
    calls = 0
    real_dumps = crashsafe.dumps

    def counting_dumps(data: object) -> bytes:
        nonlocal calls
        calls += 1
        return real_dumps(data)

    monkeypatch.setattr(crashsafe, "dumps", counting_dumps)
    with storage.transaction():
        for n in range(50):
            with storage.transaction():
                storage.read()["items"][str(n)] = {"title": str(n)}
                storage.write(storage.read())
    assert calls == 1  # one serialization, for the single save at the end


def test_outer_failure_undoes_completed_inner_transactions(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    with pytest.raises(RuntimeError), storage.transaction():
        with storage.transaction():
            storage.write({"items": {}})
        raise RuntimeError
    assert storage.read() == INITIAL
    assert backend.saves == 0


def test_value_that_would_not_read_back_is_refused_and_rolled_back(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    data = storage.read()
    data["items"]["a"]["when"] = datetime(2026, 11, 28, tzinfo=UTC)
    with pytest.raises(TypeError):
        storage.write(data)
    assert storage.read() == INITIAL
    assert backend.persisted() == INITIAL
    assert backend.saves == 0


def test_read_only_refuses_writes_and_rolls_back(backend: Backend) -> None:
    storage = backend.open(INITIAL, read_only=True)
    assert storage.read_only
    data = storage.read()
    data["items"]["a"]["title"] = "edited"
    with pytest.raises(ReadOnlyError) as caught:
        storage.write(data)
    assert "read-only" in str(caught.value)
    assert storage.read() == INITIAL
    assert backend.persisted() == INITIAL
    assert backend.saves == 0


def test_read_only_refuses_writes_in_transactions(backend: Backend) -> None:
    storage = backend.open(INITIAL, read_only=True)
    with pytest.raises(ReadOnlyError), storage.transaction():
        storage.write({"items": {}})
    assert storage.read() == INITIAL
    with storage.transaction():
        storage.read()  # reading in a transaction is fine
    assert backend.saves == 0


def test_snapshot_bytes_is_the_last_confirmed_state(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    before = storage.snapshot_bytes()
    assert loads_workspace(before, Path("x")) == INITIAL
    with storage.transaction():
        storage.write({"items": {}})
        assert storage.snapshot_bytes() == before
    after = storage.snapshot_bytes()
    assert loads_workspace(after, Path("x")) == {"items": {}}
    if backend.kind == "file":
        assert backend.path.read_bytes() == after


def test_close_is_harmless(backend: Backend) -> None:
    storage = backend.open(INITIAL)
    db = TinyDB(storage=lambda: storage)
    db.close()
    storage.close()
    assert storage.read() == INITIAL
    assert backend.persisted() == INITIAL


# --- the file backend ----------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "noticeboard.json"
    path.write_bytes(dumps(INITIAL))
    return path


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_missing_file_reads_as_empty_and_is_created_on_first_write(tmp_path: Path) -> None:
    path = tmp_path / "noticeboard.json"
    storage = CrashSafeStorage(path)
    assert storage.path == path
    assert storage.read() == {}
    assert not path.exists()
    storage.write({})
    assert loads_workspace(path.read_bytes(), path) == {}


def test_missing_file_read_only_is_never_created(tmp_path: Path) -> None:
    path = tmp_path / "noticeboard.json"
    storage = CrashSafeStorage(path, read_only=True)
    with storage.transaction():
        pass
    with pytest.raises(ReadOnlyError) as caught:
        storage.write({"items": {}})
    assert str(path) in str(caught.value)
    assert not path.exists()


def test_file_is_plain_utf8_for_rescue_by_hand(db_path: Path) -> None:
    text = db_path.read_text("utf-8")
    assert "bring cake ✓" in text  # readable text, not \u escapes


def test_byte_order_mark_is_accepted(db_path: Path) -> None:
    db_path.write_bytes(b"\xef\xbb\xbf" + db_path.read_bytes())
    assert CrashSafeStorage(db_path).read() == INITIAL


def test_unreadable_path_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "noticeboard.json").mkdir()
    with pytest.raises(StorageError) as caught:
        CrashSafeStorage(tmp_path / "noticeboard.json")
    assert not isinstance(caught.value, CorruptFileError)
    assert "Could not read the workspace file" in str(caught.value)


VALID = dumps({"meta": {"1": {"schema_version": 1}}, "items": {"x": {"t": "ünïcödé ✓"}}})


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", EMPTY),
        (b" \n\t\r\n", EMPTY),
        (b"\x00" * 4096, EMPTY),
        (VALID[: len(VALID) // 2], TRUNCATED),
        (VALID[: len(VALID) // 2] + b"\x00" * 512, TRUNCATED),  # ext4 after a power cut
        (b'{"items": {"x": {"t": "caf\xc3', TRUNCATED),  # cut inside a UTF-8 character
        (b"Hello, I am not JSON", "the file is not valid JSON at byte 0"),
        (b"\xef\xbb\xbf{nope}", "the file is not valid JSON at byte 4"),
        (b'{"items": {}} {"items": {}}', "the file is not valid JSON at byte 14"),
        (b'{"items": {"x": {"t": "caf\xff"}}}', "the file is not valid JSON at byte 26"),
        (b'{"items": {}, }', "the file is not valid JSON at byte 12"),
        ('{"items": {"ü": {}}, }'.encode(), "the file is not valid JSON at byte 20"),
        (b"[]", NOT_A_WORKSPACE),
        (b'"text"', NOT_A_WORKSPACE),
        (b"null", NOT_A_WORKSPACE),
        (b'{"items": []}', NOT_A_WORKSPACE),
        (b'{"items": {"x": 5}}', "the data is not a workspace (table 'items' holds a non-record)"),
    ],
    ids=[
        "empty",
        "whitespace",
        "zeros",
        "truncated",
        "truncated-zero-padded",
        "truncated-mid-character",
        "garbage",
        "garbage-after-byte-order-mark",
        "trailing-data",
        "bad-utf8",
        "trailing-comma",
        "trailing-comma-after-non-ascii",
        "array",
        "string",
        "null",
        "table-not-object",
        "record-not-object",
    ],
)
def test_damaged_file_is_refused_with_reason_and_left_alone(
    tmp_path: Path, raw: bytes, reason: str
) -> None:
    path = tmp_path / "noticeboard.json"
    path.write_bytes(raw)
    with pytest.raises(CorruptFileError) as caught:
        CrashSafeStorage(path)
    assert caught.value.path == path
    assert caught.value.reason == reason
    assert str(caught.value) == (
        f"The file {path} cannot be opened because {reason}. It has been left unchanged."
    )
    assert path.read_bytes() == raw


def test_every_truncation_of_a_workspace_is_refused_as_truncated() -> None:
    complete = VALID.rstrip()
    for length in range(1, len(complete)):
        with pytest.raises(CorruptFileError) as caught:
            loads_workspace(complete[:length], Path("cut.json"))
        assert caught.value.reason == TRUNCATED, length
    assert loads_workspace(complete, Path("whole.json"))["items"]["x"]["t"] == "ünïcödé ✓"


def fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    def enospc(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("editor.storage.atomic.os.write", enospc)


def fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def eio(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr("editor.storage.atomic.os.fsync", eio)


def fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(source: Any, target: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("editor.storage.atomic.os.replace", denied)
    monkeypatch.setattr("editor.storage.atomic.time.sleep", lambda seconds: None)


FAILURES = pytest.mark.parametrize(
    ("inject", "message"),
    [
        (fail_write, "No space left on device"),
        (fail_fsync, "Input/output error"),
        (fail_replace, "Permission denied"),
    ],
    ids=["write", "fsync", "replace"],
)


@FAILURES
def test_failed_save_rolls_back_memory_and_keeps_the_file(
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    inject: Callable[[pytest.MonkeyPatch], None],
    message: str,
) -> None:
    original = db_path.read_bytes()
    storage = CrashSafeStorage(db_path)
    db = TinyDB(storage=lambda: storage)
    inject(monkeypatch)
    with pytest.raises(StorageWriteError) as caught:
        db.table("notes").insert({"title": "unsaved"})
    monkeypatch.undo()
    assert str(caught.value) == (
        f"Could not save the workspace file {db_path}: {message}. "
        "Nothing already saved was changed."
    )
    assert db_path.read_bytes() == original
    assert temp_files(db_path.parent) == []
    assert storage.read() == INITIAL
    assert storage.snapshot_bytes() == original
    db.table("notes").insert({"title": "saved later"})  # the storage is still usable
    assert list(CrashSafeStorage(db_path).read()["notes"].values()) == [{"title": "saved later"}]


@FAILURES
def test_failed_transaction_save_rolls_back_the_whole_transaction(
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    inject: Callable[[pytest.MonkeyPatch], None],
    message: str,
) -> None:
    original = db_path.read_bytes()
    storage = CrashSafeStorage(db_path)
    with pytest.raises(StorageWriteError), storage.transaction():
        storage.write({"items": {}})
        storage.read()["trash"] = {"a": {"title": "Bake sale"}}
        storage.write(storage.read())
        inject(monkeypatch)
    monkeypatch.undo()
    assert storage.read() == INITIAL
    assert db_path.read_bytes() == original
    assert temp_files(db_path.parent) == []


def test_before_replace_receives_the_old_file(db_path: Path) -> None:
    seen: list[Tables] = []
    storage = CrashSafeStorage(
        db_path, before_replace=lambda path: seen.append(loads_workspace(path.read_bytes(), path))
    )
    storage.write({"items": {}})
    assert seen == [INITIAL]


# --- killed mid-save ---------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, types
    from pathlib import Path

    # Import only the storage modules, not the package (and the rest of the app).
    package = types.ModuleType("editor.storage")
    package.__path__ = [sys.argv[2]]
    sys.modules["editor.storage"] = package
    from editor.storage.crashsafe import CrashSafeStorage

    ITEMS = 300
    BODY = "Bring-and-buy sale, café ünïcode ✓ — " * 120
    storage = CrashSafeStorage(Path(sys.argv[1]))
    data = storage.read()
    counter = data["meta"]["1"]["counter"] if data else 0
    print("ready", counter, flush=True)
    while True:
        counter += 1
        with storage.transaction():
            data = storage.read()
            data["meta"] = {"1": {"schema_version": 1, "counter": counter}}
            data["items"] = {
                str(n): {"counter": counter, "body": BODY} for n in range(ITEMS)
            }
            storage.write(data)
        print(counter, flush=True)
    """
)


def assert_consistent(data: Tables) -> int:
    counter = data["meta"]["1"]["counter"]
    assert len(data["items"]) == 300
    assert all(item["counter"] == counter for item in data["items"].values())
    assert {item["body"] for item in data["items"].values()} == {
        "Bring-and-buy sale, café ünïcode ✓ — " * 120
    }
    assert isinstance(counter, int)
    return counter


@pytest.fixture
def child_script(tmp_path: Path) -> Path:
    script = tmp_path / "saver.py"
    script.write_text(CHILD, "utf-8")
    return script


@pytest.mark.slow
def test_kill_during_saves_never_loses_a_confirmed_save(tmp_path: Path, child_script: Path) -> None:
    path = tmp_path / "noticeboard.json"
    storage_dir = str(REPO / "editor" / "storage")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rng = random.Random(20261128)
    confirmed = 0
    kills_inside_a_write = 0
    for _ in range(30):
        known_temps = set(temp_files(tmp_path))
        child = subprocess.Popen(
            [sys.executable, str(child_script), str(path), storage_dir],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        ready = child.stdout.readline()
        if not ready.startswith(b"ready"):
            child.kill()
            pytest.fail(f"child did not start: {child.communicate()[1].decode()}")
        # Previous rounds' confirmed saves must have been there when the child opened the file.
        assert int(ready.split()[1]) >= confirmed
        time.sleep(rng.uniform(0.02, 0.15))
        child.kill()  # SIGKILL on POSIX: no cleanup, no flush
        output, _ = child.communicate()
        lines = output.split(b"\n")[:-1]  # a partly printed last line does not count
        printed = [int(line) for line in lines]
        if printed:
            confirmed = printed[-1]
        data = CrashSafeStorage(path).read()  # must open: never half-written
        on_disk = assert_consistent(data)
        assert confirmed <= on_disk <= confirmed + 1
        confirmed = on_disk
        if set(temp_files(tmp_path)) - known_temps:
            kills_inside_a_write += 1
    # Otherwise this test would prove nothing: some kills must have hit a save in progress.
    assert kills_inside_a_write >= 1
    print(f"{kills_inside_a_write} of 30 kills landed inside a write; last save {confirmed}")
