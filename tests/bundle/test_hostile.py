"""Hostile bundles, each built here: refused with a clear message, nothing ever written.

Also: a change to any single byte of any file of a small signed bundle is noticed.
"""

from __future__ import annotations

import builtins
import io
import os
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.bundle import reader
from editor.bundle.keys import KnownKeys
from editor.bundle.reader import open_bundle
from editor.bundle.signing import SIGNATURE_PATH, check_signature, sign_manifest
from editor.bundle.verify import Problem, verify_bundle, verify_source
from editor.cli import main
from editor.export.bundle import build_bundle
from editor.export.layout import place_items
from editor.export.manifest import MANIFEST_PATH, build_manifest
from editor.export.writer import write_bundle
from tests.export.fixtures import AS_OF, golden_items, read_media

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_bundle(golden_items(), workspace_id="h", media=read_media, generated_at=AS_OF)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.fixture
def untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder that must hold the same files after the test: nothing extracted."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    yield tmp_path
    assert tree(cwd) == set()
    assert not any(p.name in ("escape.txt", "passwd") for p in tmp_path.parent.rglob("*"))


def bundle_zip(files: dict[str, bytes], path: Path, *extra: tuple[zipfile.ZipInfo, bytes]) -> Path:
    """An exported zip with `extra` entries appended (zipfile's duplicate warning silenced)."""
    out = write_bundle(files, path, timestamp=AS_OF)
    with warnings.catch_warnings(), zipfile.ZipFile(out, "a") as archive:
        warnings.simplefilter("ignore", UserWarning)
        for info, data in extra:
            archive.writestr(info, data)
    return out


def entry(name: str, *, mode: int = 0o100644, flags: int = 0) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2022, 4, 1, 12, 0, 0))
    info.external_attr = mode << 16
    info.flag_bits |= flags
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in problems]


@pytest.mark.parametrize(
    "name",
    [
        "../escape.txt",
        "content/../../escape.txt",
        "/etc/passwd",
        "C:/Windows/escape.txt",
        "C:escape.txt",
        "content\\..\\..\\escape.txt",
        "media//x",
        "./x",
        "media/a\x1bb.png",
        "media/\u202etxt.exe",
        "media/" + "a" * 1100,
    ],
)
def test_unsafe_names_are_refused(files: dict[str, bytes], untouched: Path, name: str) -> None:
    out = bundle_zip(files, untouched / "b.zip", (entry(name), b"x"))
    problems = verify_bundle(out)
    assert [p.code for p in problems] == ["refused"]
    assert problems[0].message.startswith(repr(name))
    assert "not read" in problems[0].message


def test_link_entries_are_refused(files: dict[str, bytes], untouched: Path) -> None:
    out = bundle_zip(files, untouched / "b.zip", (entry("x", mode=0o120777), b"/etc/passwd"))
    assert [(p.code, p.message) for p in verify_bundle(out)] == [
        ("refused", "'x': a link, not read")
    ]


@pytest.mark.skipif(not hasattr(Path, "symlink_to"), reason="symbolic links")
def test_links_to_folders_are_not_followed(files: dict[str, bytes], untouched: Path) -> None:
    folder = write_bundle(files, untouched / "bundle", timestamp=AS_OF)
    outside = untouched / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("s")
    (folder / "media" / "more").symlink_to(outside, target_is_directory=True)
    assert [(p.code, p.message) for p in verify_bundle(folder)] == [
        ("refused", "media/more: a link, not read")
    ]


def test_a_name_twice_is_refused_both_times(files: dict[str, bytes], untouched: Path) -> None:
    # A second index.html after the real one: an extractor would keep one or the other.
    out = bundle_zip(files, untouched / "b.zip", (entry("index.html"), b"<script>"))
    assert codes(verify_bundle(out)) == [("refused", ""), ("missing", "index.html")]
    assert "index.html: appears 2 times, not read" in str(verify_bundle(out)[0])


@pytest.mark.parametrize(
    "other",
    [
        "INDEX.html",  # case
        "Index.HTML",
        unicodedata.normalize("NFD", "médïa.txt"),  # the same letters, decomposed
    ],
)
def test_names_that_collide_after_folding_are_refused(
    files: dict[str, bytes], untouched: Path, other: str
) -> None:
    first = "index.html" if other.lower() == "index.html" else "médïa.txt"
    extra = [] if first == "index.html" else [(entry(first), b"a")]
    out = bundle_zip(files, untouched / "b.zip", *extra, (entry(other), b"b"))
    problems = verify_bundle(out)
    assert problems[0].code == "refused"
    assert "the same name once case and accents are set aside, none read" in problems[0].message
    assert repr(first) in problems[0].message and repr(other) in problems[0].message
    # Neither is read: the bundle's own index.html counts as missing.
    if first == "index.html":
        assert ("missing", "index.html") in codes(problems)


