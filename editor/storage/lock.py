"""A lock file that lets one Noticeboard at a time write to a workspace."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import orjson

from editor.storage.atomic import flush_to_disk, replace_with_retry, temp_name_for
from editor.storage.errors import StorageError, WorkspaceLockedError, describe_os_error

_log = logging.getLogger(__name__)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# A lock file that does not parse may be one another process has just created and not
# yet filled in. Only once it is this old (seconds) is it garbage left by a crash.
GARBAGE_GRACE_S = 1.0
# How long acquire keeps trying while other processes are busy creating or taking over
# the lock, and the age at which a takeover marker must have been left by a crash.
CONTENDED_WAIT_S = 3.0
TAKEOVER_STALE_S = 2.0
_POLL_S = 0.02

# Tokens of the locks held by WorkspaceLock objects of this process. A lock file with our
# pid but an unknown token was left by an earlier process that had the same pid (pids
# repeat across reboots and in containers, where the app is often pid 1).
_live_tokens: set[str] = set()
_live_tokens_guard = threading.Lock()


def this_host() -> str:
    """The name this machine gives itself, as stored in lock files."""
    return socket.gethostname()


@dataclass(frozen=True)
class LockHolder:
    """Who holds a workspace lock, as written in the lock file."""

    pid: int
    host: str
    since: datetime

    def describe(self) -> str:
        """Say who holds the lock: "process 1234 on host 'laptop', since 28 Nov 2026 01:55 UTC"."""
        at = self.since.astimezone(UTC)
        # Not strftime("%b"): Qt sets the C locale, and a half-translated sentence is worse.
        when = f"{at.day} {_MONTHS[at.month - 1]} {at.year} {at.hour:02d}:{at.minute:02d} UTC"
        return f"process {self.pid} on host {self.host!r}, since {when}"

    def is_this_host(self) -> bool:
        """Whether the holder runs on this machine (host names ignore case)."""
        return self.host.casefold() == this_host().casefold()


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this machine."""
    if pid <= 0:
        return False  # os.kill(0, ...) would mean "my process group"
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    except (OverflowError, OSError):
        return False
    return True


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    def _windows_pid_alive(pid: int) -> bool:
        process_query_limited_information = 0x1000
        still_active = 259
        error_access_denied = 5
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            return bool(ctypes.get_last_error() == error_access_denied)
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True  # cannot tell; assume alive rather than risk two writers
            return bool(code.value == still_active)
        finally:
            kernel32.CloseHandle(handle)


def is_stale(holder: LockHolder | None, *, token: str | None = None) -> bool:
    """Whether a lock may be taken over: unreadable, or its process on this host is gone.

    A lock from another host is never stale: we cannot see its processes. `token` is
    the lock file's token, used to tell our own live locks from a dead namesake's.
    """
    if holder is None:
        return True
    if not holder.is_this_host():
        return False
    if holder.pid == os.getpid():
        with _live_tokens_guard:
            return token not in _live_tokens
    return not pid_alive(holder.pid)


def _parse(raw: bytes) -> tuple[LockHolder, str] | None:
    try:
        fields: Any = orjson.loads(raw)
        pid, host, since, token = fields["pid"], fields["host"], fields["since"], fields["token"]
        if type(pid) is not int or pid <= 0:
            return None
        if not (isinstance(host, str) and isinstance(since, str) and isinstance(token, str)):
            return None
        moment = datetime.fromisoformat(since)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return LockHolder(pid=pid, host=host, since=moment), token


