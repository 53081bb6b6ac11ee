"""TinyDB storages that keep data in memory, save atomically and roll back on failure."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import orjson
from tinydb.storages import Storage

from editor.storage.atomic import atomic_write_bytes
from editor.storage.errors import (
    CorruptFileError,
    ReadOnlyError,
    StorageError,
    TransactionAbortedError,
    describe_os_error,
)

Tables = dict[str, dict[str, Any]]

NOT_A_WORKSPACE = "the data is not a workspace (expected a JSON object of tables)"
EMPTY = "the file is empty"
TRUNCATED = "the file ends in the middle of the data (truncated)"

# Compact (indenting costs a third more bytes on every save) but plain UTF-8, so text can
# still be rescued from the file with any text editor.
# datetimes and dataclasses are refused rather than turned into strings: what is in
# memory must read back identical after a rollback or a restart.
_DUMPS_OPTIONS = (
    orjson.OPT_APPEND_NEWLINE | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)
# Crashes on some file systems leave zero bytes where data was never written.
_PADDING = b" \t\r\n\x00"


def dumps(data: object) -> bytes:
    """Serialize workspace data; raises TypeError for anything that would not read back equal."""
    return orjson.dumps(data, option=_DUMPS_OPTIONS)


def _invalid_json_reason(raw: bytes, error: orjson.JSONDecodeError, offset: int) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        # orjson reports byte 0 for encoding errors; the decoder knows the real place.
        if bad.end >= len(raw) and "end of data" in bad.reason:
            return TRUNCATED
        return f"the file is not valid JSON at byte {offset + bad.start}"
    # orjson counts characters, not bytes.
    at = len(text[: error.pos].encode("utf-8"))
    if at >= len(raw) or not raw[at:].strip(_PADDING):
        return TRUNCATED
    return f"the file is not valid JSON at byte {offset + at}"


def loads_workspace(raw: bytes, path: Path) -> Tables:
    """Parse workspace bytes, or raise CorruptFileError saying what is wrong.

    Empty, truncated and unparseable data, and data that is not an object of tables of
    records, are all errors: a damaged file must never look like an empty workspace.
    """
    if not raw.strip(_PADDING):
        raise CorruptFileError(path, EMPTY)
    offset = 0
    if raw.startswith(codecs.BOM_UTF8):
        offset = len(codecs.BOM_UTF8)  # added by some Windows text editors
        raw = raw[offset:]
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptFileError(path, _invalid_json_reason(raw, error, offset)) from error
    if not isinstance(data, dict):
        raise CorruptFileError(path, NOT_A_WORKSPACE)
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(path, NOT_A_WORKSPACE)
        if not all(isinstance(record, dict) for record in table.values()):
            raise CorruptFileError(
                path, f"the data is not a workspace (table {name!r} holds a non-record)"
            )
    return data


@runtime_checkable
class TransactionalStorage(Protocol):
    """What the Workspace needs from a storage: TinyDB's seam plus transactions."""

    @property
    def read_only(self) -> bool: ...

    def read(self) -> Tables: ...

    def write(self, data: Tables) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def snapshot_bytes(self) -> bytes: ...

    def close(self) -> None: ...


