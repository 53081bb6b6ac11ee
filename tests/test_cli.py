"""The command line: every command and exit code, in-process and as a real program."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

import orjson
import pytest

from editor import __version__
from editor.cli import main
from editor.domain.items import Announcement, Event, Status, item_to_json
from editor.paths import CONFIG_ENV, WORKSPACE_ENV, default_workspace_dir
from editor.preferences import Preferences, save_preferences
from editor.storage import Workspace
from editor.storage.backups import BackupSet
from editor.storage.samples import sample_items
from editor.storage.workspace import BACKUP_DIR, DB_NAME

Item = Announcement | Event

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return orjson.loads(self.out)


class Runner(Protocol):
    def __call__(self, *args: str, stdin: bytes = ...) -> Result: ...


@pytest.fixture(autouse=True)
def _no_config_override(monkeypatch: pytest.MonkeyPatch) -> None:
    # conftest isolates the platform folders; this override would reach past them.
    monkeypatch.delenv(CONFIG_ENV, raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """`noticeboard ARGS...` in-process; main() must return its code, never exit."""

    def run(*args: str, stdin: bytes = b"") -> Result:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def nb(cli: Runner, workspace_dir: Path) -> Runner:
    """The command line on this test's own workspace folder."""

    def run(*args: str, stdin: bytes = b"") -> Result:
        return cli("--workspace", str(workspace_dir), *args, stdin=stdin)

    return run


@pytest.fixture
def open_workspace(workspace_dir: Path) -> Callable[[], Workspace]:
    return lambda: Workspace.open(workspace_dir)


def stored(workspace_dir: Path, ref: str) -> Item:
    with Workspace.open(workspace_dir, read_only=True) as workspace:
        return workspace.find(ref, include_trash=True)


def briefing(**fields: Any) -> Event:
    values: dict[str, Any] = {
        "title": "Online briefing",
        "timezone": "Europe/Brussels",
        "start": "2022-04-13T15:00",
        "end": "2022-04-13T16:00",
        "tags": ["forum"],
        "status": Status.PUBLISHED,
        "venue": {"name": "Hall"},
    }
    return Event.model_validate(values | fields)


@pytest.fixture
def seeded(workspace_dir: Path) -> dict[str, Item]:
    """A closed workspace with four items, by slug."""
    items: list[Item] = [
        Announcement(
            title="Co-chairs for Genève",
            tags=["governance"],
            status=Status.PUBLISHED,
            publish_at=datetime(2022, 5, 30, 9, tzinfo=UTC),
        ),
        Announcement(title="Toolkit launch", summary="A guide to local inclusion.", language="fr"),
        briefing(),
        Event(
            title="Peer learning",
            timezone="Europe/Lisbon",
            all_day=True,
            start="2022-05-17",
            end="2022-05-18",
            body="Newcomers in Genève.",
        ),
    ]
    with Workspace.open(workspace_dir) as workspace, workspace.transaction():
        saved = [workspace.save(item, saved_by="Ana") for item in items]
    return {item.slug: item for item in saved}


def titles(result: Result) -> list[str]:
    assert result.code == 0, result.err
    return sorted(entry["title"] for entry in result.json())


# -- which workspace -------------------------------------------------------------------------


def test_the_default_workspace_starts_with_the_samples(cli: Runner) -> None:
    samples = {str(item.id) for item in sample_items()}
    assert len(samples) == 8

    first = cli("list", "--json")

    assert {entry["id"] for entry in first.json()} == samples
    assert (default_workspace_dir() / DB_NAME).is_file()
    added = cli("add", "announcement", "--title", "Mine")
    assert added.code == 0
    assert len(cli("list", "--json").json()) == len(samples) + 1  # samples added only once


def test_a_new_workspace_option_folder_starts_empty(nb: Runner, workspace_dir: Path) -> None:
    added = nb("add", "announcement", "--title", "Only one")
    assert added.code == 0
    assert titles(nb("list", "--json")) == ["Only one"]
    assert (workspace_dir / DB_NAME).is_file()
    assert not default_workspace_dir().exists()


