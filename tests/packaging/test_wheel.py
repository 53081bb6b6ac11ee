"""A non-editable wheel carries resources/ as editor/_resources, where resources.py looks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.packaging.helpers import ROOT

pytestmark = pytest.mark.slow

SOURCES = (
    "editor",
    "resources",
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "LICENSE",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel` of a copy of the checkout (so the build leaves nothing in the real one)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(path, source / name)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("noticeboard-*.whl")
    return built


def test_the_wheel_holds_every_resource(wheel: Path) -> None:
    expected = {
        "editor/_resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert expected <= names
    assert "editor/_resources/templates/base.html" in names
    assert not any(name.startswith("resources/") for name in names)


def test_an_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = (
        "import editor, editor.resources as r;"
        "print(editor.__file__);"
        "print(r.resources_root());"
        "print(r.resource_path('samples', 'items.json'))"
    )
    # -S: no site-packages, so the checkout's editable install cannot answer instead.
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    module, root, sample = result.stdout.splitlines()
    assert Path(module).is_relative_to(target)
    assert Path(root) == target / "editor" / "_resources"
    assert Path(sample).is_file()
