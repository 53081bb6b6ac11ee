"""Reviewers' comments on items, kept in the workspace's `comments` table.

One record per comment, keyed by the comment's id (from the review file), so importing the
same review twice adds nothing. A verdict without a comment is kept as a record with no text,
so the editor can see who approved what, and at which revision. Resolving a comment is
stored here too; the items themselves are not touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from editor.bundle.review import Anchor, Verdict
from editor.domain.items import utc_now
from editor.storage.errors import StorageError
from editor.storage.layout import COMMENTS
from editor.storage.tables import doc
from editor.storage.workspace import Workspace
from editor.storage.workspace_errors import ItemNotFoundError


class StoredComment(BaseModel):
    """A reviewer's comment (or bare verdict, when `text` is empty) on an item's revision."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: UUID
    item_id: UUID
    reviewer: str
    created_at: AwareDatetime
    text: str = ""
    anchor: Anchor | None = None
    verdict: Verdict = Verdict.NONE
    revision: int = Field(ge=1)  # the revision the reviewer saw
    bundle_id: str = ""
    position: int = 0  # its place among the item's comments in the review file
    imported_at: AwareDatetime
    resolved_at: AwareDatetime | None = None
    resolved_by: str | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class CommentStore:
    """The workspace's review comments. Writes raise StorageError when it is read-only."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._table: Any = workspace.side_table(COMMENTS)

    def _all(self, item_id: str | None = None) -> list[StoredComment]:
        found: list[StoredComment] = []
        for record in self._table.all():
            if item_id is not None and record.get("item_id") != item_id:
                continue  # not validated: an item's comments are read at every selection
            try:
                found.append(StoredComment.model_validate(dict(record)))
            except ValidationError:
                continue  # a hand-edited record that no longer reads: not worth failing over
        return found

    def for_item(self, item_id: UUID | str) -> list[StoredComment]:
        """The item's comments, oldest first."""
        return sorted(
            self._all(str(item_id)),
            # Times are to the second: comments made within one keep the file's order.
            key=lambda c: (c.created_at, c.text == "", c.position, str(c.id)),
        )

    def get(self, comment_id: UUID | str) -> StoredComment | None:
        record = self._table.get(doc_id=str(comment_id))
        if record is None:
            return None
        try:
            return StoredComment.model_validate(dict(record))
        except ValidationError:
            return None

    def known_ids(self) -> set[str]:
        return {str(record.doc_id) for record in self._table.all()}

    def _check_writable(self) -> None:
        if self._workspace.read_only:
            raise StorageError("This workspace is open read-only; no comment was stored")

    def add(self, comments: Iterable[StoredComment]) -> list[StoredComment]:
        """Store the comments not stored yet (by id), in one transaction; returns those."""
        self._check_writable()
        known = self.known_ids()
        fresh = [c for c in comments if str(c.id) not in known]
        if not fresh:
            return []
        with self._workspace.transaction():
            for comment in fresh:
                self._table.insert(doc(comment.model_dump(mode="json"), doc_id=str(comment.id)))
        return fresh

    def set_resolved(
        self, comment_id: UUID | str, resolved: bool, *, by: str | None = None
    ) -> StoredComment:
        """Mark a comment resolved (or open again); raises ItemNotFoundError if there is none."""
        self._check_writable()
        comment = self.get(comment_id)
        if comment is None:
            raise ItemNotFoundError(f"comment {comment_id}")
        changed = comment.model_copy(
            update={
                "resolved_at": utc_now() if resolved else None,
                "resolved_by": (by or None) if resolved else None,
            }
        )
        with self._workspace.transaction():
            self._table.upsert(doc(changed.model_dump(mode="json"), doc_id=str(changed.id)))
        return changed


# What a status change or a save leaves different without changing what was reviewed.
_NOT_CONTENT = frozenset({"status", "revision", "created_at", "updated_at"})


def changed_since(workspace: Workspace, item_id: UUID | str, revision: int) -> bool:
    """Whether the item's content (all but status and save times) differs from `revision`.

    A revision no longer in the history (autosaves of one typing run share an entry)
    counts as changed: nobody can say what the reviewer saw.
    """
    current = workspace.get(item_id)
    if revision == current.revision:
        return False
    if revision > current.revision:
        return True
    try:
        then = workspace.revision(item_id, revision)
    except ItemNotFoundError:
        return True
    return then.model_dump(exclude=set(_NOT_CONTENT)) != current.model_dump(
        exclude=set(_NOT_CONTENT)
    )