def test_listing_a_folder_with_no_workspace_fails(nb: Runner, workspace_dir: Path) -> None:
    result = nb("list")
    assert result.code == 1
    assert "no workspace" in result.err.lower()
    assert not workspace_dir.exists()


def test_the_environment_variable_overrides_the_default(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "from-env"))
    assert cli("add", "announcement", "--title", "Via env").code == 0
    assert stored(tmp_path / "from-env", "via-env").title == "Via env"
    assert titles(cli("list", "--json")) == ["Via env"]  # no samples either
    assert not default_workspace_dir().exists()


def test_the_option_overrides_the_environment_variable(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "from-env"))
    option = tmp_path / "from-option"
    assert cli("--workspace", str(option), "add", "announcement", "--title", "Here").code == 0
    assert stored(option, "here").title == "Here"
    assert not (tmp_path / "from-env").exists()


# -- list ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["Co-chairs for Genève", "Online briefing", "Peer learning", "Toolkit launch"]),
        (["--kind", "event"], ["Online briefing", "Peer learning"]),
        (["--kind", "announcement"], ["Co-chairs for Genève", "Toolkit launch"]),
        (["--status", "published"], ["Co-chairs for Genève", "Online briefing"]),
        (["--status", "archived"], []),
        (["--tag", "Forum"], ["Online briefing"]),
        (["--lang", "fr"], ["Toolkit launch"]),
        (["--search", "geneve"], ["Co-chairs for Genève", "Peer learning"]),
        (["--search", "local inclusion"], ["Toolkit launch"]),
        (["--from", "2022-05-01"], ["Co-chairs for Genève", "Peer learning"]),
        (["--to", "2022-05-17"], ["Online briefing", "Peer learning"]),
        (["--from", "2022-05-18", "--to", "2022-05-30"], ["Co-chairs for Genève"]),
        (["--kind", "event", "--status", "published", "--tag", "forum"], ["Online briefing"]),
    ],
)
def test_list_filters(
    nb: Runner, seeded: dict[str, Item], args: list[str], expected: list[str]
) -> None:
    assert titles(nb("list", "--json", *args)) == expected


def test_list_json_is_every_field_of_every_item(nb: Runner, seeded: dict[str, Item]) -> None:
    listed = nb("list", "--json").json()
    assert isinstance(listed, list)
    by_slug = {entry["slug"]: entry for entry in listed}
    assert by_slug.keys() == seeded.keys()
    for slug, item in seeded.items():
        assert set(by_slug[slug]) == set(type(item).model_fields)
        assert by_slug[slug] == item_to_json(item)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--sort", "title", "--ascending"], ["co-chairs-for-geneve", "online-briefing",
                                             "peer-learning", "toolkit-launch"]),
        (["--sort", "title"], ["toolkit-launch", "peer-learning", "online-briefing",
                               "co-chairs-for-geneve"]),
        (["--sort", "date", "--ascending", "--from", "2000-01-01"],
         ["online-briefing", "peer-learning", "co-chairs-for-geneve"]),
    ],
)  # fmt: skip
def test_list_sorting(
    nb: Runner, seeded: dict[str, Item], args: list[str], expected: list[str]
) -> None:
    assert [entry["slug"] for entry in nb("list", "--json", *args).json()] == expected


def test_list_table_shows_ids_that_work(nb: Runner, seeded: dict[str, Item]) -> None:
    result = nb("list", "--sort", "title", "--ascending")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "KIND", "STATUS", "DATE", "LANG", "TITLE"]
    assert lines[-1] == "4 items"
    rows = lines[1:-1]
    assert all(row.endswith(t) for row, t in zip(rows, sorted_titles(seeded), strict=True))
    for row in rows:
        shown_id = row.split()[0]
        assert len(shown_id) >= 8
        assert nb("show", "--json", shown_id).code == 0


def sorted_titles(items: dict[str, Item]) -> list[str]:
    return sorted((item.title for item in items.values()), key=str.casefold)


