"""Build Noticeboard for release: the PyInstaller folder, the Debian package, generated files.

    python packaging/build.py frozen     # build/dist/noticeboard/ (any platform)
    python packaging/build.py deb        # build/dist/noticeboard_<version>_<arch>.deb (Linux)
    python packaging/build.py all        # both (what `make package` runs)
    python packaging/build.py files      # version.iss, .ico, .icns for the Windows/macOS steps

Run it with the Python of the virtual environment Noticeboard is installed in; see
packaging/README.md. Nothing here is imported by the app.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# release_files sits beside this script (packaging/ is not a package: see sys.path above).
import release_files
from release_files import APP_ID, HICOLOR_SIZES, ICON_SVG, PACKAGING, ROOT

DIST = ROOT / "build" / "dist"
WORK = ROOT / "build" / "pyinstaller"
PACKAGE = "noticeboard"
INSTALL_DIR = Path("opt") / PACKAGE
MAINTAINER = "The Noticeboard developers <developers@noticeboard.org>"
DESCRIPTION = """\
Draft announcements and events, preview them as published
 Noticeboard is a desktop application for editors who publish announcements
 and events. Editors draft in Markdown, see a live preview of exactly what
 will be published, keep everything in a local workspace that survives
 crashes, and export publish-ready bundles (a static site, feeds, iCalendar,
 Markdown with front matter).
 .
 This package holds a self-contained build (Python, Qt and Qt WebEngine
 included) in /opt/noticeboard.
