"""Check that a bundle is as its manifest says: no file missing, extra or altered."""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from editor.bundle.reader import (
    MAX_FILE_BYTES,
    BundleSource,
    UnsafeBundleError,
    open_bundle,
    printable,
)
from editor.bundle.signing import SIGNATURE_PATH
from editor.domain.items import ITEM_ADAPTER
from editor.domain.problems import describe
from editor.domain.schema import SCHEMA_VERSION
from editor.export.data import ITEMS_PATH
from editor.export.manifest import FORMAT_NAME, FORMAT_VERSION, MANIFEST_PATH
from editor.export.writer import check_relative_path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bundle."""

    code: str  # unreadable, manifest, missing, extra, altered, refused, schema
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def verify_bundle(path: Path, *, contents: bool = True) -> list[Problem]:
    """Every problem found in the bundle at `path` (a folder or a zip); [] when intact.

    With `contents` False, only names are compared with the manifest: no file is read but
    the manifest, so files altered since are not noticed (what replace_refusal needs).
    Nothing in the bundle, however hostile, raises: it is a problem in the list.
    """
    try:
        with open_bundle(path) as source:
            return verify_source(source, contents=contents)
    except (UnsafeBundleError, OSError, zipfile.BadZipFile) as error:
        return [Problem("unreadable", "", str(error))]
    except RuntimeError as error:  # and RecursionError, NotImplementedError: never a traceback
        return [Problem("unreadable", "", f"cannot be read ({type(error).__name__}: {error})")]


def replace_refusal(path: Path) -> str | None:
    """Why the folder or zip at `path` must not be replaced by an export; None when it may.

    It may only when it is a Noticeboard bundle (its manifest says so) holding nothing its
    manifest does not list: files missing or altered since leave it a bundle, but anything
    else may be someone's and is not deleted.
    """
    if path.is_dir():
        # The manifest first, so that a large folder that is not a bundle is not walked.
        manifest = path / MANIFEST_PATH
        if manifest.is_symlink() or not manifest.is_file():
            return f"it has no {MANIFEST_PATH}"
        try:
            if manifest.stat().st_size > MAX_FILE_BYTES:
                return f"its {MANIFEST_PATH} is too large"
            raw = manifest.read_bytes()
        except OSError as error:
            return f"its {MANIFEST_PATH} cannot be read ({error.strerror})"
        if _read_manifest(raw)[0] is None:
            return f"its {MANIFEST_PATH} is not a Noticeboard bundle manifest"
    blocking = [
        p
        for p in verify_bundle(path, contents=False)
        if p.code in ("unreadable", "manifest", "extra", "refused")
    ]
    if not blocking:
        return None
    shown = "; ".join(str(p) for p in blocking[:3])
    more = f"; and {len(blocking) - 3} more" if len(blocking) > 3 else ""
    return f"{shown}{more}"


def _read(source: BundleSource, name: str) -> bytes | Problem:
    try:
        return source.read(name)
    except (UnsafeBundleError, OSError) as error:
        return Problem("unreadable", name, str(error))


def verify_source(source: BundleSource, *, contents: bool = True) -> list[Problem]:
    """verify_bundle for a bundle already open (the review window checks, then reads)."""
    problems = [Problem("refused", "", reason) for reason in source.refused()]
    names = set(source.names())
    if MANIFEST_PATH not in names:
        return [*problems, Problem("manifest", MANIFEST_PATH, "missing: this is not a bundle")]
    raw = _read(source, MANIFEST_PATH)
    if isinstance(raw, Problem):
        return [*problems, raw]
    manifest, manifest_problems = _read_manifest(raw)
    problems += manifest_problems
    if manifest is None:
        return problems
    listed: dict[str, Any] = manifest["files"]
    for name in sorted(set(listed) - names):
        problems.append(Problem("missing", name, "missing"))
    # manifest.sig signs the manifest, so the manifest cannot list it (see signing.py).
    for name in sorted(names - set(listed) - {MANIFEST_PATH, SIGNATURE_PATH}):
        problems.append(Problem("extra", name, "not in the manifest"))
    if not contents:
        return problems
    # Only items.json is kept once hashed: a bundle may hold up to MAX_TOTAL_BYTES.
    read: dict[str, bytes | Problem] = {}
    for name in sorted(set(listed) & names):
        record = listed[name]
        data = _read(source, name)
        if name == ITEMS_PATH:
            read[name] = data
        if isinstance(data, Problem):
            problems.append(data)
        elif len(data) != record["size"] or hashlib.sha256(data).hexdigest() != record["sha256"]:
            problems.append(
                Problem(
                    "altered",
                    name,
                    f"altered ({len(data)} bytes; the manifest says "
                    f"{record['size']} bytes and another SHA-256)",
                )
            )
    if ITEMS_PATH in names:
        items = read[ITEMS_PATH] if ITEMS_PATH in read else _read(source, ITEMS_PATH)
        if isinstance(items, Problem):
            if ITEMS_PATH not in read:
                problems.append(items)
        else:
            problems += _check_items(items, manifest)
    return problems


def _load_json(raw: bytes) -> tuple[Any, str | None]:
    """The JSON value of `raw`, or why it is not JSON (nesting too deep included)."""
    try:
        return json.loads(raw), None
    except (ValueError, UnicodeDecodeError) as error:
        return None, f"not JSON ({error})"
    except RecursionError:
        return None, "not JSON that can be read (nested too deeply)"


def _read_manifest(raw: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    manifest, error = _load_json(raw)
    if error is not None:
        return None, [Problem("manifest", MANIFEST_PATH, error)]
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
    shape = _shape_problems(manifest)
    if shape:
        return None, [Problem("manifest", MANIFEST_PATH, message) for message in shape]
    # Written one way only (build_manifest), so that no byte of it can change unnoticed,
    # not even a space: the manifest is what a signature and the review file point at.
    try:
        canonical = orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n" == raw
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, say
        canonical = False
    if not canonical:
        return manifest, [
            Problem("altered", MANIFEST_PATH, "altered: not byte for byte as the export wrote it")
        ]
    return manifest, []


def _shape_problems(manifest: dict[str, Any]) -> list[str]:
    """What in the manifest is not as FORMAT.md says: `items` and `files` are relied on."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        return ["has no list of files (`files` must map each path to its size and sha256)"]
    found: list[str] = []
    items = manifest.get("items")
    if not isinstance(items, list):
        found.append("`items` must be a list of objects")
    else:
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                found.append(f"`items` entry {number} is not an object with an id")
    for name, record in files.items():
        # Control characters too: a listed name is printed (`noticeboard verify` says it is
        # missing) and must not drive the terminal.
        try:
            check_relative_path(name)
            if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
                raise ValueError(name)
        except ValueError:
            found.append(f"`files` lists {name!r}, which is not a path inside a bundle")
            continue
        size = record.get("size") if isinstance(record, dict) else None
        digest = record.get("sha256") if isinstance(record, dict) else None
        if (
            not isinstance(size, int)
            or isinstance(size, bool)
            or size < 0
            or not isinstance(digest, str)
        ):
            found.append(f"`files` entry {name}: not an object with a size and a sha256")
    return found[:20] + ([f"and {len(found) - 20} more"] if len(found) > 20 else [])


def _check_items(raw: bytes, manifest: dict[str, Any]) -> list[Problem]:
    data, not_json = _load_json(raw)
    if not_json is not None:
        return [Problem("schema", ITEMS_PATH, not_json)]
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
                # The field's name may be a key of the bundle's JSON: never raw on a terminal.
                where = f" [field: {printable(problem.field)}]" if problem.field else ""
                problems.append(
                    Problem("schema", ITEMS_PATH, f"item {number}: {problem.message}{where}")
                )
            continue
        if str(item.id) in ids:
            # Two items under one id: the review and the import would show one, act on both.
            problems.append(
                Problem("schema", ITEMS_PATH, f"item {number}: the id {item.id} is used twice")
            )
        ids.add(str(item.id))
    listed = {item["id"] for item in manifest["items"]}
    for missing in sorted(listed - ids):
        problems.append(Problem("schema", ITEMS_PATH, f"item {missing} of the manifest is missing"))
    return problems
