"""Bundles from other laptops: verified, matched by id, fast-forwards, conflicts, convergence."""

from __future__ import annotations

import zipfile
from pathlib import Path

import orjson
import pytest

from editor.domain.items import Announcement, content_hash, with_changes
from editor.domain.sync import SyncBase
from editor.export.bundle import build_bundle
from editor.export.media import folder_reader
from editor.importing.apply import apply_plan
from editor.importing.plan import Action, ImportPlan, Policy
from editor.importing.planning import plan_import
from editor.storage.layout import DB_NAME
from editor.storage.workspace import Workspace
from tests.export.fixtures import PNG
from tests.importing.helpers import contents


class Laptop:
    """A workspace that exports bundles to, and imports bundles from, another one."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.workspace = Workspace.in_memory()
        self.exports = 0

    def export(self, *, as_zip: bool = False) -> Path:
        self.exports += 1
        files = build_bundle(self.workspace.items(), workspace_id=self.name)
        target = self.folder / f"{self.name}-{self.exports}"
        if as_zip:
            target = target.with_suffix(".zip")
            with zipfile.ZipFile(target, "w") as archive:
                for name, data in files.items():
                    archive.writestr(name, data)
            return target
        for name, data in files.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
        return target

    def import_(self, bundle: Path, policy: Policy = Policy.ASK) -> ImportPlan:
        plan = plan_import([bundle], self.workspace, policy=policy)
        assert not plan.problems, [a.describe() for a in plan.problems]
        apply_plan(self.workspace, plan, author=self.name)
        return plan

    def edit(self, item_id: object, **changes: object) -> None:
        item = self.workspace.get(str(item_id))
        self.workspace.save(with_changes(item, **changes), saved_by=self.name)

    def item(self, item_id: object) -> Announcement:
        item = self.workspace.get(str(item_id))
        assert isinstance(item, Announcement)
        return item


def _actions(plan: ImportPlan) -> list[Action]:
    return [a.action for a in plan.actions]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Laptop, Laptop, Announcement]:
    """Two laptops holding the same item, agreed on through a first bundle."""
    a, b = Laptop("a", tmp_path), Laptop("b", tmp_path)
    item = a.workspace.save(Announcement(title="Forum", summary="Original.", tags=("cities",)))
    assert _actions(b.import_(a.export())) == [Action.ADD]
    return a, b, item


def _revisions(laptop: Laptop) -> int:
    return sum(len(laptop.workspace.history(i.id)) for i in laptop.workspace.items())


def test_importing_the_same_bundle_again_is_a_no_op(
    tmp_path: Path, pair: tuple[Laptop, Laptop, Announcement]
) -> None:
    a, b, _ = pair
    bundle = a.export(as_zip=True)
    before = _revisions(b)
    plan = b.import_(bundle)
    assert _actions(plan) == [Action.SKIP]
    assert plan.writes == []
    assert _revisions(b) == before
    # And the other way round: A's own item comes back unchanged.
    assert _actions(a.import_(b.export())) == [Action.SKIP]


def test_a_newer_revision_fast_forwards_both_ways(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    a, b, item = pair
    a.edit(item.id, summary="A's edit.")
    plan = b.import_(a.export())
    assert _actions(plan) == [Action.UPDATE]
    assert [c.field for c in plan.actions[0].conflicts] == ["summary"]
    assert b.item(item.id).summary == "A's edit."
    b.edit(item.id, title="Forum, renamed")
    b.edit(item.id, body="B's body.")
    assert _actions(a.import_(b.export())) == [Action.UPDATE]
    assert contents(a.workspace.items()) == contents(b.workspace.items())
    # An older bundle of A's does not undo B's edits now in A.
    assert _actions(b.import_(a.export())) == [Action.SKIP]


def test_an_older_bundle_does_not_go_back(
    tmp_path: Path, pair: tuple[Laptop, Laptop, Announcement]
) -> None:
    _, b, item = pair
    old = b.export()
    b.edit(item.id, summary="Newer.")
    plan = b.import_(old)
    assert _actions(plan) == [Action.SKIP]
    assert "older version" in plan.actions[0].reason
    assert b.item(item.id).summary == "Newer."


def _conflicting(pair: tuple[Laptop, Laptop, Announcement]) -> tuple[Path, Path]:
    a, b, item = pair
    a.edit(item.id, summary="A's summary.", tags=("cities", "a"))
    b.edit(item.id, summary="B's summary.")
    return a.export(), b.export()


def test_a_conflict_is_reported_field_by_field(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    _, b, item = pair
    from_a, _ = _conflicting(pair)
    plan = b.import_(from_a)
    [action] = plan.actions
    assert action.action is Action.CONFLICT and action.policy is Policy.ASK
    assert {c.field: (c.ours, c.theirs) for c in action.conflicts} == {
        "summary": ("B's summary.", "A's summary."),
        "tags": (("cities",), ("cities", "a")),
    }
    assert plan.writes == []
    assert b.item(item.id).summary == "B's summary."


@pytest.mark.parametrize("policy", [Policy.KEEP, Policy.REPLACE, Policy.DUPLICATE])
def test_each_policy_converges_and_keeps_the_losing_side(
    pair: tuple[Laptop, Laptop, Announcement], policy: Policy
) -> None:
    a, b, item = pair
    from_a, _ = _conflicting(pair)
    plan = b.import_(from_a, policy)
    assert _actions(plan) == [Action.CONFLICT]
    summaries = [rev.item.summary for rev in b.workspace.history(item.id)]
    assert ("A's summary." in summaries and "B's summary." in summaries) or (
        policy is Policy.DUPLICATE
    )
    if policy is Policy.KEEP:
        assert b.item(item.id).summary == "B's summary."
    elif policy is Policy.REPLACE:
        assert b.item(item.id).summary == "A's summary."
    else:
        assert b.item(item.id).summary == "B's summary."
        copy = next(i for i in b.workspace.items() if i.id != item.id)
        assert (copy.summary, copy.slug) == ("A's summary.", "forum-2")
    # A then imports B's resolved bundle: no new conflict, and both hold the same items.
    back = a.import_(b.export())
    assert Action.CONFLICT not in _actions(back)
    assert contents(a.workspace.items()) == contents(b.workspace.items())
    # Nothing is lost on A either: its own version stays in its history.
    assert "A's summary." in [rev.item.summary for rev in a.workspace.history(item.id)]
    # From now on, exchanging bundles changes nothing on either side.
    assert {a.action for a in b.import_(a.export()).actions} == {Action.SKIP}
    assert {a.action for a in a.import_(b.export()).actions} == {Action.SKIP}
    # The old bundle from before the resolution does not reopen it.
    assert Action.CONFLICT not in _actions(b.import_(from_a))


def test_asking_leaves_the_conflict_until_resolved(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    _, b, _ = pair
    from_a, _ = _conflicting(pair)
    assert _actions(b.import_(from_a)) == [Action.CONFLICT]
    assert _actions(b.import_(from_a)) == [Action.CONFLICT]
    assert _actions(b.import_(from_a, Policy.REPLACE)) == [Action.CONFLICT]
    assert _actions(b.import_(from_a)) == [Action.SKIP]


def test_an_item_records_the_version_it_agreed_on(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    a, b, item = pair
    theirs = a.item(item.id)
    assert b.item(item.id).sync_base == SyncBase(
        sha256=content_hash(theirs), workspace_id="a", revision=theirs.revision
    )
    assert a.item(item.id).sync_base is None  # exporting changes nothing


def test_a_tampered_bundle_is_refused_and_named(
    tmp_path: Path, pair: tuple[Laptop, Laptop, Announcement]
) -> None:
    a, b, item = pair
    a.edit(item.id, summary="A's edit.")
    bundle = a.export()
    items = bundle / "data" / "items.json"
    items.write_text(items.read_text().replace("A's edit.", "Forged."), encoding="utf-8")
    plan = plan_import([bundle], b.workspace)
    [action] = plan.actions
    assert action.problem and action.source == str(bundle)
    assert "not an intact Noticeboard bundle" in action.reason
    assert "data/items.json: altered" in action.reason
    assert b.item(item.id).summary == "Original."


def test_a_bundle_folder_imports_items_not_its_markdown(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    a, _, item = pair
    c = Laptop("c", a.folder)
    plan = c.import_(a.export())
    assert _actions(plan) == [Action.ADD]
    assert plan.actions[0].source.endswith("data/items.json")
    assert c.item(item.id).id == item.id


def test_a_bundle_inside_a_folder_is_imported_as_a_bundle(
    pair: tuple[Laptop, Laptop, Announcement], tmp_path: Path
) -> None:
    a, _, item = pair
    shared = tmp_path / "shared"
    shared.mkdir()
    a.export().rename(shared / "from-a")  # an unpacked bundle among other files
    (shared / "note.md").write_text("---\ntitle: A note\n---\nHello.\n", encoding="utf-8")
    c = Laptop("c", tmp_path)
    plan = plan_import([shared], c.workspace, policy=Policy.ASK)
    sources = sorted(planned.source for planned in plan.actions)
    assert len(sources) == 2, sources  # the bundle's item and the note: no FORMAT.md, no content/
    assert sources[0].endswith("data/items.json") and sources[1].endswith("note.md")
    apply_plan(c.workspace, plan, author="c")
    assert c.item(item.id).title == item.title


def _bundle_with_pictures(tmp_path: Path) -> tuple[Path, Announcement]:
    with Workspace.open(tmp_path / "a") as workspace:
        assert workspace.media_dir is not None
        (workspace.media_dir / "photos").mkdir()
        (workspace.media_dir / "photos" / "forum.png").write_bytes(PNG)
        (workspace.media_dir / "inline.png").write_bytes(PNG + b"inline")
        item = workspace.save(
            Announcement(
                title="Pictured",
                image="photos/forum.png",
                image_alt="The hall",
                body="See ![the room](media/inline.png).",
            )
        )
        files = build_bundle(
            workspace.items(), workspace_id="a", media=folder_reader(workspace.media_dir)
        )
    target = tmp_path / "a.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return target, item


def test_pictures_come_with_their_items(tmp_path: Path) -> None:
    bundle, item = _bundle_with_pictures(tmp_path)
    with Workspace.open(tmp_path / "b") as workspace:
        assert workspace.media_dir is not None
        plan = plan_import([bundle], workspace)
        assert {m.path for m in plan.actions[0].media} == {"photos/forum.png", "inline.png"}
        result = apply_plan(workspace, plan)
        assert result.media_copied == 2 and result.notes == []
        assert (workspace.media_dir / "photos" / "forum.png").read_bytes() == PNG
        assert (workspace.media_dir / "inline.png").read_bytes() == PNG + b"inline"
        assert workspace.get(item.id).image == "photos/forum.png"


def test_a_different_picture_here_is_kept_and_reported(tmp_path: Path) -> None:
    bundle, _ = _bundle_with_pictures(tmp_path)
    with Workspace.open(tmp_path / "b") as workspace:
        assert workspace.media_dir is not None
        (workspace.media_dir / "inline.png").write_bytes(b"ours")
        result = apply_plan(workspace, plan_import([bundle], workspace))
        assert result.media_copied == 1
        assert result.notes == [
            "media/inline.png: this workspace has a different file; it was kept"
        ]
        assert (workspace.media_dir / "inline.png").read_bytes() == b"ours"


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_and_exchanges_converge(tmp_path: Path, seed: int) -> None:
    import random

    rng = random.Random(seed)
    a, b = Laptop("a", tmp_path / "a"), Laptop("b", tmp_path / "b")
    a.folder.mkdir()
    b.folder.mkdir()
    ids = [a.workspace.save(Announcement(title=f"Item {n}", summary="Start.")).id for n in range(3)]
    b.import_(a.export())
    for step in range(12):
        laptop = rng.choice([a, b])
        kind = rng.choice(["edit", "edit", "exchange"])
        if kind == "edit":
            field = rng.choice(["summary", "body", "tags"])
            value: object = (
                (f"{laptop.name}{step}",) if field == "tags" else f"{laptop.name} {step}."
            )
            laptop.edit(rng.choice(ids), **{field: value})
        else:
            other = b if laptop is a else a
            other.import_(laptop.export(), rng.choice([Policy.KEEP, Policy.REPLACE]))
    # Settle: each side takes the other's once, then it is quiet both ways.
    b.import_(a.export(), Policy.REPLACE)
    a.import_(b.export(), Policy.REPLACE)
    assert contents(a.workspace.items()) == contents(b.workspace.items())
    assert plan_import([a.export()], b.workspace).writes == []
    assert plan_import([b.export()], a.workspace).writes == []


def test_later_revisions_of_the_same_laptop_are_fast_forwards(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    a, b, item = pair
    b.edit(item.id, body="B's first.")
    assert _actions(a.import_(b.export())) == [Action.UPDATE]
    # B goes on editing; its item still says it started from A's original, but it is
    # B's later revision of the version A took: a fast-forward, not a conflict.
    b.edit(item.id, summary="B's second.")
    plan = a.import_(b.export())
    assert _actions(plan) == [Action.UPDATE]
    assert a.item(item.id).summary == "B's second."


def test_a_stale_bundle_never_imported_does_not_go_back(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    a, b, item = pair
    a.edit(item.id, summary="A's second.")
    stale = a.export()  # never imported by B
    a.edit(item.id, summary="A's third.")
    assert _actions(b.import_(a.export())) == [Action.UPDATE]
    plan = b.import_(stale)
    assert _actions(plan) == [Action.SKIP]
    assert "older revision" in plan.actions[0].reason
    assert b.item(item.id).summary == "A's third."


def test_a_site_folder_with_a_web_app_manifest_is_not_a_bundle(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text('{"name": "My site", "icons": []}', encoding="utf-8")
    (site / "post.md").write_text("---\ntitle: Post\n---\n", encoding="utf-8")
    plan = plan_import([site], Workspace.in_memory())
    assert [(a.action, a.item.title if a.item else "") for a in plan.actions] == [
        (Action.ADD, "Post")
    ]


def test_a_folder_with_a_broken_bundle_manifest_is_refused_and_named(tmp_path: Path) -> None:
    bundle = Laptop("a", tmp_path).export()
    (bundle / "manifest.json").write_text("{not json", encoding="utf-8")
    [action] = plan_import([bundle], Workspace.in_memory()).actions
    assert action.problem and "not an intact Noticeboard bundle" in action.reason


def test_an_item_in_the_trash_here_is_skipped_and_the_rest_imported(
    pair: tuple[Laptop, Laptop, Announcement],
) -> None:
    a, b, item = pair
    other = a.workspace.save(Announcement(title="Other", summary="First."))
    b.import_(a.export())
    b.workspace.trash(item.id)
    a.edit(other.id, summary="Second.")
    plan = b.import_(a.export())
    assert sorted(_actions(plan)) == [Action.SKIP, Action.UPDATE]
    assert "in the trash" in plan.of(Action.SKIP)[0].reason
    assert b.item(other.id).summary == "Second."
    assert b.workspace.in_trash(item.id)


def test_a_copy_of_this_workspace_that_diverged_is_a_conflict(tmp_path: Path) -> None:
    # A workspace folder copied (or restored from a backup) keeps its id and revision
    # numbers: equal numbers on both sides say nothing about a common version.
    here, copy = Laptop("a", tmp_path / "here"), Laptop("a", tmp_path / "copy")
    (tmp_path / "here").mkdir()
    (tmp_path / "copy").mkdir()
    item = Announcement(title="Forum", summary="Original.")
    here.workspace.save(item)
    copy.workspace.save(item)
    here.edit(item.id, summary="Edited here.")
    copy.edit(item.id, summary="Edited in the copy.")
    plan = here.import_(copy.export())
    assert _actions(plan) == [Action.CONFLICT]
    assert here.item(item.id).summary == "Edited here."


def test_an_item_damaged_here_is_skipped_and_kept_as_it_is(
    tmp_path: Path, workspace_dir: Path
) -> None:
    a = Laptop("a", tmp_path)
    item = a.workspace.save(Announcement(title="Forum", summary="Theirs."))
    other = a.workspace.save(Announcement(title="Other", summary="Theirs."))
    bundle = a.export()
    with Workspace.open(workspace_dir) as workspace:
        workspace.save(item)
    db = workspace_dir / DB_NAME
    tables = orjson.loads(db.read_bytes())
    tables["items"][str(item.id)]["status"] = "lost"  # a hand edit breaking a rule
    db.write_bytes(orjson.dumps(tables))
    with Workspace.open(workspace_dir) as workspace:
        assert str(item.id) in workspace.damaged
        plan = plan_import([bundle], workspace)
        assert sorted(_actions(plan)) == [Action.ADD, Action.SKIP]
        assert plan.problems and "cannot be read" in plan.problems[0].reason
        apply_plan(workspace, plan)
        assert workspace.get(other.id).summary == "Theirs."
    stored = orjson.loads(db.read_bytes())["items"][str(item.id)]
    assert stored["status"] == "lost"  # not overwritten: it is still there to repair
