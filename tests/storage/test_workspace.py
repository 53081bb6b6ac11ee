"""The Workspace repository, on every backend: saving, history, lookups, queries, trash,
failed writes and transactions; then what only a folder has: reopening, damaged files,
backups and the lock."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest
from pydantic import ValidationError

from editor.domain.items import Announcement, Event, Kind, Status, with_changes
from editor.domain.query import ItemQuery, SortKey
from editor.storage import (
    AmbiguousSlugError,
    DuplicateSlugError,
    ItemNotFoundError,
    RevisionConflictError,
    StorageError,
    Workspace,
    WorkspaceCorruptError,
    WorkspaceLockedError,
    restore_backup,
)
from editor.storage.backups import BackupSet
from editor.storage.crashsafe import CrashSafeStorage, MemoryStorage
from editor.storage.errors import CorruptFileError, StorageWriteError, TransactionAbortedError
from editor.storage.samples import add_samples, sample_items
from editor.storage.workspace import BACKUP_DIR, DB_NAME, LOCK_NAME
from editor.storage.workspace_errors import AmbiguousIdError, DamagedItemError

Item = Announcement | Event


# -- helpers ------------------------------------------------------------------------------


def announcement(title: str = "Forum co-chairs announced", **fields: Any) -> Announcement:
    return Announcement(title=title, **fields)


def event(title: str = "Online briefing", **fields: Any) -> Event:
    values: dict[str, Any] = {
        "timezone": "Europe/Brussels",
        "start": "2022-04-13T15:00",
        "end": "2022-04-13T16:00",
    }
    return Event.model_validate({"title": title, **values, **fields})


def titles(items: list[Item]) -> list[str]:
    return [item.title for item in items]


def edit(workspace: Workspace, item: Item, **changes: object) -> Item:
    """Save a change to the stored version of `item`, as an editor would."""
    return workspace.save(with_changes(workspace.get(item.id), **changes))


def damage(path: Path, content: bytes) -> None:
    # A new file, as a sync client or a crashed non-atomic writer would leave it.
    path.unlink()
    path.write_bytes(content)


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(params=["memory", "file"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def workspace(backend: str, workspace_dir: Path) -> Iterator[Workspace]:
    opened = Workspace.in_memory() if backend == "memory" else Workspace.open(workspace_dir)
    yield opened
    opened.close()


@pytest.fixture
def file_workspace(workspace_dir: Path) -> Iterator[Workspace]:
    opened = Workspace.open(workspace_dir)
    yield opened
    opened.close()


@pytest.fixture
def break_writes(backend: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Arm a disk-full failure for every following save of this backend."""

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def arm() -> None:
        if backend == "file":
            monkeypatch.setattr("editor.storage.atomic.os.replace", no_space)
        else:

            def persist(self: MemoryStorage, raw: bytes) -> None:
                raise StorageWriteError(Path("<memory>"), OSError(errno.ENOSPC, "No space"))

            monkeypatch.setattr(MemoryStorage, "_persist", persist)

    return arm


