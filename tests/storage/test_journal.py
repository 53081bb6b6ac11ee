"""The recovery journal: drafts on disk, valid or not, written atomically."""

from __future__ import annotations

import errno
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from editor.domain.items import Kind, Status
from editor.storage import atomic
from editor.storage.errors import StorageWriteError
from editor.storage.journal import RECOVERY_DIR, Draft, RecoveryJournal, decode_draft


def make_draft(**overrides: Any) -> Draft:
    item_id = uuid4()
    data: dict[str, Any] = {
        "id": item_id,
        "kind": Kind.EVENT,
        "title": "Briefing",
        "status": Status.DRAFT,
        "tags": ("a", "b"),
        "start": datetime(2031, 3, 4, 10, 0),
        "end": datetime(2031, 3, 4, 9, 0),  # before the start: not valid, still kept
        "registration_deadline": date(2031, 3, 1),
        "venue": {"name": "Hall", "city": "Lisbon"},
        "created_at": datetime(2030, 1, 1, tzinfo=UTC),
        "translation_of": None,
    }
    values: dict[str, Any] = {
        "item_id": str(item_id),
        "kind": "event",
        "base_revision": 3,
        "data": data,
        "written_at": datetime(2030, 6, 1, 12, 0, tzinfo=UTC),
        "problems": {"end": "End must be after the start"},
    }
    return Draft(**(values | overrides))


def test_a_draft_round_trips_with_its_types(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path)
    draft = make_draft()
    path = journal.write(draft)
    assert path.parent == tmp_path / RECOVERY_DIR
    back = journal.get(draft.item_id)
    assert back is not None
    assert back.base_revision == 3
    assert back.data["id"] == draft.data["id"]
    assert back.data["start"] == datetime(2031, 3, 4, 10, 0)
    assert back.data["registration_deadline"] == date(2031, 3, 1)
    assert back.data["created_at"] == datetime(2030, 1, 1, tzinfo=UTC)
    assert back.data["tags"] == ["a", "b"]
    assert back.data["kind"] == "event"
    assert back.data["venue"] == {"name": "Hall", "city": "Lisbon"}
    assert back.problems == {"end": "End must be after the start"}
    assert back.title == "Briefing"


def test_writing_again_replaces_and_clear_forgets(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path)
    draft = make_draft()
    journal.write(draft)
    journal.write(Draft(**{**draft.__dict__, "data": draft.data | {"title": "Later"}}))
    assert [d.title for d in journal.drafts()] == ["Later"]
    journal.clear(draft.item_id)
    journal.clear(draft.item_id)  # twice is fine
    assert journal.drafts() == []


def test_drafts_are_newest_first_and_unreadable_files_are_kept(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path)
    older = make_draft(written_at=datetime(2030, 1, 1, tzinfo=UTC))
    newer = make_draft(written_at=datetime(2030, 2, 1, tzinfo=UTC))
    journal.write(older)
    journal.write(newer)
    broken = journal.folder / f"{uuid4()}.json"
    broken.write_bytes(b'{"format": 1, "item_')
    assert [d.item_id for d in journal.drafts()] == [newer.item_id, older.item_id]
    assert list(journal.unreadable) == [broken]
    assert broken.exists()


def test_no_folder_means_no_drafts(tmp_path: Path) -> None:
    assert RecoveryJournal(tmp_path / "nowhere").drafts() == []


def test_a_failed_write_keeps_the_previous_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = RecoveryJournal(tmp_path)
    draft = make_draft()
    path = journal.write(draft)
    before = path.read_bytes()

    def disk_full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic, "_write_all", disk_full)
    with pytest.raises(StorageWriteError, match="No space left on device"):
        journal.write(Draft(**{**draft.__dict__, "data": {"title": "new"}}))
    assert path.read_bytes() == before
    assert sorted(p.name for p in journal.folder.iterdir()) == [path.name]


def test_a_vanished_workspace_folder_is_not_recreated(tmp_path: Path) -> None:
    folder = tmp_path / "usb" / "workspace"
    folder.mkdir(parents=True)
    journal = RecoveryJournal(folder)
    folder.rmdir()
    with pytest.raises(StorageWriteError):
        journal.write(make_draft())
    assert not folder.exists()


def test_decode_rejects_other_formats() -> None:
    with pytest.raises(ValueError):
        decode_draft(b'{"format": 99}')
    with pytest.raises(ValueError):
        decode_draft(b"not json")
