"""Check that a bundle is as its manifest says: no file missing, extra or altered."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from editor.bundle.reader import BundleSource, UnsafeBundleError, open_bundle
from editor.domain.items import ITEM_ADAPTER
from editor.domain.problems import describe
from editor.domain.schema import SCHEMA_VERSION
from editor.export.data import ITEMS_PATH
from editor.export.manifest import FORMAT_NAME, FORMAT_VERSION, MANIFEST_PATH


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bundle."""

    code: str  # unreadable, manifest, missing, extra, altered, refused, schema
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def verify_bundle(path: Path) -> list[Problem]:
    """Every problem found in the bundle at `path` (a folder or a zip); [] when intact."""
    try:
        with open_bundle(path) as source:
            return _verify(source)
    except (UnsafeBundleError, OSError, zipfile.BadZipFile) as error:
        return [Problem("unreadable", "", str(error))]


def _verify(source: BundleSource) -> list[Problem]:
    problems = [Problem("refused", "", reason) for reason in source.refused()]
    names = set(source.names())
    if MANIFEST_PATH not in names:
        return [*problems, Problem("manifest", MANIFEST_PATH, "missing: this is not a bundle")]
    manifest, manifest_problems = _read_manifest(source.read(MANIFEST_PATH))
    problems += manifest_problems
    if manifest is None:
        return problems
    listed: dict[str, Any] = manifest["files"]
    for name in sorted(set(listed) - names):
        problems.append(Problem("missing", name, "missing"))
    for name in sorted(names - set(listed) - {MANIFEST_PATH}):
        problems.append(Problem("extra", name, "not in the manifest"))
    for name in sorted(set(listed) & names):
        record = listed[name]
        data = source.read(name)
        if not isinstance(record, dict):
            problems.append(Problem("manifest", name, "its manifest entry is not an object"))
        elif len(data) != record.get("size") or (
            hashlib.sha256(data).hexdigest() != record.get("sha256")
        ):
            problems.append(
                Problem(
                    "altered",
                    name,
                    f"altered ({len(data)} bytes; the manifest says "
                    f"{record.get('size')} bytes and another SHA-256)",
                )
            )
    if ITEMS_PATH in names:
        problems += _check_items(source.read(ITEMS_PATH), manifest)
    return problems


def _read_manifest(raw: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        manifest = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        return None, [Problem("manifest", MANIFEST_PATH, f"not JSON ({error})")]
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        return None, [Problem("manifest", MANIFEST_PATH, "not a Noticeboard bundle manifest")]
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        return None, [
            Problem(
                "manifest",
                MANIFEST_PATH,
                f"format version {version!r} is not supported "
                f"(this Noticeboard reads version {FORMAT_VERSION})",
            )
        ]
    if not isinstance(manifest.get("files"), dict):
        return None, [Problem("manifest", MANIFEST_PATH, "has no list of files")]
    return manifest, []


def _check_items(raw: bytes, manifest: dict[str, Any]) -> list[Problem]:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        return [Problem("schema", ITEMS_PATH, f"not JSON ({error})")]
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return [Problem("schema", ITEMS_PATH, "must be an object with a list of items")]
    problems: list[Problem] = []
    if data.get("schema_version") != SCHEMA_VERSION:
        problems.append(
            Problem(
                "schema",
                ITEMS_PATH,
                f"schema_version {data.get('schema_version')!r}, expected {SCHEMA_VERSION}",
            )
        )
    ids: set[str] = set()
    for number, raw_item in enumerate(data["items"], start=1):
        try:
            item = ITEM_ADAPTER.validate_python(raw_item)
        except ValidationError as error:
            for problem in describe(error):
                where = f" [field: {problem.field}]" if problem.field else ""
                problems.append(
                    Problem("schema", ITEMS_PATH, f"item {number}: {problem.message}{where}")
                )
            continue
        ids.add(str(item.id))
    listed = {str(i.get("id")) for i in manifest.get("items", []) if isinstance(i, dict)}
    for missing in sorted(listed - ids):
        problems.append(Problem("schema", ITEMS_PATH, f"item {missing} of the manifest is missing"))
    return problems
