"""The import plan: what each file would add, update, skip or leave in conflict, and why."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID, uuid4

from pydantic import ValidationError

from editor.domain import slugs
from editor.domain.items import (
    BOOKKEEPING,
    Announcement,
    Event,
    Kind,
    content_hash,
    parse_item,
    with_changes,
)
from editor.domain.problems import describe
from editor.domain.sync import SyncBase
from editor.importing.candidate import Candidate, MediaFile, Origin
from editor.importing.sources import SourceError
from editor.storage.workspace_errors import DamagedItemError

Item = Announcement | Event
IMPORT_MARK = " (import)"


class Action(StrEnum):
    ADD = "add"
    UPDATE = "update"
    SKIP = "skip"
    CONFLICT = "conflict"


class Policy(StrEnum):
    """What to do when both sides changed an item since their common revision."""

    ASK = "ask"  # leave it as it is and report it (the GUI asks; the CLI cannot)
    KEEP = "keep"  # the workspace wins; the incoming version goes into the history
    REPLACE = "replace"  # the incoming version wins; the workspace's stays in the history
    DUPLICATE = "duplicate"  # both: the incoming one becomes a new item


@dataclass(frozen=True)
class FieldConflict:
    field: str
    ours: Any
    theirs: Any


@dataclass(frozen=True)
class PlannedAction:
    """What importing one item (or failing to read one file) would do."""

    action: Action
    source: str
    reason: str
    line: int | None = None
    item: Item | None = None  # what would be stored (for a skip: nothing)
    current: Item | None = None  # the workspace's version, when there is one
    conflicts: tuple[FieldConflict, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    policy: Policy | None = None  # how a conflict is resolved
    media: tuple[MediaFile, ...] = ()  # files the incoming item uses, from a bundle
    origin: Origin | None = None  # the workspace revision it is, for a bundle's item
    problem: bool = False  # a skip because something is wrong (not merely unchanged)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source

    def describe(self) -> str:
        title = f" {self.item.title!r}" if self.item is not None else ""
        return f"{self.action.value}{title} ({self.where}): {self.reason}"


@dataclass
class ImportPlan:
    actions: list[PlannedAction] = field(default_factory=list)

    def of(self, action: Action) -> list[PlannedAction]:
        return [a for a in self.actions if a.action is action]

    @property
    def writes(self) -> list[PlannedAction]:
        """Actions that change the workspace when the plan is applied."""
        return [
            a
            for a in self.actions
            if a.action in (Action.ADD, Action.UPDATE)
            or (a.action is Action.CONFLICT and a.policy not in (None, Policy.ASK))
        ]

    def counts(self) -> dict[Action, int]:
        return {action: len(self.of(action)) for action in Action}

    def skip_file(self, error: SourceError) -> None:
        self.actions.append(
            PlannedAction(Action.SKIP, error.source, error.message, error.line, problem=True)
        )

    @property
    def problems(self) -> list[PlannedAction]:
        return [a for a in self.actions if a.problem]


class PastRevision(Protocol):
    @property
    def item(self) -> Item: ...


class WorkspaceView(Protocol):
    """What planning reads from a workspace (Workspace has it; tests may fake it)."""

    def get(self, item_id: UUID | str) -> Item: ...

    def history(self, item_id: UUID | str) -> Sequence[PastRevision]: ...

    def in_trash(self, item_id: UUID | str) -> bool: ...

    def unique_slug(
        self, base: str, kind: Kind, language: str, exclude: UUID | None = None
    ) -> str: ...


def content_of(item: Item) -> dict[str, Any]:
    return {k: v for k, v in item.model_dump().items() if k not in BOOKKEEPING}


def field_conflicts(ours: Item, theirs: Item) -> tuple[FieldConflict, ...]:
    mine, other = content_of(ours), content_of(theirs)
    return tuple(
        FieldConflict(name, mine.get(name), other.get(name))
        for name in sorted(set(mine) | set(other))
        if mine.get(name) != other.get(name)
    )


def _hash_of(base: SyncBase | None) -> str | None:
    return base.sha256 if base is not None else None


def relation(
    ours: Item,
    theirs: Item,
    past: Callable[[], set[str]],
    *,
    origin: Origin | None = None,
    edited_in_place: bool = False,
) -> tuple[Action, str]:
    """How an incoming version relates to ours, from their common version.

    Every item carries `sync_base`: the content hash of the version it last agreed on
    with an import (our Markdown export writes the hash of what it wrote), and for a
    bundle's item, which workspace's revision that was. `past()` gives the content hashes
    of our earlier revisions. Then:
    - theirs is a version we had or agreed on, or an earlier revision of the workspace we
      last agreed with: ours is newer (skip);
    - ours is the version theirs started from, or ours has not changed since our last
      agreement and theirs descends from it (a fast-forward): update;
    - both changed since the common version: conflict.
    A workspace's revisions of an item form a line, so a later revision from the workspace
    we last agreed with descends from that agreement. A file edited in place (Markdown)
    keeps the sync_base it was written with through several edits and imports: there, a
    sync_base among our past versions will do.
    """
    mine, other = content_hash(ours), content_hash(theirs)
    base, their_base = ours.sync_base, _hash_of(theirs.sync_base)
    same_line = (
        origin is not None
        and base is not None
        and bool(base.workspace_id)
        and base.workspace_id == origin.workspace_id
    )
    if mine == other:
        return Action.SKIP, "unchanged"
    if other == _hash_of(base) or other in past():
        return Action.SKIP, "an older version of this item: it was changed here since"
    if same_line and origin is not None and base is not None and origin.revision < base.revision:
        return Action.SKIP, (
            f"an older revision ({origin.revision}) than the one last imported "
            f"from there ({base.revision})"
        )
    if mine == their_base:
        return Action.UPDATE, "a newer version of this item, made from this workspace's"
    if base is not None and mine == base.sha256:
        if their_base in (None, base.sha256) or same_line:
            return Action.UPDATE, "changed there since the last import; unchanged here"
        if edited_in_place and their_base in past():
            return Action.UPDATE, "the file changed since the last import; unchanged here"
    if origin is None and base is None and their_base is None and ours.revision == theirs.revision:
        # Written by a Noticeboard that kept no hashes: the same revision is the common one.
        # Not for a bundle: its items carry no hash only until they are first imported,
        # and equal revisions then mean nothing (a copied or restored workspace).
        return Action.UPDATE, f"changed outside Noticeboard since revision {theirs.revision}"
    return Action.CONFLICT, "changed on both sides since their common version"


class Planner:
    """Builds an ImportPlan against a workspace, candidate by candidate (see `relation`)."""

    def __init__(self, workspace: WorkspaceView, *, policy: Policy = Policy.ASK) -> None:
        self.plan = ImportPlan()
        self._workspace = workspace
        self._policy = policy
        # Slugs given in this plan, per (kind, language): two new files may share one.
        self._claimed: dict[tuple[Kind, str], set[str]] = {}
        self._seen_ids: dict[UUID, str] = {}

    def add_all(self, candidates: Iterable[Candidate]) -> None:
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: Candidate) -> None:
        data = candidate.data | {"extra": candidate.extra} if candidate.extra else candidate.data
        try:
            item = parse_item(data)
        except ValidationError as error:
            reasons = "; ".join(
                f"{p.message} [field: {p.field}]" if p.field else p.message for p in describe(error)
            )
            self.plan.actions.append(
                PlannedAction(Action.SKIP, candidate.source, reasons, candidate.line, problem=True)
            )
            return
        notes = list(candidate.notes)
        earlier = self._seen_ids.get(item.id)
        if earlier is not None:
            self.plan.actions.append(
                PlannedAction(
                    Action.SKIP,
                    candidate.source,
                    f"the same item (id {item.id}) as {earlier}",
                    candidate.line,
                    problem=True,
                )
            )
            return
        self._seen_ids[item.id] = candidate.source
        try:
            current: Item | None = self._workspace.get(item.id)
        except DamagedItemError as error:
            # Saving over it would replace data the workspace keeps for repair, unarchived.
            self.plan.actions.append(
                PlannedAction(
                    Action.SKIP, candidate.source, str(error), candidate.line, problem=True
                )
            )
            return
        except LookupError:
            current = None
            if self._workspace.in_trash(item.id):
                # Saving it would fail and undo the whole import; the trash is a decision.
                reason = "this item is in the trash here: restore it to import this version"
                self.plan.actions.append(
                    PlannedAction(Action.SKIP, candidate.source, reason, candidate.line)
                )
                return
        if current is not None and current.kind != item.kind:
            current, item = None, type(item).model_validate(item.model_dump() | {"id": uuid4()})
            notes.append("its id belongs to an item of another kind here: added as a new item")
        if current is None:
            self._planned_add(candidate, item, notes)
        else:
            self._planned_change(candidate, item, current, notes)

    def _claim(self, item: Item, notes: list[str]) -> Item:
        claimed = self._claimed.setdefault((item.kind, item.language), set())
        slug = item.slug
        while True:
            free = self._workspace.unique_slug(slug, item.kind, item.language, item.id)
            if free not in claimed:
                break
            slug = slugs.unique_slug(free, claimed | {free})
        claimed.add(free)
        if free != item.slug:
            notes.append(f"the slug {item.slug!r} is taken: imported as {free!r}")
            return type(item).model_validate(item.model_dump() | {"slug": free})
        return item

    def _planned_add(self, candidate: Candidate, item: Item, notes: list[str]) -> None:
        item = self._claim(item, notes)
        reason = "; ".join(["new item", *notes])
        self.plan.actions.append(
            PlannedAction(
                Action.ADD,
                candidate.source,
                reason,
                candidate.line,
                item,
                extra=candidate.extra,
                media=candidate.media,
                origin=candidate.origin,
            )
        )

    def _planned_change(
        self, candidate: Candidate, item: Item, current: Item, notes: list[str]
    ) -> None:
        source, line = candidate.source, candidate.line
        if current.publish_at is None and item.publish_at == current.created_at:
            # The exporter writes the creation time as `date` when there is no publication
            # date (Hugo and Jekyll need one): that is not a change.
            item = with_changes(item, publish_at=None)
        if item.slug != current.slug:
            item = self._claim(item, notes)

        def past() -> set[str]:
            return {content_hash(rev.item) for rev in self._workspace.history(current.id)}

        action, why = relation(
            current,
            item,
            past,
            origin=candidate.origin,
            edited_in_place=candidate.edited_in_place,
        )
        if action is Action.SKIP:
            self.plan.actions.append(PlannedAction(Action.SKIP, source, why, line, current=current))
            return
        conflicts = field_conflicts(current, item)
        changed = ", ".join(c.field for c in conflicts)
        reason = "; ".join([f"{why}: {changed}", *notes])
        self.plan.actions.append(
            PlannedAction(
                action,
                source,
                reason,
                line,
                item,
                current=current,
                conflicts=conflicts,
                extra=candidate.extra,
                policy=self._policy if action is Action.CONFLICT else None,
                media=candidate.media,
                origin=candidate.origin,
            )
        )
