"""One export from start to end (build, then write), cancellable, reporting progress.

Runs on a worker thread in the GUI: it is given a frozen snapshot of the items and reads
nothing but the media files they use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from editor.bundle.signing import SIGNATURE_PATH, sign_as_this_editor
from editor.domain.items import Announcement, Event
from editor.export.bundle import build_bundle
from editor.export.layout import content_time
from editor.export.manifest import MANIFEST_PATH
from editor.export.media import folder_reader
from editor.export.writer import ExportCancelled, write_bundle

Item = Announcement | Event
# Called with a share of the work done, 0 to 1000.
PerMille = Callable[[int], None]
_BUILD_SHARE = 850


@dataclass(frozen=True)
class ExportResult:
    path: Path
    items: int
    files: int
    size: int


def export_bundle(
    items: Sequence[Item],
    out: Path,
    *,
    workspace_id: str,
    media_dir: Path | None,
    generated_at: datetime | None = None,
    cancel: threading.Event | None = None,
    progress: PerMille | None = None,
    sign: bool = True,
    signer: str | None = None,
    base_url: str | None = None,
) -> ExportResult:
    """Build the bundle of `items` and write it to `out`. Raises ExportCancelled.

    The manifest is signed with this editor's key (made on first use) as `signer` (by
    default the author in the preferences); a key that cannot be read raises KeyFileError
    (an OSError) before anything is written.
    """
    stop = cancel or threading.Event()

    def building(done: int, total: int) -> None:
        if stop.is_set():
            raise ExportCancelled
        if progress is not None and total:
            progress(done * _BUILD_SHARE // total)

    def writing(done: int, total: int) -> None:
        if progress is not None and total:
            progress(_BUILD_SHARE + done * (1000 - _BUILD_SHARE) // total)

    when = generated_at or content_time(items)
    files = build_bundle(
        items,
        workspace_id=workspace_id,
        media=folder_reader(media_dir),
        generated_at=when,
        progress=building,
        base_url=base_url,
    )
    if sign:
        files[SIGNATURE_PATH] = sign_as_this_editor(files[MANIFEST_PATH], signer)[0]
    if stop.is_set():
        raise ExportCancelled
    path = write_bundle(files, out, timestamp=when, cancel=stop, progress=writing)
    return ExportResult(path, len(items), len(files), sum(len(d) for d in files.values()))
