"""Upgrades of the workspace file format, one step per version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from editor.storage.errors import StorageError

Tables = dict[str, dict[str, Any]]

FORMAT_VERSION = 1

# MIGRATIONS[n] turns a format-n file into a format-(n+1) file. Empty while we are at 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def current_version() -> int:
    """The format this Noticeboard writes; read at call time so tests can simulate a bump."""
    return FORMAT_VERSION


def migrate(tables: Tables, found: int, target: int | None = None) -> Tables:
    """Apply every step from `found` up to `target` (default: the current format), in order."""
    target = current_version() if target is None else target
    for version in range(found, target):
        step = MIGRATIONS.get(version)
        if step is None:
            raise StorageError(
                f"This Noticeboard cannot upgrade a workspace from format {version} to "
                f"{version + 1}; nothing was changed."
            )
        tables = step(tables)
    return tables
