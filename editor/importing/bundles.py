"""Bundles made by Noticeboard (a folder or a zip) as an import source: verified, then read.

A bundle's data/items.json holds every item whole, with its id and its `sync_base` (the
version it last agreed on with another workspace): the planner matches items by id and
tells a newer version from a conflicting one with it (editor.importing.plan.relation).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from editor.bundle.reader import BundleSource, UnsafeBundleError, open_bundle
from editor.bundle.verify import verify_bundle
from editor.export.data import ITEMS_PATH
from editor.export.manifest import FORMAT_NAME, MANIFEST_PATH
from editor.importing.candidate import Candidate, MediaFile, Origin
from editor.importing.markdown import split_front_matter
from editor.importing.sources import SourceError

BUNDLE_SUFFIXES = frozenset({".zip"})
CONTENT_PREFIX = "content/"
_MANIFEST_SNIFF_BYTES = 64 * 1024 * 1024
_SHOWN_PROBLEMS = 3


def is_bundle(path: Path) -> bool:
    """Whether `path` is given as a bundle: a zip, or a folder whose manifest.json says it
    is a Noticeboard bundle (a site's folder may have a web app's manifest.json)."""
    if path.is_dir():
        manifest = path / MANIFEST_PATH
        try:
            if manifest.is_symlink() or manifest.stat().st_size > _MANIFEST_SNIFF_BYTES:
                return manifest.is_file()  # verifying it says what is wrong
            data = json.loads(manifest.read_bytes())
        except FileNotFoundError:
            return False
        except (OSError, ValueError, RecursionError):
            return True  # a broken manifest beside bundle files: verifying says why
        return isinstance(data, dict) and data.get("format") == FORMAT_NAME
    return path.is_file() and path.suffix.lower() in BUNDLE_SUFFIXES


def bundle_candidates(path: Path, name: str) -> list[Candidate]:
    """Every item of the bundle at `path`, once its manifest says nothing is missing,
    added or altered; SourceError naming the bundle otherwise (nothing of it is imported).

    Each item comes with the media files it uses (found in the front matter of its
    Markdown file, which maps workspace paths to the bundle's copies).
    """
    problems = verify_bundle(path)
    if problems:
        shown = "; ".join(str(p) for p in problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        raise SourceError(name, f"is not an intact Noticeboard bundle: {shown}{tail}")
    try:
        with open_bundle(path) as source:
            manifest = json.loads(source.read(MANIFEST_PATH))
            files: dict[str, Any] = manifest["files"]
            workspace_id = str(manifest.get("workspace_id") or "")[:100]
            if ITEMS_PATH not in files:
                raise SourceError(name, f"is a bundle without {ITEMS_PATH}: it holds no items")
            data: Any = json.loads(_read_checked(source, ITEMS_PATH, files, name))
            media = _media_by_item(source, files, path, name)
    except (UnsafeBundleError, OSError, zipfile.BadZipFile) as error:
        raise SourceError(name, f"cannot be read ({error})") from None
    except (ValueError, KeyError, TypeError) as error:  # verified, so changed since
        raise SourceError(name, f"cannot be read ({error})") from None
    return [
        Candidate(
            source=f"{name}/{ITEMS_PATH}",
            data=item,
            media=media.get(str(item.get("id")), ()),
            origin=_origin(workspace_id, item.get("revision")),
        )
        for item in data["items"]
        if isinstance(item, dict)
    ]


def _origin(workspace_id: str, revision: object) -> Origin | None:
    if not workspace_id or not isinstance(revision, int) or isinstance(revision, bool):
        return None
    return Origin(workspace_id, revision)


def _read_checked(source: BundleSource, member: str, files: dict[str, Any], name: str) -> bytes:
    """A listed file, checked against the manifest again: the bundle may have changed
    since it was verified."""
    data = source.read(member)
    record = files.get(member)
    if (
        not isinstance(record, dict)
        or record.get("size") != len(data)
        or record.get("sha256") != hashlib.sha256(data).hexdigest()
    ):
        raise SourceError(name, f"{member} changed while it was being read")
    return data


def _media_by_item(
    source: BundleSource, files: dict[str, Any], path: Path, name: str
) -> dict[str, tuple[MediaFile, ...]]:
    """Item id -> the media files it uses, from the `media` map of its Markdown file."""
    found: dict[str, tuple[MediaFile, ...]] = {}
    for member in sorted(files):
        if not (member.startswith(CONTENT_PREFIX) and member.endswith(".md")):
            continue
        try:
            text = _read_checked(source, member, files, name).decode("utf-8")
            front = split_front_matter(text, member)[0]
        except (SourceError, UnicodeDecodeError):
            continue  # its item is still imported; only its pictures are not found
        used = front.get("media")
        if not isinstance(used, dict):
            continue
        copies = []
        for wanted, copy in used.items():
            inside = str(copy).lstrip("/")
            record = files.get(inside)
            if isinstance(wanted, str) and isinstance(record, dict):
                copies.append(MediaFile(wanted, path, inside, str(record.get("sha256"))))
        found[str(front.get("id"))] = tuple(copies)
    return found