def test_list_table_of_ids_sharing_their_start(nb: Runner, workspace_dir: Path) -> None:
    # The sample items' ids differ only in their last character.
    ids = ["6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a01", "6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a02"]
    with Workspace.open(workspace_dir) as workspace:
        for number, item_id in enumerate(ids):
            workspace.save(Announcement(id=UUID(item_id), title=f"Item {number}"))
    shown = [row.split()[0] for row in nb("list").out.splitlines()[1:-1]]
    assert sorted(shown) == ids
    assert nb("show", "6f1c2a4e").code == 1


def test_list_of_nothing(nb: Runner, workspace_dir: Path) -> None:
    Workspace.open(workspace_dir).close()
    result = nb("list")
    assert (result.code, result.out) == (0, "0 items\n")


@pytest.mark.parametrize(
    "args", [["--from", "2022-13-01"], ["--kind", "memo"], ["--sort", "size"], ["--bogus"]]
)
def test_list_usage_errors(nb: Runner, seeded: dict[str, Item], args: list[str]) -> None:
    result = nb("list", *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("usage: noticeboard")


# -- show ------------------------------------------------------------------------------------


def test_show_text(nb: Runner, seeded: dict[str, Item]) -> None:
    item = seeded["online-briefing"]
    result = nb("show", "online-briefing")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[:2] == ["Online briefing", "=" * len("Online briefing")]
    for expected in (
        f"id: {item.id}",
        "slug: online-briefing",
        "status: published",
        "when: Wednesday 13 April 2022, 15:00-16:00 CEST",
        "time zone: Europe/Brussels",
        "venue: Hall",
        "tags: forum",
        "revision: 1,",
    ):
        assert any(expected in line for line in lines), expected


def test_show_json_is_every_field(nb: Runner, seeded: dict[str, Item]) -> None:
    for slug, item in seeded.items():
        shown = nb("show", "--json", slug).json()
        assert set(shown) == set(type(item).model_fields)
        assert shown == item_to_json(item)


def test_show_finds_by_id_prefix_and_in_the_trash(
    nb: Runner, seeded: dict[str, Item], workspace_dir: Path
) -> None:
    item = seeded["toolkit-launch"]
    assert nb("show", "--json", str(item.id)[:8]).json()["id"] == str(item.id)
    assert nb("trash", "toolkit-launch").code == 0
    assert nb("show", "--json", "toolkit-launch").json()["id"] == str(item.id)


@pytest.mark.parametrize(
    ("ref", "message"), [("no-such-item", "No item"), ("", "No item"), ("launch", "several")]
)
def test_show_errors(nb: Runner, workspace_dir: Path, ref: str, message: str) -> None:
    with Workspace.open(workspace_dir) as workspace:
        workspace.save(Announcement(title="Launch", language="en"))
        workspace.save(Announcement(title="Launch", language="fr"))
    result = nb("show", ref)
    assert (result.code, result.out) == (1, "")
    assert message in result.err


# -- add -------------------------------------------------------------------------------------


def test_add_announcement(nb: Runner, workspace_dir: Path) -> None:
    result = nb(
        "add", "announcement", "--title", "Launch of the toolkit", "--summary", "A guide.",
        "--tag", "toolkit", "--tag", "inclusion", "--lang", "pt_br", "--status", "in_review",
    )  # fmt: skip
    assert result.code == 0, result.err
    item_id = UUID(result.out.strip())
    item = stored(workspace_dir, str(item_id))
    assert (item.title, item.summary, item.tags) == (
        "Launch of the toolkit",
        "A guide.",
        ("toolkit", "inclusion"),
    )
    assert (item.language, item.status, item.revision) == ("pt-BR", Status.IN_REVIEW, 1)
    assert item.slug == "launch-of-the-toolkit"
    assert item.authors and item.authors[0]


def test_add_uses_the_preferences(nb: Runner, workspace_dir: Path) -> None:
    save_preferences(Preferences(author="Ana Lima", default_language="fr"))
    item_id = nb("add", "announcement", "--title", "Lancement").out.strip()
    item = stored(workspace_dir, item_id)
    assert (item.authors, item.language) == (("Ana Lima",), "fr")
    assert stored(workspace_dir, item_id).status == Status.DRAFT


def test_add_body_from_a_file(nb: Runner, workspace_dir: Path, tmp_path: Path) -> None:
    body = tmp_path / "body.md"
    body.write_bytes("\ufeff# Heading\n\nÉtape **une**.\n".encode())  # with a BOM
    item_id = nb("add", "announcement", "--title", "T", "--body-file", str(body)).out.strip()
    assert stored(workspace_dir, item_id).body == "# Heading\n\nÉtape **une**.\n"


def test_add_body_from_stdin(nb: Runner, workspace_dir: Path) -> None:
    result = nb("add", "announcement", "--title", "T", "--body-file", "-", stdin=b"From *stdin*")
    assert stored(workspace_dir, result.out.strip()).body == "From *stdin*"


def test_add_body_that_cannot_be_read(nb: Runner, tmp_path: Path, workspace_dir: Path) -> None:
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("Étape".encode("latin-1"))
    for source, message in ((latin1, "not UTF-8"), (tmp_path / "missing.md", "Cannot read")):
        result = nb("add", "announcement", "--title", "T", "--body-file", str(source))
        assert result.code == 1
        assert message in result.err
    assert not workspace_dir.exists()


def test_add_event_with_every_option(nb: Runner, workspace_dir: Path) -> None:
    result = nb(
        "add", "event", "--title", "Forum", "--start", "2022-04-13T15:00",
        "--end", "2022-04-13T17:30", "--timezone", "America/Montevideo", "--venue", "Hall",
        "--online-url", "https://example.org/live",
        "--registration-url", "https://example.org/register",
    )  # fmt: skip
    assert result.code == 0, result.err
    item = stored(workspace_dir, result.out.strip())
    assert isinstance(item, Event)
    assert (item.start, item.end) == (datetime(2022, 4, 13, 15), datetime(2022, 4, 13, 17, 30))
    assert item.timezone == "America/Montevideo"
    assert item.venue is not None and item.venue.name == "Hall"
    assert (item.online_url, item.registration_url) == (
        "https://example.org/live",
        "https://example.org/register",
    )
    assert item.attendance == "hybrid"


@pytest.mark.parametrize(
    ("options", "attendance"),
    [
        (["--venue", "Hall"], "in_person"),
        (["--online-url", "https://example.org/live"], "online"),
        (["--online-url", "https://example.org/live", "--attendance", "hybrid"], "hybrid"),
    ],
)
def test_add_event_attendance(
    nb: Runner, workspace_dir: Path, options: list[str], attendance: str
) -> None:
    when = ["--start", "2022-04-13T15:00", "--end", "2022-04-13T16:00"]
    result = nb("add", "event", "--title", "E", *when, *options)
    assert result.code == 0, result.err
    assert stored(workspace_dir, result.out.strip()).model_dump()["attendance"] == attendance


def test_add_all_day_event(nb: Runner, workspace_dir: Path) -> None:
    result = nb(
        "add", "event", "--title", "Visit", "--all-day", "--start", "2022-05-17",
        "--end", "2022-05-18", "--timezone", "Europe/Lisbon",
    )  # fmt: skip
    item = stored(workspace_dir, result.out.strip())
    assert isinstance(item, Event)
    assert (item.all_day, str(item.start), str(item.end)) == (True, "2022-05-17", "2022-05-18")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event", "--title", "E", "--end", "2022-04-13T16:00"], "an event needs --start"),
        (["event", "--title", "E", "--start", "2022-04-13T15:00"], "an event needs --end"),
        (["announcement", "--title", "A", "--start", "2022-04-13T15:00"], "--start"),
        (["announcement", "--title", "A", "--all-day", "--venue", "Hall"], "--all-day, --venue"),
        (["announcement", "--title", "A", "--online-url", "https://x.org"], "only apply to events"),
        (["announcement"], "--title"),
        (["memo", "--title", "M"], "invalid choice"),
    ],
)
def test_add_usage_errors(nb: Runner, workspace_dir: Path, args: list[str], message: str) -> None:
    result = nb("add", *args)
    assert (result.code, result.out) == (2, "")
    assert message in result.err
    assert "usage:" in result.err
    assert not workspace_dir.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2022-04-13T15:00", "--end", "2022-04-13T14:00"],
         "End must be after the start (13 Apr 2022 15:00 CEST) [field: end]"),
        (["--start", "2022-02-30T15:00", "--end", "2022-03-01T14:00"],
         "30 February 2022 does not exist"),
        (["--start", "2022-04-13T15:00", "--end", "2022-04-13T16:00", "--timezone", "Mars/Base"],
         "[field: timezone]"),
        (["--start", "2022-04-13T15:00", "--end", "2022-04-13T16:00", "--online-url", "ftp://x"],
         "Online link must be a web address"),
    ],
)  # fmt: skip
def test_add_invalid_event(nb: Runner, workspace_dir: Path, args: list[str], message: str) -> None:
    result = nb("add", "event", "--title", "E", "--timezone", "Europe/Brussels", *args)
    assert (result.code, result.out) == (1, "")
    assert message in result.err
    assert not workspace_dir.exists()  # a rejected item creates no workspace