@pytest.fixture
def disk_writes(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every write that reaches the storage's medium, whatever the backend."""
    written: list[bytes] = []
    for cls in (MemoryStorage, CrashSafeStorage):
        original = cls._persist

        def counting(self: Any, raw: bytes, _original: Any = original) -> None:
            written.append(raw)
            _original(self, raw)

        monkeypatch.setattr(cls, "_persist", counting)
    return written


def file_bytes(workspace: Workspace) -> bytes | None:
    return (workspace.folder / DB_NAME).read_bytes() if workspace.folder else None


# -- saving and history -----------------------------------------------------------------


def test_save_validates_the_item(workspace: Workspace) -> None:
    unvalidated = announcement().model_copy(update={"title": ""})
    with pytest.raises(ValidationError, match="Title is required"):
        workspace.save(unvalidated)
    bad_event = event().model_copy(update={"end": datetime(2022, 4, 13, 14, 0)})
    with pytest.raises(ValidationError, match="End must be after the start"):
        workspace.save(bad_event)
    assert len(workspace) == 0


def test_save_numbers_revisions_and_keeps_creation_time(workspace: Workspace) -> None:
    first = workspace.save(announcement())
    assert first.revision == 1
    second = edit(workspace, first, title="Forum co-chairs confirmed")
    assert second.revision == 2
    assert second.created_at == first.created_at
    assert second.updated_at >= second.created_at
    assert workspace.get(first.id) == second


def test_history_keeps_every_revision_oldest_first(workspace: Workspace) -> None:
    item = workspace.save(announcement("One"), saved_by="Ana")
    edit(workspace, item, title="Two")
    workspace.save(with_changes(workspace.get(item.id), title="Three"), saved_by="Ben")

    history = workspace.history(item.id)

    assert [rev.revision for rev in history] == [1, 2, 3]
    assert [rev.item.title for rev in history] == ["One", "Two", "Three"]
    assert [rev.current for rev in history] == [False, False, True]
    assert [history[0].saved_by, history[2].saved_by] == ["Ana", "Ben"]
    assert workspace.revision(item.id, 1).title == "One"


def test_restore_revision_saves_old_content_as_a_new_revision(workspace: Workspace) -> None:
    item = workspace.save(announcement("One", summary="First summary."))
    edit(workspace, item, title="Two", summary="Second summary.")

    restored = workspace.restore_revision(item.id, 1)

    assert (restored.revision, restored.title, restored.summary) == (3, "One", "First summary.")
    assert workspace.get(item.id) == restored
    history = workspace.history(item.id)
    assert [rev.item.title for rev in history] == ["One", "Two", "One"]
    assert history[1].item.summary == "Second summary."  # the present stays in the history
    with pytest.raises(ItemNotFoundError):
        workspace.revision(item.id, 9)


def test_history_of_an_item_saved_elsewhere_without_records_has_its_present() -> None:
    item = announcement().model_copy(update={"revision": 4})
    storage = MemoryStorage(
        {
            "meta": {"1": {"schema_version": 1}},
            "items": {str(item.id): item.model_dump(mode="json")},
        }
    )
    with Workspace(storage) as workspace:
        history = workspace.history(item.id)
    assert [(rev.revision, rev.current, rev.item) for rev in history] == [(4, True, item)]


# -- lookups ---------------------------------------------------------------------------------


def test_get_and_find_by_id_slug_and_prefix(workspace: Workspace) -> None:
    item = workspace.save(announcement(slug="co-chairs"))
    text = str(item.id)
    assert workspace.get(item.id) == workspace.get(text) == item
    for ref in (text, text.upper(), f"  {text} ", "co-chairs", text[:8], text[:13]):
        assert workspace.find(ref) == item, ref
    for missing in (text[:7], "no-such-slug", "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(ItemNotFoundError):
            workspace.find(missing)
    with pytest.raises(ItemNotFoundError):
        workspace.get("co-chairs")  # get takes ids only


def test_find_by_a_slug_several_items_share_is_ambiguous(workspace: Workspace) -> None:
    english = workspace.save(announcement("Launch", language="en"))
    french = workspace.save(announcement("Launch", language="fr"))
    with pytest.raises(AmbiguousSlugError) as caught:
        workspace.find("launch")
    assert str(english.id) in str(caught.value)
    assert str(french.id) in str(caught.value)


def test_find_by_a_shared_id_prefix_is_ambiguous(workspace: Workspace) -> None:
    first = workspace.save(announcement("One", id=UUID("6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a01")))
    workspace.save(announcement("Two", id=UUID("6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a02")))
    with pytest.raises(AmbiguousIdError, match="type more of the id"):
        workspace.find("6f1c2a4e")
    assert workspace.find("6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a01") == first


def test_find_prefers_a_live_item_to_a_trashed_namesake(workspace: Workspace) -> None:
    old = workspace.save(announcement("Launch"))
    workspace.trash(old.id)
    new = workspace.save(announcement("Launch"))
    assert workspace.find("launch", include_trash=True) == new
    assert workspace.find(str(old.id), include_trash=True) == old
    assert workspace.find_in_trash("launch") == old
    with pytest.raises(ItemNotFoundError):
        workspace.find(str(old.id))


# -- slugs ---------------------------------------------------------------------------------


def test_duplicate_slug_in_same_kind_and_language_is_refused(workspace: Workspace) -> None:
    workspace.save(announcement("Launch"))
    workspace.save(announcement("Launch 2"))
    with pytest.raises(DuplicateSlugError) as caught:
        workspace.save(announcement("Launch"))
    assert caught.value.suggestion == "launch-3"
    assert "launch-3" in str(caught.value)
    assert len(workspace) == 2


def test_same_slug_in_another_language_or_kind_is_allowed(workspace: Workspace) -> None:
    workspace.save(announcement("Launch"))
    workspace.save(announcement("Launch", language="fr"))
    workspace.save(event("Launch"))
    assert sorted((i.kind.value, i.language, i.slug) for i in workspace) == [
        ("announcement", "en", "launch"),
        ("announcement", "fr", "launch"),
        ("event", "en", "launch"),
    ]


def test_an_item_may_keep_its_own_slug(workspace: Workspace) -> None:
    item = workspace.save(announcement("Launch"))
    assert edit(workspace, item, summary="Now with a summary.").slug == "launch"


# -- concurrent edits ------------------------------------------------------------------------


def test_expected_revision_guards_against_overwriting(workspace: Workspace) -> None:
    item = workspace.save(announcement("One"), expected_revision=0)
    stale_copy = workspace.get(item.id)
    edit(workspace, item, title="Saved elsewhere")

    with pytest.raises(RevisionConflictError) as caught:
        workspace.save(with_changes(stale_copy, title="Mine"), expected_revision=1)

    assert (caught.value.expected, caught.value.actual) == (1, 2)
    assert workspace.get(item.id).title == "Saved elsewhere"
    with pytest.raises(RevisionConflictError):
        workspace.save(announcement("New"), expected_revision=1)


# -- queries -------------------------------------------------------------------------------


@pytest.fixture
def filled(workspace: Workspace) -> Workspace:
    """Five items that each filter tells apart."""
    with workspace.transaction():
        workspace.save(
            announcement(
                "Co-chairs for Genève",
                tags=["Forum", "governance"],
                status=Status.PUBLISHED,
                publish_at=datetime(2022, 5, 30, 9, tzinfo=UTC),
            )
        )
        workspace.save(
            announcement(
                "Toolkit launch",
                summary="A guide to local inclusion.",
                language="en-GB",
                publish_at=datetime(2022, 6, 15, 9, tzinfo=UTC),
            )
        )
        workspace.save(
            announcement("Lancement", body="Le guide de l'inclusion en ville.", language="fr")
        )
        workspace.save(event("Briefing", tags=["forum"], status=Status.PUBLISHED))
        workspace.save(
            event(
                "Peer learning",
                all_day=True,
                start="2022-05-17",
                end="2022-05-18",
                body="Reception of newcomers in Genève.",
            )
        )
    return workspace


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ItemQuery(kind=Kind.EVENT), ["Briefing", "Peer learning"]),
        (ItemQuery(kind=Kind.ANNOUNCEMENT, status=Status.DRAFT), ["Lancement", "Toolkit launch"]),
        (ItemQuery(status=Status.PUBLISHED), ["Briefing", "Co-chairs for Genève"]),
        (ItemQuery(tag="forum"), ["Briefing", "Co-chairs for Genève"]),
        (ItemQuery(tag=" GOVERNANCE "), ["Co-chairs for Genève"]),
        (ItemQuery(language="en"), ["Briefing", "Co-chairs for Genève", "Peer learning",
                                    "Toolkit launch"]),
        (ItemQuery(language="en-GB"), ["Toolkit launch"]),
        (ItemQuery(language="fr"), ["Lancement"]),
        (ItemQuery(text="geneve"), ["Co-chairs for Genève", "Peer learning"]),  # title, body
        (ItemQuery(text="local inclusion"), ["Toolkit launch"]),  # summary
        (ItemQuery(text="inclusion"), ["Lancement", "Toolkit launch"]),  # body, summary
        (ItemQuery(text="nothing like this"), []),
        (ItemQuery(date_from=date(2022, 5, 17), date_to=date(2022, 5, 30)),
         ["Co-chairs for Genève", "Peer learning"]),
        (ItemQuery(date_from=date(2022, 6, 1)), ["Toolkit launch"]),
        (ItemQuery(date_to=date(2022, 4, 13)), ["Briefing"]),
        (ItemQuery(kind=Kind.EVENT, tag="forum", text="briefing"), ["Briefing"]),
    ],
)  # fmt: skip
def test_items_filters(filled: Workspace, query: ItemQuery, expected: list[str]) -> None:
    assert sorted(titles(filled.items(query))) == expected


