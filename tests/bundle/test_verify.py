"""verify_bundle: intact bundles pass; every missing, extra or altered file is listed."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from editor.bundle.verify import verify_bundle
from editor.export.bundle import build_bundle
from editor.export.manifest import build_manifest
from editor.export.writer import write_bundle
from tests.export.fixtures import AS_OF, golden_items, read_media


@pytest.fixture
def files() -> dict[str, bytes]:
    return build_bundle(golden_items(), workspace_id="v", media=read_media, generated_at=AS_OF)


@pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
def test_an_intact_bundle_has_no_problems(
    files: dict[str, bytes], tmp_path: Path, name: str
) -> None:
    assert verify_bundle(write_bundle(files, tmp_path / name, timestamp=AS_OF)) == []


def test_every_problem_is_listed(files: dict[str, bytes], tmp_path: Path) -> None:
    folder = write_bundle(files, tmp_path / "bundle", timestamp=AS_OF)
    (folder / "feed.json").unlink()
    (folder / "extra.txt").write_text("x")
    with open(folder / "index.html", "ab") as handle:
        handle.write(b"<!-- changed -->")
    problems = {(p.code, p.path) for p in verify_bundle(folder)}
    assert problems == {
        ("missing", "feed.json"),
        ("extra", "extra.txt"),
        ("altered", "index.html"),
    }


def test_schema_errors_are_reported(files: dict[str, bytes], tmp_path: Path) -> None:
    data = json.loads(files["data/items.json"])
    data["items"][0]["title"] = ""
    files["data/items.json"] = json.dumps(data).encode()
    del files["manifest.json"]
    # A consistent manifest, so that only the schema error is left.
    entries = []  # the manifest's item list is not what is checked here
    files["manifest.json"] = build_manifest(files, entries, workspace_id="v", created_at=AS_OF)
    folder = write_bundle(files, tmp_path / "bundle", timestamp=AS_OF)
    problems = verify_bundle(folder)
    assert [p.code for p in problems] == ["schema"]
    assert "Title is required" in problems[0].message


def test_not_a_bundle(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    assert [p.code for p in verify_bundle(tmp_path / "x.zip")] == ["unreadable"]
    (tmp_path / "folder").mkdir()
    assert [p.code for p in verify_bundle(tmp_path / "folder")] == ["manifest"]


def test_unsafe_zip_names_are_refused_never_extracted(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    out = write_bundle(files, tmp_path / "b.zip", timestamp=AS_OF)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("../../escape.txt", b"x")
        archive.writestr("/etc/passwd", b"x")
        link = zipfile.ZipInfo("link")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    problems = verify_bundle(out)
    assert {p.code for p in problems} == {"refused"}
    assert len(problems) == 3
    assert not (tmp_path.parent / "escape.txt").exists()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_links_in_a_folder_are_not_followed(files: dict[str, bytes], tmp_path: Path) -> None:
    folder = write_bundle(files, tmp_path / "bundle", timestamp=AS_OF)
    (tmp_path / "secret").write_text("s")
    (folder / "secret").symlink_to(tmp_path / "secret")
    assert [(p.code, p.message) for p in verify_bundle(folder)] == [
        ("refused", "secret: not a regular file, not read")
    ]