def test_names_that_collide_in_a_folder_are_refused(
    files: dict[str, bytes], untouched: Path
) -> None:
    folder = write_bundle(files, untouched / "bundle", timestamp=AS_OF)
    (folder / "INDEX.html").write_text("<p>other</p>")
    if len(list(folder.glob("*.html"))) < 2:
        pytest.skip("a case-insensitive file system")
    assert codes(verify_bundle(folder)) == [("refused", ""), ("missing", "index.html")]


def test_encrypted_members_are_refused(files: dict[str, bytes], untouched: Path) -> None:
    # Encryption is flag bit 0; zipfile would ask for a password.
    out = write_bundle(files, untouched / "b.zip", timestamp=AS_OF)
    data = bytearray(out.read_bytes())
    at = data.find(b"PK\x01\x02")  # the first central directory header
    data[at + 8] |= 1
    out.write_bytes(bytes(data))
    problems = verify_bundle(out)
    assert [p.code for p in problems] == ["unreadable"]
    assert "encrypted in the zip, cannot be read" in problems[0].message


def test_archives_outside_media_are_refused(files: dict[str, bytes], untouched: Path) -> None:
    out = bundle_zip(files, untouched / "b.zip", (entry("data/more.zip"), b"PK\x05\x06"))
    problems = verify_bundle(out)
    assert [(p.code, p.message) for p in problems] == [
        ("refused", "'data/more.zip': an archive inside the bundle, not opened, not read")
    ]


def test_an_archive_in_media_is_hashed_never_opened(
    files: dict[str, bytes], untouched: Path
) -> None:
    # A zip bomb as an attachment: a bundle file like any other, never extracted.
    bomb = zlib.compress(bytes(50 * 1024 * 1024), 9)
    with_bomb = {k: v for k, v in files.items() if k != MANIFEST_PATH}
    with_bomb["media/report.zip"] = bomb
    with_bomb[MANIFEST_PATH] = build_manifest(
        with_bomb, place_items(golden_items()).entries, workspace_id="h", created_at=AS_OF
    )
    out = write_bundle(with_bomb, untouched / "b.zip", timestamp=AS_OF)
    assert verify_bundle(out) == []
    with open_bundle(out) as source:
        assert source.read("media/report.zip") == bomb