def test_items_sorting(filled: Workspace) -> None:
    by_title = titles(filled.items(ItemQuery(sort=SortKey.TITLE, descending=False)))
    assert by_title == sorted(by_title, key=str.casefold)
    assert titles(filled.items(ItemQuery(sort=SortKey.TITLE))) == by_title[::-1]
    dated = ItemQuery(sort=SortKey.DATE, descending=False, date_from=date(2000, 1, 1))
    assert titles(filled.items(dated)) == [
        "Briefing",
        "Peer learning",
        "Co-chairs for Genève",
        "Toolkit launch",
    ]


def test_text_search_sees_edits(filled: Workspace) -> None:
    assert titles(filled.items(ItemQuery(text="toolkit"))) == ["Toolkit launch"]
    item = filled.find("toolkit-launch")
    edit(filled, item, title="Guide launch")
    assert filled.items(ItemQuery(text="toolkit")) == []
    assert titles(filled.items(ItemQuery(text="guide launch"))) == ["Guide launch"]


# -- trash ---------------------------------------------------------------------------------


def test_trash_and_restore(workspace: Workspace) -> None:
    item = workspace.save(announcement("Launch"))
    edit(workspace, item, summary="Edited.")

    trashed = workspace.trash(item.id)

    assert workspace.items() == []
    with pytest.raises(ItemNotFoundError):
        workspace.get(item.id)
    assert [t.item for t in workspace.trashed()] == [trashed]
    assert [rev.revision for rev in workspace.history(item.id)] == [1, 2]
    with pytest.raises(StorageError, match="in the trash"):
        workspace.save(trashed)

    restored = workspace.restore(item.id)

    assert restored == trashed
    assert workspace.items() == [restored]
    assert workspace.trashed() == []
    assert [rev.revision for rev in workspace.history(item.id)] == [1, 2]


