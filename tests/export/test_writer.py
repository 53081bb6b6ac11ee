"""The writer: folder or zip, atomic, cancellable, never outside the destination."""

from __future__ import annotations

import threading
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from editor.export.writer import (
    DestinationError,
    ExportCancelled,
    check_relative_path,
    write_bundle,
    zip_time,
)

WHEN = datetime(2022, 4, 1, 12, 0, 1, tzinfo=UTC)
FILES = {"manifest.json": b"{}", "index.html": b"<!DOCTYPE html>", "a/b/c.txt": b"c"}


def test_folder(tmp_path: Path) -> None:
    out = write_bundle(FILES, tmp_path / "bundle", timestamp=WHEN)
    assert (out / "a/b/c.txt").read_bytes() == b"c"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]  # no temporary left


def test_zip(tmp_path: Path) -> None:
    out = write_bundle(FILES, tmp_path / "bundle.zip", timestamp=WHEN)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == sorted(FILES)
        assert archive.read("a/b/c.txt") == b"c"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]


def test_a_previous_bundle_is_replaced(tmp_path: Path) -> None:
    write_bundle({**FILES, "old.txt": b"x"}, tmp_path / "bundle", timestamp=WHEN)
    out = write_bundle(FILES, tmp_path / "bundle", timestamp=WHEN)
    assert not (out / "old.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


def test_a_folder_that_is_not_a_bundle_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "thesis.odt").write_bytes(b"precious")
    with pytest.raises(DestinationError):
        write_bundle(FILES, tmp_path / "documents", timestamp=WHEN)
    assert (tmp_path / "documents" / "thesis.odt").read_bytes() == b"precious"


@pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
def test_cancel_leaves_nothing_and_keeps_the_old_bundle(tmp_path: Path, name: str) -> None:
    write_bundle(FILES, tmp_path / name, timestamp=WHEN)
    before = sorted(p.name for p in tmp_path.iterdir())
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 1:
            cancel.set()

    with pytest.raises(ExportCancelled):
        write_bundle(
            {**FILES, "new.txt": b"n"},
            tmp_path / name,
            timestamp=WHEN,
            cancel=cancel,
            progress=progress,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failing_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_bundle({"../escape.txt": b"x"}, tmp_path / "bundle.zip", timestamp=WHEN)
    with pytest.raises(ValueError):
        write_bundle({"a/../../escape.txt": b"x"}, tmp_path / "bundle", timestamp=WHEN)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["", "/abs", "../x", "a/../b", "a//b", "a\\b", "C:/x", "./a", "a/", "a\0b"]
)
def test_unsafe_paths_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        check_relative_path(name)


def test_zip_time_is_never_before_1980() -> None:
    assert zip_time(datetime(1970, 1, 1, tzinfo=UTC)) == (1980, 1, 1, 0, 0, 0)
    assert zip_time(WHEN) == (2022, 4, 1, 12, 0, 1)
