"""Applying a plan: a backup first, one transaction, and conflicts resolved by policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.domain.items import Announcement, with_changes
from editor.importing.apply import apply_plan
from editor.importing.plan import Action, Policy
from editor.importing.planning import plan_import
from editor.storage.layout import BACKUP_DIR
from editor.storage.workspace import Workspace
from tests.importing.helpers import export_files


def _one(folder: Path, title: str = "Forum") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "forum.md"
    path.write_text(f"---\ntitle: {title}\n---\nBody\n", encoding="utf-8")
    return path


def test_a_backup_is_made_before_writing(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as workspace:
        workspace.save(Announcement(title="Already here"))
        plan = plan_import([_one(tmp_path / "in")], workspace)
        result = apply_plan(workspace, plan, author="tester")
        assert result.backup is not None
        assert Path(result.backup).parent == tmp_path / "ws" / BACKUP_DIR
        assert len(workspace) == 2


def test_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    for n in range(3):
        _one(folder / str(n), f"Item {n}")
    workspace = Workspace.in_memory()
    plan = plan_import([folder], workspace)
    real_save = workspace.save
    calls = []

    def failing_save(item, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(item)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(item, **kwargs)

    monkeypatch.setattr(workspace, "save", failing_save)
    with pytest.raises(OSError):
        apply_plan(workspace, plan)
    assert len(workspace) == 0


def test_dry_run_plan_writes_nothing(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    plan = plan_import([_one(tmp_path)], workspace)
    assert [a.action for a in plan.actions] == [Action.ADD]
    assert len(workspace) == 0


def _conflicted(tmp_path: Path, policy: Policy) -> tuple[Workspace, Announcement]:
    """An item exported, then edited both here and in the exported file."""
    workspace = Workspace.in_memory()
    mine = workspace.save(Announcement(title="Forum", summary="Original."))
    folder = export_files([mine], tmp_path, "content")
    path = next(folder.rglob("*.md"))
    path.write_text(path.read_text().replace("Original.", "Theirs."), encoding="utf-8")
    workspace.save(with_changes(mine, summary="Ours."))
    plan = plan_import([folder], workspace, policy=policy)
    [action] = plan.actions
    assert action.action is Action.CONFLICT
    assert [c.field for c in action.conflicts] == ["summary"]
    assert (action.conflicts[0].ours, action.conflicts[0].theirs) == ("Ours.", "Theirs.")
    apply_plan(workspace, plan)
    item = workspace.get(mine.id)
    assert isinstance(item, Announcement)
    return workspace, item


def test_a_file_edited_outside_updates_the_item(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    mine = workspace.save(Announcement(title="Forum", summary="Original."))
    folder = export_files([mine], tmp_path, "content")
    path = next(folder.rglob("*.md"))
    path.write_text(path.read_text().replace("Original.", "Edited."), encoding="utf-8")
    plan = plan_import([folder], workspace)
    assert [a.action for a in plan.actions] == [Action.UPDATE]
    apply_plan(workspace, plan)
    assert workspace.get(mine.id).summary == "Edited."


def test_conflict_ask_changes_nothing(tmp_path: Path) -> None:
    _, item = _conflicted(tmp_path, Policy.ASK)
    assert item.summary == "Ours."


def test_conflict_replace_keeps_ours_in_history(tmp_path: Path) -> None:
    workspace, item = _conflicted(tmp_path, Policy.REPLACE)
    assert item.summary == "Theirs."
    assert "Ours." in [rev.item.summary for rev in workspace.history(item.id)]


def test_conflict_keep_keeps_theirs_in_history(tmp_path: Path) -> None:
    workspace, item = _conflicted(tmp_path, Policy.KEEP)
    assert item.summary == "Ours."
    assert "Theirs." in [rev.item.summary for rev in workspace.history(item.id)]


def test_conflict_duplicate_adds_a_copy(tmp_path: Path) -> None:
    workspace, item = _conflicted(tmp_path, Policy.DUPLICATE)
    assert item.summary == "Ours."
    copy = next(i for i in workspace.items() if i.id != item.id)
    assert (copy.summary, copy.slug) == ("Theirs.", "forum-2")


def test_a_file_edited_and_imported_twice_updates_twice(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    mine = workspace.save(Announcement(title="Forum", summary="Original."))
    folder = export_files([mine], tmp_path, "content")
    path = next(folder.rglob("*.md"))
    for summary in ("First edit.", "Second edit."):
        text = path.read_text()
        path.write_text(text.replace(workspace.get(mine.id).summary, summary), encoding="utf-8")
        plan = plan_import([folder], workspace)
        assert [a.action for a in plan.actions] == [Action.UPDATE]
        apply_plan(workspace, plan)
        assert workspace.get(mine.id).summary == summary
    # Edited here since: the next edit of the file is a conflict, not an update.
    workspace.save(with_changes(workspace.get(mine.id), summary="Ours."))
    path.write_text(path.read_text().replace("Second edit.", "Third edit."), encoding="utf-8")
    assert [a.action for a in plan_import([folder], workspace).actions] == [Action.CONFLICT]
