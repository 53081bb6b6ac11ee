"""The one resource lookup: checkout, installed wheel (tests/packaging) and frozen app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from editor import resources


def test_a_checkout_uses_its_resources_folder() -> None:
    root = resources.resources_root()
    assert root == Path(resources.__file__).resolve().parent.parent / "resources"
    assert resources.resource_path("templates", "base.html").is_file()


def test_a_frozen_app_looks_in_its_own_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_root() == tmp_path / "resources"


def test_a_missing_resource_names_what_and_where(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(FileNotFoundError, match=r"resource missing: css/page.css \(looked in "):
        resources.resource_path("css", "page.css")