def test_add_same_title_twice_gets_a_unique_slug(nb: Runner, workspace_dir: Path) -> None:
    ids = [nb("add", "announcement", "--title", "Launch").out.strip() for _ in range(2)]
    assert [stored(workspace_dir, i).slug for i in ids] == ["launch", "launch-2"]


# -- set -------------------------------------------------------------------------------------


def test_set_fields(nb: Runner, seeded: dict[str, Item], workspace_dir: Path) -> None:
    item = seeded["online-briefing"]
    result = nb(
        "set", "online-briefing", "title=Briefing for cities", "tags=forum, cities ,review",
        "venue.city=Brussels", "status=approved", "registration_deadline=2022-04-12",
    )  # fmt: skip
    assert (result.code, result.out) == (0, f"{item.id} revision 2\n"), result.err
    changed = stored(workspace_dir, str(item.id))
    assert isinstance(changed, Event)
    assert changed.title == "Briefing for cities"
    assert changed.slug == "online-briefing"  # a title edit keeps the published address
    assert changed.tags == ("forum", "cities", "review")
    assert changed.venue is not None
    assert (changed.venue.name, changed.venue.city) == ("Hall", "Brussels")
    assert (changed.status, str(changed.registration_deadline)) == (Status.APPROVED, "2022-04-12")


