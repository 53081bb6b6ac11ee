"""manifest.json: what the bundle is, what it holds, and a size and SHA-256 for every file."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from editor import __version__
from editor.domain.schema import SCHEMA_VERSION
from editor.export.layout import Entry

MANIFEST_PATH = "manifest.json"
FORMAT_NAME = "noticeboard-bundle"
FORMAT_VERSION = 1
GENERATOR_NAME = "Noticeboard"


def file_record(data: bytes) -> dict[str, Any]:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def build_manifest(
    files: Mapping[str, bytes],
    entries: Sequence[Entry],
    *,
    workspace_id: str,
    created_at: datetime,
) -> bytes:
    """The manifest of `files` (every other file of the bundle), sorted by path."""
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generator": {"name": GENERATOR_NAME, "version": __version__},
        # From the content (the newest change to an item) unless given: see FORMAT.md.
        "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "workspace_id": workspace_id,
        "schema_version": SCHEMA_VERSION,
        "items": [
            {
                "id": str(entry.item.id),
                "kind": entry.item.kind.value,
                "slug": entry.slug,
                "revision": entry.item.revision,
                "language": entry.item.language,
                "page": entry.page,
            }
            for entry in sorted(entries, key=lambda e: str(e.item.id))
        ],
        "files": {path: file_record(files[path]) for path in sorted(files)},
    }
    return orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n"
