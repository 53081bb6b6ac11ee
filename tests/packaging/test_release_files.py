"""Generated release files: one version everywhere, valid metadata, icons, the bundle type."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import pytest

import editor
from tests.packaging.helpers import PACKAGING, load, tool

release_files = load("release_files")
build = load("build")
LINUX = PACKAGING / "linux"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# -- one version ------------------------------------------------------------------------


def test_the_version_is_the_one_in_pyproject_everywhere(tmp_path: Path) -> None:
    from editor.ui.about import about_text

    version = release_files.project_version()
    assert editor.__version__ == version  # --version and About read this
    assert f"Noticeboard {version}<" in about_text()
    metainfo = ET.fromstring(release_files.metainfo(version, date(2026, 11, 28)))
    assert [r.get("version") for r in metainfo.iter("release")] == [version]
    assert f'#define AppVersion "{version}"' in release_files.inno_setup_defines(version)
    control = build.control_file(version, "amd64", 1, [])
    assert f"Version: {build.debian_version(version)}\n" in control
    cli = subprocess.run(
        [sys.executable, "-m", "editor", "--version"], capture_output=True, text=True, check=True
    )
    assert cli.stdout.strip() == f"noticeboard {version}"


def test_the_windows_installer_and_macos_plist_take_the_generated_version() -> None:
    iss = (PACKAGING / "windows" / "noticeboard.iss").read_text(encoding="utf-8")
    assert '#include "version.iss"' in iss
    assert "AppVersion={#AppVersion}" in iss
    assert "VersionInfoVersion={#AppVersionNumeric}" in iss
    plist = load("macos/info_plist").info_plist()
    assert plist["CFBundleShortVersionString"] == release_files.project_version()
    assert plist["NSHighResolutionCapable"] is True


@pytest.mark.parametrize(
    ("version", "numeric"), [("0.1.0", "0.1.0.0"), ("2.3", "2.3.0.0"), ("1.4rc2", "1.4.0.0")]
)
def test_inno_setup_gets_a_numeric_version_too(version: str, numeric: str) -> None:
    assert f'#define AppVersionNumeric "{numeric}"' in release_files.inno_setup_defines(version)


def test_the_release_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1649851200")
    assert release_files.release_date() == date(2022, 4, 13)


# -- metadata validators ----------------------------------------------------------------


def test_the_metainfo_passes_appstreamcli(tmp_path: Path) -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    target = tmp_path / f"{release_files.APP_ID}.metainfo.xml"
    target.write_text(release_files.metainfo("0.1.0", date(2026, 11, 28)), encoding="utf-8")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(target)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "@VERSION@" not in target.read_text(encoding="utf-8")


def test_the_desktop_files_pass_desktop_file_validate() -> None:
    validate = tool("desktop-file-validate", "desktop-file-utils")
    files = [LINUX / "noticeboard.desktop", LINUX / "noticeboard-review.desktop"]
    result = subprocess.run([validate, *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_bundles_open_in_the_review_window() -> None:
    review = (LINUX / "noticeboard-review.desktop").read_text(encoding="utf-8")
    assert "\nExec=noticeboard review %f\n" in review
    assert "\nMimeType=application/x-noticeboard-bundle;\n" in review
    mime = ET.parse(LINUX / "noticeboard-mime.xml").getroot()
    names = [t.get("type") for t in mime]
    assert names == ["application/x-noticeboard-bundle"]


# -- icons ------------------------------------------------------------------------------


def test_pngs_are_rendered_at_each_size() -> None:
    pngs = release_files.render_pngs((16, 48, 256))
    assert {size: png_size(data) for size, data in pngs.items()} == {
        16: (16, 16),
        48: (48, 48),
        256: (256, 256),
    }


def test_the_ico_lists_every_png() -> None:
    pngs = release_files.render_pngs((16, 32, 256))
    ico = release_files.ico_file(pngs)
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    for index, size in enumerate((16, 32, 256)):
        width, height, *_rest, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index]
        )
        assert (width or 256, height or 256) == (size, size)
        assert png_size(ico[offset : offset + length]) == (size, size)


def test_the_icns_holds_its_elements_in_order() -> None:
    sizes = {size for _kind, size in release_files.ICNS_TYPES}
    icns = release_files.icns_file(release_files.render_pngs(tuple(sizes)))
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    position, found = 8, []
    while position < len(icns):
        kind, length = (
            icns[position : position + 4],
            struct.unpack(">I", icns[position + 4 : position + 8])[0],
        )
        found.append((kind, png_size(icns[position + 8 : position + length])[0]))
        position += length
    assert found == list(release_files.ICNS_TYPES)


# -- the bundle MIME type, with shared-mime-info's own database ---------------------------


_QUERY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QMimeDatabase
    db = QMimeDatabase()
    for name in sys.argv[1:]:
        path = Path(name)
        print(db.mimeTypeForFile(str(path)).name(), db.mimeTypeForData(path.read_bytes()).name())
    """
)


def test_an_exported_bundle_is_recognised(tmp_path: Path) -> None:
    update = tool("update-mime-database", "shared-mime-info")
    freedesktop = Path("/usr/share/mime/packages/freedesktop.org.xml")
    if not freedesktop.is_file():
        pytest.skip("shared-mime-info's freedesktop.org.xml is missing")
    data = tmp_path / "data"
    (data / "mime" / "packages").mkdir(parents=True)
    (data / "mime" / "packages" / "freedesktop.org.xml").write_bytes(freedesktop.read_bytes())
    (data / "mime" / "packages" / "noticeboard.xml").write_bytes(
        (LINUX / "noticeboard-mime.xml").read_bytes()
    )
    subprocess.run([update, str(data / "mime")], check=True, capture_output=True)

    bundle = export_sample_bundle(tmp_path / "spring.noticeboard.zip")
    plain_name = tmp_path / "spring.zip"
    plain_name.write_bytes(bundle.read_bytes())
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("README.md", "not a bundle")

    env = {"XDG_DATA_HOME": str(data), "XDG_DATA_DIRS": str(data), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _QUERY, str(bundle), str(plain_name), str(other_zip)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    ours = "application/x-noticeboard-bundle"
    by_name, by_plain, by_other = (line.split() for line in result.stdout.splitlines())
    assert by_name == [ours, ours]  # the double extension, and the content
    assert by_plain[1] == ours  # a plain .zip by content (GLib desktops use this)
    assert by_other == ["application/zip", "application/zip"]


def export_sample_bundle(target: Path) -> Path:
    from editor.export.job import export_bundle
    from editor.export.layout import select_items
    from editor.storage.samples import sample_items

    items = select_items(sample_items())
    return export_bundle(items, target, workspace_id="test", media_dir=None).path
