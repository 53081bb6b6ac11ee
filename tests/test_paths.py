"""Where Noticeboard keeps things, and how the environment and --workspace override it."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.paths import (
    CONFIG_ENV,
    WORKSPACE_ENV,
    config_dir,
    data_dir,
    default_workspace_dir,
    resolve_workspace,
)


@pytest.fixture
def home() -> Path:
    return Path.home()  # the throw-away home of the autouse fixture


def test_default_folders_follow_the_platform(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert data_dir() == home / "data" / "Noticeboard"
    assert default_workspace_dir() == home / "data" / "Noticeboard" / "workspace"
    assert config_dir() == home / "config" / "Noticeboard"


def test_default_workspace_when_nothing_is_given() -> None:
    assert resolve_workspace(None) == (default_workspace_dir(), True)
    assert resolve_workspace("") == (default_workspace_dir(), True)


def test_environment_variable_overrides_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "env"))
    assert resolve_workspace(None) == (tmp_path / "env", False)


def test_empty_environment_variable_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, "")
    assert resolve_workspace(None) == (default_workspace_dir(), True)


def test_option_overrides_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "env"))
    assert resolve_workspace(str(tmp_path / "option")) == (tmp_path / "option", False)


def test_paths_are_made_absolute_and_expand_the_home(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_workspace("relative/ws") == (tmp_path / "relative" / "ws", False)
    assert resolve_workspace("~/ws") == (home / "ws", False)
    monkeypatch.setenv(WORKSPACE_ENV, "~/from-env")
    assert resolve_workspace(None) == (home / "from-env", False)


def test_config_folder_override(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, "~/my-config")
    assert config_dir() == home / "my-config"