"""


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def _run(command: list[str], **kwargs: object) -> None:
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise BuildError(f"{command[0]} failed with exit code {result.returncode}")


# -- the PyInstaller folder ---------------------------------------------------------------


def build_frozen(dist: Path = DIST, work: Path = WORK) -> Path:
    """Run PyInstaller on packaging/noticeboard.spec; returns the app folder."""
    if sys.platform in ("win32", "darwin"):
        release_files.write_platform_icons()  # the spec's icon= files
    _run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(PACKAGING / "noticeboard.spec"),
        ],
        cwd=ROOT,
    )
    folder = dist / PACKAGE
    print(f"frozen app: {folder} ({folder_size(folder) / 2**20:.0f} MB)")
    return folder


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


# -- the Debian package -------------------------------------------------------------------


def debian_version(version: str) -> str:
    """A PEP 440 version as Debian orders it: 1.0rc1 -> 1.0~rc1, 1.0.dev2 -> 1.0~dev2."""
    public, plus, local = version.partition("+")
    public = re.sub(r"(\d)(a|b|rc)(\d+)", r"\1~\2\3", public)
    public = re.sub(r"\.?dev(\d*)", r"~dev\1", public)
    return f"{public}{plus}{local}"


def debian_architecture() -> str:
    result = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BuildError("dpkg --print-architecture failed: is this a Debian-like system?")
    return result.stdout.strip()


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def _needed(path: Path) -> list[str]:
    result = subprocess.run(
        ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
    )
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", result.stdout)


def system_dependencies(folder: Path) -> list[str]:
    """Debian packages holding the shared libraries the frozen folder links to but lacks.

    Like dpkg-shlibdeps, without a source package: every ELF file's NEEDED entries, less
    the libraries the folder carries, found with `dpkg -S`.
    """
    elves = _elf_files(folder)
    bundled = {p.name for p in folder.rglob("*")}
    missing = sorted({name for elf in elves for name in _needed(elf)} - bundled)
    packages: set[str] = set()
    for name in missing:
        result = subprocess.run(
            ["dpkg", "-S", f"*/{name}"], capture_output=True, text=True, check=False
        )
        owners = {
            line.split(":", 1)[0].split(",")[0].strip()
            for line in result.stdout.splitlines()
            if ":" in line
        }
        if not owners:
            print(f"warning: no Debian package holds {name}; not listed in Depends")
            continue
        packages.add(sorted(owners)[0].split(":")[0])  # libfoo:amd64 -> libfoo
    return sorted(packages)


def control_file(version: str, arch: str, installed_kib: int, depends: list[str]) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {debian_version(version)}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        + (f"Depends: {', '.join(depends)}\n" if depends else "")
        + "Section: editors\n"
        "Priority: optional\n"
        f"Description: {DESCRIPTION}"
    )


def stage_desktop_files(root: Path, version: str) -> None:
    """The desktop integration files under root/usr/share (and the /usr/bin link)."""
    share = root / "usr" / "share"
    linux = PACKAGING / "linux"
    for name in ("noticeboard.desktop", "noticeboard-review.desktop"):
        _copy(linux / name, share / "applications" / name)
    _copy(linux / "noticeboard-mime.xml", share / "mime" / "packages" / "noticeboard.xml")
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    metainfo.write_text(
        release_files.metainfo(version, release_files.release_date()), encoding="utf-8"
    )
    hicolor = share / "icons" / "hicolor"
    _copy(ICON_SVG, hicolor / "scalable" / "apps" / "noticeboard.svg")
    for size, png in release_files.render_pngs(HICOLOR_SIZES).items():
        target = hicolor / f"{size}x{size}" / "apps" / "noticeboard.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
    _copy(ROOT / "LICENSE", share / "doc" / PACKAGE / "copyright")
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    (bin_dir / PACKAGE).symlink_to(Path("/") / INSTALL_DIR / PACKAGE)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def build_deb(
    frozen: Path = DIST / PACKAGE, dist: Path = DIST, *, compression: str = "zstd"
) -> Path:
    """The .deb of the frozen folder: /opt/noticeboard, /usr/bin/noticeboard, desktop files."""
    if not (frozen / PACKAGE).is_file():
        raise BuildError(f"no frozen app in {frozen}: run `python packaging/build.py frozen`")
    version = release_files.project_version()
    arch = debian_architecture()
    with tempfile.TemporaryDirectory(prefix="noticeboard-deb-") as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(frozen, root / INSTALL_DIR, symlinks=True)
        stage_desktop_files(root, version)
        installed_kib = (folder_size(root) + 1023) // 1024
        control = root / "DEBIAN" / "control"
        control.parent.mkdir()
        depends = system_dependencies(frozen)
        control.write_text(control_file(version, arch, installed_kib, depends), encoding="utf-8")
        for path in root.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() or _executable(path) else 0o644)
        (root / "DEBIAN" / "md5sums").write_text(md5sums(root), encoding="utf-8")
        target = dist / f"{PACKAGE}_{debian_version(version)}_{arch}.deb"
        _run(
            [
                "dpkg-deb",
                "--root-owner-group",
                f"-Z{compression}",
                "--build",
                str(root),
                str(target),
            ]
        )
    print(f"Debian package: {target} ({target.stat().st_size / 2**20:.0f} MB)")
    return target


def md5sums(root: Path) -> str:
    """DEBIAN/md5sums: what `dpkg --verify` checks installed files against."""
    lines = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not path.is_symlink() and relative.parts[0] != "DEBIAN":
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {relative.as_posix()}\n")
    return "".join(lines)


def _executable(path: Path) -> bool:
    """Programs keep their x bit; shared libraries (some wheels ship them 0755) do not."""
    return bool(path.stat().st_mode & 0o111) and ".so" not in path.name


def write_files() -> None:
    """The generated files the Windows and macOS steps use."""
    print(f"wrote {release_files.write_inno_setup_defines()}")
    release_files.write_platform_icons()
    print(f"wrote {PACKAGING / 'windows' / 'noticeboard.ico'}")
    print(f"wrote {PACKAGING / 'macos' / 'noticeboard.icns'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["frozen", "deb", "all", "files"])
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (build/dist)")
    parser.add_argument(
        "--work", type=Path, default=WORK, help="PyInstaller's work folder (build/pyinstaller)"
    )
    parser.add_argument(
        "--compression",
        choices=["zstd", "xz", "gzip"],
        default="zstd",
        help="the .deb's compression: zstd (default: 10 s, Debian 12 and Ubuntu 21.10 on), "
        "xz (smallest, several minutes), gzip (any dpkg)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.step == "files":
            write_files()
        if args.step in ("frozen", "all"):
            build_frozen(args.dist, args.work)
        if args.step in ("deb", "all"):
            build_deb(args.dist / PACKAGE, args.dist, compression=args.compression)
    except BuildError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
