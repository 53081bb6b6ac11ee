"""From paths on disk to an ImportPlan: find the files, read each one, plan every item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from editor.export.manifest import MANIFEST_PATH
from editor.importing.bundles import bundle_candidates, is_bundle
from editor.importing.candidate import Candidate
from editor.importing.markdown import markdown_candidate
from editor.importing.plan import ImportPlan, Planner, Policy
from editor.importing.sources import (
    CALENDAR_SUFFIXES,
    FEED_SUFFIXES,
    JSON_FEED_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SourceError,
    SourceFile,
    collect_files,
    decode_text,
    read_limited,
)
from editor.storage.workspace import Workspace


def read_candidates(file: SourceFile) -> list[Candidate]:
    """The items in one file; SourceError (naming the file) when it cannot be read."""
    suffix = file.suffix
    try:
        data = read_limited(file.path, file.name)
    except OSError as error:
        raise SourceError(file.name, f"cannot be read ({error.strerror or error})") from None
    if suffix in MARKDOWN_SUFFIXES:
        found = markdown_candidate(decode_text(data, file.name), file.name)
        return [found] if found is not None else []
    if suffix in CALENDAR_SUFFIXES:
        from editor.importing.calendar import calendar_candidates

        return calendar_candidates(decode_text(data, file.name), file.name)
    if suffix in FEED_SUFFIXES or suffix in JSON_FEED_SUFFIXES:
        # Feeds name their own encoding (and often get it wrong): feedparser reads the bytes.
        from editor.importing.feeds import feed_candidates

        return feed_candidates(data, file.name, suffix)
    raise SourceError(file.name, f"is not a file Noticeboard imports ({suffix or 'no suffix'})")


def nested_bundles(folders: list[Path]) -> list[Path]:
    """Unpacked bundles inside these folders (outermost only), in sorted order."""
    found: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        # Shallowest first, so a bundle inside a bundle is not taken twice.
        for manifest in sorted(folder.rglob(MANIFEST_PATH), key=lambda p: (len(p.parts), p)):
            parent = manifest.parent
            relative = parent.relative_to(folder)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if any(outer in parent.parents for outer in found) or not is_bundle(parent):
                continue
            found.append(parent)
    return sorted(found)


def plan_import(
    paths: list[Path],
    workspace: Workspace,
    *,
    policy: Policy = Policy.ASK,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """What importing `paths` would do; nothing is written. A file that cannot be read is
    a skip with its reason (a problem: `--strict` then writes nothing).

    A zip, or a folder with a manifest.json, is a bundle: its data/items.json is imported,
    not the Markdown and feeds it also holds. `progress(done, total)` counts sources.
    """
    planner = Planner(workspace, policy=policy)
    bundles = [path for path in paths if is_bundle(path)]
    folders = [path for path in paths if path not in bundles]
    # An unpacked bundle inside a folder is a bundle too, not Markdown files and FORMAT.md.
    bundles += nested_bundles(folders)
    files, missing = collect_files(folders, skip=bundles)
    for error in missing:
        planner.plan.skip_file(error)
    total = len(bundles) + len(files)
    sources: list[Path | SourceFile] = [*bundles, *files]
    for done, source in enumerate(sources):
        if progress is not None:
            progress(done, total)
        try:
            if isinstance(source, SourceFile):
                candidates = read_candidates(source)
            else:
                candidates = bundle_candidates(source, str(source))
        except SourceError as error:
            planner.plan.skip_file(error)
            continue
        planner.add_all(candidates)
    if progress is not None:
        progress(total, total)
    return planner.plan