def test_restore_makes_the_slug_unique_if_taken_meanwhile(workspace: Workspace) -> None:
    old = workspace.save(announcement("Launch"))
    workspace.trash(old.id)
    workspace.save(announcement("Launch"))

    restored = workspace.restore(old.id, saved_by="Ana")

    assert (restored.slug, restored.revision) == ("launch-2", 2)
    assert sorted(i.slug for i in workspace) == ["launch", "launch-2"]
    history = workspace.history(old.id)
    assert [(rev.item.slug, rev.saved_by) for rev in history] == [
        ("launch", None),
        ("launch-2", "Ana"),
    ]
    with pytest.raises(ItemNotFoundError, match="in the trash"):
        workspace.restore(old.id)


def test_failed_restore_changes_nothing(
    workspace: Workspace, break_writes: Callable[[], None]
) -> None:
    old = workspace.save(announcement("Launch"))
    workspace.trash(old.id)
    workspace.save(announcement("Launch"))
    before = (workspace.items(), workspace.trashed(), file_bytes(workspace))
    break_writes()
    with pytest.raises(StorageError):
        workspace.restore(old.id)
    assert (workspace.items(), workspace.trashed(), file_bytes(workspace)) == before


def test_purge_deletes_item_and_history(workspace: Workspace) -> None:
    kept = workspace.save(announcement("Kept"))
    item = workspace.save(announcement("Gone"))
    with pytest.raises(ItemNotFoundError):
        workspace.purge(item.id)  # only trashed items can be purged
    workspace.trash(item.id)

    workspace.purge(item.id)

    assert workspace.trashed() == []
    with pytest.raises(ItemNotFoundError):
        workspace.history(item.id)
    assert [rev.revision for rev in workspace.history(kept.id)] == [1]
    # Nothing of the old item is left behind: the same id starts a fresh history.
    again = workspace.save(announcement("Gone", id=item.id))
    assert [(rev.revision, rev.item) for rev in workspace.history(item.id)] == [(1, again)]


def test_empty_trash(workspace: Workspace) -> None:
    kept = workspace.save(announcement("Kept"))
    for title in ("One", "Two"):
        workspace.trash(workspace.save(announcement(title)).id)
    assert workspace.empty_trash() == 2
    assert workspace.trashed() == []
    assert workspace.items() == [kept]
    assert workspace.empty_trash() == 0


# -- failed writes and transactions ----------------------------------------------------------


def test_failed_write_changes_nothing(
    workspace: Workspace, break_writes: Callable[[], None]
) -> None:
    item = workspace.save(announcement("Saved"))
    before = (workspace.items(), workspace.history(item.id), file_bytes(workspace))
    break_writes()

    with pytest.raises(StorageError, match="No space"):
        workspace.save(with_changes(item, title="Lost?"))
    with pytest.raises(StorageError):
        workspace.save(announcement("New"))
    with pytest.raises(StorageError):
        workspace.trash(item.id)

    assert (workspace.items(), workspace.history(item.id), file_bytes(workspace)) == before
    assert workspace.find("saved") == item
    assert workspace.trashed() == []


