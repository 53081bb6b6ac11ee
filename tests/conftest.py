"""Test-wide set-up: offscreen Qt, and no test ever touches the real user folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Must happen before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point platformdirs and the workspace override at a throw-away folder."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("NOTICEBOARD_WORKSPACE", raising=False)
    monkeypatch.delenv("NOTICEBOARD_CONFIG_DIR", raising=False)
    yield


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """A fresh, not yet existing workspace folder."""
    return tmp_path / "workspace"