def test_set_empty_values_clear(nb: Runner, workspace_dir: Path) -> None:
    event = briefing(
        summary="Teaser.",
        online_url="https://example.org/live",
        attendance="hybrid",
        image="photos/hall.jpg",
        image_alt="The hall",
    )
    with Workspace.open(workspace_dir) as workspace:
        workspace.save(event)
    result = nb(
        "set", "online-briefing", "summary=", "tags=", "venue=", "image=", "image_alt=",
        "attendance=online",
    )  # fmt: skip
    assert result.code == 0, result.err
    cleared = stored(workspace_dir, "online-briefing")
    assert isinstance(cleared, Event)
    assert (cleared.summary, cleared.tags, cleared.venue) == ("", (), None)
    assert (cleared.image, cleared.image_alt) == (None, "")
    assert nb("set", "online-briefing", "attendance=in_person", "online_url=").code == 0
    assert stored(workspace_dir, "online-briefing").model_dump()["online_url"] is None


@pytest.mark.parametrize("assignment", ["title", "=Briefing", " =x"])
def test_set_malformed_assignment(nb: Runner, seeded: dict[str, Item], assignment: str) -> None:
    result = nb("set", "online-briefing", assignment)
    assert result.code == 2
    assert "expected FIELD=VALUE" in result.err


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("colour=red", "'colour' is not a field of an event"),
        ("id=6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a01", "'id' cannot be changed"),
        ("revision=9", "'revision' cannot be changed"),
    ],
)
def test_set_unknown_or_fixed_field(
    nb: Runner, seeded: dict[str, Item], workspace_dir: Path, assignment: str, message: str
) -> None:
    result = nb("set", "online-briefing", assignment)
    assert result.code == 1
    assert message in result.err
    assert stored(workspace_dir, "online-briefing").revision == 1


