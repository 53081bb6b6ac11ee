"""Markdown with YAML or TOML front matter: Hugo content folders, Jekyll posts, bad files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from editor.domain.items import Announcement, Event, Status, parse_item
from editor.importing.markdown import markdown_candidate
from editor.importing.plan import Action
from editor.importing.planning import plan_import
from editor.importing.sources import SourceError, decode_text
from editor.storage.workspace import Workspace
from tests.export.fixtures import golden_items
from tests.importing.helpers import contents, export_files, import_into


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


def test_hugo_content_folder(tmp_path: Path) -> None:
    site = tmp_path / "content"
    _write(site / "news" / "_index.md", "---\ntitle: News\n---\n")
    _write(
        site / "news" / "co-chairs.md",
        "---\ntitle: New co-chairs\ndate: 2022-04-13T10:00:00+02:00\n"
        "description: Ecuador and Portugal.\ntags: [forum]\ncategories: [governance]\n"
        "draft: true\nweight: 3\nparams:\n  hero: wide\n---\n\nThe **forum** has co-chairs.\n",
    )
    _write(
        site / "news" / "toolkit" / "index.md",
        '+++\ntitle = "Toolkit"\ndate = 2022-05-01\nlang = "fr"\n+++\nBody.\n',
    )
    workspace = Workspace.in_memory()
    plan = import_into(workspace, site)
    assert [a.action for a in plan.actions] == [Action.ADD, Action.ADD]
    chairs = workspace.find("new-co-chairs")
    assert isinstance(chairs, Announcement)
    assert chairs.summary == "Ecuador and Portugal."
    assert chairs.tags == ("forum", "governance")
    assert chairs.status is Status.DRAFT
    assert chairs.publish_at == datetime(2022, 4, 13, 8, 0, tzinfo=UTC)
    assert chairs.body == "The **forum** has co-chairs."
    toolkit = workspace.find("toolkit")
    assert toolkit.language == "fr"
    assert toolkit.status is Status.PUBLISHED
    assert plan.actions[0].extra == {"weight": 3, "params": {"hero": "wide"}}


def test_jekyll_posts_take_date_and_slug_from_the_name(tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    _write(posts / "2022-04-13-new-co-chairs.md", "---\ntitle: Co-chairs named\n---\nText\n")
    _write(posts / "2022-02-30-impossible.md", "---\ntitle: Never\n---\n")
    workspace = Workspace.in_memory()
    plan = import_into(workspace, posts)
    item = workspace.find("new-co-chairs")
    assert item.title == "Co-chairs named"
    assert item.publish_at == datetime(2022, 4, 13, tzinfo=UTC)
    [skipped] = plan.problems
    assert "2022-02-30" in skipped.reason and skipped.source.endswith("impossible.md")


def test_event_front_matter_becomes_an_event() -> None:
    text = (
        "---\ntitle: Briefing\nevent:\n  start: 2022-04-13T15:00:00+02:00\n"
        "  end: 2022-04-13T16:00:00+02:00\n  timezone: Europe/Brussels\n"
        "  attendance: online\n  online_url: https://example.org/join\n  room: B2\n---\n"
    )
    candidate = markdown_candidate(text, "briefing.md")
    assert candidate is not None
    event = parse_item(candidate.data)
    assert isinstance(event, Event)
    assert event.start == datetime(2022, 4, 13, 15, 0)
    assert event.timezone == "Europe/Brussels"
    assert candidate.extra == {"event": {"room": "B2"}}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: [unclosed\n---\n", 3, "broken YAML"),
        ('+++\ntitle = "x"\nbad = \n+++\n', 3, "broken TOML"),
        ("---\ntitle: x\n", 1, "never closed"),
    ],
)
def test_broken_front_matter_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(SourceError) as raised:
        markdown_candidate(text, "post.md")
    assert raised.value.line == line
    assert words in str(raised.value) and str(raised.value).startswith(f"post.md:{line}")


def test_encodings() -> None:
    assert decode_text("\ufeffé".encode(), "a.md") == "é"
    assert decode_text("é".encode("utf-16"), "a.md") == "é"
    with pytest.raises(SourceError, match=r"a\.md:2: is not UTF-8"):
        decode_text(b"ok\n\xe9t\xe9", "a.md")


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    _write(tmp_path / "good.md", "---\ntitle: Good\n---\n")
    _write(tmp_path / "latin1.md", "---\ntitle: \xe9t\xe9\n---\n".encode("latin-1"))
    _write(tmp_path / "bad-date.md", "---\ntitle: Bad\ndate: 2022-13-01\n---\n")
    plan = plan_import(
        [tmp_path / "good.md", tmp_path / "latin1.md", tmp_path / "bad-date.md"],
        Workspace.in_memory(),
    )
    assert len(plan.of(Action.ADD)) == 1
    assert {Path(a.source).name for a in plan.problems} == {"latin1.md", "bad-date.md"}


def test_duplicate_slugs_get_a_suffix(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", "---\ntitle: Same\n---\n")
    _write(tmp_path / "b.md", "---\ntitle: Same\n---\n")
    workspace = Workspace.in_memory()
    plan = import_into(workspace, tmp_path)
    assert sorted(i.slug for i in workspace.items()) == ["same", "same-2"]
    assert "imported as 'same-2'" in plan.actions[1].reason


def test_import_export_import_is_the_identity(tmp_path: Path) -> None:
    first = Workspace.in_memory()
    import_into(first, export_files(golden_items(), tmp_path / "one", "content"))
    assert len(first) == len(golden_items())
    second = Workspace.in_memory()
    import_into(second, export_files(first.items(), tmp_path / "two", "content"))
    assert contents(second.items()) == contents(first.items())


def test_importing_the_same_files_again_changes_nothing(tmp_path: Path) -> None:
    folder = export_files(golden_items(), tmp_path, "content")
    workspace = Workspace.in_memory()
    import_into(workspace, folder)
    again = import_into(workspace, folder)
    assert {a.action for a in again.actions} == {Action.SKIP}
    assert not again.problems


def test_a_hugo_file_edited_and_imported_again_updates_its_item(tmp_path: Path) -> None:
    path = _write(tmp_path / "content" / "news.md", "---\ntitle: News\n---\nOld.\n")
    workspace = Workspace.in_memory()
    import_into(workspace, tmp_path / "content")
    path.write_text("---\ntitle: News\n---\nNew.\n", encoding="utf-8")
    plan = import_into(workspace, tmp_path / "content")
    assert [a.action for a in plan.actions] == [Action.UPDATE]
    assert [i.body for i in workspace.items()] == ["New."]
