"""The editor's controller: owns the workspace, the item being edited, saving and recovery."""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal

from editor.domain import problems
from editor.domain.items import (
    Announcement,
    Attendance,
    Event,
    Kind,
    Status,
    parse_item,
    utc_now,
)
from editor.preferences import Preferences
from editor.storage import StorageError, Workspace
from editor.storage.errors import StorageWriteError
from editor.storage.journal import Draft, RecoveryJournal
from editor.storage.workspace_errors import DuplicateSlugError, ItemNotFoundError
from editor.ui.stored_items import StoredItems

Item = Announcement | Event
_log = logging.getLogger(__name__)

# Fields the editor never sends: the workspace sets them on save.
_STORED_ONLY = ("revision", "created_at", "updated_at")


def _top_field(field: str) -> str:
    return field.split(".", 1)[0]


@dataclass(frozen=True)
class SaveFailure:
    """Why the last save did not happen; `retryable` when trying again may help (the disk)."""

    message: str
    field: str
    retryable: bool


def journal_for(workspace: Workspace) -> RecoveryJournal | None:
    """The workspace's recovery journal; None in memory or read-only (nothing to recover)."""
    if workspace.folder is None or workspace.read_only:
        return None
    return RecoveryJournal(workspace.folder)


class EditorController(QObject):
    """Talks to the workspace for the views; views only emit what the editor wants done.

    The item being edited is a draft: the stored item's fields (or a new item's template)
    with the editor's changes on top. Every change is validated as a whole item, so
    problems show up beside their fields while typing, and nothing typed is ever dropped:
    an invalid draft simply cannot be saved yet.
    """

    workspace_opened = Signal(object)  # Workspace
    items_loaded = Signal(list)  # ItemSummary of every live item, after a workspace was opened
    item_selected = Signal(dict)  # the draft's fields: a stored item's, or a new template's
    fields_refreshed = Signal(dict)  # stored fields changed under an edit (by a bulk action)
    draft_changed = Signal(object)  # the draft as an item for the preview (None: no item)
    problems_changed = Signal(dict)  # field -> message, for the current draft
    dirty_changed = Signal(bool)
    item_saved = Signal(object)  # the stored item
    items_changed = Signal(list)  # stored items changed by a bulk action
    save_failed = Signal(str, str)  # message, field ("" when about the whole item)
    draft_edited = Signal()  # the editor changed the draft (what autosave waits on)
    items_removed = Signal(list)  # ids (str) of items moved to the trash

    def __init__(
        self,
        workspace: Workspace,
        preferences: Preferences | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.preferences = preferences or Preferences()
        self._base: dict[str, Any] | None = None
        self._base_revision = 0
        self._changes: dict[str, Any] = {}
        self._candidate: Item | None = None
        self._preview: Item | None = None
        self._problems: dict[str, str] = {}
        self._dirty = False
        self._slug_given = False
        self.journal = journal_for(workspace)
        self.last_failure: SaveFailure | None = None
        # Drafts left by an earlier session that the editor has not decided on yet: the
        # window asks before their items are edited, so a new draft never overwrites one.
        self.pending_drafts: dict[str, Draft] = {}
        # Bulk changes, trash and history: stored items other than the draft.
        self.stored = StoredItems(self)

    # -- state ---------------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return self._workspace

    @property
    def dirty(self) -> bool:
        """True when the draft holds changes not saved yet (what autosave will look at)."""
        return self._dirty

    @property
    def is_new(self) -> bool:
        return self._base is not None and self._base_revision == 0

    @property
    def current_id(self) -> UUID | None:
        return None if self._base is None else UUID(str(self._base["id"]))

    @property
    def candidate(self) -> Item | None:
        """The draft as a valid item, or None while it has problems."""
        return self._candidate

    @property
    def problems(self) -> dict[str, str]:
        return dict(self._problems)

    def draft_data(self) -> dict[str, Any]:
        return {} if self._base is None else self._base | self._changes

    def draft_title(self) -> str:
        title = self.draft_data().get("title")
        return title.strip() if isinstance(title, str) else ""

    def author(self) -> str:
        if self.preferences.author:
            return self.preferences.author
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return ""

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # -- workspace -----------------------------------------------------------------------

    def load(self) -> list[Draft]:
        """Announce the workspace and its items (as light summaries) to the views.

        The drafts an earlier session left are read first, so that they are pending when
        the list chooses an item to open: it opens none with a draft, and nothing typed is
        ever journaled over one. Returns them, for the window to offer.
        No item is validated here: a list of 10,000 items needs only their summaries.
        """
        drafts = self.recovered_drafts()
        self.workspace_opened.emit(self._workspace)
        self.items_loaded.emit(self._workspace.summaries())
        return drafts

    def open_workspace(self, folder: Path) -> list[Draft]:
        """Switch to the workspace in `folder`; raises StorageError (locked, damaged...)."""
        fresh = Workspace.open(folder)
        return self.use_workspace(fresh)

    def use_workspace(self, fresh: Workspace) -> list[Draft]:
        """Switch to an already opened workspace (closing the current one); returns the
        drafts an earlier session left in it (see load)."""
        old = self._workspace
        self._workspace = fresh
        old.close()
        self.journal = journal_for(fresh)
        self.pending_drafts = {}
        self._clear()
        return self.load()

    def close(self) -> None:
        self._workspace.close()

    def close_item(self) -> None:
        """Edit nothing: the item was removed (its unsaved changes go with it)."""
        self._set_dirty(False)
        self.select(None)

    def _clear(self) -> None:
        self._base = None
        self._changes = {}
        self._candidate = None
        self._preview = None
        self._problems = {}
        self._set_dirty(False)
        self.draft_changed.emit(None)
        self.problems_changed.emit({})

    # -- choosing what to edit -----------------------------------------------------------

    def select(self, item_id: UUID | str | None) -> None:
        """Edit the stored item `item_id` (None: edit nothing). Unsaved changes are dropped:
        the window asks first."""
        if item_id is None:
            self._clear()
            self.item_selected.emit({})
            return
        item = self._workspace.get(item_id)
        self._start(item.model_dump(), revision=item.revision, slug_given=True)

    def new_item(self, kind: Kind) -> None:
        """Start a new, unsaved item of `kind` with the user's defaults."""
        now = utc_now()
        data: dict[str, Any] = {
            "id": uuid4(),
            "kind": kind,
            "title": "",
            "slug": "",
            "summary": "",
            "body": "",
            "tags": (),
            "language": self.preferences.default_language,
            "status": Status.DRAFT,
            "authors": tuple(a for a in (self.author(),) if a),
            "created_at": now,
            "updated_at": now,
        }
        if kind == Kind.EVENT:
            day = (datetime.now() + timedelta(days=7)).date()
            data |= {
                "timezone": self.preferences.default_timezone,
                "all_day": False,
                "start": datetime.combine(day, time(10, 0)),
                "end": datetime.combine(day, time(11, 0)),
                "attendance": Attendance.IN_PERSON,
            }
        self._start(data, revision=0, slug_given=False)
        self._set_dirty(True)

    def duplicate(self) -> None:
        """Start a new, unsaved copy of the item being edited (with its unsaved changes)."""
        if self._base is None:
            return
        now = utc_now()
        data = self.draft_data() | {
            "id": uuid4(),
            "slug": "",
            "status": Status.DRAFT,
            "translation_of": None,
            "created_at": now,
            "updated_at": now,
        }
        title = data.get("title")
        if isinstance(title, str) and title.strip():
            data["title"] = f"{title.strip()} (copy)"
        self._start(data, revision=0, slug_given=False)
        self._set_dirty(True)

    def _start(self, data: dict[str, Any], *, revision: int, slug_given: bool) -> None:
        self._base = {k: v for k, v in data.items() if k != "revision"}
        self._base_revision = revision
        self._changes = {}
        self._slug_given = slug_given
        self._preview = None
        self._set_dirty(False)
        self.item_selected.emit(self._base | {"revision": revision})
        self._validate()

    # -- editing -------------------------------------------------------------------------

    def update_draft(self, changes: dict[str, Any]) -> None:
        """Apply field changes from the editor and validate the whole item again."""
        if self._base is None or not changes:
            return
        if "slug" in changes:
            self._slug_given = bool(str(changes["slug"] or "").strip())
        self._changes.update(changes)
        self._set_dirty(True)
        self._validate()
        self.draft_edited.emit()

    def _draft_for_validation(self) -> dict[str, Any]:
        data = self.draft_data()
        data["revision"] = self._base_revision
        if not self._slug_given:
            data["slug"] = ""  # made from the title by the model
        return data

    def _validate(self) -> None:
        data = self._draft_for_validation()
        try:
            self._candidate = parse_item(data)
            found: dict[str, str] = {}
        except ValidationError as error:
            self._candidate = None
            found = problems.first_problem_by_field(error)
        if self._candidate is not None and self._slug_given:
            clash = self._slug_clash(self._candidate)
            if clash:
                found["slug"] = clash
        self._problems = found
        self.problems_changed.emit(dict(found))
        preview = self._candidate or self._fallback_preview(data, found)
        if preview is not None:
            self._preview = preview
        self.draft_changed.emit(self._preview)

    def _slug_clash(self, item: Item) -> str:
        other = self._workspace.slug_taken_by(item.slug, item.kind, item.language, item.id)
        if other is None:
            return ""
        free = self._workspace.unique_slug(item.slug, item.kind, item.language, item.id)
        return f"Already used by {other.title!r}; try {free!r}"

    def _fallback_preview(self, data: dict[str, Any], found: dict[str, str]) -> Item | None:
        """The draft with its faulty fields taken from the stored item, so the preview keeps
        following the rest of the typing."""
        assert self._base is not None
        bad = {_top_field(field) for field in found}
        patched = dict(data)
        for field in bad:
            if field in self._base:
                patched[field] = self._base[field]
        if not str(patched.get("title") or "").strip():
            patched["title"] = "Untitled"
        try:
            return parse_item(patched)
        except ValidationError:
            return None

    # -- saving --------------------------------------------------------------------------

    def fail(self, message: str, field: str = "", *, retryable: bool = False) -> None:
        """Report a failed save or change (kept in `last_failure`)."""
        self.last_failure = SaveFailure(message, field, retryable)
        self.save_failed.emit(message, field)

    def save(self, *, autosave: bool = False) -> Item | None:
        """Save the draft; on failure emit save_failed and keep every typed character.

        Autosaves of one typing run share a history entry (see Workspace.save).
        """
        self.last_failure = None
        if self._base is None:
            return None
        if self._candidate is None:
            field, message = next(iter(self._problems.items()), ("", "The item is not valid"))
            self.fail(f"Not saved: {message}", field)
            return None
        item = self._candidate
        if not self._slug_given:
            slug = self._workspace.unique_slug(item.slug, item.kind, item.language, item.id)
            if slug != item.slug:
                item = parse_item(item.model_dump() | {"slug": slug})
        try:
            stored = self._workspace.save(
                item,
                saved_by=self.author() or None,
                expected_revision=self._base_revision,
                autosave=autosave,
            )
        except DuplicateSlugError as error:
            self.fail(f"Not saved: {error}", "slug")
            return None
        except ValidationError as error:
            found = problems.first_problem_by_field(error)
            field, message = next(iter(found.items()), ("", str(error)))
            self.fail(f"Not saved: {message}", field)
            return None
        except (StorageWriteError, OSError) as error:
            self.fail(f"Not saved: {error}", retryable=True)
            return None
        except StorageError as error:
            self.fail(f"Not saved: {error}")
            return None
        self._base = {k: v for k, v in stored.model_dump().items() if k != "revision"}
        self._base_revision = stored.revision
        self._changes = {}
        self._slug_given = True
        self._candidate = stored
        self._set_dirty(False)
        self.forget_draft(stored.id)
        self.item_saved.emit(stored)
        return stored

    # -- the recovery journal ------------------------------------------------------------

    def draft_snapshot(self) -> Draft | None:
        """The unsaved draft as a journal entry (raw values, valid or not); None if clean."""
        if self._base is None or not self._dirty:
            return None
        return Draft(
            item_id=str(self._base["id"]),
            kind=str(self._base.get("kind", "")),
            base_revision=self._base_revision,
            data=self.draft_data(),
            written_at=datetime.now(UTC),
            slug_given=self._slug_given,
            problems=dict(self._problems),
        )

    def write_journal(self) -> bool:
        """Keep the unsaved draft in the journal; raises StorageError. True if written."""
        draft = self.draft_snapshot()
        if draft is None or self.journal is None:
            return False
        if draft.item_id in self.pending_drafts:
            return False  # never over a draft the editor has not decided on (the window asks)
        self.journal.write(draft)
        return True

    def forget_draft(self, item_id: UUID | str, *, pending_too: bool = False) -> None:
        """Clear the item's journal entry; one left by an earlier session only if asked."""
        if str(item_id) in self.pending_drafts:
            if not pending_too:
                return
            del self.pending_drafts[str(item_id)]
        if self.journal is None:
            return
        try:
            self.journal.clear(item_id)
        except StorageError as error:
            # Harmless: a stale draft is offered at the next start and can be discarded.
            _log.warning("%s", error)

    def discard(self) -> None:
        """Drop the unsaved changes (and their recovery copy); show the stored item again."""
        current = self.current_id
        if current is None:
            return
        was_new = self.is_new
        self.forget_draft(current, pending_too=True)
        self._set_dirty(False)
        self.select(None if was_new else current)

    def recovered_drafts(self) -> list[Draft]:
        """Drafts an earlier session left in the journal (after a crash); remembered as pending."""
        if self.journal is None:
            self.pending_drafts = {}
            return []
        try:
            drafts = self.journal.drafts()
        except StorageError as error:
            _log.warning("%s", error)
            return []
        self.pending_drafts = {d.item_id: d for d in drafts}
        return drafts

    def stored_version(self, item_id: UUID | str) -> Item | None:
        """The saved item, live or in the trash; None if there is none."""
        try:
            return self._workspace.get(item_id)
        except ItemNotFoundError:
            for trashed in self._workspace.trashed():
                if str(trashed.item.id) == str(item_id):
                    return trashed.item
            return None

    def draft_is_valid(self, draft: Draft) -> bool:
        data = dict(draft.data) | {"revision": 0}
        if not draft.slug_given:
            data["slug"] = ""
        try:
            parse_item(data)
        except ValidationError:
            return False
        return True

    def note_imported(self, items: list[Item]) -> None:
        """Items an import saved: the list shows them; the open item reloads if untouched."""
        if not items:
            return
        self.items_changed.emit(items)
        current = self.current_id
        if current is not None and not self._dirty and any(i.id == current for i in items):
            self.select(current)

    def restore_draft(self, draft: Draft) -> Item:
        """Save a recovered (valid) draft as a new revision; the saved one stays in history.

        Raises StorageError or ValidationError; the draft then stays in the journal.
        """
        stored = self.stored_version(draft.item_id)
        data = dict(draft.data) | {"revision": stored.revision if stored else 0}
        if not draft.slug_given:
            data["slug"] = ""
        item = parse_item(data)
        if not draft.slug_given:
            slug = self._workspace.unique_slug(item.slug, item.kind, item.language, item.id)
            item = parse_item(item.model_dump() | {"slug": slug})
        saved = self._workspace.save(item, saved_by=self.author() or None)
        self.forget_draft(draft.item_id, pending_too=True)
        self.items_changed.emit([saved])
        if self.current_id == saved.id and not self._dirty:
            self.select(saved.id)
        return saved

    def open_draft(self, draft: Draft) -> None:
        """Put a recovered draft into the editor, on top of the stored item if there is one."""
        stored = self.stored_version(draft.item_id)
        self.pending_drafts.pop(draft.item_id, None)
        if stored is None:
            self._base = {k: v for k, v in draft.data.items() if k != "revision"}
            self._base_revision = 0
            self._changes = {}
        else:
            self._base = {k: v for k, v in stored.model_dump().items() if k != "revision"}
            self._base_revision = stored.revision
            self._changes = {k: v for k, v in draft.data.items() if self._base.get(k) != v}
            self._changes.pop("revision", None)
        self._slug_given = draft.slug_given
        self._preview = None
        self._set_dirty(True)
        self.item_selected.emit(self.draft_data() | {"revision": self._base_revision})
        self._validate()
        self.draft_edited.emit()

    def discard_draft(self, draft: Draft) -> None:
        self.forget_draft(draft.item_id, pending_too=True)

    def rebase_on(self, stored: Item) -> None:
        """The edited item changed underneath: keep the editor's changes on its new state."""
        old = self._base or {}
        fresh = {k: v for k, v in stored.model_dump().items() if k != "revision"}
        self._base = fresh
        self._base_revision = stored.revision
        refreshed = {k: v for k, v in fresh.items() if old.get(k) != v and k not in self._changes}
        if refreshed:
            self.fields_refreshed.emit(refreshed)
        self._validate()
