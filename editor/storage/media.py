"""Images copied into a workspace's media folder, named by a hash of their content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from editor.storage.atomic import atomic_write_bytes
from editor.storage.errors import StorageWriteError

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
HASH_CHARS = 16  # 64 bits of SHA-256: no clash in any workspace a person fills by hand


class NotAnImageError(ValueError):
    """A file whose extension is not one of IMAGE_EXTENSIONS."""


def media_name(data: bytes, suffix: str) -> str:
    """The file name `data` gets in the media folder, e.g. '3f2a9c0d1b7e4a55.jpg'."""
    suffix = suffix.lower()
    return (
        f"{hashlib.sha256(data).hexdigest()[:HASH_CHARS]}{'.jpg' if suffix == '.jpeg' else suffix}"
    )


def add_media(media_dir: Path, data: bytes, suffix: str) -> str:
    """Store `data` in `media_dir` (once: the same bytes share one file); return its name.

    Raises OSError if the folder cannot be written; a crash never leaves half a file."""
    name = media_name(data, suffix)
    target = media_dir / name
    if not target.exists():
        try:
            media_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, data)
        except StorageWriteError as error:
            raise error.cause from error
    return name


def add_media_file(media_dir: Path, source: Path) -> str:
    """Copy the image file `source` into `media_dir`; return its name there.

    Raises NotAnImageError for a file of another type, OSError if it cannot be read or
    the folder cannot be written."""
    suffix = source.suffix.lower()
    if suffix not in IMAGE_EXTENSIONS:
        raise NotAnImageError(f"{source.name} is not an image this editor can add")
    return add_media(media_dir, source.read_bytes(), suffix)
