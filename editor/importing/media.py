"""Copying the pictures and files a bundle's items use into the workspace media folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from editor.bundle.reader import open_bundle
from editor.export.writer import check_relative_path
from editor.importing.candidate import MediaFile
from editor.storage.atomic import atomic_write_bytes


@dataclass
class MediaReport:
    copied: int = 0
    # Paths where the workspace already has a different file: it is kept, not overwritten.
    kept: list[str] = field(default_factory=list)


def _target(media_dir: Path, path: str) -> Path | None:
    try:
        relative = check_relative_path(path)
    except ValueError:
        return None
    target = media_dir.joinpath(*relative.split("/"))
    return target if target.resolve().is_relative_to(media_dir.resolve()) else None


def copy_media(media_dir: Path, files: Iterable[MediaFile]) -> MediaReport:
    """Copy each file the workspace does not have yet, checked against its bundle's
    manifest as it is read; a file already there is never overwritten.

    Raises OSError (the disk) or ValueError (a bundle changed since it was verified);
    files copied before then stay, harmless: no item uses them until the import is saved.
    """
    report = MediaReport()
    wanted: dict[Path, dict[str, MediaFile]] = {}
    for media in files:
        wanted.setdefault(media.bundle, {}).setdefault(media.path, media)
    for bundle, by_path in wanted.items():
        with open_bundle(bundle) as source:
            for path, media in sorted(by_path.items()):
                target = _target(media_dir, path)
                if target is None:
                    continue
                if target.exists():
                    if hashlib.sha256(target.read_bytes()).hexdigest() != media.sha256:
                        report.kept.append(path)
                    continue
                data = source.read(media.member)
                if hashlib.sha256(data).hexdigest() != media.sha256:
                    raise ValueError(f"{bundle}: {media.member} changed while it was being read")
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(target, data)
                report.copied += 1
    return report
