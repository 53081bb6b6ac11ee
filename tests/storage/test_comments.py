"""The comments table: added once by id, resolved and reopened, refused when read-only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from editor.bundle.review import Verdict
from editor.domain.items import Announcement, Status, parse_item
from editor.storage import StorageError, Workspace
from editor.storage.comments import CommentStore, StoredComment, changed_since

WHEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _comment(item_id: object, text: str = "Shorter, please") -> StoredComment:
    return StoredComment.model_validate(
        {
            "id": uuid4(),
            "item_id": item_id,
            "reviewer": "Amina",
            "created_at": WHEN,
            "text": text,
            "verdict": Verdict.CHANGES_REQUESTED,
            "revision": 1,
            "imported_at": WHEN,
        }
    )


def test_comments_are_kept_once_and_survive_reopening(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as workspace:
        item = workspace.save(Announcement(title="A"))
        store = CommentStore(workspace)
        comment = _comment(item.id)
        assert store.add([comment]) == [comment]
        assert store.add([comment]) == []
        resolved = store.set_resolved(comment.id, True, by="Editor")
        assert resolved.resolved and resolved.resolved_by == "Editor"
    with Workspace.open(tmp_path / "ws", read_only=True) as again:
        store = CommentStore(again)
        [kept] = store.for_item(item.id)
        assert kept.text == "Shorter, please" and kept.resolved
        with pytest.raises(StorageError, match="read-only"):
            store.set_resolved(kept.id, False)
        with pytest.raises(StorageError, match="read-only"):
            store.add([_comment(item.id)])


def test_reopening_a_comment_clears_who_resolved_it() -> None:
    workspace = Workspace.in_memory()
    item = workspace.save(Announcement(title="A"))
    store = CommentStore(workspace)
    comment = store.add([_comment(item.id)])[0]
    store.set_resolved(comment.id, True, by="Editor")
    reopened = store.set_resolved(comment.id, False, by="Editor")
    assert not reopened.resolved and reopened.resolved_by is None


def test_changed_since_looks_at_content_not_status() -> None:
    workspace = Workspace.in_memory()
    item = workspace.save(Announcement(title="A", body="One"))
    assert not changed_since(workspace, item.id, 1)
    workspace.save(parse_item(workspace.get(item.id).model_dump() | {"status": Status.APPROVED}))
    assert not changed_since(workspace, item.id, 1)
    workspace.save(parse_item(workspace.get(item.id).model_dump() | {"body": "Two"}))
    assert changed_since(workspace, item.id, 1)
    assert changed_since(workspace, item.id, 9)  # a revision this workspace never had


def test_comments_stay_while_the_item_is_in_the_trash_and_go_when_it_is_purged() -> None:
    workspace = Workspace.in_memory()
    gone = workspace.save(Announcement(title="Gone"))
    kept = workspace.save(Announcement(title="Kept"))
    store = CommentStore(workspace)
    store.add([_comment(gone.id), _comment(gone.id, "Another"), _comment(kept.id)])

    workspace.trash(gone.id)
    workspace.restore(gone.id)
    assert len(store.for_item(gone.id)) == 2  # a restored item has its comments back

    workspace.trash(gone.id)
    workspace.purge(gone.id)
    assert store.for_item(gone.id) == []
    assert [c.text for c in store.for_item(kept.id)] == ["Shorter, please"]

    workspace.trash(kept.id)
    assert workspace.empty_trash() == 1
    assert store.known_ids() == set()
