"""Replace a file's contents all at once, so a crash leaves either the old or the new file."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

from editor.storage.errors import StorageWriteError

_log = logging.getLogger(__name__)

# Windows refuses to replace a file that a virus scanner, indexer or sync client has open
# for a moment. Sleeps add up to about 0.65 s over ten tries, short enough to block a save.
REPLACE_TRIES = 10
_REPLACE_SLEEP_FIRST_S = 0.01
_REPLACE_SLEEP_MAX_S = 0.1

_TEMP_SUFFIX = ".tmp"


def temp_name_for(path: Path) -> Path:
    """Return a fresh hidden temp path next to `path`, e.g. `.noticeboard.json.1a2b3c4d.tmp`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")


def is_temp_name_for(candidate: Path, path: Path) -> bool:
    """Tell whether `candidate` looks like a temp file left by a write to `path`."""
    name = candidate.name
    return name.startswith(f".{path.name}.") and name.endswith(_TEMP_SUFFIX)


def replace_with_retry(source: Path, target: Path) -> None:
    """`os.replace`, retried on PermissionError (Windows sharing violations)."""
    delay = _REPLACE_SLEEP_FIRST_S
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise
        time.sleep(delay)
        delay = min(delay * 2, _REPLACE_SLEEP_MAX_S)


def flush_to_disk(fd: int) -> None:
    """Ask the OS to put the file's data on the disk itself, not just in its cache."""
    os.fsync(fd)
    if sys.platform == "darwin":
        import fcntl

        # macOS fsync stops at the drive's cache; F_FULLFSYNC goes through it. Some
        # file systems (network, FAT) refuse it, and then the plain fsync is all we get.
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)


def fsync_directory(folder: Path) -> None:
    """Make a rename in `folder` durable. POSIX only; best effort, never raises."""
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flag)
    except OSError as error:
        _log.debug("Cannot open folder %s to sync it: %s", folder, error)
        return
    try:
        os.fsync(fd)
    except OSError as error:
        # The new file is already in place, so reporting a failed save here would be
        # wrong; some file systems simply do not support syncing a folder.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            _log.warning("Could not sync folder %s: %s", folder, error)
    finally:
        os.close(fd)


def _create_temp(path: Path) -> tuple[Path, int]:
    mode = 0o666
    with contextlib.suppress(OSError):
        # Keep the permissions someone chose for the file, instead of resetting them.
        mode = os.stat(path).st_mode & 0o777
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = temp_name_for(path)
        try:
            return temp, os.open(temp, flags, mode)
        except FileExistsError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "The system wrote nothing")
        view = view[written:]


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    before_replace: Callable[[Path], object] | None = None,
) -> None:
    """Write `data` to `path` so that, whatever happens, `path` holds old or new bytes.

    `before_replace(path)` runs once the new bytes are safely on disk and before they
    take the old file's place (only if there is an old file); it is where the old file
    gets hard-linked into the backups. An OSError from it fails the write like any other.

    Raises StorageWriteError (from the OSError) if anything fails; the old file is then
    byte-identical and no temp file is left behind.
    """
    path = Path(path)
    temp: Path | None = None
    # Named only where the OS message alone would mislead (it names the backup file).
    step = ""
    try:
        temp, fd = _create_temp(path)
        try:
            _write_all(fd, data)
            flush_to_disk(fd)
        finally:
            os.close(fd)
        if before_replace is not None and os.path.lexists(path):
            step = "while keeping a backup of the previous version"
            before_replace(path)
            step = ""
        replace_with_retry(temp, path)
        temp = None
    except OSError as error:
        raise StorageWriteError(path, error, step=step) from error
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    fsync_directory(path.parent)
