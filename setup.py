"""Build hook: a wheel carries resources/ as the package data folder editor/_resources.

Everything else about the build is in pyproject.toml. editor/resources.py looks in
editor/_resources when the code runs from an installed wheel (no checkout around it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithResources(build_py):  # type: ignore[misc]
    """build_py, then resources/ copied into the build as editor/_resources."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install runs from the checkout, which has resources/
        source = ROOT / "resources"
        target = Path(self.build_lib) / "editor" / "_resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithResources})
