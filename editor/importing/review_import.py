"""Importing a review file: its comments onto the items, approvals where still current.

Planning reads the workspace and changes nothing (what a dry run shows); applying stores
the new comments (by id, so a second import adds nothing) and sets approved items to
`approved` through Workspace.save, so the history records who did it, but only when the
revision the reviewer saw is still the current one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from editor.bundle.review import Review, Verdict
from editor.domain.items import Announcement, Event, Status, parse_item, utc_now
from editor.storage.comments import CommentStore, StoredComment, changed_since
from editor.storage.workspace import Workspace
from editor.storage.workspace_errors import DamagedItemError, ItemNotFoundError

Item = Announcement | Event
# Statuses an approval moves forward; a published or archived item is left as it is.
APPROVABLE = (Status.DRAFT, Status.IN_REVIEW)
_VERDICT_NAMESPACE = uuid5(NAMESPACE_URL, "https://noticeboard.invalid/review-verdict")


@dataclass(frozen=True)
class ReviewedItem:
    """What importing the review does to one item."""

    item_id: str
    title: str
    verdict: Verdict
    reviewed_revision: int
    current_revision: int | None  # None: not a live item of this workspace
    new_comments: int  # comments with text, not stored yet
    known_comments: int  # comments with text stored by an earlier import
    approve: bool
    note: str = ""  # why it is not approved, or that the comments are outdated
    outdated: bool = False  # the item's content changed since the reviewed revision


@dataclass(frozen=True)
class ReviewImportPlan:
    review: Review
    items: list[ReviewedItem]
    comments: list[StoredComment]  # not stored yet
    problems: list[str] = field(default_factory=list)  # the import is refused when any

    @property
    def to_approve(self) -> list[UUID]:
        return [UUID(i.item_id) for i in self.items if i.approve]

    @property
    def outdated(self) -> list[ReviewedItem]:
        return [i for i in self.items if i.outdated]

    @property
    def missing(self) -> list[ReviewedItem]:
        return [i for i in self.items if i.current_revision is None]


@dataclass(frozen=True)
class ReviewImportResult:
    comments: list[StoredComment]
    approved: list[Item]


def verdict_id(review: Review, item_id: UUID, verdict: Verdict) -> UUID:
    """The id of a verdict's record: the same verdict on the same bundle by the same reviewer
    is one record, however often the review is saved and imported."""
    key = f"{review.bundle.manifest_sha256}/{item_id}/{review.reviewer}/{verdict.value}"
    return uuid5(_VERDICT_NAMESPACE, key)


def _records(review: Review, now: datetime) -> dict[str, list[StoredComment]]:
    """Every record the review holds, by item id."""
    out: dict[str, list[StoredComment]] = {}
    for entry in review.items:
        common = {
            "item_id": entry.item_id,
            "reviewer": review.reviewer,
            "verdict": entry.verdict,
            "revision": entry.revision,
            "bundle_id": review.bundle.id,
            "imported_at": now,
        }
        records = [
            StoredComment.model_validate(
                common
                | {
                    "id": comment.id,
                    "created_at": comment.created_at,
                    "text": comment.text,
                    "anchor": comment.anchor,
                    "position": position,
                }
            )
            for position, comment in enumerate(entry.comments)
        ]
        if entry.verdict is not Verdict.NONE:
            records.append(
                StoredComment.model_validate(
                    common
                    | {
                        "id": verdict_id(review, entry.item_id, entry.verdict),
                        "created_at": review.created_at,
                    }
                )
            )
        out[str(entry.item_id)] = records
    return out


def _current(workspace: Workspace, item_id: UUID) -> tuple[Item | None, str]:
    try:
        return workspace.get(item_id), ""
    except DamagedItemError as error:
        return None, f"its stored data cannot be read ({error})"
    except ItemNotFoundError:
        return None, "not in this workspace (or in the trash): its comments are not imported"


def plan_review_import(
    review: Review, workspace: Workspace, *, now: datetime | None = None
) -> ReviewImportPlan:
    """What importing `review` into `workspace` would do; changes nothing."""
    now = now or utc_now()
    problems: list[str] = []
    if review.bundle.workspace_id and review.bundle.workspace_id != workspace.workspace_id:
        problems.append(
            f"the review is of a bundle from another workspace ({review.bundle.workspace_id}; "
            f"this one is {workspace.workspace_id})"
        )
    known = CommentStore(workspace).known_ids()
    records = _records(review, now)
    planned: list[ReviewedItem] = []
    fresh: list[StoredComment] = []
    for entry in review.items:
        item, why_missing = _current(workspace, entry.item_id)
        mine = records[str(entry.item_id)]
        new = [c for c in mine if str(c.id) not in known]
        # Counted for people: comments with text, not the records of bare verdicts.
        new_texts = sum(1 for c in new if c.text)
        known_texts = sum(1 for c in mine if c.text) - new_texts
        if item is None:
            planned.append(
                ReviewedItem(
                    str(entry.item_id),
                    entry.title,
                    entry.verdict,
                    entry.revision,
                    None,
                    0,
                    known_texts,
                    False,
                    why_missing,
                )
            )
            continue
        fresh += new
        approve, note, outdated = False, "", changed_since(workspace, item.id, entry.revision)
        if entry.revision > item.revision:
            note = f"reviewed at revision {entry.revision}, newer than this workspace's"
        elif outdated:
            note = (
                f"reviewed at revision {entry.revision}; it has changed since "
                f"(now revision {item.revision})"
            )
        if entry.verdict is Verdict.APPROVED and not note:
            if item.status in APPROVABLE:
                approve = True
            else:
                note = f"already {item.status.value.replace('_', ' ')}"
        planned.append(
            ReviewedItem(
                str(item.id),
                item.title,
                entry.verdict,
                entry.revision,
                item.revision,
                new_texts,
                known_texts,
                approve,
                note,
                outdated,
            )
        )
    return ReviewImportPlan(review, planned, fresh, problems)


def apply_review_import(
    workspace: Workspace, plan: ReviewImportPlan, *, author: str | None
) -> ReviewImportResult:
    """Store the plan's comments and approve its items, all in one transaction.

    Raises StorageError (a read-only workspace, the disk) or RevisionConflictError when an
    item changed since the plan was made; then nothing is changed.
    """
    if plan.problems:
        raise ValueError("a review import with problems cannot be applied")
    store = CommentStore(workspace)
    approved: list[Item] = []
    with workspace.transaction():
        stored = store.add(plan.comments)
        for item_id in plan.to_approve:
            item = workspace.get(item_id)
            approved.append(
                workspace.save(
                    parse_item(item.model_dump() | {"status": Status.APPROVED}),
                    saved_by=author or None,
                    expected_revision=item.revision,
                )
            )
    return ReviewImportResult(stored, approved)
