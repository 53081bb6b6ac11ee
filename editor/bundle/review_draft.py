"""A review being made in the review window: verdicts and comments per item, saved or not."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from editor.bundle.review import Anchor, BundleRef, Comment, ItemReview, Review, Verdict


class ReviewDraft:
    """The reviewer's verdicts and comments, by item id; `dirty` until saved.

    Started empty, or from an earlier review of the same bundle (same manifest SHA-256),
    so a reviewer can stop and carry on later.
    """

    def __init__(
        self,
        reviewer: str,
        bundle: BundleRef,
        items: dict[str, tuple[str, int]],  # id -> (title, revision in the bundle)
        earlier: Review | None = None,
    ) -> None:
        self.reviewer = reviewer
        self.bundle = bundle
        # An item never saved has revision 0; a review is always of revision 1 or later.
        self._items = {key: (title, max(1, rev)) for key, (title, rev) in items.items()}
        self._entries: dict[str, ItemReview] = {}
        self.dirty = False
        if earlier is not None and earlier.bundle.manifest_sha256 == bundle.manifest_sha256:
            for entry in earlier.items:
                if str(entry.item_id) in self._items:
                    self._entries[str(entry.item_id)] = entry

    def entry(self, item_id: UUID | str) -> ItemReview:
        key = str(item_id)
        found = self._entries.get(key)
        if found is not None:
            return found
        title, revision = self._items[key]
        return ItemReview(item_id=UUID(key), title=title, revision=revision)

    def _put(self, entry: ItemReview) -> ItemReview:
        self._entries[str(entry.item_id)] = entry
        self.dirty = True
        return entry

    def set_verdict(self, item_id: UUID | str, verdict: Verdict) -> ItemReview:
        return self._put(self.entry(item_id).model_copy(update={"verdict": verdict}))

    def add_comment(
        self, item_id: UUID | str, text: str, *, now: datetime, anchor: Anchor | None = None
    ) -> Comment:
        """Add a comment (ValidationError if the text is empty or too long)."""
        comment = Comment(id=uuid4(), text=text, created_at=now, anchor=anchor)
        entry = self.entry(item_id)
        self._put(entry.model_copy(update={"comments": (*entry.comments, comment)}))
        return comment

    def remove_comment(self, item_id: UUID | str, comment_id: UUID | str) -> None:
        entry = self.entry(item_id)
        kept = tuple(c for c in entry.comments if str(c.id) != str(comment_id))
        if kept != entry.comments:
            self._put(entry.model_copy(update={"comments": kept}))

    def counts(self) -> dict[Verdict, int]:
        found = dict.fromkeys(Verdict, 0)
        for key in self._items:
            found[self.entry(key).verdict] += 1
        return found

    def review(self, *, now: datetime) -> Review:
        """The review to save: every item with a verdict or a comment, in the bundle's order."""
        entries = [
            self._entries[key]
            for key in self._items
            if key in self._entries
            and (self._entries[key].verdict is not Verdict.NONE or self._entries[key].comments)
        ]
        return Review(
            reviewer=self.reviewer, created_at=now, bundle=self.bundle, items=tuple(entries)
        )
