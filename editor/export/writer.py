"""The one writer: a bundle's files to a folder or a deterministic zip, atomically.

Everything goes to a temporary folder or zip beside the destination and is renamed into
place at the end, so a cancelled or failed export never leaves a half-written bundle under
the final name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

Progress = Callable[[int, int], None]
ZIP_SUFFIX = ".zip"
# Zip stores local times from 1980 on, with two-second steps.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644 << 16
_COMPRESS_LEVEL = 6


class ExportCancelled(Exception):
    """The export was cancelled; nothing was left at the destination."""


class DestinationError(OSError):
    """The destination cannot take a bundle (say, a folder that is not a bundle)."""


def check_relative_path(path: str) -> str:
    """`path` if it is a plain relative POSIX path inside the bundle; ValueError otherwise."""
    parts = PurePosixPath(path).parts
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or ":" in path
        or "\0" in path
        or any(part in ("", ".", "..") for part in parts)
        or path != "/".join(parts)
    ):
        raise ValueError(f"not a safe path inside a bundle: {path!r}")
    return path


def zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    moment = moment.astimezone(UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _ZIP_EPOCH)


def zip_bundle(
    files: Mapping[str, bytes],
    target: Path,
    *,
    timestamp: datetime,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> None:
    """Write `files` as a zip: sorted entries, one timestamp, fixed modes: same bytes each time."""
    date_time = zip_time(timestamp)
    names = sorted(files)
    with zipfile.ZipFile(target, "w") as archive:
        for done, name in enumerate(names):
            if cancel is not None and cancel.is_set():
                raise ExportCancelled
            info = zipfile.ZipInfo(check_relative_path(name), date_time)
            info.external_attr = _FILE_MODE
            info.create_system = 3  # Unix, whatever the platform: the modes above mean that
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=_COMPRESS_LEVEL)
            if progress is not None:
                progress(done + 1, len(names))


def _write_folder(
    files: Mapping[str, bytes],
    target: Path,
    *,
    cancel: threading.Event | None,
    progress: Progress | None,
) -> None:
    names = sorted(files)
    for done, name in enumerate(names):
        if cancel is not None and cancel.is_set():
            raise ExportCancelled
        path = target.joinpath(*check_relative_path(name).split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])
        if progress is not None:
            progress(done + 1, len(names))


def _check_replaceable(out: Path) -> None:
    """Only a previous bundle or an empty folder is replaced: never someone's documents.

    A folder or zip is a previous bundle when its manifest is a Noticeboard bundle manifest
    and it holds nothing that manifest does not list (editor.bundle.verify decides). A
    manifest.json alone proves nothing: it is also the usual name of a Web App Manifest.
    """
    # Here, not at the top: editor.bundle reads bundles with this module's path check.
    from editor.bundle.verify import replace_refusal

    if not out.exists() and not out.is_symlink():
        return
    if out.is_symlink():
        raise DestinationError(f"{out} is a symbolic link; choose another destination")
    if out.is_dir():
        if not any(out.iterdir()):
            return
        reason = replace_refusal(out)
        if reason is not None:
            raise DestinationError(
                f"{out} is a folder that is not a Noticeboard bundle ({reason}); "
                "nothing was changed: choose an empty or new folder"
            )
        return
    if out.suffix.lower() != ZIP_SUFFIX:
        raise DestinationError(f"{out} is a file; choose a folder or a .zip")
    if not out.is_file():
        raise DestinationError(f"{out} is not a regular file; choose another destination")
    reason = replace_refusal(out)
    if reason is not None:
        raise DestinationError(
            f"{out} is a zip that is not a Noticeboard bundle ({reason}); "
            "nothing was changed: choose another name"
        )


def write_bundle(
    files: Mapping[str, bytes],
    out: Path,
    *,
    timestamp: datetime,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the bundle to `out`: a zip if its name ends in .zip, else a folder.

    A previous bundle at `out` is replaced. Raises ExportCancelled when `cancel` is set
    (checked between files), DestinationError or OSError; `out` is then as it was.
    """
    out = out.absolute()
    _check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ZIP_SUFFIX:
        temp = _new_temp_file(out.parent, f".{out.name}.")
        try:
            zip_bundle(files, temp, timestamp=timestamp, cancel=cancel, progress=progress)
            _fsync(temp)
            if out.is_dir():
                shutil.rmtree(out)
            os.replace(temp, out)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return out
    temp = _new_temp_dir(out.parent, f".{out.name}.")
    try:
        _write_folder(files, temp, cancel=cancel, progress=progress)
        if out.exists():
            # Two renames: there is no atomic swap of folders, but the final name only
            # ever holds a whole bundle, the old one or the new.
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            old.rmdir()
            if out.is_dir():
                os.replace(out, old)
            else:
                old = old.with_suffix(ZIP_SUFFIX)
                os.replace(out, old)
            os.replace(temp, out)
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
        else:
            os.replace(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return out


# A bundle is made to be handed on: it gets the permissions any new file of the user gets
# (their umask), not the owner-only ones of tempfile.mkstemp/mkdtemp.
_FILE_MODE = 0o666
_FOLDER_MODE = 0o777
_TRIES = 100


def _new_temp_file(parent: Path, prefix: str) -> Path:
    """A new empty file in `parent`, created with the user's default permissions."""
    for _ in range(_TRIES):
        path = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, _FILE_MODE))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name in {parent}")


def _new_temp_dir(parent: Path, prefix: str) -> Path:
    """A new empty folder in `parent`, created with the user's default permissions."""
    for _ in range(_TRIES):
        path = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            path.mkdir(mode=_FOLDER_MODE)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name in {parent}")


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        os.fsync(handle.fileno())
