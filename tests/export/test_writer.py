"""The writer: folder or zip, atomic, cancellable, never outside the destination."""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from editor.export.manifest import FORMAT_NAME, FORMAT_VERSION, file_record
from editor.export.writer import (
    DestinationError,
    ExportCancelled,
    check_relative_path,
    write_bundle,
    zip_time,
)

WHEN = datetime(2022, 4, 1, 12, 0, 1, tzinfo=UTC)


def bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """`files` with a Noticeboard manifest listing them: what the writer may replace."""
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "items": [],
        "files": {name: file_record(data) for name, data in sorted(files.items())},
    }
    return {**files, "manifest.json": json.dumps(manifest).encode()}


FILES = bundle({"index.html": b"<!DOCTYPE html>", "a/b/c.txt": b"c"})


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


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize(
    ("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)]
)
def test_a_bundle_gets_the_users_usual_permissions(
    tmp_path: Path, umask: int, file_mode: int, folder_mode: int
) -> None:
    # Made to be sent on: readable by others when the user's files usually are.
    before = os.umask(umask)
    try:
        archive = write_bundle(FILES, tmp_path / "bundle.zip", timestamp=WHEN)
        folder = write_bundle(FILES, tmp_path / "bundle", timestamp=WHEN)
    finally:
        os.umask(before)
    assert archive.stat().st_mode & 0o777 == file_mode
    assert folder.stat().st_mode & 0o777 == folder_mode
    assert (folder / "a").stat().st_mode & 0o777 == folder_mode
    assert (folder / "index.html").stat().st_mode & 0o777 == file_mode


def test_a_previous_bundle_is_replaced(tmp_path: Path) -> None:
    write_bundle(bundle({"old.txt": b"x"}), tmp_path / "bundle", timestamp=WHEN)
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


def snapshot(root: Path) -> dict[str, bytes]:
    if root.is_file():
        return {"": root.read_bytes()}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "manifest",
    [
        b'{"name": "City of Bergamo", "start_url": "/"}',  # a Web App Manifest
        b"[" * 100_000 + b"]" * 100_000,
        b"not json",
        json.dumps({"format": FORMAT_NAME, "format_version": 1, "items": 5, "files": {}}).encode(),
    ],
)
def test_a_website_with_a_manifest_json_is_not_a_bundle(tmp_path: Path, manifest: bytes) -> None:
    site = tmp_path / "website"
    (site / "js").mkdir(parents=True)
    (site / "README-do-not-delete.txt").write_text("precious")
    (site / "index.html").write_text("<!DOCTYPE html>")
    (site / "js" / "app.js").write_text("alert(1)")
    (site / "manifest.json").write_bytes(manifest)
    before = snapshot(site)
    with pytest.raises(DestinationError, match="website is a folder that is not a Noticeboard"):
        write_bundle(FILES, site, timestamp=WHEN)
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["website"]


def test_a_bundle_with_files_it_does_not_list_is_not_replaced(tmp_path: Path) -> None:
    out = write_bundle(FILES, tmp_path / "bundle", timestamp=WHEN)
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    with pytest.raises(DestinationError, match=r"notes\.txt: not in the manifest"):
        write_bundle(FILES, out, timestamp=WHEN)
    assert snapshot(out) == before


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_bundle_holding_a_link_is_not_replaced(tmp_path: Path) -> None:
    out = write_bundle(FILES, tmp_path / "bundle", timestamp=WHEN)
    (tmp_path / "elsewhere").mkdir()
    (out / "linked").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(DestinationError, match="a link"):
        write_bundle(FILES, out, timestamp=WHEN)
    assert (out / "linked").is_symlink()


def test_a_bundle_with_files_missing_or_altered_is_still_replaced(tmp_path: Path) -> None:
    out = write_bundle(FILES, tmp_path / "bundle", timestamp=WHEN)
    (out / "index.html").write_text("changed")
    (out / "a/b/c.txt").unlink()
    write_bundle(FILES, out, timestamp=WHEN)
    assert snapshot(out) == FILES


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert snapshot(write_bundle(FILES, tmp_path / "empty", timestamp=WHEN)) == FILES


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "before",
    [
        pytest.param(b"not a zip at all", id="not-a-zip"),
        pytest.param(b"", id="empty-file"),
        pytest.param(zipped({"holiday.jpg": b"photo"}), id="someone-elses-zip"),
        pytest.param(zipped({"manifest.json": b'{"name": "x"}'}), id="zip-with-a-web-manifest"),
    ],
)
def test_a_zip_that_is_not_a_bundle_is_left_alone(tmp_path: Path, before: bytes) -> None:
    out = tmp_path / "archive.zip"
    out.write_bytes(before)
    with pytest.raises(DestinationError, match=r"archive\.zip is a zip that is not a Noticeboard"):
        write_bundle(FILES, out, timestamp=WHEN)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.zip"]


def test_a_bundle_zip_with_an_extra_entry_is_left_alone(tmp_path: Path) -> None:
    out = write_bundle(FILES, tmp_path / "bundle.zip", timestamp=WHEN)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("notes.txt", b"mine")
    before = out.read_bytes()
    with pytest.raises(DestinationError, match="not in the manifest"):
        write_bundle(FILES, out, timestamp=WHEN)
    assert out.read_bytes() == before


def test_a_previous_bundle_zip_is_replaced(tmp_path: Path) -> None:
    write_bundle(bundle({"old.txt": b"x"}), tmp_path / "bundle.zip", timestamp=WHEN)
    out = write_bundle(FILES, tmp_path / "bundle.zip", timestamp=WHEN)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == sorted(FILES)
