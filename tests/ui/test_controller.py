"""The editor controller: drafts, inline problems, saving and its failures, bulk actions."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

from editor.domain.items import Event, Kind, Status
from editor.storage import Workspace
from editor.storage.errors import StorageWriteError
from editor.ui.controller import EditorController
from tests.ui import window_helpers

# Shared fixtures, by assignment so pytest finds them in this module.
controller = window_helpers.controller
workspace = window_helpers.workspace

TOOLKIT = "Launch of the Local Inclusion Toolkit"


def by_title(workspace: Workspace, title: str) -> Any:
    return next(item for item in workspace.items() if item.title == title)


def test_selecting_an_item_emits_its_fields(
    qtbot: Any, controller: EditorController, workspace: Workspace
) -> None:
    item = by_title(workspace, TOOLKIT)
    with qtbot.waitSignal(controller.item_selected) as blocker:
        controller.select(item.id)
    assert blocker.args[0]["title"] == TOOLKIT
    assert blocker.args[0]["revision"] == item.revision
    assert not controller.dirty
    assert controller.candidate == item


def test_edits_make_the_draft_dirty_and_are_validated(
    qtbot: Any, controller: EditorController, workspace: Workspace
) -> None:
    controller.select(by_title(workspace, TOOLKIT).id)
    with qtbot.waitSignal(controller.problems_changed) as blocker:
        controller.update_draft({"title": "   "})
    assert blocker.args[0] == {"title": "Title is required"}
    assert controller.dirty
    assert controller.candidate is None


def test_the_preview_follows_the_rest_while_a_field_is_wrong(
    qtbot: Any, controller: EditorController, workspace: Workspace
) -> None:
    controller.select(by_title(workspace, TOOLKIT).id)
    controller.update_draft({"title": ""})
    with qtbot.waitSignal(controller.draft_changed) as blocker:
        controller.update_draft({"body": "New words"})
    shown = blocker.args[0]
    assert shown.body == "New words"
    assert shown.title == TOOLKIT


def test_a_new_announcement_saves_with_a_unique_slug(
    controller: EditorController, workspace: Workspace
) -> None:
    controller.new_item(Kind.ANNOUNCEMENT)
    assert controller.is_new and controller.dirty
    controller.update_draft({"title": TOOLKIT})
    saved = controller.save()
    assert saved is not None
    assert saved.slug == "launch-of-the-local-inclusion-toolkit-2"
    assert saved.revision == 1
    assert not controller.dirty
    assert not controller.is_new


def test_a_new_event_has_valid_defaults(controller: EditorController) -> None:
    controller.preferences = controller.preferences.model_copy(
        update={"default_timezone": "America/Bogota"}
    )
    controller.new_item(Kind.EVENT)
    controller.update_draft({"title": "Meeting"})
    candidate = controller.candidate
    assert isinstance(candidate, Event)
    assert candidate.timezone == "America/Bogota"


def test_a_taken_slug_typed_by_hand_is_shown_beside_the_slug(
    qtbot: Any, controller: EditorController, workspace: Workspace
) -> None:
    other = by_title(workspace, TOOLKIT)
    controller.select(
        by_title(workspace, "Our response to the UN report on internal displacement").id
    )
    controller.update_draft({"slug": other.slug})
    assert controller.problems["slug"].startswith(f"Already used by {TOOLKIT!r}")
    with qtbot.waitSignal(controller.save_failed) as blocker:
        assert controller.save() is None
    assert blocker.args[1] == "slug"


def test_an_invalid_draft_is_not_saved_and_says_why(
    qtbot: Any, controller: EditorController, workspace: Workspace
) -> None:
    item = by_title(workspace, TOOLKIT)
    controller.select(item.id)
    controller.update_draft({"summary": "one\n\ntwo"})
    with qtbot.waitSignal(controller.save_failed) as blocker:
        assert controller.save() is None
    assert blocker.args == [
        "Not saved: Summary must be a single paragraph (no blank lines)",
        "summary",
    ]
    assert workspace.get(item.id).summary == item.summary
    assert controller.draft_data()["summary"] == "one\n\ntwo"  # nothing typed is lost


def test_a_full_disk_is_one_clear_line_and_keeps_the_text(
    qtbot: Any,
    controller: EditorController,
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    controller.select(by_title(workspace, TOOLKIT).id)
    controller.update_draft({"body": "Precious words"})

    def full(*_: object, **__: object) -> None:
        raise StorageWriteError(
            tmp_path / "noticeboard.json", OSError(errno.ENOSPC, "No space left on device")
        )

    monkeypatch.setattr(workspace, "save", full)
    with qtbot.waitSignal(controller.save_failed) as blocker:
        assert controller.save() is None
    message, field = blocker.args
    assert "No space left on device" in message
    assert "\n" not in message
    assert field == ""
    assert controller.dirty
    assert controller.draft_data()["body"] == "Precious words"


def test_a_save_made_elsewhere_is_not_overwritten(
    qtbot: Any, controller: EditorController, workspace: Workspace
) -> None:
    item = by_title(workspace, TOOLKIT)
    controller.select(item.id)
    controller.update_draft({"title": "Mine"})
    workspace.save(item.model_copy(update={"summary": "Theirs"}), expected_revision=item.revision)
    with qtbot.waitSignal(controller.save_failed) as blocker:
        assert controller.save() is None
    assert "changed elsewhere" in blocker.args[0]
    assert workspace.get(item.id).summary == "Theirs"


def test_duplicate_starts_an_unsaved_copy(
    controller: EditorController, workspace: Workspace
) -> None:
    item = by_title(workspace, TOOLKIT)
    controller.select(item.id)
    controller.duplicate()
    assert controller.is_new and controller.dirty
    assert controller.current_id != item.id
    assert controller.draft_title() == f"{TOOLKIT} (copy)"
    saved = controller.save()
    assert saved is not None
    assert saved.status == Status.DRAFT
    assert saved.slug != item.slug
    assert len(workspace) == 9


def test_bulk_status_is_all_or_nothing(
    qtbot: Any, controller: EditorController, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [item.id for item in workspace.items()]
    before = {item.id: item.status for item in workspace.items()}
    real_save = workspace.save
    calls = {"n": 0}

    def flaky(item: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise StorageWriteError(Path("x"), OSError(errno.EIO, "Input/output error"))
        return real_save(item, **kwargs)

    monkeypatch.setattr(workspace, "save", flaky)
    with qtbot.waitSignal(controller.save_failed):
        assert controller.stored.set_status(ids, Status.ARCHIVED) == 0
    assert {item.id: item.status for item in workspace.items()} == before


def test_bulk_change_under_an_open_edit_keeps_the_edit(
    qtbot: Any, controller: EditorController, workspace: Workspace
) -> None:
    item = by_title(workspace, TOOLKIT)
    controller.select(item.id)
    controller.update_draft({"title": "Edited title"})
    with qtbot.waitSignal(controller.fields_refreshed) as blocker:
        assert controller.stored.set_status([item.id], Status.APPROVED) == 1
    assert blocker.args[0]["status"] == Status.APPROVED
    saved = controller.save()  # no revision conflict: the draft moved onto the new revision
    assert saved is not None
    assert saved.title == "Edited title"
    assert saved.status == Status.APPROVED


def test_bulk_tags(controller: EditorController, workspace: Workspace) -> None:
    ids = [item.id for item in workspace.items()]
    assert controller.stored.add_tag(ids, "  Local   inclusion ") == 8
    assert all("Local inclusion" in item.tags for item in workspace.items())
    assert controller.stored.add_tag(ids, "local inclusion") == 0  # already there, any case
    assert controller.stored.remove_tag(ids, "LOCAL INCLUSION") == 8
    assert all("Local inclusion" not in item.tags for item in workspace.items())


def test_opening_another_workspace(
    qtbot: Any, controller: EditorController, tmp_path: Path
) -> None:
    with qtbot.waitSignal(controller.items_loaded) as blocker:
        controller.open_workspace(tmp_path / "other")
    assert blocker.args[0] == []
    assert controller.workspace.folder == tmp_path / "other"
    assert controller.current_id is None
