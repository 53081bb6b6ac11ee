"""Shared helpers for the import tests: exporting items to files and importing them back."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from editor.domain.items import Announcement, Event
from editor.export.bundle import build_bundle
from editor.importing.apply import apply_plan
from editor.importing.plan import ImportPlan, content_of
from editor.importing.planning import plan_import
from editor.storage.workspace import Workspace

Item = Announcement | Event


def export_files(items: Sequence[Item], folder: Path, prefix: str) -> Path:
    """Write the bundle files of `items` under `prefix` (e.g. "content") into `folder`."""
    files = build_bundle(items, workspace_id="test")
    for name, data in files.items():
        if name.startswith(prefix):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return folder / prefix


def import_into(workspace: Workspace, *paths: Path) -> ImportPlan:
    plan = plan_import(list(paths), workspace)
    apply_plan(workspace, plan, author="tester")
    return plan


def contents(items: Sequence[Item]) -> dict[str, dict[str, object]]:
    return {str(item.id): content_of(item) for item in items}
