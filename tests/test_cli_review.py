"""`noticeboard review BUNDLE` and `noticeboard import NAME.review.json` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.cli import main
from editor.domain.items import Status
from editor.storage import Workspace
from editor.storage.comments import CommentStore
from tests.bundle.review_helpers import edit_body, export, fill, opened, write_review


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_review_of_a_path_that_is_no_bundle_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "review", str(tmp_path / "missing.zip"))
    assert code == 2
    assert "missing.zip: there is no bundle here" in err
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run(capsys, "review", str(tmp_path / "notes.txt"))
    assert code == 2 and "not a bundle" in err


def test_review_without_a_display_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("editor.cli_review.has_display", lambda: False)
    (tmp_path / "b.zip").write_bytes(b"PK")
    code, _, err = run(capsys, "review", str(tmp_path / "b.zip"))
    assert code == 1 and "No display found" in err and "noticeboard verify" in err


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[str, Path, str, str]:
    """(workspace folder, review file, approved id, changes-requested id)."""
    folder = tmp_path / "ws"
    with Workspace.open(folder) as workspace:
        first, second = fill(workspace)
        bundle = opened(export(workspace, tmp_path / "news.zip"), tmp_path)
    path = write_review(bundle, str(first.id), str(second.id))
    return str(folder), path, str(first.id), str(second.id)


def test_import_review_dry_run_changes_nothing(
    reviewed: tuple[str, Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, path, first, second = reviewed
    code, out, err = run(capsys, "--workspace", ws, "import", str(path), "--dry-run")
    assert code == 0, err
    assert "Review by Amina Diallo of news.zip" in out
    assert "'New co-chairs': approved; would be set to approved" in out
    assert "'Forum meeting': changes requested; 1 new comment" in out
    assert out.rstrip().endswith(
        "Dry run: 1 comment to add, 1 item to approve, 1 with changes requested, "
        "0 with comments on an older revision"
    )
    with Workspace.open(Path(ws), read_only=True) as workspace:
        assert workspace.get(first).status is Status.IN_REVIEW
        assert CommentStore(workspace).for_item(second) == []


def test_import_review_then_again(
    reviewed: tuple[str, Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, path, first, second = reviewed
    code, out, _ = run(capsys, "--workspace", ws, "import", str(path))
    assert code == 0
    assert "Imported: 1 comment added, 1 item approved" in out
    code, out, _ = run(capsys, "--workspace", ws, "import", str(path))
    assert code == 0
    assert "1 already imported" in out and "already approved" in out
    assert "Imported: 0 comments added, 0 items approved" in out
    with Workspace.open(Path(ws), read_only=True) as workspace:
        assert workspace.get(first).status is Status.APPROVED
        assert [c.text for c in CommentStore(workspace).for_item(second)] == [
            "Which venue in Geneva?",
            "",
        ]


def test_import_review_points_out_an_outdated_revision(
    reviewed: tuple[str, Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, path, _first, second = reviewed
    with Workspace.open(Path(ws)) as workspace:
        edit_body(workspace, second, "Moved to Lausanne.")
    code, out, err = run(capsys, "--workspace", ws, "import", str(path))
    assert code == 0
    assert "comments on 'Forum meeting' were made on revision 1; it is at revision 2 now" in err
    assert "1 with comments on an older revision" in out


def test_import_a_bad_review_file_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.review.json"
    bad.write_text('{"format": "noticeboard-review", "format_version": 1}')
    code, _, err = run(capsys, "--workspace", str(tmp_path / "ws"), "import", str(bad))
    assert code == 1
    assert "x.review.json is not a valid review" in err and "reviewer" in err
    code, _, err = run(capsys, "--workspace", str(tmp_path / "ws"), "import", str(bad), str(bad))
    assert code == 2 and "one review file at a time" in err
