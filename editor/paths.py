"""Where Noticeboard keeps things: platformdirs folders, overridable for tests and power users."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Noticeboard"
WORKSPACE_ENV = "NOTICEBOARD_WORKSPACE"
CONFIG_ENV = "NOTICEBOARD_CONFIG_DIR"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Preferences and window state; NOTICEBOARD_CONFIG_DIR overrides."""
    override = os.environ.get(CONFIG_ENV)
    return (
        Path(override).expanduser()
        if override
        else platformdirs.user_config_path(APP_NAME, appauthor=False)
    )


def default_workspace_dir() -> Path:
    return data_dir() / "workspace"


def resolve_workspace(option: str | None) -> tuple[Path, bool]:
    """The workspace folder to use and whether it is the default one.

    Order: the --workspace option, then NOTICEBOARD_WORKSPACE, then the default.
    """
    if option:
        return Path(option).expanduser().absolute(), False
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser().absolute(), False
    return default_workspace_dir(), True