def test_too_many_members_are_refused_before_the_directory_is_read(
    files: dict[str, bytes], untouched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write_bundle(files, untouched / "b.zip", timestamp=AS_OF)
    folder = write_bundle(files, untouched / "bundle", timestamp=AS_OF)
    monkeypatch.setattr(reader, "MAX_FILES", len(files) - 1)
    opened: list[Path] = []
    monkeypatch.setattr(reader.zipfile, "ZipFile", lambda path: opened.append(path))
    [problem] = verify_bundle(out)
    assert f"the zip declares {len(files)} entries, more than {len(files) - 1}" in problem.message
    assert opened == []
    assert [p.message for p in verify_bundle(folder)] == [f"more than {len(files) - 1} files"]


def test_a_declared_size_over_the_limit_is_refused(
    files: dict[str, bytes], untouched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write_bundle(files, untouched / "b.zip", timestamp=AS_OF)
    largest = max(files, key=lambda name: len(files[name]))
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", len(files[largest]) - 1)
    [problem] = verify_bundle(out)
    assert problem.code == "unreadable"
    assert f"{largest}: declares {len(files[largest])} bytes" in problem.message


def test_a_size_that_lies_is_never_believed(files: dict[str, bytes], untouched: Path) -> None:
    # The central directory says 10 bytes; the data holds far more.
    out = bundle_zip(files, untouched / "b.zip", (entry("media/big.bin"), bytes(5000)))
    data = bytearray(out.read_bytes())
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) != -1:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == b"media/big.bin":
            data[at + 24 : at + 28] = (10).to_bytes(4, "little")
            break
        start = at + 4
    out.write_bytes(bytes(data))
    with (
        open_bundle(out) as source,
        pytest.raises(reader.UnsafeBundleError, match=r"media/big\.bin: cannot be read"),
    ):
        source.read("media/big.bin")


def test_a_file_that_grew_past_the_limit_is_refused_when_read(
    files: dict[str, bytes], untouched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_bundle(files, untouched / "bundle", timestamp=AS_OF)
    with open_bundle(folder) as source:
        monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
        with pytest.raises(reader.UnsafeBundleError, match="larger than 100 bytes once read"):
            source.read("index.html")


def test_a_total_over_the_limit_is_refused(
    files: dict[str, bytes], untouched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write_bundle(files, untouched / "b.zip", timestamp=AS_OF)
    monkeypatch.setattr(reader, "MAX_TOTAL_BYTES", sum(map(len, files.values())) - 1)
    [problem] = verify_bundle(out)
    assert "the bundle is too large to check" in problem.message


@pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
def test_bytes_read_are_counted_whatever_the_headers_say(
    files: dict[str, bytes], untouched: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    out = write_bundle(files, untouched / name, timestamp=AS_OF)
    with open_bundle(out) as source:
        # Allowed when opened; the budget is then spent as the bytes come.
        monkeypatch.setattr(reader, "MAX_TOTAL_BYTES", len(files["index.html"]) + 10)
        source.read("index.html")
        with pytest.raises(reader.UnsafeBundleError, match=r"more than \d+ bytes read"):
            source.read("index.html")


def test_reading_never_opens_a_file_for_writing(
    files: dict[str, bytes], untouched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = bundle_zip(files, untouched / "b.zip", (entry("../escape.txt"), b"x"))
    folder = write_bundle(files, untouched / "bundle", timestamp=AS_OF)
    writes: list[str] = []
    real_open = os.open

    def watched(path: str, flags: int, *args: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            writes.append(str(path))
        return real_open(path, flags, *args)

    real_io_open = io.open

    def watched_io(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if any(c in mode for c in "wax+"):
            writes.append(str(file))
        return real_io_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", watched)
    monkeypatch.setattr(io, "open", watched_io)
    monkeypatch.setattr(builtins, "open", watched_io)
    for bundle in (out, folder):
        verify_bundle(bundle)
        with open_bundle(bundle) as source:
            for name in source.names():
                source.read(name)
    assert writes == []


def test_a_compression_ratio_beyond_the_limit_is_refused(
    files: dict[str, bytes], untouched: Path
) -> None:
    out = bundle_zip(files, untouched / "b.zip", (entry("media/zeros.png"), bytes(4 << 20)))
    [problem] = verify_bundle(out)
    assert problem.code == "unreadable"
    assert "media/zeros.png: compressed more than 100 times" in problem.message
    assert "a zip bomb" in problem.message


def test_members_the_manifest_does_not_list_are_reported(
    files: dict[str, bytes], untouched: Path
) -> None:
    out = bundle_zip(files, untouched / "b.zip", (entry("events/x/index.html"), b"<p>x</p>"))
    assert codes(verify_bundle(out)) == [("extra", "events/x/index.html")]


def test_the_verify_command_refuses_with_one_line_each(
    files: dict[str, bytes], untouched: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = bundle_zip(
        files, untouched / "b.zip", (entry("../escape.txt"), b"x"), (entry("INDEX.html"), b"x")
    )
    assert main(["verify", str(out)]) == 1
    stdout, stderr = capsys.readouterr()
    assert "'../escape.txt': unsafe name" in stdout
    assert "3 problems" in stdout
    assert "Traceback" not in stdout + stderr


# Any single byte changed, anywhere, is noticed.


class MemorySource:
    """A bundle held in memory, read like one on disk."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self._files = files

    def names(self) -> list[str]:
        return sorted(self._files)

    def read(self, name: str) -> bytes:
        return self._files[name]

    def refused(self) -> list[str]:
        return []


@pytest.fixture(scope="module")
def small() -> dict[str, bytes]:
    """A small signed bundle: one announcement, one event."""
    items = golden_items()
    chosen = [next(i for i in items if i.kind.value == k) for k in ("announcement", "event")]
    out = build_bundle(chosen, workspace_id="p", media=read_media, generated_at=AS_OF)
    out[SIGNATURE_PATH] = sign_manifest(out[MANIFEST_PATH], KEY, "Ana")
    return out


def noticed(files: dict[str, bytes], name: str, at: int, xor: int) -> bool:
    data = bytearray(files[name])
    data[at] ^= xor
    changed = MemorySource({**files, name: bytes(data)})
    signature = check_signature(changed, KnownKeys())
    return bool(verify_source(changed)) or not signature.trusted


def test_the_small_bundle_is_intact(small: dict[str, bytes]) -> None:
    source = MemorySource(small)
    assert verify_source(source) == []
    assert check_signature(source, KnownKeys()).trusted


def test_the_first_middle_and_last_byte_of_every_file(small: dict[str, bytes]) -> None:
    for name, data in small.items():
        for at in {0, len(data) // 2, len(data) - 1}:
            assert noticed(small, name, at, 0x01), (name, at)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_byte_of_any_file(small: dict[str, bytes], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(small)), label="file")
    at = data.draw(st.integers(0, len(small[name]) - 1), label="byte")
    xor = data.draw(st.integers(1, 255), label="xor")
    assert noticed(small, name, at, xor)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_file_swapped_for_a_pipe_after_opening_does_not_hang(
    files: dict[str, bytes], untouched: Path
) -> None:
    folder = write_bundle(files, untouched / "bundle", timestamp=AS_OF)
    with open_bundle(folder) as source:
        (folder / "index.html").unlink()
        os.mkfifo(folder / "index.html")
        with pytest.raises(reader.UnsafeBundleError, match=r"index\.html: not a regular file"):
            source.read("index.html")
