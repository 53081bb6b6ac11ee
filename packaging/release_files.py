"""Files made at build time from one source each: the version, the release date, the icons.

The version is read from pyproject.toml and nowhere else: it goes into the AppStream
release, the Debian control file, the Inno Setup define and the macOS Info.plist (the app
itself shows the installed package's version, which pip took from the same place). PNG,
ICO and ICNS icons are rendered from resources/icons/noticeboard.svg, so no binary copy of
the icon is kept in the repository and a new drawing reaches every platform at once.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "org.noticeboard.Noticeboard"
ICON_SVG = ROOT / "resources" / "icons" / "noticeboard.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (the @2x variants share sizes).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def project_version(root: Path = ROOT) -> str:
    """The `version` of pyproject.toml: the one place the version is written."""
    with (root / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def release_date(root: Path = ROOT) -> date:
    """The release's date: $SOURCE_DATE_EPOCH, else the last commit's, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return datetime.fromtimestamp(int(stamp), UTC).date()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return datetime.now(UTC).date()


def metainfo(version: str, day: date) -> str:
    """The AppStream metainfo, with this release's version and date."""
    template = (PACKAGING / "linux" / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8")
    lines = template.splitlines(keepends=True)
    # The template's comment about the placeholders is not for the installed file.
    lines = [line for line in lines if "@VERSION@ and @DATE@" not in line]
    return "".join(lines).replace("@VERSION@", version).replace("@DATE@", day.isoformat())


def inno_setup_defines(version: str) -> str:
    """packaging/windows/version.iss, included by noticeboard.iss."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    numbers = release.group(0).split(".") if release else []
    numeric = ".".join([*numbers, "0", "0", "0"][:3])  # Windows wants four numbers
    return (
        "; Written by packaging/release_files.py from pyproject.toml: do not edit.\n"
        f'#define AppVersion "{version}"\n'
        f'#define AppVersionNumeric "{numeric}.0"\n'
    )


# -- icons ------------------------------------------------------------------------------


def render_pngs(sizes: tuple[int, ...], svg: Path = ICON_SVG) -> dict[int, bytes]:
    """The SVG icon rendered as PNG at each size (Qt's SVG renderer, offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A QApplication, not a QGuiApplication: in the test run, widget tests reuse it.
    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG image Qt can draw")
    pngs: dict[int, bytes] = {}
    for size in sorted(set(sizes)):
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise OSError(f"could not encode the {size} px icon as PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding the PNGs (PNG entries are valid since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_file(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding the PNGs, one element per type in ICNS_TYPES."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_platform_icons() -> None:
    """packaging/windows/noticeboard.ico and packaging/macos/noticeboard.icns (for the spec)."""
    pngs = render_pngs(ICO_SIZES + tuple(size for _kind, size in ICNS_TYPES))
    (PACKAGING / "windows" / "noticeboard.ico").write_bytes(ico_file(pngs))
    (PACKAGING / "macos" / "noticeboard.icns").write_bytes(icns_file(pngs))


def write_inno_setup_defines() -> Path:
    target = PACKAGING / "windows" / "version.iss"
    target.write_text(inno_setup_defines(project_version()), encoding="utf-8")
    return target
