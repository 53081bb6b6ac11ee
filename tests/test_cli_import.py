"""The `import` command: dry runs, exit codes, --strict, --on-conflict and the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.cli import main
from editor.storage.layout import BACKUP_DIR
from editor.storage.workspace import Workspace


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "one.md").write_text("---\ntitle: One\n---\nFirst.\n", encoding="utf-8")
    (folder / "two.md").write_text('+++\ntitle = "Two"\n+++\nSecond.\n', encoding="utf-8")
    return folder


def _bad(folder: Path) -> None:
    (folder / "bad.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")


def test_import_then_again(tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws")
    code, out, _ = run(capsys, "--workspace", ws, "import", str(files))
    assert code == 0
    assert "Imported: 2 added, 0 updated, 0 unchanged" in out
    code, out, _ = run(capsys, "--workspace", ws, "import", str(files))
    assert code == 0
    assert "0 added, 0 updated, 2 unchanged" in out
    assert list((tmp_path / "ws" / BACKUP_DIR).iterdir())


def test_dry_run_changes_nothing(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    Workspace.open(ws).close()
    before = (ws / "noticeboard.json").read_bytes()
    code, out, _ = run(capsys, "--workspace", str(ws), "import", "--dry-run", str(files))
    assert code == 0
    assert "would add 'One'" in out and out.strip().endswith("2 skipped with problems") is False
    assert "Dry run: 2 to add" in out
    assert (ws / "noticeboard.json").read_bytes() == before


def test_a_bad_file_is_skipped_and_named(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad(files)
    ws = str(tmp_path / "ws")
    code, out, err = run(capsys, "--workspace", ws, "import", str(files))
    assert code == 1
    assert "posts/bad.md:2: is not UTF-8" in err
    assert "2 added" in out and "1 skipped with problems" in out


def test_strict_imports_nothing(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad(files)
    ws = tmp_path / "ws"
    code, out, err = run(capsys, "--workspace", str(ws), "import", "--strict", str(files))
    assert code == 1
    assert "Nothing imported" in out and "--strict" in err
    with Workspace.open(ws) as workspace:
        assert len(workspace) == 0


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--workspace", str(tmp_path), "import", "x", "--on-conflict", "no")
    assert code == 2 and "--on-conflict" in err
    code, _, _ = run(capsys, "--workspace", str(tmp_path), "import")
    assert code == 2


def test_conflicts_are_reported_field_by_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    run(capsys, "--workspace", ws, "add", "announcement", "--title", "Forum", "--summary", "Old.")
    run(capsys, "--workspace", ws, "export", str(tmp_path / "out"), "--status", "draft")
    page = next((tmp_path / "out" / "content").rglob("*.md"))
    page.write_text(page.read_text().replace("Old.", "Theirs."), encoding="utf-8")
    run(capsys, "--workspace", ws, "set", "forum", "summary=Ours.")
    code, out, err = run(capsys, "--workspace", ws, "import", str(page))
    assert code == 1
    assert "summary: here 'Ours.', in the file 'Theirs.'" in out
    assert "--on-conflict" in err
    code, out, _ = run(capsys, "--workspace", ws, "import", str(page), "--on-conflict", "replace")
    assert code == 0
    with Workspace.open(Path(ws)) as workspace:
        assert workspace.find("forum").summary == "Theirs."


def test_a_bundle_from_another_laptop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = str(tmp_path / "one"), str(tmp_path / "two")
    run(capsys, "--workspace", one, "add", "announcement", "--title", "Forum", "--summary", "Old.")
    bundle = str(tmp_path / "one.zip")
    run(capsys, "--workspace", one, "export", bundle, "--status", "draft")
    code, out, _ = run(capsys, "--workspace", two, "import", bundle)
    assert code == 0 and "add 'Forum'" in out and "1 added" in out
    code, out, _ = run(capsys, "--workspace", two, "import", bundle)
    assert code == 0 and "0 added, 0 updated, 1 unchanged" in out
    run(capsys, "--workspace", one, "set", "forum", "summary=New.")
    run(capsys, "--workspace", one, "export", bundle, "--status", "draft")
    code, out, _ = run(capsys, "--workspace", two, "import", bundle)
    assert code == 0 and "1 updated" in out
    with Workspace.open(Path(two)) as workspace:
        assert workspace.find("forum").summary == "New."
