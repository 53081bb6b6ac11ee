"""Shared set-up for the review tests: a workspace, its exported bundle, a review of it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from editor.bundle.keys import KnownKeys
from editor.bundle.review import Review, Verdict, anchor_for, review_path_for, save_review
from editor.bundle.review_draft import ReviewDraft
from editor.bundle.review_source import OpenedBundle, open_for_review
from editor.domain.items import Announcement, Status, parse_item
from editor.export.job import export_bundle
from editor.storage import Workspace

WHEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BODY = "The forum meets twice a year.\n\nThe next meeting is in Geneva, on Monday.\n"


def fill(workspace: Workspace) -> tuple[Announcement, Announcement]:
    """Two announcements in review: one to approve, one with changes requested."""
    first = workspace.save(
        Announcement(title="New co-chairs", summary="Two cities.", status=Status.IN_REVIEW),
        saved_by="Editor",
    )
    second = workspace.save(
        Announcement(title="Forum meeting", body=BODY, status=Status.IN_REVIEW),
        saved_by="Editor",
    )
    assert isinstance(first, Announcement) and isinstance(second, Announcement)
    return first, second


def export(workspace: Workspace, out: Path) -> Path:
    """The workspace's items in review, exported and signed as the editor does."""
    items = [i for i in workspace.items() if i.status is Status.IN_REVIEW]
    return export_bundle(
        items,
        out,
        workspace_id=workspace.workspace_id,
        media_dir=workspace.media_dir,
        signer="Editor",
    ).path


def opened(bundle: Path, tmp_path: Path) -> OpenedBundle:
    return open_for_review(bundle, KnownKeys(tmp_path / "known_keys.json"))


def review_of(bundle: OpenedBundle, approve: str, change: str) -> Review:
    """A review approving `approve` and asking for changes to `change` about "Geneva"."""
    items = {str(i.id): (i.title, bundle.revision_of(i)) for i in bundle.items}
    draft = ReviewDraft("Amina Diallo", bundle.ref, items)
    draft.set_verdict(approve, Verdict.APPROVED)
    start = BODY.index("Geneva")
    draft.add_comment(
        change, "Which venue in Geneva?", now=WHEN, anchor=anchor_for(BODY, start, start + 6)
    )
    draft.set_verdict(change, Verdict.CHANGES_REQUESTED)
    return draft.review(now=WHEN)


def write_review(bundle: OpenedBundle, approve: str, change: str) -> Path:
    path = review_path_for(bundle.path)
    save_review(review_of(bundle, approve, change), path)
    return path


def edit_body(workspace: Workspace, item_id: str, body: str) -> None:
    item = workspace.get(item_id)
    workspace.save(parse_item(item.model_dump() | {"body": body}), saved_by="Editor")
