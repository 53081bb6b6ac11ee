"""Read a bundle, folder or zip, without extracting it and without trusting its names.

Nothing is written to disk: zip members are read into memory one at a time. Names that
could point outside the bundle (absolute paths, '..', drive letters, backslashes) and
links are refused, and sizes are capped so a zip bomb cannot exhaust memory.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from editor.export.writer import check_relative_path

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_FILES = 100_000
# What zipfile can decompress here (bzip2 and lzma only when Python was built with them).
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


class UnsafeBundleError(ValueError):
    """The bundle cannot be read safely; the message says why."""


class BundleSource(Protocol):
    def names(self) -> list[str]:
        """Every file in the bundle, as a relative POSIX path, sorted."""
        ...

    def read(self, name: str) -> bytes: ...

    def refused(self) -> list[str]:
        """Entries that were not read, with the reason (unsafe names, links)."""
        ...


class _FolderSource:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._names: list[str] = []
        self._refused: list[str] = []
        total = 0

        def unreadable(error: OSError) -> None:
            where = Path(error.filename).relative_to(root).as_posix() if error.filename else "."
            self._refused.append(f"{where}: cannot be read ({error.strerror})")

        for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
            base = Path(folder)
            for name in sorted(dirs):
                if (base / name).is_symlink():
                    relative = (base / name).relative_to(root).as_posix()
                    self._refused.append(f"{relative}: a link, not read")
            for name in files:
                path = base / name
                relative = path.relative_to(root).as_posix()
                status = path.lstat()
                if not stat.S_ISREG(status.st_mode):
                    self._refused.append(f"{relative}: not a regular file, not read")
                    continue
                total += status.st_size
                if total > MAX_TOTAL_BYTES:
                    raise UnsafeBundleError(
                        f"the bundle is larger than {MAX_TOTAL_BYTES} bytes: too large to check"
                    )
                self._names.append(relative)
            if len(self._names) > MAX_FILES:
                raise UnsafeBundleError(f"more than {MAX_FILES} files")
        self._names.sort()

    def names(self) -> list[str]:
        return list(self._names)

    def read(self, name: str) -> bytes:
        path = self._root.joinpath(*check_relative_path(name).split("/"))
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnsafeBundleError(f"{name} is larger than {MAX_FILE_BYTES} bytes")
        return path.read_bytes()

    def refused(self) -> list[str]:
        return list(self._refused)


class _ZipSource:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._refused: list[str] = []
        infos = archive.infolist()
        if len(infos) > MAX_FILES:
            raise UnsafeBundleError(f"more than {MAX_FILES} entries")
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            try:
                name = check_relative_path(info.filename)
            except ValueError:
                self._refused.append(f"{info.filename!r}: unsafe name, not read")
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                self._refused.append(f"{name}: a link, not read")
                continue
            if name in self._members:
                self._refused.append(f"{name}: appears twice in the zip")
                continue
            total += info.file_size
            if info.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                raise UnsafeBundleError(f"{name}: the bundle is too large to check")
            self._members[name] = info

    def names(self) -> list[str]:
        return sorted(self._members)

    def read(self, name: str) -> bytes:
        info = self._members[name]
        if info.flag_bits & 0x1:
            raise UnsafeBundleError(f"{name}: encrypted in the zip, cannot be read")
        if info.compress_type not in _READABLE_METHODS:
            raise UnsafeBundleError(
                f"{name}: compressed with method {info.compress_type}, which cannot be read"
            )
        try:
            with self._archive.open(info) as handle:
                # Read no more than the declared size (plus one byte to notice a lie).
                data = handle.read(info.file_size + 1)
        except (RuntimeError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            # RuntimeError includes NotImplementedError (methods and flags zipfile lacks).
            raise UnsafeBundleError(f"{name}: cannot be read from the zip ({error})") from None
        if len(data) != info.file_size:
            raise UnsafeBundleError(f"{name}: its size in the zip is wrong")
        return data

    def refused(self) -> list[str]:
        return list(self._refused)


@contextmanager
def open_bundle(path: Path) -> Iterator[BundleSource]:
    """A bundle folder or zip, ready to read. Raises UnsafeBundleError or OSError."""
    if path.is_dir():
        yield _FolderSource(path)
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, RuntimeError, ValueError, EOFError) as error:
        raise UnsafeBundleError(f"{path} is neither a bundle folder nor a zip ({error})") from None
    with archive:
        yield _ZipSource(archive)
