"""Storage errors whose messages can be shown to an editor as they are."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.storage.lock import LockHolder


def describe_os_error(error: OSError) -> str:
    """Return the human part of an OSError ("No space left on device"), without codes."""
    if error.strerror:
        return error.strerror
    text = str(error)
    return text or type(error).__name__


class StorageError(Exception):
    """Base of every storage failure; `str()` is one sentence fit for an editor."""


class StorageWriteError(StorageError):
    """Saving failed; the file on disk still holds the previous save, byte for byte."""

    def __init__(self, path: Path, cause: OSError, *, step: str = "") -> None:
        self.path = path
        self.cause = cause
        self.step = step
        during = f" ({step})" if step else ""
        super().__init__(
            f"Could not save the workspace file {path}{during}: {describe_os_error(cause)}. "
            "Nothing already saved was changed."
        )


class CorruptFileError(StorageError):
    """A file exists but does not hold a complete workspace; it is never read as empty."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"The file {path} cannot be opened because {reason}. It has been left unchanged."
        )


class ReadOnlyError(StorageError):
    """A change was attempted on storage that was opened read-only."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        where = f"The workspace file {path}" if path is not None else "This workspace"
        super().__init__(f"{where} is open read-only, so the change was not saved.")


class TransactionAbortedError(StorageError):
    """A step inside a larger change failed; the whole change was undone and not saved."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        super().__init__(
            "An earlier step of this change failed, so the whole change was undone; "
            "nothing was saved."
        )


class WorkspaceLockedError(StorageError):
    """Another Noticeboard (or another window of this one) is already editing the workspace."""

    def __init__(self, holder: LockHolder, workspace: Path) -> None:
        self.holder = holder
        self.workspace = workspace
        if holder.pid == os.getpid() and holder.is_this_host():
            message = f"The workspace {workspace} is already open in this Noticeboard."
        else:
            message = (
                f"The workspace {workspace} is open in another Noticeboard ({holder.describe()})."
            )
        super().__init__(message)