@pytest.mark.parametrize(
    ("assignments", "message"),
    [
        (["end=2022-04-13T14:00"], "End must be after the start (13 Apr 2022 15:00 CEST)"),
        (["title="], "Title is required [field: title]"),
        (["timezone=Europe/Nowhere"], "[field: timezone]"),
        (["status=gone"], "Status must be one of"),
        (["all_day=perhaps"], "All day must be yes or no"),
        (["start=2022-03-27T02:30"], "does not exist in Europe/Brussels"),
        (["title=Fine", "slug=Not A Slug"], "[field: slug]"),
    ],
)
def test_set_invalid_value(
    nb: Runner,
    seeded: dict[str, Item],
    workspace_dir: Path,
    assignments: list[str],
    message: str,
) -> None:
    result = nb("set", "online-briefing", *assignments)
    assert (result.code, result.out) == (1, "")
    assert message in result.err
    assert stored(workspace_dir, "online-briefing") == seeded["online-briefing"]


def test_set_a_time_that_happens_twice(nb: Runner, seeded: dict[str, Item]) -> None:
    night = ["start=2022-10-30T02:30", "end=2022-10-30T04:00"]
    unsettled = nb("set", "online-briefing", *night)
    assert unsettled.code == 1
    assert "start_fold=1" in unsettled.err
    assert nb("set", "online-briefing", *night, "start_fold=1").code == 0
    assert nb("show", "--json", "online-briefing").json()["start_fold"] == 1


def test_set_needs_a_live_item(nb: Runner, seeded: dict[str, Item]) -> None:
    assert nb("trash", "online-briefing").code == 0
    result = nb("set", "online-briefing", "title=Back")
    assert result.code == 1
    assert "No item" in result.err


def test_set_slug_taken_by_another_item(nb: Runner, seeded: dict[str, Item]) -> None:
    nb(
        "add",
        "event",
        "--title",
        "Other",
        "--start",
        "2022-04-13T15:00",
        "--end",
        "2022-04-13T16:00",
    )
    result = nb("set", "other", "slug=online-briefing")
    assert result.code == 1
    assert "'online-briefing-2'" in result.err


# -- trash and restore -----------------------------------------------------------------------


def test_trash_and_restore(nb: Runner, seeded: dict[str, Item]) -> None:
    item = seeded["toolkit-launch"]
    trashed = nb("trash", "toolkit-launch")
    assert trashed.code == 0
    assert str(item.id) in trashed.out
    assert "Toolkit launch" not in titles(nb("list", "--json"))

    restored = nb("restore", str(item.id)[:8].upper())

    assert restored.code == 0, restored.err
    assert "slug toolkit-launch" in restored.out
    assert "Toolkit launch" in titles(nb("list", "--json"))
    again = nb("restore", "toolkit-launch")
    assert again.code == 1
    assert "No item in the trash" in again.err


def test_restore_renames_a_slug_taken_meanwhile(nb: Runner, seeded: dict[str, Item]) -> None:
    assert nb("trash", "toolkit-launch").code == 0
    assert nb("add", "announcement", "--title", "Toolkit launch", "--lang", "fr").code == 0
    result = nb("restore", "toolkit-launch")
    assert result.code == 0, result.err
    assert "slug toolkit-launch-2" in result.out


def test_trash_unknown_item(nb: Runner, seeded: dict[str, Item]) -> None:
    result = nb("trash", "nothing-here")
    assert result.code == 1
    assert "No item" in result.err


# -- history ---------------------------------------------------------------------------------


def test_history(nb: Runner, seeded: dict[str, Item]) -> None:
    assert nb("set", "toolkit-launch", "title=Toolkit published").code == 0

    text = nb("history", "toolkit-launch")
    as_json = nb("history", "--json", "toolkit-launch").json()

    lines = text.out.splitlines()
    assert lines[0] == f"Toolkit published ({seeded['toolkit-launch'].id})"
    assert "revision   1" in lines[1] and "Ana" in lines[1]
    assert lines[2].startswith("  revision   2") and lines[2].endswith("(current)")
    assert [(rev["revision"], rev["current"]) for rev in as_json] == [(1, False), (2, True)]
    assert [rev["item"]["title"] for rev in as_json] == ["Toolkit launch", "Toolkit published"]
    assert as_json[0]["saved_by"] == "Ana"
    assert as_json[0]["item"] == item_to_json(seeded["toolkit-launch"])


