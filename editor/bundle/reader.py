"""Read a bundle, folder or zip, without extracting it and without trusting its names.

Nothing is written to disk: zip members are read into memory one at a time, so nothing a
bundle holds can land anywhere, inside the app's temporary area or out of it. Refused
(listed by `refused()`, never read): names that could point outside the bundle (absolute
paths, '..', drive letters, backslashes, control characters), links, names that appear
twice or collide once case and Unicode normalization are set aside, and archives outside
media/. Archives in media/ (an item may attach a .zip) are bytes to hash, never opened.
Sizes are capped: the entry count before the zip's directory is parsed, each member's
declared size and compression ratio, and the bytes actually read, counted as they come.
"""

from __future__ import annotations

import os
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

from editor.export.writer import check_relative_path

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_FILES = 100_000
MAX_NAME_LENGTH = 1024
# Text compresses 5 to 20 times; a member beyond 100 is a bomb, not a bundle file. Small
# members are left alone: whatever their ratio, they cannot grow large.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
# What zipfile can decompress here (bzip2 and lzma only when Python was built with them).
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_CHUNK = 1024 * 1024
# A bundle's own files are never archives; media/ may hold one an item links to.
ARCHIVE_SUFFIXES = (
    ".zip",
    ".tar",
    ".gz",
    ".tgz",
    ".bz2",
    ".tbz2",
    ".xz",
    ".txz",
    ".zst",
    ".7z",
    ".rar",
    ".jar",
    ".cab",
)
MEDIA_PREFIX = "media/"


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


def name_problem(name: str) -> str | None:
    """Why `name` must not be read from a bundle, or None when it may."""
    if len(name) > MAX_NAME_LENGTH:
        return f"a name longer than {MAX_NAME_LENGTH} characters"
    try:
        check_relative_path(name)
    except ValueError:
        return "unsafe name (absolute, '..', a drive letter or a backslash)"
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        return "a name with control characters"
    if name.lower().endswith(ARCHIVE_SUFFIXES) and not name.startswith(MEDIA_PREFIX):
        return "an archive inside the bundle, not opened"
    return None


def printable(text: str) -> str:
    """`text` with control and invisible formatting characters replaced by U+FFFD: words
    from a bundle, safe to print on a terminal and to keep in a review file."""
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)


