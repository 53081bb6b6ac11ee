"""Importing a review: comments attached once, approvals only where the item is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.bundle.review import Verdict, load_review
from editor.bundle.review_draft import ReviewDraft
from editor.domain.items import Status, parse_item
from editor.importing.review_import import apply_review_import, plan_review_import
from editor.storage import Workspace
from editor.storage.comments import CommentStore
from tests.bundle.review_helpers import WHEN, edit_body, export, fill, opened, write_review


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    yield ws  # type: ignore[misc]
    ws.close()


def test_comments_attach_once_and_the_approved_item_is_approved(
    workspace: Workspace, tmp_path: Path
) -> None:
    first, second = fill(workspace)
    bundle = opened(export(workspace, tmp_path / "news.zip"), tmp_path)
    review = load_review(write_review(bundle, str(first.id), str(second.id)))

    plan = plan_review_import(review, workspace)
    assert plan.problems == [] and plan.to_approve == [first.id]
    verdicts = {i.item_id: i.verdict for i in plan.items}
    assert verdicts == {str(first.id): Verdict.APPROVED, str(second.id): Verdict.CHANGES_REQUESTED}
    assert workspace.get(first.id).status is Status.IN_REVIEW  # planning changes nothing

    result = apply_review_import(workspace, plan, author="Editor")
    approved = workspace.get(first.id)
    assert approved.status is Status.APPROVED and approved.revision == first.revision + 1
    assert workspace.history(first.id)[-1].saved_by == "Editor"
    assert workspace.get(second.id).status is Status.IN_REVIEW
    store = CommentStore(workspace)
    texts = [(c.text, c.verdict) for c in store.for_item(second.id)]
    assert texts == [
        ("Which venue in Geneva?", Verdict.CHANGES_REQUESTED),
        ("", Verdict.CHANGES_REQUESTED),  # the verdict itself, to see who asked
    ]
    assert store.for_item(second.id)[0].anchor is not None
    assert len(result.comments) == 3

    again = plan_review_import(review, workspace)
    assert again.comments == [] and again.to_approve == []  # already approved
    assert apply_review_import(workspace, again, author="Editor").comments == []
    assert len(store.for_item(second.id)) == 2


def test_a_review_of_a_revision_changed_since_approves_nothing_and_says_so(
    workspace: Workspace, tmp_path: Path
) -> None:
    first, second = fill(workspace)
    bundle = opened(export(workspace, tmp_path / "news.zip"), tmp_path)
    review = load_review(write_review(bundle, str(first.id), str(second.id)))
    edit_body(workspace, str(first.id), "Rewritten after the export.")

    plan = plan_review_import(review, workspace)
    assert plan.to_approve == []
    changed = next(i for i in plan.items if i.item_id == str(first.id))
    assert changed.outdated and "has changed since (now revision 2)" in changed.note
    assert [i.item_id for i in plan.outdated] == [str(first.id)]
    apply_review_import(workspace, plan, author="Editor")
    assert workspace.get(first.id).status is Status.IN_REVIEW


def test_a_status_change_alone_does_not_make_a_review_outdated(
    workspace: Workspace, tmp_path: Path
) -> None:
    first, second = fill(workspace)
    bundle = opened(export(workspace, tmp_path / "news.zip"), tmp_path)
    review = load_review(write_review(bundle, str(first.id), str(second.id)))
    item = workspace.get(first.id)
    workspace.save(parse_item(item.model_dump() | {"status": Status.DRAFT}))

    plan = plan_review_import(review, workspace)
    assert plan.to_approve == [first.id] and plan.outdated == []


def test_a_review_from_another_workspace_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    first, second = fill(workspace)
    bundle = opened(export(workspace, tmp_path / "news.zip"), tmp_path)
    review = load_review(write_review(bundle, str(first.id), str(second.id)))
    with Workspace.open(tmp_path / "other") as other:
        plan = plan_review_import(review, other)
        assert plan.problems and "another workspace" in plan.problems[0]
        with pytest.raises(ValueError, match="problems"):
            apply_review_import(other, plan, author=None)


def test_comments_made_within_one_second_keep_the_files_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    _first, second = fill(workspace)
    bundle = opened(export(workspace, tmp_path / "news.zip"), tmp_path)
    items = {str(i.id): (i.title, bundle.revision_of(i)) for i in bundle.items}
    draft = ReviewDraft("Amina Diallo", bundle.ref, items)
    texts = [f"Remark {n}" for n in range(12)]  # ids are random: their order is not this
    for text in texts:
        draft.add_comment(second.id, text, now=WHEN)
    plan = plan_review_import(draft.review(now=WHEN), workspace)
    apply_review_import(workspace, plan, author="Editor")
    assert [c.text for c in CommentStore(workspace).for_item(second.id)] == texts
