"""packaging/build.py: Debian versions, the control file, the staged desktop integration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.packaging.helpers import load, tool

build = load("build")


@pytest.mark.parametrize(
    ("pep440", "debian"),
    [
        ("0.1.0", "0.1.0"),
        ("1.2rc1", "1.2~rc1"),
        ("2.0b3", "2.0~b3"),
        ("1.0.dev4", "1.0~dev4"),
        ("1.0+local.abc", "1.0+local.abc"),
    ],
)
def test_debian_versions_sort_prereleases_first(pep440: str, debian: str) -> None:
    assert build.debian_version(pep440) == debian


def test_the_control_file_is_complete() -> None:
    control = build.control_file("1.2rc1", "amd64", 4321, ["libc6", "libgl1"])
    fields = dict(
        line.split(": ", 1) for line in control.splitlines() if line and not line[0].isspace()
    )
    assert fields["Package"] == "noticeboard"
    assert fields["Version"] == "1.2~rc1"
    assert fields["Architecture"] == "amd64"
    assert fields["Installed-Size"] == "4321"
    assert fields["Depends"] == "libc6, libgl1"
    assert "<" in fields["Maintainer"] and fields["Maintainer"].endswith(">")
    assert control.endswith("\n")
    # Continuation lines of the description start with a space; blank ones are " .".
    assert all(line.startswith(" ") for line in control.split("Description: ")[1].splitlines()[1:])


def test_the_staged_tree_has_every_desktop_file(tmp_path: Path) -> None:
    build.stage_desktop_files(tmp_path, "0.1.0")
    share = tmp_path / "usr" / "share"
    expected = [
        "applications/noticeboard.desktop",
        "applications/noticeboard-review.desktop",
        "mime/packages/noticeboard.xml",
        "metainfo/org.noticeboard.Noticeboard.metainfo.xml",
        "icons/hicolor/scalable/apps/noticeboard.svg",
        *(f"icons/hicolor/{n}x{n}/apps/noticeboard.png" for n in build.HICOLOR_SIZES),
        "doc/noticeboard/copyright",
    ]
    assert sorted(str(p.relative_to(share)) for p in share.rglob("*") if p.is_file()) == sorted(
        expected
    )
    link = tmp_path / "usr" / "bin" / "noticeboard"
    assert os.readlink(link) == "/opt/noticeboard/noticeboard"
    metainfo = (share / "metainfo" / "org.noticeboard.Noticeboard.metainfo.xml").read_text()
    assert '<release version="0.1.0" date="' in metainfo


def test_system_dependencies_name_the_packages_of_unbundled_libraries(tmp_path: Path) -> None:
    tool("dpkg", "dpkg")
    tool("readelf", "binutils")
    program = Path(os.path.realpath("/bin/ls"))  # any dynamically linked program will do
    (tmp_path / "app").write_bytes(program.read_bytes())
    depends = build.system_dependencies(tmp_path)
    assert "libc6" in depends


def test_md5sums_list_every_installed_file_but_links_and_control(tmp_path: Path) -> None:
    (tmp_path / "DEBIAN").mkdir()
    (tmp_path / "DEBIAN" / "control").write_text("Package: x\n")
    (tmp_path / "opt" / "x").mkdir(parents=True)
    (tmp_path / "opt" / "x" / "a b.txt").write_bytes(b"hello\n")
    (tmp_path / "opt" / "x" / "link").symlink_to("a b.txt")
    assert build.md5sums(tmp_path) == "b1946ac92492d2347c6235b4d2611184  opt/x/a b.txt\n"