class _InMemoryTransactional(Storage):
    """Shared machinery: the live dict, the last confirmed bytes, savepoints, rollback.

    Invariant: outside a transaction, memory equals `_confirmed` (each change is saved
    or undone). Not thread-safe: one thread owns a storage; other threads get
    `snapshot_bytes()`, which is immutable.
    """

    _label: Path | None = None

    def __init__(self, data: Tables, confirmed: bytes, *, read_only: bool) -> None:
        self._data: Tables = data
        self._confirmed = confirmed
        self._read_only = read_only
        self._depth = 0
        self._aborted = False

    @property
    def read_only(self) -> bool:
        """Whether every change is refused with ReadOnlyError."""
        return self._read_only

    @property
    def in_transaction(self) -> bool:
        """Whether writes are currently held back until the outermost transaction ends."""
        return self._depth > 0

    def read(self) -> Tables:
        """Return the live data; TinyDB changes it in place and then calls `write`."""
        return self._data

    def write(self, data: Tables) -> None:
        """Make `data` the current state and save it (at once, or when the transaction ends).

        On failure memory is put back to the last confirmed state and the error raised.
        """
        if data is not self._data:
            self._data.clear()
            self._data.update(data)
        if self._read_only:
            self._restore(self._confirmed)
            raise ReadOnlyError(self._label)
        if self._aborted:
            self._restore(self._confirmed)
            raise TransactionAbortedError(self._label)
        if self._depth == 0:
            self._commit()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # No copy is needed: memory equals `_confirmed` when the outermost level starts.
        # Nested levels take no savepoint, because serializing a large workspace for every
        # nested save would make a bulk change quadratic.
        outermost = self._depth == 0
        if outermost:
            self._aborted = False
        elif self._aborted:
            raise TransactionAbortedError(self._label)
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._restore(self._confirmed)
            if not outermost:
                self._aborted = True
            raise
        self._depth -= 1
        if outermost:
            if self._aborted:
                self._aborted = False
                raise TransactionAbortedError(self._label)
            self._commit()

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes into one save; on an exception everything since the outermost
        entry is undone.

        A nested transaction joins the outer one (one save at the very end). An exception
        escaping a nested one undoes the whole outer transaction; if the caller swallows it,
        the outer transaction refuses further work and raises TransactionAbortedError at its
        end instead of saving a half-done change.
        """
        return self._transaction()

    def snapshot_bytes(self) -> bytes:
        """Return the serialized last confirmed state (what a restart would read)."""
        return self._confirmed

    def close(self) -> None:
        """Nothing to release: every confirmed change is already saved."""

    def _commit(self) -> None:
        try:
            raw = dumps(self._data)
            if raw == self._confirmed and (self._is_saved() or self._read_only):
                return
            if self._read_only:
                raise ReadOnlyError(self._label)
            self._persist(raw)
        except BaseException:
            self._restore(self._confirmed)
            raise
        self._confirmed = raw

    def _restore(self, raw: bytes) -> None:
        # In place: TinyDB and callers may hold the dict returned by `read()`.
        self._data.clear()
        self._data.update(loads_workspace(raw, self._label or Path("<memory>")))

    def _is_saved(self) -> bool:
        return True

    def _persist(self, raw: bytes) -> None:
        raise NotImplementedError


class MemoryStorage(_InMemoryTransactional):
    """A storage with no file, same behaviour as CrashSafeStorage; for tests and previews."""

    def __init__(
        self,
        data: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        # Round-trip so the caller's objects are never shared and bad data fails here.
        confirmed = dumps(data if data is not None else {})
        super().__init__(
            loads_workspace(confirmed, Path("<memory>")), confirmed, read_only=read_only
        )

    def _persist(self, raw: bytes) -> None:
        """Nothing to do: the confirmed bytes are the storage."""


class CrashSafeStorage(_InMemoryTransactional):
    """The workspace file: read once, every save atomic, memory rolled back if a save fails."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        before_replace: Callable[[Path], object] | None = None,
    ) -> None:
        path = Path(path)
        self._path = path
        self._label = path
        self._before_replace = before_replace
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            # The Workspace decides whether a missing file means "new workspace".
            self._on_disk = False
            confirmed = dumps({})
            super().__init__({}, confirmed, read_only=read_only)
            return
        except OSError as error:
            raise StorageError(
                f"Could not read the workspace file {path}: {describe_os_error(error)}."
            ) from error
        self._on_disk = True
        super().__init__(loads_workspace(raw, path), raw, read_only=read_only)

    @property
    def path(self) -> Path:
        """The workspace file."""
        return self._path

    def _is_saved(self) -> bool:
        return self._on_disk

    def _persist(self, raw: bytes) -> None:
        atomic_write_bytes(self._path, raw, before_replace=self._before_replace)
        self._on_disk = True
