"""noticeboard export, check and verify: what they write and their exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from editor.bundle.keys import KEYS_ENV, KNOWN_KEYS_FILE, KeyFileError, KnownKeys
from editor.cli import main
from editor.storage import Workspace
from editor.storage.samples import add_samples


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    with Workspace.open(folder) as ws:
        add_samples(ws)
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_zip_then_verify(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle.zip"
    code, stdout, _ = run(capsys, "--workspace", str(workspace), "export", str(out))
    assert code == 0 and "Exported 4 items" in stdout
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert {i["kind"] for i in manifest["items"]} == {"announcement", "event"}
    assert run(capsys, "verify", str(out))[0] == 0


def test_export_twice_gives_the_same_zip(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.zip", "b.zip"):
        assert run(capsys, "--workspace", str(workspace), "export", str(tmp_path / name))[0] == 0
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_export_options(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "folder"
    args = ["--workspace", str(workspace), "export", str(out), "--status", "draft", "--lang", "ar"]
    code, stdout, _ = run(capsys, *args)
    assert code == 0 and "Exported 1 item " in stdout
    assert (out / "index.html").is_file()
    code, stdout, _ = run(
        capsys,
        "--workspace",
        str(workspace),
        "export",
        str(tmp_path / "one"),
        "--ids",
        "annual-mayors-forum-2027",
        "--as-of",
        "2022-01-01T00:00Z",
    )
    assert code == 0 and "Exported 1 item " in stdout
    assert '"created_at": "2022-01-01T00:00:00Z"' in (tmp_path / "one/manifest.json").read_text()


def test_errors_block_the_export(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "--workspace",
                str(workspace),
                "set",
                "launch-of-the-local-inclusion-toolkit",
                "image=missing.jpg",
                "status=approved",
            ]
        )
        == 0
    )
    capsys.readouterr()
    out = tmp_path / "bundle.zip"
    code, _, stderr = run(capsys, "--workspace", str(workspace), "export", str(out))
    assert code == 1
    assert "error: Launch of the Local Inclusion Toolkit: The image has no alt text" in stderr
    assert "nothing was written" in stderr
    assert not out.exists()
    code, stdout, _ = run(capsys, "--workspace", str(workspace), "check", "--json")
    report = json.loads(stdout)
    assert code == 1 and report["errors"] == 2
    assert {f["code"] for f in report["findings"]} >= {"image-without-alt", "missing-media"}


def test_check_passes_with_warnings(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "--workspace", str(workspace), "check")
    assert code == 0
    assert "4 items checked: 0 errors" in stdout


def test_verify_lists_every_problem(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle"
    run(capsys, "--workspace", str(workspace), "export", str(out))
    (out / "feed.atom").write_text("changed")
    (out / "events.ics").unlink()
    code, stdout, _ = run(capsys, "verify", str(out))
    assert code == 1
    assert "events.ics: missing" in stdout and "feed.atom: altered" in stdout
    assert "2 problems" in stdout


def test_usage_errors(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export")[0] == 2
    assert run(capsys, "--workspace", str(workspace), "export", "x.zip", "--as-of", "soon")[0] == 2
    assert run(capsys, "--workspace", str(workspace), "export", "x", "--status", "bogus")[0] == 2
    assert run(capsys, "verify", "/nonexistent/bundle.zip")[0] == 1


def test_export_never_replaces_a_website_with_a_web_app_manifest(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "website"
    (site / "js").mkdir(parents=True)
    (site / "README-do-not-delete.txt").write_text("precious")
    (site / "index.html").write_text("<!DOCTYPE html>")
    (site / "js" / "app.js").write_text("")
    (site / "manifest.json").write_text('{"name": "City of Bergamo"}')
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    code, _, stderr = run(capsys, "--workspace", str(workspace), "export", str(site))
    assert code == 1
    assert f"{site} is a folder that is not a Noticeboard bundle" in stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert (site / "README-do-not-delete.txt").read_text() == "precious"
    # A bundle the export made is replaced, as before.
    out = tmp_path / "bundle"
    assert run(capsys, "--workspace", str(workspace), "export", str(out))[0] == 0
    assert run(capsys, "--workspace", str(workspace), "export", str(out))[0] == 0


def test_verify_says_when_a_new_signer_cannot_be_remembered(
    workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "bundle.zip"
    assert run(capsys, "--workspace", str(workspace), "export", str(out), "--signer", "Ana")[0] == 0

    def full_disk(_self: KnownKeys, path: Path) -> None:
        raise KeyFileError(f"cannot write {path} (No space left on device)")

    monkeypatch.setattr(KnownKeys, "_save", full_disk)
    code, stdout, _ = run(capsys, "verify", str(out))
    assert code == 0 and f"{out}: intact" in stdout
    assert "valid. This is the first bundle from Ana: the key could not be remembered" in stdout


def test_verify_with_unreadable_known_signers_does_not_claim_a_first_use(
    workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "bundle.zip"
    assert run(capsys, "--workspace", str(workspace), "export", str(out), "--signer", "Ana")[0] == 0
    keys = tmp_path / "other-keys"
    keys.mkdir()
    (keys / KNOWN_KEYS_FILE).write_text("garbage")
    monkeypatch.setenv(KEYS_ENV, str(keys))
    code, stdout, stderr = run(capsys, "verify", str(out))
    assert code == 0 and "known signers are not remembered" in stderr
    assert "first bundle" not in stdout
    assert "whether that is the key Ana used before cannot be told" in stdout


def test_base_url_makes_feed_links_absolute(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from editor.preferences import Preferences, save_preferences

    out = tmp_path / "site"
    code, _, err = run(
        capsys, "--workspace", str(workspace), "export", str(out), "--base-url", "https://a.org/n"
    )
    assert code == 0, err
    feed = json.loads((out / "feed.json").read_text())
    assert feed["feed_url"] == "https://a.org/n/feed.json"
    # The preferences' website address is the default.
    save_preferences(Preferences(site_url="https://b.org/"))
    assert run(capsys, "--workspace", str(workspace), "export", str(out))[0] == 0
    assert json.loads((out / "feed.json").read_text())["feed_url"] == "https://b.org/feed.json"
    code, _, err = run(
        capsys, "--workspace", str(workspace), "export", str(out), "--base-url", "a.org"
    )
    assert code == 2 and "--base-url" in err and "website address" in err
