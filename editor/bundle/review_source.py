"""A bundle opened for review: verified first, then its items read through the app's models.

Nothing of the bundle is trusted but its data: the items come from data/items.json,
validated by the same models as the workspace's, and are rendered by the app's renderer.
The bundle's own pages and scripts are never read.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from editor.bundle.keys import KeyFileError, KnownKeys
from editor.bundle.reader import (
    MAX_FILE_BYTES,
    MEDIA_PREFIX,
    BundleSource,
    UnsafeBundleError,
    open_bundle,
    printable,
)
from editor.bundle.review import BundleRef, bundle_id, manifest_digest
from editor.bundle.signing import SignatureCheck, check_signature
from editor.bundle.verify import Problem, verify_bundle
from editor.domain.items import ITEM_ADAPTER, Announcement, Event
from editor.export.data import ITEMS_PATH
from editor.export.manifest import MANIFEST_PATH
from editor.export.writer import check_relative_path

Item = Announcement | Event
# Images shown in the review's preview are copied out of a zip; more than this is not.
MAX_MEDIA_BYTES = 200 * 1024 * 1024


class BundleRefusedError(ValueError):
    """The bundle cannot be reviewed: altered, incomplete, unreadable or hostile."""

    def __init__(
        self, path: Path, problems: list[Problem] | list[str], *, local: bool = False
    ) -> None:
        self.path = path
        self.problems = [str(p) for p in problems]
        # True: the trouble is on this computer (the known signers' file), not in the bundle.
        self.local = local
        shown = "; ".join(self.problems[:5])
        more = f"; and {len(self.problems) - 5} more" if len(self.problems) > 5 else ""
        super().__init__(f"{path.name} cannot be reviewed: {shown}{more}")


@dataclass(frozen=True)
class OpenedBundle:
    """What the review window shows: the verified bundle's items, identity and signature."""

    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    items: list[Item]
    signature: SignatureCheck
    media: list[str] = field(default_factory=list)  # media/... paths in the bundle

    @property
    def ref(self) -> BundleRef:
        """The bundle as the review names it; the manifest's words are the bundle's, so
        they are cut to size and stripped of control characters, never trusted."""
        return BundleRef(
            id=printable(bundle_id(self.manifest))[:300] or "?",
            manifest_sha256=self.manifest_sha256,
            workspace_id=printable(str(self.manifest.get("workspace_id", "")))[:100],
            file=printable(self.path.name)[:500],
        )

    def revision_of(self, item: Item) -> int:
        """The revision the bundle holds: the manifest's word, else the item's own."""
        for entry in self.manifest.get("items", []):
            if entry.get("id") == str(item.id) and isinstance(entry.get("revision"), int):
                return max(1, int(entry["revision"]))
        return max(1, item.revision)

    def copy_media(self, folder: Path) -> int:
        """Copy the bundle's media files under `folder` (for the preview); returns how many.

        Each file is checked against the manifest again as it is read."""
        files = self.manifest["files"]
        copied = total = 0
        with open_bundle(self.path) as source:
            for name in self.media:
                data = source.read(name)
                total += len(data)
                if total > MAX_MEDIA_BYTES or not _matches(data, files.get(name)):
                    continue
                if not _portable(name):
                    continue
                target = folder.joinpath(*check_relative_path(name).split("/"))
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    # Never over a file written already: a name this file system folds
                    # onto another (case, a trailing dot) must not swap one image for another.
                    with open(target, "xb") as out:
                        out.write(data)
                except FileExistsError:
                    continue
                copied += 1
        return copied


_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
)


def _portable(name: str) -> bool:
    """Whether `name` is written as itself everywhere: no part is a Windows device name
    (CON, NUL.png...) or ends in a dot or a space, which Windows drops."""
    return not any(
        part.endswith((".", " ")) or part.split(".")[0].lower() in _WINDOWS_DEVICES
        for part in name.split("/")
    )


def _matches(data: bytes, record: object) -> bool:
    return (
        isinstance(record, dict)
        and record.get("size") == len(data)
        and record.get("sha256") == hashlib.sha256(data).hexdigest()
    )


def _read_checked(source: BundleSource, name: str, files: dict[str, Any]) -> bytes:
    """A listed file, read again and checked against the manifest: the bundle may have
    been changed between verifying and reading."""
    data = source.read(name)
    if len(data) > MAX_FILE_BYTES or not _matches(data, files.get(name)):
        raise BundleRefusedError(Path(name), [f"{name}: changed while it was being read"])
    return data


def open_for_review(path: Path, known_keys: KnownKeys | None = None) -> OpenedBundle:
    """Verify the bundle at `path`, then read its items; BundleRefusedError on any problem.

    `known_keys` remembers signers (trust on first use); the default is the user's file.
    """
    path = Path(path)
    try:
        keys = known_keys if known_keys is not None else KnownKeys.default()
    except KeyFileError as error:
        raise BundleRefusedError(
            path,
            [
                f"{error}. Who signed the bundle cannot be checked without the signers you "
                "know: move that file away (a new list is started) and open the bundle again"
            ],
            local=True,
        ) from None
    problems = verify_bundle(path)
    if problems:
        raise BundleRefusedError(path, problems)
    try:
        with open_bundle(path) as source:
            raw_manifest = source.read(MANIFEST_PATH)
            manifest = json.loads(raw_manifest)
            files: dict[str, Any] = manifest["files"]
            if ITEMS_PATH not in files:
                raise BundleRefusedError(path, [f"{ITEMS_PATH}: missing: nothing to review"])
            data = json.loads(_read_checked(source, ITEMS_PATH, files))
            items = [ITEM_ADAPTER.validate_python(raw) for raw in data["items"]]
            signature = check_signature(source, keys)
            media = sorted(name for name in files if name.startswith(MEDIA_PREFIX))
    except BundleRefusedError as error:
        raise BundleRefusedError(path, error.problems) from None
    except (UnsafeBundleError, OSError, ValueError, KeyError, TypeError) as error:
        # verify_bundle passed, so this is a bundle changed since, or a bug: never a traceback
        reason = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        raise BundleRefusedError(path, [f"cannot be read ({reason})"]) from None
    return OpenedBundle(path, manifest, manifest_digest(raw_manifest), items, signature, media)


@dataclass
class ReviewMedia:
    """Where the review's preview finds the bundle's images; owns a zip's temporary copy."""

    folder: Path | None
    temp: tempfile.TemporaryDirectory[str] | None = None
    problem: str = ""

    def cleanup(self) -> None:
        if self.temp is not None:
            self.temp.cleanup()
            self.temp = None


def review_media(bundle: OpenedBundle) -> ReviewMedia:
    """A bundle folder's images are read in place; a zip's media files are copied (checked
    against the manifest again) into a temporary folder of the app's own, nowhere else."""
    if bundle.path.is_dir():
        return ReviewMedia(bundle.path)
    if not bundle.media:
        return ReviewMedia(None)
    temp = tempfile.TemporaryDirectory(prefix="noticeboard-review-")
    media = ReviewMedia(Path(temp.name), temp)
    try:
        bundle.copy_media(Path(temp.name))
    except (OSError, UnsafeBundleError) as error:
        media.problem = f"The images cannot be shown: {error}"
    return media
