"""Bundles made by Noticeboard (a folder or a zip) as an import source: verified, then read.

A bundle's data/items.json holds every item whole, with its id and its `sync_base` (the
version it last agreed on with another workspace): the planner matches items by id and
tells a newer version from a conflicting one with it (editor.importing.plan.relation).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from editor.bundle.reader import UnsafeBundleError, open_bundle
from editor.bundle.verify import verify_bundle
from editor.export.data import ITEMS_PATH
from editor.export.manifest import MANIFEST_PATH
from editor.importing.candidate import Candidate
from editor.importing.sources import SourceError

BUNDLE_SUFFIXES = frozenset({".zip"})
_SHOWN_PROBLEMS = 3


def is_bundle(path: Path) -> bool:
    """Whether `path` is given as a bundle: a zip, or a folder with a manifest at its root."""
    if path.is_dir():
        return (path / MANIFEST_PATH).is_file()
    return path.is_file() and path.suffix.lower() in BUNDLE_SUFFIXES


def bundle_candidates(path: Path, name: str) -> list[Candidate]:
    """Every item of the bundle at `path`, once its manifest says nothing is missing,
    added or altered; SourceError naming the bundle otherwise (nothing of it is imported).
    """
    problems = verify_bundle(path)
    if problems:
        shown = "; ".join(str(p) for p in problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        raise SourceError(name, f"is not an intact Noticeboard bundle: {shown}{tail}")
    try:
        with open_bundle(path) as source:
            if ITEMS_PATH not in source.names():
                raise SourceError(name, f"is a bundle without {ITEMS_PATH}: it holds no items")
            raw = source.read(ITEMS_PATH)
    except (UnsafeBundleError, OSError, zipfile.BadZipFile) as error:
        raise SourceError(name, f"cannot be read ({error})") from None
    data: Any = json.loads(raw)  # verify_bundle checked it is JSON of the right shape
    return [
        Candidate(source=f"{name}/{ITEMS_PATH}", data=item, line=None, notes=())
        for item in data["items"]
        if isinstance(item, dict)
    ]