class WorkspaceLock:
    """The lock file of one workspace; `with WorkspaceLock(path):` holds it for the block."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._token = secrets.token_hex(16)
        self._held = False

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._held

    def _content(self) -> bytes:
        return orjson.dumps(
            {
                "pid": os.getpid(),
                "host": this_host(),
                "since": datetime.now(UTC).isoformat(),
                "token": self._token,
            }
        )

    def acquire(self) -> None:
        """Take the lock, or raise WorkspaceLockedError naming who has it.

        A stale lock (its process on this host is gone, or the file is garbage) is taken
        over. Calling it again on the object that holds the lock does nothing.
        """
        if self._held:
            return
        with _live_tokens_guard:
            _live_tokens.add(self._token)
        try:
            self._acquire()
        except BaseException:
            with _live_tokens_guard:
                _live_tokens.discard(self._token)
            raise
        self._held = True

    def _acquire(self) -> None:
        holder: LockHolder | None = None
        deadline = time.monotonic() + CONTENDED_WAIT_S
        while True:
            if self._create_exclusive():
                return
            seen = self._read_settled()
            if seen is not None:
                raw, parsed = seen
                holder, token = parsed if parsed is not None else (None, None)
                if holder is not None and not is_stale(holder, token=token):
                    raise WorkspaceLockedError(holder, self.path.parent)
                if self._take_over(raw):
                    return
            # Released meanwhile, or another process is taking over: look again.
            if time.monotonic() > deadline:
                break
            time.sleep(_POLL_S)
        if holder is not None:
            raise WorkspaceLockedError(holder, self.path.parent)
        raise StorageError(f"Could not lock the workspace {self.path.parent}: it keeps changing.")

    def _create_exclusive(self) -> bool:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except FileExistsError:
            return False
        except OSError as error:
            raise self._error(error) from error
        try:
            try:
                os.write(fd, self._content())
                flush_to_disk(fd)
            finally:
                os.close(fd)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            raise self._error(error) from error
        return True

    def _error(self, error: OSError) -> StorageError:
        return StorageError(
            f"Could not lock the workspace {self.path.parent}: {describe_os_error(error)}."
        )

    def _read(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            return b""  # unreadable counts as garbage

    def _read_settled(self) -> tuple[bytes, tuple[LockHolder, str] | None] | None:
        """Read the lock file, giving a just-created one time to get its content."""
        while True:
            raw = self._read()
            if raw is None:
                return None
            parsed = _parse(raw)
            if parsed is not None:
                return raw, parsed
            try:
                age = abs(time.time() - self.path.stat().st_mtime)
            except FileNotFoundError:
                return None
            except OSError:
                age = GARBAGE_GRACE_S
            if age >= GARBAGE_GRACE_S:
                return raw, None
            time.sleep(_POLL_S)

    def _take_over(self, stale: bytes) -> bool:
        """Replace the stale lock file by ours; True if it is then ours.

        Only the process that creates the takeover file may replace the lock, so two
        processes that both found it stale cannot both end up believing they hold it.
        Raises WorkspaceLockedError if another process took it over first.
        """
        if not self._claim_takeover():
            return False
        temp = temp_name_for(self.path)
        try:
            if self._read() != stale:
                return False  # changed while we looked: decide again
            with temp.open("xb") as file:
                file.write(self._content())
                file.flush()
                flush_to_disk(file.fileno())
            replace_with_retry(temp, self.path)
        except OSError as error:
            raise self._error(error) from error
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
            with contextlib.suppress(OSError):
                self._takeover_path.unlink()
        parsed = _parse(self._read() or b"")
        if parsed is not None and parsed[1] == self._token:
            _log.info("Took over the stale workspace lock %s", self.path)
            return True
        if parsed is not None:
            raise WorkspaceLockedError(parsed[0], self.path.parent)
        return False

    @property
    def _takeover_path(self) -> Path:
        return self.path.with_name(f"{self.path.name}.takeover")

    def _claim_takeover(self) -> bool:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            os.close(os.open(self._takeover_path, flags, 0o644))
            return True
        except FileExistsError:
            pass
        except OSError as error:
            raise self._error(error) from error
        # A takeover takes milliseconds; an old takeover file was left by a crash.
        with contextlib.suppress(OSError):
            if time.time() - self._takeover_path.stat().st_mtime > TAKEOVER_STALE_S:
                self._takeover_path.unlink()
        return False

    def release(self) -> None:
        """Give the lock up; the file is deleted only if it is still ours."""
        if not self._held:
            return
        self._held = False
        with _live_tokens_guard:
            _live_tokens.discard(self._token)
        parsed = _parse(self._read() or b"")
        if parsed is None or parsed[1] != self._token:
            _log.warning("Workspace lock %s is no longer ours; leaving it", self.path)
            return
        try:
            os.unlink(self.path)
        except OSError as error:
            # Left behind, it will be recognised as stale by the next start.
            _log.warning("Could not remove workspace lock %s: %s", self.path, error)

    def holder(self) -> LockHolder | None:
        """Who holds the lock now, or None if nobody does (or the file is unreadable)."""
        raw = self._read()
        parsed = _parse(raw) if raw else None
        return parsed[0] if parsed is not None else None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
