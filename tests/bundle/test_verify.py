"""verify_bundle: intact bundles pass; every missing, extra or altered file is listed."""

from __future__ import annotations

import json
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from editor.bundle import reader
from editor.bundle.verify import verify_bundle
from editor.cli import main
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


def test_a_hostile_field_name_is_never_printed_raw(files: dict[str, bytes], tmp_path: Path) -> None:
    data = json.loads(files["data/items.json"])
    data["items"][0]["\x1b[2Jevil"] = 1
    files["data/items.json"] = json.dumps(data).encode()
    del files["manifest.json"]
    files["manifest.json"] = build_manifest(files, [], workspace_id="v", created_at=AS_OF)
    [problem] = verify_bundle(write_bundle(files, tmp_path / "bundle", timestamp=AS_OF))
    assert "\x1b" not in str(problem) and str(problem).endswith("[field: \ufffd[2Jevil]")


def test_two_items_with_one_id_are_a_problem(files: dict[str, bytes], tmp_path: Path) -> None:
    data = json.loads(files["data/items.json"])
    twin = data["items"][0] | {"title": "Not what the reviewer approved"}
    data["items"].append(twin)
    files["data/items.json"] = json.dumps(data).encode()
    del files["manifest.json"]
    files["manifest.json"] = build_manifest(files, [], workspace_id="v", created_at=AS_OF)
    folder = write_bundle(files, tmp_path / "bundle", timestamp=AS_OF)
    [problem] = verify_bundle(folder)
    count = len(data["items"])
    assert (problem.code, problem.path) == ("schema", "data/items.json")
    assert problem.message == f"item {count}: the id {twin['id']} is used twice"


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


# Hostile bundles: each is a listed problem, never a traceback.

DEEP = b"[" * 100_000 + b"]" * 100_000


def with_manifest(files: dict[str, bytes], manifest: bytes) -> dict[str, bytes]:
    return {**files, "manifest.json": manifest}


def edited_manifest(files: dict[str, bytes], changes: dict[str, object]) -> bytes:
    return json.dumps({**json.loads(files["manifest.json"]), **changes}).encode()


@pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
def test_a_deeply_nested_manifest_is_a_problem(
    files: dict[str, bytes], tmp_path: Path, name: str
) -> None:
    out = write_bundle(with_manifest(files, DEEP), tmp_path / name, timestamp=AS_OF)
    problems = verify_bundle(out)
    assert [(p.code, p.path) for p in problems] == [("manifest", "manifest.json")]
    assert "nested too deeply" in problems[0].message


def test_deeply_nested_items_are_a_problem(files: dict[str, bytes], tmp_path: Path) -> None:
    files["data/items.json"] = DEEP
    files["manifest.json"] = build_manifest(
        {k: v for k, v in files.items() if k != "manifest.json"},
        [],
        workspace_id="v",
        created_at=AS_OF,
    )
    problems = verify_bundle(write_bundle(files, tmp_path / "bundle", timestamp=AS_OF))
    assert [(p.code, p.path) for p in problems] == [("schema", "data/items.json")]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"items": 5}, "`items` must be a list of objects"),
        ({"items": [5]}, "`items` entry 1 is not an object with an id"),
        ({"items": [{"id": 5}]}, "`items` entry 1 is not an object with an id"),
        ({"files": ["index.html"]}, "has no list of files"),
        ({"files": {"index.html": 5}}, "`files` entry index.html: not an object"),
        ({"files": {"index.html": {"size": "1", "sha256": "x"}}}, "`files` entry index.html"),
        ({"files": {"../../etc/passwd": {"size": 1, "sha256": "x"}}}, "not a path inside"),
        ({"files": {"a\x1b[2Jb": {"size": 1, "sha256": "x"}}}, "'a\\x1b[2Jb', which is not"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_a_problem(
    files: dict[str, bytes], tmp_path: Path, changes: dict[str, object], expected: str
) -> None:
    manifest = edited_manifest(files, changes)
    out = write_bundle(with_manifest(files, manifest), tmp_path / "b", timestamp=AS_OF)
    problems = verify_bundle(out)
    assert [(p.code, p.path) for p in problems] == [("manifest", "manifest.json")]
    assert expected in problems[0].message


def patch_central_directory(data: bytes, member: str, offset: int, value: bytes) -> bytes:
    """`data` (a zip) with bytes at `offset` of `member`'s central directory header replaced."""
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        name_length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_length] == member.encode():
            at = start + offset
            return data[:at] + value + data[at + len(value) :]
        start += 4
    raise AssertionError(f"{member} is not in the zip")


@pytest.mark.parametrize(
    ("member", "offset", "value", "expected"),
    [
        # Compression method 98 (PPMd), which zipfile cannot read.
        ("feed.json", 10, (98).to_bytes(2, "little"), "compressed with method 98"),
        ("manifest.json", 10, (98).to_bytes(2, "little"), "compressed with method 98"),
        # General purpose flag bit 0: encrypted.
        ("feed.json", 8, (1).to_bytes(2, "little"), "encrypted"),
        ("data/items.json", 8, (1).to_bytes(2, "little"), "encrypted"),
    ],
)
def test_zip_members_that_cannot_be_read_are_problems(
    files: dict[str, bytes],
    tmp_path: Path,
    member: str,
    offset: int,
    value: bytes,
    expected: str,
) -> None:
    out = write_bundle(files, tmp_path / "b.zip", timestamp=AS_OF)
    out.write_bytes(patch_central_directory(out.read_bytes(), member, offset, value))
    problems = verify_bundle(out)
    assert [(p.code, p.path) for p in problems] == [("unreadable", member)]
    assert expected in problems[0].message


def test_a_folder_too_large_to_check_is_a_problem(
    files: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_bundle(files, tmp_path / "bundle", timestamp=AS_OF)
    monkeypatch.setattr(reader, "MAX_TOTAL_BYTES", sum(map(len, files.values())) - 1)
    problems = verify_bundle(folder)
    assert [p.code for p in problems] == ["unreadable"]
    assert "too large to check" in problems[0].message
    monkeypatch.setattr(reader, "MAX_TOTAL_BYTES", sum(map(len, files.values())))
    assert verify_bundle(folder) == []


@pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
def test_the_verify_command_lists_the_problem_and_exits_1(
    files: dict[str, bytes],
    tmp_path: Path,
    name: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    manifest = edited_manifest(files, {"items": 5})
    out = write_bundle(with_manifest(files, manifest), tmp_path / name, timestamp=AS_OF)
    assert main(["verify", str(out)]) == 1
    stdout, stderr = capsys.readouterr()
    assert "manifest.json: `items` must be a list of objects" in stdout
    assert "Traceback" not in stdout + stderr


def test_files_are_not_all_kept_in_memory_while_checked(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    big = {f"media/{n:02}.bin": os.urandom(4 * 1024 * 1024) for n in range(12)}
    files = {**files, **big}
    del files["manifest.json"]
    files["manifest.json"] = build_manifest(files, [], workspace_id="v", created_at=AS_OF)
    folder = write_bundle(files, tmp_path / "bundle", timestamp=AS_OF)
    del big, files
    tracemalloc.start()
    try:
        problems = verify_bundle(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == []
    assert peak < 20 * 1024 * 1024, f"{peak} bytes held for a 48 MB bundle"