def folded(name: str) -> str:
    """The name two file systems could take for the same file (Windows, macOS)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


class _Names:
    """The names of one bundle: each either accepted or refused with its reason.

    Names that collide (the same, or the same once case and Unicode normalization are set
    aside) are all refused: which of them a system would keep is not ours to guess.
    """

    def __init__(self) -> None:
        self.refused: list[str] = []
        self._candidates: dict[str, list[str]] = {}  # folded -> names as stored, in order

    def offer(self, name: str) -> None:
        problem = name_problem(name)
        if problem is not None:
            self.refused.append(f"{name!r}: {problem}, not read")
        else:
            self._candidates.setdefault(folded(name), []).append(name)

    def accepted(self) -> set[str]:
        """Every name offered that is safe and collides with none; collisions are refused."""
        out: set[str] = set()
        for group in self._candidates.values():
            if len(group) == 1:
                out.add(group[0])
            elif len(set(group)) == 1:
                self.refused.append(f"{group[0]}: appears {len(group)} times, not read")
            else:
                shown = ", ".join(repr(name) for name in group)
                self.refused.append(
                    f"{shown}: the same name once case and accents are set aside, none read"
                )
        return out


class _Budget:
    """Bytes actually read from one bundle, against MAX_TOTAL_BYTES."""

    def __init__(self) -> None:
        self.read = 0

    def spend(self, count: int, name: str) -> None:
        self.read += count
        if self.read > MAX_TOTAL_BYTES:
            raise UnsafeBundleError(
                f"{name}: more than {MAX_TOTAL_BYTES} bytes read from the bundle: too large"
            )


def _read_capped(handle: IO[bytes], cap: int, name: str, budget: _Budget) -> bytes:
    """At most `cap` bytes from `handle`, counted as they come; UnsafeBundleError beyond."""
    chunks: list[bytes] = []
    size = 0
    while chunk := handle.read(min(_CHUNK, cap + 1 - size)):
        size += len(chunk)
        budget.spend(len(chunk), name)
        if size > cap:
            raise UnsafeBundleError(f"{name}: larger than {cap} bytes once read")
        chunks.append(chunk)
    return b"".join(chunks)


class _FolderSource:
    def __init__(self, root: Path) -> None:
        self._root = root
        names = _Names()
        self._refused = names.refused
        self._budget = _Budget()
        sizes: dict[str, int] = {}

        def unreadable(error: OSError) -> None:
            where = Path(error.filename).relative_to(root).as_posix() if error.filename else "."
            self._refused.append(f"{where}: cannot be read ({error.strerror})")

        for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
            base = Path(folder)
            dirs.sort()  # the same order, and so the same messages, on every system
            for name in dirs:
                if (base / name).is_symlink():
                    relative = (base / name).relative_to(root).as_posix()
                    self._refused.append(f"{relative}: a link, not read")
            for name in sorted(files):
                path = base / name
                relative = path.relative_to(root).as_posix()
                status = path.lstat()
                if not stat.S_ISREG(status.st_mode):
                    self._refused.append(f"{relative}: not a regular file, not read")
                    continue
                names.offer(relative)
                sizes[relative] = status.st_size
                if sum(sizes.values()) > MAX_TOTAL_BYTES:
                    raise UnsafeBundleError(
                        f"the bundle is larger than {MAX_TOTAL_BYTES} bytes: too large to check"
                    )
            if len(sizes) > MAX_FILES:
                raise UnsafeBundleError(f"more than {MAX_FILES} files")
        self._names = names.accepted()

    def names(self) -> list[str]:
        return sorted(self._names)

    def read(self, name: str) -> bytes:
        if name not in self._names:
            raise UnsafeBundleError(f"{name}: not a file of this bundle")
        path = self._root.joinpath(*name.split("/"))
        # O_NOFOLLOW where there is one: a file swapped for a link since the walk is refused;
        # O_NONBLOCK: one swapped for a FIFO does not hang the open (regular files ignore it).
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            handle = os.open(path, flags)
        except OSError as error:
            raise UnsafeBundleError(f"{name}: cannot be read ({error.strerror})") from None
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise UnsafeBundleError(f"{name}: not a regular file")
            return _read_capped(stream, MAX_FILE_BYTES, name, self._budget)

    def refused(self) -> list[str]:
        return list(self._refused)


def declared_entries(path: Path) -> int | None:
    """How many entries a zip's end record says it holds, read before zipfile parses its
    whole directory (millions of entries would exhaust memory); None if there is no record.
    """
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        tail_start = max(0, size - (65535 + 22 + 20))
        handle.seek(tail_start)
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + 22 > len(tail):
            return None
        count: int = struct.unpack("<H", tail[at + 10 : at + 12])[0]
        locator = at - 20
        if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
            (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
            if offset < size:
                handle.seek(offset)
                record = handle.read(56)
                if len(record) == 56 and record[:4] == b"PK\x06\x06":
                    count = max(count, struct.unpack("<Q", record[32:40])[0])
        return count


class _ZipSource:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        names = _Names()
        self._refused = names.refused
        self._budget = _Budget()
        infos = archive.infolist()
        if len(infos) > MAX_FILES:
            raise UnsafeBundleError(f"more than {MAX_FILES} entries")
        by_name: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            if stat.S_ISLNK(info.external_attr >> 16):
                self._refused.append(f"{info.filename!r}: a link, not read")
                continue
            if info.is_dir():
                continue
            name = info.filename
            names.offer(name)
            by_name.setdefault(name, info)
            # Every entry counts, refused or not: the limits are about the archive.
            total += info.file_size
            if info.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                raise UnsafeBundleError(
                    f"{name}: declares {info.file_size} bytes; the bundle is too large to check"
                )
            if info.file_size > RATIO_FROM_BYTES and (
                info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise UnsafeBundleError(
                    f"{name}: compressed more than {MAX_RATIO} times "
                    f"({info.compress_size} bytes for {info.file_size}): a zip bomb"
                )
        self._members = {name: by_name[name] for name in names.accepted()}

    def names(self) -> list[str]:
        return sorted(self._members)

    def read(self, name: str) -> bytes:
        info = self._members.get(name)
        if info is None:
            raise UnsafeBundleError(f"{name}: not a file of this bundle")
        if info.flag_bits & 0x1:
            raise UnsafeBundleError(f"{name}: encrypted in the zip, cannot be read")
        if info.compress_type not in _READABLE_METHODS:
            raise UnsafeBundleError(
                f"{name}: compressed with method {info.compress_type}, which cannot be read"
            )
        try:
            with self._archive.open(info) as handle:
                # Never more than the declared size, whatever the stream would give.
                data = _read_capped(handle, info.file_size, name, self._budget)
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
    count = declared_entries(path)
    if count is not None and count > MAX_FILES:
        raise UnsafeBundleError(f"{path}: the zip declares {count} entries, more than {MAX_FILES}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, RuntimeError, ValueError, EOFError) as error:
        raise UnsafeBundleError(f"{path} is neither a bundle folder nor a zip ({error})") from None
    with archive:
        yield _ZipSource(archive)
