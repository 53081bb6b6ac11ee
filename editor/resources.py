"""The one place that finds resource files: source checkout, installed wheel or frozen app."""

from __future__ import annotations

import sys
from importlib import resources as importlib_resources
from pathlib import Path


def resources_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    # An installed wheel carries resources/ as the package data folder editor/_resources
    # (copied there by setup.py's build step; tests/packaging/test_wheel.py checks it).
    return Path(str(importlib_resources.files("editor"))) / "_resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/, e.g. resource_path("samples", "items.json")."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"Noticeboard resource missing: {'/'.join(parts)} (looked in {path})"
        )
    return path