def test_failed_write_leaves_no_temp_file(
    file_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_workspace.save(announcement())

    def no_space(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("editor.storage.atomic.os.replace", no_space)
    with pytest.raises(StorageWriteError):
        file_workspace.save(announcement("Another"))
    assert file_workspace.folder is not None
    assert sorted(p.name for p in file_workspace.folder.iterdir()) == sorted(
        [BACKUP_DIR, DB_NAME, LOCK_NAME, "media"]
    )


def test_transaction_makes_one_write(workspace: Workspace, disk_writes: list[bytes]) -> None:
    with workspace.transaction():
        for title in ("One", "Two", "Three"):
            workspace.save(announcement(title))
    assert len(disk_writes) == 1
    assert sorted(titles(workspace.items())) == ["One", "Three", "Two"]


def test_transaction_rolls_back_on_error(workspace: Workspace) -> None:
    kept = workspace.save(announcement("Kept"))
    with pytest.raises(RuntimeError), workspace.transaction():
        workspace.save(announcement("One"))
        edit(workspace, kept, title="Changed")
        raise RuntimeError("stop")
    assert workspace.items() == [kept]
    assert workspace.find("kept") == kept
    with pytest.raises(ItemNotFoundError):
        workspace.find("one")
    assert [rev.revision for rev in workspace.history(kept.id)] == [1]


def test_transaction_rolls_back_when_its_write_fails(
    workspace: Workspace, break_writes: Callable[[], None]
) -> None:
    kept = workspace.save(announcement("Kept"))
    before = file_bytes(workspace)
    break_writes()
    with pytest.raises(StorageError), workspace.transaction():
        workspace.save(announcement("One"))
        workspace.trash(kept.id)
    assert workspace.items() == [kept]
    assert workspace.trashed() == []
    assert file_bytes(workspace) == before


def test_a_failure_inside_a_nested_transaction_undoes_the_whole_change(
    workspace: Workspace,
) -> None:
    kept = workspace.save(announcement("Kept"))
    with pytest.raises(TransactionAbortedError), workspace.transaction():
        workspace.save(announcement("Outer"))
        with pytest.raises(RuntimeError), workspace.transaction():
            workspace.save(announcement("Inner"))
            raise RuntimeError("stop")
        assert workspace.items() == [kept]  # the index follows the storage at once
    assert workspace.items() == [kept]


# -- file backend: reopening ---------------------------------------------------------------


def test_reopening_gives_the_same_items(workspace_dir: Path) -> None:
    with Workspace.open(workspace_dir) as workspace:
        news = workspace.save(announcement("News", tags=["forum"], language="fr"))
        briefing = workspace.save(
            event(
                "Briefing",
                venue={"name": "Hall", "city": "Brussels"},
                online_url="https://example.org/live",
                attendance="hybrid",
            )
        )
        edit(workspace, briefing, title="Briefing (moved)")
        workspace.trash(news.id)
        before = (workspace.items(), workspace.trashed(), workspace.history(briefing.id))
        workspace_id = workspace.workspace_id

    with Workspace.open(workspace_dir) as reopened:
        assert (reopened.items(), reopened.trashed(), reopened.history(briefing.id)) == before
        assert reopened.workspace_id == workspace_id != ""


def _store_raw_item(folder: Path, doc: dict[str, Any]) -> None:
    """Put an item into the file as a hand edit would: no validation on the way in."""
    db = folder / DB_NAME
    tables = orjson.loads(db.read_bytes())
    tables["items"][doc["id"]] = doc
    db.write_bytes(orjson.dumps(tables))


def test_an_invalid_stored_item_does_not_lock_the_editor_out(workspace_dir: Path) -> None:
    with Workspace.open(workspace_dir) as workspace:
        good = workspace.save(announcement("Good news"))
        bad = workspace.save(event("Briefing"))
    broken = orjson.loads(orjson.dumps(bad.model_dump(mode="json")))
    broken["end"] = "2022-04-13T14:00:00"  # before the start: a rule the file does not enforce
    _store_raw_item(workspace_dir, broken)
    garbage_id = "0b6c1f8e-0000-4000-8000-000000000000"
    _store_raw_item(workspace_dir, {"id": garbage_id, "kind": "poster"})

    with Workspace.open(workspace_dir) as workspace:
        assert garbage_id in workspace.damaged
        assert titles(workspace.items()) == ["Good news"]
        assert str(bad.id) in workspace.damaged
        assert "End must be after the start" in workspace.damaged[str(bad.id)]
        with pytest.raises(DamagedItemError, match="Briefing"):
            workspace.get(bad.id)
        assert workspace.get(good.id) == good
        workspace.save(with_changes(good, summary="Still editable"))
    # Nothing the editor wrote is lost: the damaged item stays in the file as it was.
    stored = orjson.loads((workspace_dir / DB_NAME).read_bytes())["items"]
    assert stored[str(bad.id)]["end"] == "2022-04-13T14:00:00"
    assert stored[garbage_id] == {"id": garbage_id, "kind": "poster"}


def test_opening_validates_no_item_until_it_is_used(
    workspace_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.open(workspace_dir) as workspace:
        add_samples(workspace)
    from editor.storage import workspace as workspace_module

    validated: list[object] = []
    real = workspace_module.ITEM_ADAPTER

    class CountingAdapter:
        def validate_python(self, data: object) -> Item:
            validated.append(data)
            return real.validate_python(data)

    monkeypatch.setattr(workspace_module, "ITEM_ADAPTER", CountingAdapter())
    with Workspace.open(workspace_dir, read_only=True) as workspace:
        assert len(workspace) == len(sample_items())
        assert len(workspace.summaries(ItemQuery(kind=Kind.EVENT))) == 3
        assert len(workspace.summaries(ItemQuery(text="toolkit"))) == 1
        assert validated == []
        workspace.find("annual-mayors-forum-2027")
        assert len(validated) == 1


def test_search_text_and_originals_need_no_validation(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = workspace.save(announcement("Housing in Genève", body="Reception services."))
    french = workspace.save(
        announcement("Logement à Genève", slug="logement", language="fr", translation_of=first.id)
    )
    briefing = workspace.save(event("Briefing"))
    from editor.storage import workspace as workspace_module

    monkeypatch.setattr(workspace_module, "ITEM_ADAPTER", None)  # any validation would fail
    workspace._cache.clear()
    assert workspace.search_text(first.id) == "Housing in Genève\n\nReception services."
    assert workspace.search_text(str(french.id)).startswith("Logement à Genève")
    assert workspace.search_text("no-such-item") == ""
    assert [s.id for s in workspace.originals(Kind.ANNOUNCEMENT)] == [str(first.id)]
    assert [s.id for s in workspace.originals(Kind.EVENT)] == [str(briefing.id)]


def test_a_new_folder_is_an_empty_workspace(workspace_dir: Path) -> None:
    with Workspace.open(workspace_dir) as workspace:
        assert len(workspace) == 0
        assert workspace.meta["schema_version"] == 1
    assert (workspace_dir / DB_NAME).is_file()
    assert (workspace_dir / "media").is_dir()
    assert not (workspace_dir / LOCK_NAME).exists()


# -- file backend: damaged files and backups -----------------------------------------------


@pytest.fixture
def saved_folder(workspace_dir: Path) -> Path:
    """A closed workspace with two items and one good backup of it, three hours old."""
    with Workspace.open(workspace_dir) as workspace:
        workspace.save(announcement("One"))
        workspace.save(announcement("Two"))
    backups = BackupSet(workspace_dir / BACKUP_DIR)
    shutil.rmtree(backups.folder)  # only the backup made here, with a known age
    backups.folder.mkdir()
    name = backups.name_for(datetime.now(UTC) - timedelta(hours=3))
    shutil.copyfile(workspace_dir / DB_NAME, backups.folder / name)
    return workspace_dir


def _good_file(folder: Path) -> bytes:
    return (folder / DB_NAME).read_bytes()


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda good: b"",
    "only-whitespace": lambda good: b"  \n\x00\x00",
    "truncated": lambda good: good[: len(good) // 2],
    "garbage": lambda good: b"\x89PNG\r\n\x1a\n not a workspace",
    "not-an-object": lambda good: b"[]",
    "no-format-version": lambda good: b'{"items": {}}',
}


@pytest.mark.parametrize("damage_kind", DAMAGES)
def test_a_damaged_file_is_set_aside_and_never_read_as_empty(
    saved_folder: Path, damage_kind: str
) -> None:
    damaged = DAMAGES[damage_kind](_good_file(saved_folder))
    damage(saved_folder / DB_NAME, damaged)

    with pytest.raises(WorkspaceCorruptError) as caught:
        Workspace.open(saved_folder)

    message = str(caught.value)
    backup = caught.value.newest_backup
    assert backup is not None
    assert str(backup.path) in message
    assert "3 hours ago" in message
    assert "2 items" in message
    assert "restore-backup" in message
    moved = caught.value.moved_to
    assert moved is not None and moved.read_bytes() == damaged
    assert str(moved) in message
    assert not (saved_folder / DB_NAME).exists()
    assert not (saved_folder / LOCK_NAME).exists()

    with pytest.raises(WorkspaceCorruptError, match="missing"):
        Workspace.open(saved_folder)  # a second try does not start an empty workspace
    with pytest.raises(WorkspaceCorruptError):
        Workspace.open(saved_folder, read_only=True)


def test_a_damaged_file_opened_read_only_is_left_in_place(saved_folder: Path) -> None:
    damage(saved_folder / DB_NAME, b"{")
    with pytest.raises(WorkspaceCorruptError, match="truncated") as caught:
        Workspace.open(saved_folder, read_only=True)
    assert caught.value.moved_to is None
    assert (saved_folder / DB_NAME).read_bytes() == b"{"


def test_restore_backup_brings_the_items_back(saved_folder: Path) -> None:
    damage(saved_folder / DB_NAME, b"")
    with pytest.raises(WorkspaceCorruptError) as caught:
        Workspace.open(saved_folder)
    assert caught.value.newest_backup is not None

    restore_backup(saved_folder, caught.value.newest_backup.path)

    with Workspace.open(saved_folder) as workspace:
        assert sorted(titles(workspace.items())) == ["One", "Two"]


def test_restore_backup_keeps_the_current_file(saved_folder: Path) -> None:
    with Workspace.open(saved_folder) as workspace:
        workspace.save(announcement("Three"))
    current = _good_file(saved_folder)
    backup = BackupSet(saved_folder / BACKUP_DIR).list()[-1]  # the oldest: two items

    kept_as = restore_backup(saved_folder, backup.path)

    # A good file is "replaced", not "damaged": the name must not mislead whoever finds it.
    kept = [p for p in saved_folder.iterdir() if p.name.startswith(f"{DB_NAME}.replaced-")]
    assert kept == [kept_as]
    assert [p.read_bytes() for p in kept] == [current]
    with Workspace.open(saved_folder) as workspace:
        assert sorted(titles(workspace.items())) == ["One", "Two"]


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"{", CorruptFileError), (b"{}", CorruptFileError), (None, StorageError)],
)
def test_restore_backup_refuses_what_is_not_a_good_backup(
    saved_folder: Path, tmp_path: Path, content: bytes | None, error: type[Exception]
) -> None:
    candidate = tmp_path / "candidate.json"
    if content is not None:
        candidate.write_bytes(content)
    before = _good_file(saved_folder)
    with pytest.raises(error):
        restore_backup(saved_folder, candidate)
    assert _good_file(saved_folder) == before


def test_restore_backup_refuses_while_the_workspace_is_open(saved_folder: Path) -> None:
    backup = BackupSet(saved_folder / BACKUP_DIR).list()[0]
    with Workspace.open(saved_folder), pytest.raises(WorkspaceLockedError):
        restore_backup(saved_folder, backup.path)


def test_a_missing_file_with_backups_is_not_a_new_workspace(saved_folder: Path) -> None:
    (saved_folder / DB_NAME).unlink()
    with pytest.raises(WorkspaceCorruptError, match="missing"):
        Workspace.open(saved_folder)
    assert not (saved_folder / DB_NAME).exists()


def test_damaged_file_without_backups_says_so(workspace_dir: Path) -> None:
    workspace_dir.mkdir()
    (workspace_dir / DB_NAME).write_bytes(b"garbage")
    with pytest.raises(WorkspaceCorruptError, match="no good backup"):
        Workspace.open(workspace_dir)


def test_saves_keep_backups_of_the_previous_file(workspace_dir: Path) -> None:
    with Workspace.open(workspace_dir) as workspace:
        workspace.save(announcement("One"))
    backups = BackupSet(workspace_dir / BACKUP_DIR).list()
    assert backups and all(b.ok for b in backups)


# -- file backend: the lock ------------------------------------------------------------------


def test_a_second_open_is_locked_out(file_workspace: Workspace, workspace_dir: Path) -> None:
    with pytest.raises(WorkspaceLockedError, match="already open"):
        Workspace.open(workspace_dir)
    file_workspace.close()
    with Workspace.open(workspace_dir) as again:
        assert len(again) == 0


def test_read_only_view_of_a_locked_workspace(
    file_workspace: Workspace, workspace_dir: Path
) -> None:
    item = file_workspace.save(announcement("Shared"))
    file_workspace.trash(file_workspace.save(announcement("Binned")).id)
    before = _good_file(workspace_dir)

    with Workspace.open(workspace_dir, read_only=True) as view:
        assert view.read_only
        assert view.items() == [item]
        assert view.lock_holder is not None and view.lock_holder.pid == os.getpid()
        refusals: list[Callable[[], object]] = [
            lambda: view.save(announcement("New")),
            lambda: view.save(with_changes(item, title="Changed")),
            lambda: view.trash(item.id),
            lambda: view.restore(view.find_in_trash("binned").id),
            lambda: view.purge(view.find_in_trash("binned").id),
        ]
        for refused in refusals:
            with pytest.raises(StorageError, match="read-only") as caught:
                refused()
            assert "nothing was saved" in str(caught.value)
            assert f"process {os.getpid()}" in str(caught.value)

    assert _good_file(workspace_dir) == before
    assert file_workspace.items() == [item]


def test_read_only_open_of_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    with Workspace.open(folder, read_only=True) as view:
        assert len(view) == 0
    assert not folder.exists()


def test_the_lock_is_released_when_opening_fails(saved_folder: Path) -> None:
    damage(saved_folder / DB_NAME, b"")
    with pytest.raises(WorkspaceCorruptError):
        Workspace.open(saved_folder)
    assert not (saved_folder / LOCK_NAME).exists()


def test_text_can_be_rescued_from_the_file(file_workspace: Workspace, workspace_dir: Path) -> None:
    # Plain UTF-8 JSON: any text editor shows an editor's words as they typed them.
    item = file_workspace.save(announcement("Réunion à Genève", body="Line one\n\nLine two"))
    raw = _good_file(workspace_dir)
    assert "Réunion à Genève".encode() in raw
    assert orjson.loads(raw)["items"][str(item.id)]["body"] == "Line one\n\nLine two"


# -- sample items ----------------------------------------------------------------------------


def test_the_samples_load_into_a_workspace(workspace: Workspace) -> None:
    samples = sample_items()
    assert add_samples(workspace) == len(samples) > 0
    assert {item.id for item in workspace} == {item.id for item in samples}
    assert {item.kind for item in samples} == {Kind.ANNOUNCEMENT, Kind.EVENT}
    authors = {rev.saved_by for item in workspace for rev in workspace.history(item.id)}
    assert authors == {"Noticeboard sample"}


def test_a_backup_that_cannot_be_kept_does_not_stop_saving(
    workspace_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_room(self: BackupSet, db_path: Path, now: datetime | None = None) -> Path | None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(BackupSet, "snapshot_existing", no_room)
    with Workspace.open(workspace_dir) as workspace:
        first = workspace.save(announcement("Kept"))
        workspace.save(with_changes(first, summary="Changed"))
        assert workspace.backup_problem is not None
        assert "No backup could be kept" in workspace.backup_problem
    with Workspace.open(workspace_dir) as reopened:
        assert reopened.get(first.id).summary == "Changed"
    assert "No backup was kept" in caplog.text


def test_an_old_revision_that_no_longer_validates_does_not_hide_the_history(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    first = workspace.save(announcement("Version one"))
    second = workspace.save(with_changes(first, title="Version two"))
    workspace.save(with_changes(second, title="Version three"))
    with workspace.transaction():  # as a hand edit or a stricter rule would leave it
        records = workspace._storage.read()["revisions"]
        records[f"{first.id}:000001"]["item"]["title"] = ""
        workspace._storage.write(workspace._storage.read())
    history = workspace.history(first.id)
    assert [(r.revision, r.item.title) for r in history] == [
        (2, "Version two"),
        (3, "Version three"),
    ]
    assert "cannot be read" in caplog.text


def test_autosaves_of_one_typing_run_share_a_history_entry(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from editor.storage import workspace as workspace_module

    clock = [datetime(2026, 11, 28, 9, 0, tzinfo=UTC)]
    monkeypatch.setattr(workspace_module, "utc_now", lambda: clock[0])

    def autosave(item: Item, summary: str, minutes: int, by: str = "Ana") -> Item:
        clock[0] += timedelta(minutes=minutes)
        return workspace.save(with_changes(item, summary=summary), saved_by=by, autosave=True)

    item = workspace.save(announcement("Draft"), saved_by="Ana")  # a deliberate save: kept
    item = autosave(item, "a", 1)
    item = autosave(item, "ab", 1)
    item = autosave(item, "abc", 1)  # same run: replaces the two before it
    assert item.revision == 4
    assert [(r.revision, r.item.summary) for r in workspace.history(item.id)] == [
        (1, ""),
        (4, "abc"),
    ]
    item = autosave(item, "abcd", 8)  # 11 minutes after the run began: a new entry
    item = autosave(item, "abcde", 1, by="Ben")  # someone else: never merged
    item = workspace.save(with_changes(item, summary="final"), saved_by="Ben")  # Ctrl+S
    assert [(r.revision, r.item.summary) for r in workspace.history(item.id)] == [
        (1, ""),
        (4, "abc"),
        (5, "abcd"),
        (6, "abcde"),
        (7, "final"),
    ]


def test_find_by_slug_ignores_case(workspace: Workspace) -> None:
    saved = workspace.save(announcement("One"))
    assert workspace.find("ONE") == saved


def test_list_values_gives_each_name_once_ignoring_case(workspace: Workspace) -> None:
    workspace.save(announcement(authors=["Programme team", "ana Silva"]))
    workspace.save(announcement("Second", authors=["Ana Silva", "Forum secretariat"]))
    workspace.save(event(organizers=["City of Bergamo"]))
    assert workspace.list_values("authors") == ["ana Silva", "Forum secretariat", "Programme team"]
    assert workspace.list_values("organizers") == ["City of Bergamo"]
    assert workspace.list_values("nothing") == []
