"""Import, export, import again: the same model, extra front matter and status included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from editor.domain.items import Announcement, Event, Status, content_hash, parse_item
from editor.export.bundle import build_bundle
from editor.importing.plan import Action, content_of
from editor.storage.workspace import Workspace
from tests.export.fixtures import PNG, golden_items, read_media
from tests.importing.helpers import contents, export_files, import_into

HUGO_POST = """\
---
title: Forum opens
date: 2022-04-13T15:00:00+02:00
status: approved
weight: 7
params:
  hero: wide
  colours: [red, blue]
aliases: ["/old/forum-opens/"]
image: /images/outside.jpg
---
Body.
"""

HUGO_EVENT = """\
---
title: Briefing
event:
  start: 2022-04-13T15:00:00+02:00
  end: 2022-04-13T16:30:00+02:00
  timezone: Europe/Brussels
  room_code: B-12
outputs: [html, calendar]
---
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _front(data: bytes) -> dict[str, object]:
    header = data.decode().split("---\n")[1]
    loaded = yaml.safe_load(header)
    assert isinstance(loaded, dict)
    return loaded


def test_unknown_front_matter_is_kept_and_written_back(tmp_path: Path) -> None:
    _write(tmp_path / "site" / "post.md", HUGO_POST)
    _write(tmp_path / "site" / "briefing.md", HUGO_EVENT)
    first = Workspace.in_memory()
    import_into(first, tmp_path / "site")
    post = next(i for i in first.items() if isinstance(i, Announcement))
    event = next(i for i in first.items() if isinstance(i, Event))
    assert post.status is Status.APPROVED
    assert post.extra == {
        "weight": 7,
        "params": {"hero": "wide", "colours": ["red", "blue"]},
        "aliases": ["/old/forum-opens/"],
        "image": "/images/outside.jpg",
    }
    assert post.image is None
    assert event.extra == {"outputs": ["html", "calendar"], "event": {"room_code": "B-12"}}

    files = build_bundle(first.items(), workspace_id="one")
    written = {name: _front(data) for name, data in files.items() if name.startswith("content/")}
    post_front = next(f for f in written.values() if f["title"] == "Forum opens")
    assert post_front["weight"] == 7 and post_front["aliases"] == ["/old/forum-opens/"]
    assert post_front["image"] == "/images/outside.jpg"
    assert post_front["status"] == "approved" and post_front["draft"] is False
    event_front = next(f for f in written.values() if f["title"] == "Briefing")
    assert isinstance(event_front["event"], dict) and event_front["event"]["room_code"] == "B-12"
    # And in data/items.json, for other tools.
    assert b'"weight": 7' in files["data/items.json"]

    second = Workspace.in_memory()
    import_into(second, export_files(first.items(), tmp_path / "two", "content"))
    assert contents(second.items()) == contents(first.items())


@pytest.mark.parametrize("status", list(Status))
def test_every_status_comes_back(tmp_path: Path, status: Status) -> None:
    item = Announcement(title="Status check", status=status)
    workspace = Workspace.in_memory()
    import_into(workspace, export_files([item], tmp_path, "content"))
    [back] = workspace.items()
    assert back.status is status


def test_an_image_in_the_media_folder_comes_back_as_its_workspace_path(tmp_path: Path) -> None:
    originals = [i for i in golden_items() if i.image is not None]
    assert originals
    files = build_bundle(originals, workspace_id="one", media=read_media)
    for name, data in files.items():
        if name.startswith("content/"):
            _write(tmp_path / name, data.decode())
    assert any(data == PNG for data in files.values())
    workspace = Workspace.in_memory()
    import_into(workspace, tmp_path / "content")
    back = {i.id: i for i in workspace.items()}
    for original in originals:
        assert (back[original.id].image, back[original.id].image_alt) == (
            original.image,
            original.image_alt,
        )


def test_markdown_round_trip_keeps_the_golden_items(tmp_path: Path) -> None:
    originals = golden_items()
    workspace = Workspace.in_memory()
    plan = import_into(workspace, export_files(originals, tmp_path, "content"))
    assert not plan.problems
    back = {i.id: i for i in workspace.items()}
    for original in originals:
        mine, theirs = content_of(original), content_of(back[original.id])
        if original.publish_at is None:  # `date` is written from the creation time
            theirs["publish_at"] = None
        assert theirs == mine


def test_a_bundle_round_trip_is_the_identity(tmp_path: Path) -> None:
    originals = golden_items()
    files = build_bundle(originals, workspace_id="one", media=read_media)
    folder = tmp_path / "bundle"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    workspace = Workspace.in_memory()
    plan = import_into(workspace, folder)
    assert {a.action for a in plan.actions} == {Action.ADD}
    assert contents(workspace.items()) == contents(originals)
    assert all(
        i.sync_base is not None and i.sync_base.sha256 == content_hash(i) for i in workspace.items()
    )


def test_odd_yaml_and_toml_values_are_kept_as_json() -> None:
    from editor.importing.markdown import markdown_candidate

    yaml_file = "---\ntitle: T\nnan: .nan\nset: !!set {a, b}\nblob: !!binary aGk=\n---\n"
    found = markdown_candidate(yaml_file, "odd.md")
    assert found is not None
    assert found.extra == {"nan": "nan", "set": ["a", "b"], "blob": "b'hi'"}
    toml_file = '+++\ntitle = "T"\nalarm = 07:32:00\nwhen = 1979-05-27\n+++\n'
    found = markdown_candidate(toml_file, "odd.md")
    assert found is not None
    assert found.extra == {"alarm": "07:32:00", "when": "1979-05-27"}
    parse_item(found.data | {"extra": found.extra})
