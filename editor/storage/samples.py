"""The sample items a new default workspace starts with, so a first run shows a working app."""

from __future__ import annotations

import orjson

from editor.domain.items import ITEMS_ADAPTER, Announcement, Event
from editor.resources import resource_path
from editor.storage.workspace import Workspace


def sample_items() -> list[Announcement | Event]:
    raw = orjson.loads(resource_path("samples", "items.json").read_bytes())
    return ITEMS_ADAPTER.validate_python(raw)


def add_samples(workspace: Workspace) -> int:
    """Save every sample item into `workspace`; returns how many were added."""
    items = sample_items()
    with workspace.transaction():
        for item in items:
            workspace.save(item, saved_by="Noticeboard sample")
    return len(items)
