"""Tests for the media folder: images stored once, by a hash of their bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from editor.storage.media import NotAnImageError, add_media, add_media_file, media_name

PNG = b"\x89PNG\r\n\x1a\n" + b"pixels" * 100


def test_name_is_the_content_hash_with_a_canonical_extension() -> None:
    digest = hashlib.sha256(PNG).hexdigest()[:16]
    assert media_name(PNG, ".PNG") == f"{digest}.png"
    assert media_name(PNG, ".jpeg") == f"{digest}.jpg"


def test_add_media_creates_the_folder_and_stores_the_bytes_once(tmp_path: Path) -> None:
    media = tmp_path / "workspace" / "media"
    name = add_media(media, PNG, ".png")
    assert (media / name).read_bytes() == PNG
    assert add_media(media, PNG, ".png") == name
    assert [p.name for p in media.iterdir()] == [name]  # no temp file left either


def test_add_media_file_copies_an_image(tmp_path: Path) -> None:
    source = tmp_path / "Forum opening.JPEG"
    source.write_bytes(PNG)
    name = add_media_file(tmp_path / "media", source)
    assert name.endswith(".jpg")
    assert (tmp_path / "media" / name).read_bytes() == PNG


def test_add_media_file_refuses_other_files(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("not a picture")
    with pytest.raises(NotAnImageError, match=r"notes\.txt is not an image"):
        add_media_file(tmp_path / "media", source)
    assert not (tmp_path / "media").exists()


def test_unwritable_folder_raises_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "media"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        add_media(blocker, PNG, ".png")