def test_history_of_unknown_item(nb: Runner, seeded: dict[str, Item]) -> None:
    assert nb("history", "nothing").code == 1


# -- backups ---------------------------------------------------------------------------------


@pytest.fixture
def damaged(seeded: dict[str, Item], workspace_dir: Path) -> Path:
    """The seeded workspace with a good backup of itself, and then a truncated file."""
    db = workspace_dir / DB_NAME
    backups = BackupSet(workspace_dir / BACKUP_DIR)
    good = db.read_bytes()
    backup = backups.folder / backups.name_for(datetime.now(UTC))
    backup.write_bytes(good)
    db.unlink()
    db.write_bytes(good[:100])
    return backup


def test_backups(nb: Runner, seeded: dict[str, Item], workspace_dir: Path) -> None:
    listed = nb("backups", "--json").json()
    assert listed and all(entry["ok"] for entry in listed)
    assert {"path", "created_at", "ok", "item_count"} <= set(listed[0])
    text = nb("backups")
    assert text.code == 0
    assert listed[0]["path"] in text.out


def test_no_backups(nb: Runner) -> None:
    result = nb("backups")
    assert result.code == 0
    assert "No backups" in result.out
    assert nb("backups", "--json").json() == []


def test_a_damaged_workspace_names_its_backup(nb: Runner, damaged: Path) -> None:
    for command in (["list"], ["add", "announcement", "--title", "New"]):
        result = nb(*command)
        assert result.code == 1
        assert str(damaged) in result.err
        assert "4 items" in result.err
        assert "restore-backup" in result.err


def test_restore_backup_newest_good(
    nb: Runner, damaged: Path, seeded: dict[str, Item], workspace_dir: Path
) -> None:
    assert nb("list").code == 1

    result = nb("restore-backup")

    assert result.code == 0, result.err
    assert str(damaged) in result.out
    assert titles(nb("list", "--json")) == sorted(item.title for item in seeded.values())


def test_restore_backup_given_path(nb: Runner, damaged: Path, seeded: dict[str, Item]) -> None:
    result = nb("restore-backup", str(damaged))
    assert result.code == 0, result.err
    assert len(nb("list", "--json").json()) == len(seeded)


@pytest.mark.parametrize("content", [None, b"{", b"[]", b'{"items": {}}'])
def test_restore_backup_refuses_a_bad_backup(
    nb: Runner, seeded: dict[str, Item], tmp_path: Path, content: bytes | None
) -> None:
    candidate = tmp_path / "candidate.json"
    if content is not None:
        candidate.write_bytes(content)
    result = nb("restore-backup", str(candidate))
    assert result.code == 1
    assert str(candidate) in result.err
    assert len(nb("list", "--json").json()) == len(seeded)


def test_restore_backup_without_any_backup(nb: Runner) -> None:
    result = nb("restore-backup")
    assert result.code == 1
    assert "no good backup" in result.err


# -- the program as a whole ------------------------------------------------------------------


def test_version(cli: Runner) -> None:
    result = cli("--version")
    assert (result.code, result.out) == (0, f"noticeboard {__version__}\n")


