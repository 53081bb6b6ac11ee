"""The Workspace: a folder holding the items, their history, trash, media and backups."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError

from editor.domain import slugs
from editor.domain.items import (
    ITEM_ADAPTER,
    Announcement,
    Event,
    Kind,
    item_to_json,
    utc_now,
)
from editor.domain.problems import describe
from editor.domain.query import ItemQuery, fold_text, matches, sort_items
from editor.domain.summary import ItemSummary, raw_search_text
from editor.storage import migrations
from editor.storage.backups import BackupInfo, BackupSet
from editor.storage.crashsafe import (
    MemoryStorage,
    TransactionalStorage,
)
from editor.storage.errors import StorageError
from editor.storage.layout import (
    BACKUP_DIR,
    COMMENTS,
    CORRUPT_SUFFIX,
    DB_NAME,
    ITEMS,
    LOCK_NAME,
    MEDIA_DIR,
    META,
    REVISIONS,
    TRASH,
)
from editor.storage.lock import LockHolder, WorkspaceLock
from editor.storage.lookup import find_in, index_key
from editor.storage.opening import open_storage, restore_backup
from editor.storage.revisions import Revision, RevisionLog
from editor.storage.tables import Database, doc
from editor.storage.workspace_errors import (
    DamagedItemError,
    DuplicateSlugError,
    ItemNotFoundError,
    RevisionConflictError,
)

Item = Announcement | Event
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrashedItem:
    item: Item
    trashed_at: datetime


class Workspace(AbstractContextManager["Workspace"]):
    """Repository of items over a transactional TinyDB storage. Knows nothing of Qt."""

    def __init__(
        self,
        storage: TransactionalStorage,
        *,
        folder: Path | None = None,
        lock: WorkspaceLock | None = None,
        read_only: bool = False,
        lock_holder: LockHolder | None = None,
    ) -> None:
        self._storage = storage
        self._db = Database(storage=lambda: storage)
        self.folder = folder
        self._lock = lock
        self.read_only = read_only
        self.lock_holder = lock_holder
        self._backup_set: BackupSet | None = None
        self._revisions = RevisionLog(
            self._table(REVISIONS), lambda: (self._storage.read() or {}).get(REVISIONS, {})
        )
        self._ensure_meta()
        # The index: light summaries of every live item, built at open; full items are
        # validated on first use and cached. Keys are the ids as strings.
        self._summaries: dict[str, ItemSummary] = {}
        self._cache: dict[str, Item] = {}
        self._haystacks: dict[str, str] = {}
        self.damaged: dict[str, str] = {}  # id -> why the stored item cannot be read
        self._load_index()

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def in_memory(cls) -> Workspace:
        """A workspace with no folder (tests, previews of imports)."""
        return cls(MemoryStorage())

    @classmethod
    def open(cls, folder: Path, *, read_only: bool = False) -> Workspace:
        """Open (creating if new) the workspace in `folder`.

        Raises WorkspaceLockedError when another live process holds it (open again with
        read_only=True for a view), WorkspaceCorruptError when the file cannot be read
        (the damaged file is set aside and never read as empty), SchemaTooNewError.
        """
        folder = Path(folder)
        db_path = folder / DB_NAME
        if not read_only:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / MEDIA_DIR).mkdir(exist_ok=True)
        backups = BackupSet(folder / BACKUP_DIR)
        lock: WorkspaceLock | None = None
        if not read_only:
            lock = WorkspaceLock(folder / LOCK_NAME)
            lock.acquire()
        try:
            storage = open_storage(folder, db_path, backups, read_only=read_only)
            holder = None if lock else WorkspaceLock(folder / LOCK_NAME).holder()
            workspace = cls(
                storage, folder=folder, lock=lock, read_only=read_only, lock_holder=holder
            )
            workspace._backup_set = backups
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return workspace

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several changes into one atomic write; all or nothing."""
        try:
            with self._storage.transaction():
                yield
        except BaseException:
            self._load_index()  # the storage rolled back; so must the in-memory index
            raise

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _table(self, name: str) -> Any:
        # Any: TinyDB's stubs say document ids are ints; ours are strings by design.
        return self._db.table(name)

    def side_table(self, name: str) -> Any:
        """Another table of the workspace file, for a repository kept beside this one
        (editor.storage.comments): it writes inside transaction() and checks read_only."""
        return self._table(name)

    # -- meta ----------------------------------------------------------------------------

    def _ensure_meta(self) -> None:
        if self._table(META).get(doc_id="1") is None and not self.read_only:
            meta = {
                "schema_version": migrations.current_version(),
                "workspace_id": str(uuid4()),
                "created_at": utc_now().isoformat(),
            }
            with self._storage.transaction():
                self._table(META).insert(doc(meta, doc_id="1"))

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self._table(META).get(doc_id="1") or {})

    @property
    def workspace_id(self) -> str:
        return str(self.meta.get("workspace_id", ""))

    @property
    def media_dir(self) -> Path | None:
        return self.folder / MEDIA_DIR if self.folder else None

    @property
    def backup_problem(self) -> str | None:
        """Why no backup was kept before the last save, if that failed (the save did not)."""
        return self._backup_set.last_error if self._backup_set is not None else None

    def backups(self) -> list[BackupInfo]:
        return BackupSet(self.folder / BACKUP_DIR).list() if self.folder else []

    # -- reading -------------------------------------------------------------------------

    def _docs(self) -> dict[str, Any]:
        docs: dict[str, Any] = (self._storage.read() or {}).get(ITEMS, {})
        return docs

    def _load_index(self) -> None:
        self._summaries, self._cache, self._haystacks, self.damaged = {}, {}, {}, {}
        for key, stored in self._docs().items():
            try:
                self._summaries[key] = ItemSummary.from_json(stored)
            except (KeyError, ValueError, TypeError, AttributeError) as error:
                self.damaged[key] = f"{type(error).__name__}: {error}"

    def _item(self, key: str) -> Item:
        """The validated item stored under `key` (cached); DamagedItemError if it is invalid."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        doc = self._docs().get(key)
        if doc is None:
            raise ItemNotFoundError(key)
        try:
            item = ITEM_ADAPTER.validate_python(doc)
        except ValidationError as error:
            summary = self._summaries.pop(key, None)
            reasons = "; ".join(str(p) for p in describe(error))
            self.damaged[key] = reasons
            raise DamagedItemError(key, summary.title if summary else None, reasons) from error
        self._cache[key] = item
        return item

    def __len__(self) -> int:
        return len(self._summaries)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items())

    def summaries(self, query: ItemQuery | None = None) -> list[ItemSummary]:
        """Light records of the live items matching `query`, in its sort order (fast)."""
        query = query or ItemQuery()
        if query.text:
            self._fill_haystacks()
        found = [
            summary
            for key, summary in self._summaries.items()
            if matches(summary, query, self._haystacks.get(key))
        ]
        return sort_items(found, query.sort, descending=query.descending)

    def items(self, query: ItemQuery | None = None) -> list[Item]:
        """Live items (not in the trash) matching `query`, in its sort order.

        Items whose stored data no longer validates are left out and listed in `damaged`.
        """
        out: list[Item] = []
        for summary in self.summaries(query):
            try:
                out.append(self._item(summary.id))
            except DamagedItemError:
                continue
        return out

    def _fill_haystacks(self) -> None:
        # Built on the first text search, not at open, so opening stays fast.
        if len(self._haystacks) != len(self._summaries):
            docs = self._docs()
            for key in self._summaries:
                if key not in self._haystacks:
                    self._haystacks[key] = fold_text(raw_search_text(docs[key]))

    def search_text(self, item_id: UUID | str) -> str:
        """The unfolded text a search looks through (title, summary, body) of a live item,
        read from storage without validating it; "" if there is no such item."""
        doc = self._docs().get(str(item_id))
        return raw_search_text(doc) if isinstance(doc, dict) else ""

    def originals(self, kind: Kind) -> list[ItemSummary]:
        """Live items of `kind` that are not themselves translations (what a translation
        can be of), read without validating them."""
        docs = self._docs()
        return [
            summary
            for key, summary in self._summaries.items()
            if summary.kind == kind and not docs.get(key, {}).get("translation_of")
        ]

    def get(self, item_id: UUID | str) -> Item:
        key = index_key(item_id)
        if key is not None and key in self.damaged:
            title = self._docs().get(key, {}).get("title")
            raise DamagedItemError(
                key, title if isinstance(title, str) else None, self.damaged[key]
            )
        if key is None or key not in self._summaries:
            raise ItemNotFoundError(item_id)
        return self._item(key)

    def find(self, ref: str, *, include_trash: bool = False) -> Item:
        """The item with this id, unique id prefix (8+ characters), or slug.

        Live items come first: with `include_trash`, the trash is searched only when no
        live item matches, so a trashed namesake never makes a live slug ambiguous.
        """
        summary = find_in(list(self._summaries.values()), ref)
        if summary is not None:
            return self._item(summary.id)
        found = find_in([t.item for t in self.trashed()], ref) if include_trash else None
        if found is None:
            raise ItemNotFoundError(ref.strip())
        return found

    def find_in_trash(self, ref: str) -> Item:
        """The trashed item with this id, unique id prefix (8+ characters), or slug."""
        found = find_in([t.item for t in self.trashed()], ref)
        if found is None:
            raise ItemNotFoundError(ref.strip(), where="in the trash")
        return found

    def tags(self) -> list[str]:
        seen: dict[str, str] = {}
        for summary in self._summaries.values():
            for tag in summary.tags:
                seen.setdefault(tag.casefold(), tag)
        return sorted(seen.values(), key=str.casefold)

    def languages(self) -> list[str]:
        return sorted({summary.language for summary in self._summaries.values()})

    def list_values(self, field: str) -> list[str]:
        """Every value of a list field ("authors", "organizers") used by an item, each
        once (its first spelling, ignoring case), sorted ignoring case."""
        seen: dict[str, str] = {}
        for stored in self._docs().values():
            values = stored.get(field) if isinstance(stored, dict) else None
            for value in values if isinstance(values, list) else ():
                if isinstance(value, str) and value.strip():
                    seen.setdefault(value.strip().casefold(), value.strip())
        return sorted(seen.values(), key=str.casefold)

    def slug_taken_by(
        self, slug: str, kind: Kind, language: str, exclude: UUID | None
    ) -> Item | None:
        excluded = index_key(exclude) if exclude is not None else None
        for key, summary in self._summaries.items():
            if (
                summary.slug == slug
                and summary.kind == kind
                and summary.language == language
                and key != excluded
            ):
                return self._item(key)
        return None

    def unique_slug(self, base: str, kind: Kind, language: str, exclude: UUID | None = None) -> str:
        """`base` or the first free `base-2`, `base-3`... for this kind and language."""
        excluded = index_key(exclude) if exclude is not None else None
        taken = [
            s.slug
            for key, s in self._summaries.items()
            if s.kind == kind and s.language == language and key != excluded
        ]
        return slugs.unique_slug(base, taken)

    # -- writing -------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            holder = f" ({self.lock_holder.describe()})" if self.lock_holder else ""
            raise StorageError(f"This workspace is open read-only{holder}; nothing was saved")

    def save(
        self,
        item: Item,
        *,
        saved_by: str | None = None,
        expected_revision: int | None = None,
        autosave: bool = False,
    ) -> Item:
        """Validate and store `item` as a new revision; return the stored item.

        The previous revision stays in the history. `expected_revision` guards against
        overwriting a save made elsewhere since the edit began. An `autosave` that follows
        autosaves by the same person, in a run begun less than ten minutes ago, replaces
        the previous autosave in the history instead of adding one: a typing session keeps
        a revision every ten minutes, not one per pause (the revision number still grows).
        """
        self._check_writable()
        item = ITEM_ADAPTER.validate_python(item.model_dump())  # a copy made with model_copy too
        if self._table(TRASH).contains(doc_id=str(item.id)):
            raise StorageError(f"{item.title!r} is in the trash; restore it before editing")
        key = str(item.id)
        previous = self._item(key) if key in self._summaries else None
        if expected_revision is not None:
            actual = previous.revision if previous else 0
            if actual != expected_revision:
                raise RevisionConflictError(item.title, expected_revision, actual)
        other = self.slug_taken_by(item.slug, item.kind, item.language, item.id)
        if other is not None:
            raise DuplicateSlugError(
                item.slug,
                other.title,
                self.unique_slug(item.slug, item.kind, item.language, item.id),
            )
        now = utc_now()
        created = previous.created_at if previous else min(item.created_at, now)
        stored = type(item).model_validate(
            item.model_dump()
            | {
                "revision": (previous.revision if previous else 0) + 1,
                "created_at": created,
                "updated_at": max(now, created),
            }
        )
        with self._storage.transaction():
            self._table(ITEMS).upsert(doc(item_to_json(stored), doc_id=str(stored.id)))
            self._revisions.record_save(
                previous, stored, saved_by=saved_by, now=now, autosave=autosave
            )
        self._remember(stored)
        return stored

    def _remember(self, item: Item) -> None:
        key = str(item.id)
        self._cache[key] = item
        self._summaries[key] = ItemSummary.from_item(item)
        self._haystacks.pop(key, None)
        self.damaged.pop(key, None)

    def _forget(self, key: str) -> None:
        self._cache.pop(key, None)
        self._summaries.pop(key, None)
        self._haystacks.pop(key, None)

    def history(self, item_id: UUID | str) -> list[Revision]:
        """Every saved revision of an item, oldest first; the last one is current."""
        return self._revisions.history(self._current_or_trashed(item_id))

    def revision(self, item_id: UUID | str, number: int) -> Item:
        for rev in self.history(item_id):
            if rev.revision == number:
                return rev.item
        raise ItemNotFoundError(f"{item_id} revision {number}")

    def restore_revision(
        self, item_id: UUID | str, number: int, *, saved_by: str | None = None
    ) -> Item:
        """Save the content of an old revision as a new revision; the present stays in history."""
        old = self.revision(item_id, number)
        current = self.get(item_id)
        content = old.model_dump() | {
            "revision": current.revision,
            "created_at": current.created_at,
        }
        return self.save(type(old).model_validate(content), saved_by=saved_by)

    def _current_or_trashed(self, item_id: UUID | str) -> Item:
        try:
            return self.get(item_id)
        except ItemNotFoundError:
            for trashed in self.trashed():
                if str(trashed.item.id) == str(item_id):
                    return trashed.item
            raise

    # -- trash ---------------------------------------------------------------------------

    def trash(self, item_id: UUID | str) -> Item:
        """Move an item to the trash; it keeps its history and can be restored."""
        self._check_writable()
        item = self.get(item_id)
        with self._storage.transaction():
            self._table(ITEMS).remove(doc_ids=[str(item.id)])
            self._table(TRASH).insert(
                doc(
                    {"item": item_to_json(item), "trashed_at": utc_now().isoformat()},
                    doc_id=str(item.id),
                )
            )
        self._forget(str(item.id))
        return item

    def in_trash(self, item_id: UUID | str) -> bool:
        """Whether the item with this id is in the trash."""
        key = index_key(item_id)
        return key is not None and bool(self._table(TRASH).contains(doc_id=key))

    def trashed(self) -> list[TrashedItem]:
        raw = (self._storage.read() or {}).get(TRASH, {})
        out = [
            TrashedItem(
                ITEM_ADAPTER.validate_python(rec["item"]), datetime.fromisoformat(rec["trashed_at"])
            )
            for rec in raw.values()
        ]
        return sorted(out, key=lambda t: t.trashed_at, reverse=True)

    def restore(self, item_id: UUID | str, *, saved_by: str | None = None) -> Item:
        """Bring an item back from the trash.

        If its slug was taken since, it comes back under a free one, saved as a new
        revision so that the history still shows the slug it had.
        """
        self._check_writable()
        record = self._table(TRASH).get(doc_id=str(item_id))
        if not isinstance(record, dict):
            raise ItemNotFoundError(item_id, where="in the trash")
        item = ITEM_ADAPTER.validate_python(record["item"])
        slug = self.unique_slug(item.slug, item.kind, item.language, item.id)
        with self.transaction():
            self._table(TRASH).remove(doc_ids=[str(item.id)])
            self._table(ITEMS).upsert(doc(item_to_json(item), doc_id=str(item.id)))
            self._remember(item)
            if slug != item.slug:
                item = self.save(
                    type(item).model_validate(item.model_dump() | {"slug": slug}),
                    saved_by=saved_by,
                )
        return item

    def purge(self, item_id: UUID | str) -> None:
        """Delete a trashed item, its history and reviewers' comments on it for good."""
        self._check_writable()
        key = str(item_id)
        if self._table(TRASH).get(doc_id=key) is None:
            raise ItemNotFoundError(item_id)
        with self._storage.transaction():
            self._table(TRASH).remove(doc_ids=[key])
            self._revisions.remove_item(key)
            self._table(COMMENTS).remove(lambda record: record.get("item_id") == key)

    def empty_trash(self) -> int:
        trashed = self.trashed()
        with self._storage.transaction():
            for entry in trashed:
                self.purge(entry.item.id)
        return len(trashed)


__all__ = [
    "BACKUP_DIR",
    "CORRUPT_SUFFIX",
    "DB_NAME",
    "LOCK_NAME",
    "MEDIA_DIR",
    "Revision",
    "TrashedItem",
    "Workspace",
    "restore_backup",
]
