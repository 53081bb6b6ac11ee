"""Upgrades of the workspace file format, one step per version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

FORMAT_VERSION = 1

# MIGRATIONS[n] turns a format-n file into a format-(n+1) file. Empty while we are at 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def migrate(tables: Tables, found: int, target: int = FORMAT_VERSION) -> Tables:
    """Apply every step from `found` up to `target`, in order."""
    for version in range(found, target):
        step = MIGRATIONS.get(version)
        if step is None:
            raise RuntimeError(f"No migration from workspace format {version} to {version + 1}")
        tables = step(tables)
    return tables