@pytest.mark.parametrize("args", [["frobnicate"], ["show"], ["--workspace"], ["set", "x"]])
def test_usage_errors(cli: Runner, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith("usage: noticeboard")


def test_help(cli: Runner) -> None:
    result = cli("--help")
    assert result.code == 0
    for command in ("list", "show", "add", "set", "trash", "restore", "history", "backups"):
        assert command in result.out


@pytest.fixture
def locked(seeded: dict[str, Item], workspace_dir: Path) -> Iterator[Workspace]:
    with Workspace.open(workspace_dir) as workspace:
        yield workspace


@pytest.mark.parametrize(
    "command",
    [
        ["add", "announcement", "--title", "New"],
        ["set", "toolkit-launch", "title=New"],
        ["trash", "toolkit-launch"],
        ["restore", "toolkit-launch"],
        ["restore-backup", "--yes"],
    ],
)
def test_a_locked_workspace_refuses_changes(
    nb: Runner, locked: Workspace, command: list[str]
) -> None:
    result = nb(*command)
    assert (result.code, result.out) == (1, "")
    assert "is already open" in result.err
    assert "read-only commands" in result.err


def test_a_locked_workspace_can_still_be_read(nb: Runner, locked: Workspace) -> None:
    assert len(nb("list", "--json").json()) == 4
    assert nb("show", "toolkit-launch").code == 0
    assert nb("history", "toolkit-launch").code == 0


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display check is Linux-only")
@pytest.mark.parametrize("args", [["gui"], []])
def test_gui_without_a_display(cli: Runner, no_display: None, args: list[str]) -> None:
    result = cli(*args)
    assert (result.code, result.out) == (1, "")
    assert len(result.err.splitlines()) == 1
    assert "No display found" in result.err


# -- real processes --------------------------------------------------------------------------


def run_program(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, input=stdin.decode(), capture_output=True, text=True, timeout=120, check=False
    )


def test_the_installed_command(workspace_dir: Path) -> None:
    noticeboard = str(BIN / "noticeboard")
    version = run_program(noticeboard, "--version")
    assert (version.returncode, version.stdout) == (0, f"noticeboard {__version__}\n")
    added = run_program(
        noticeboard, "--workspace", str(workspace_dir), "add", "announcement",
        "--title", "From a pipe", "--body-file", "-", stdin=b"Body *text*",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert stored(workspace_dir, added.stdout.strip()).body == "Body *text*"
    unknown = run_program(noticeboard, "frobnicate")
    assert unknown.returncode == 2


def test_python_dash_m(workspace_dir: Path, seeded: dict[str, Item]) -> None:
    listed = run_program(
        sys.executable, "-m", "editor", "--workspace", str(workspace_dir), "list", "--json"
    )
    assert listed.returncode == 0, listed.stderr
    assert len(orjson.loads(listed.stdout)) == len(seeded)
    missing = run_program(
        sys.executable, "-m", "editor", "--workspace", str(workspace_dir), "show", "nope"
    )
    assert (missing.returncode, missing.stdout) == (1, "")
    assert "Traceback" not in missing.stderr


def test_another_process_is_locked_out(locked: Workspace, workspace_dir: Path) -> None:
    result = run_program(
        sys.executable, "-m", "editor", "--workspace", str(workspace_dir),
        "set", "toolkit-launch", "title=Other",
    )  # fmt: skip
    assert result.returncode == 1
    assert f"open in another Noticeboard (process {os.getpid()}" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_warns_about_a_stored_item_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    assert main(["--workspace", str(folder), "add", "announcement", "--title", "Kept"]) == 0
    db = folder / "noticeboard.json"
    tables = orjson.loads(db.read_bytes())
    broken_id = "0b6c1f8e-0000-4000-8000-000000000000"
    tables["items"][broken_id] = {"id": broken_id, "kind": "poster"}
    db.write_bytes(orjson.dumps(tables))
    capsys.readouterr()

    assert main(["--workspace", str(folder), "list"]) == 0
    out, err = capsys.readouterr()
    assert "Kept" in out and "1 item" in out
    assert broken_id in err and "kept unchanged" in err


def test_restore_backup_over_a_readable_workspace_needs_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    base = ["--workspace", str(folder)]
    assert main([*base, "add", "announcement", "--title", "First"]) == 0
    backups = sorted((folder / "backups").iterdir())
    assert backups, "the first save keeps a backup of the empty workspace"
    assert main([*base, "add", "announcement", "--title", "Second"]) == 0
    capsys.readouterr()

    assert main([*base, "restore-backup", str(backups[0])]) == 1
    err = capsys.readouterr().err
    assert "holds 2 items" in err and "--yes" in err
    assert main([*base, "list"]) == 0 and "2 items" in capsys.readouterr().out

    assert main([*base, "restore-backup", "--yes", str(backups[0])]) == 0
    out = capsys.readouterr().out
    assert "noticeboard.json.replaced-" in out
