"""noticeboard --self-test: its steps, its one-line failures, and a real run."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import editor.selftest as selftest
from editor.cli import main as cli_main
from editor.domain.items import Announcement, Event
from editor.selftest import PreviewOutcome, SelfTestFailure, prepare_environment, run_self_test

Item = Announcement | Event


def fake_preview(seen: list[tuple[Item, Path]]) -> selftest.PreviewCheck:
    def check(item: Item, folder: Path, _timeout: float) -> PreviewOutcome:
        seen.append((item, folder))
        return PreviewOutcome(load_ms=12.0, helper_pid=4242, text_length=100)

    return check


def test_prepare_environment_forces_offscreen_and_keeps_chromium_flags() -> None:
    env = {"QT_QPA_PLATFORM": "xcb", "QTWEBENGINE_CHROMIUM_FLAGS": "--lang=fr"}
    prepare_environment(env)
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["QTWEBENGINE_CHROMIUM_FLAGS"] == "--lang=fr --disable-gpu"
    prepare_environment(env)  # twice: the flag is not repeated
    assert env["QTWEBENGINE_CHROMIUM_FLAGS"] == "--lang=fr --disable-gpu"


@pytest.mark.parametrize(("uid", "disabled"), [(0, True), (1000, False)])
def test_the_sandbox_is_disabled_only_for_root(
    monkeypatch: pytest.MonkeyPatch, uid: int, disabled: bool
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: uid, raising=False)
    env: dict[str, str] = {}
    prepare_environment(env)
    assert ("QTWEBENGINE_DISABLE_SANDBOX" in env) is disabled


def test_every_step_reports_a_line() -> None:
    seen: list[tuple[Item, Path]] = []
    out = io.StringIO()
    run_self_test(out, preview_check=fake_preview(seen))
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"self-test: Noticeboard {selftest.__version__}, resources in ")
    assert "created with 8 sample items" in lines[1]
    assert "helper process 4242" in lines[2]
    assert lines[3].startswith("self-test: exported ")
    assert lines[4] == "self-test: the bundle verifies against its manifest"
    assert lines[5].startswith("self-test passed in ")
    ((item, folder),) = seen
    assert item.kind == "event"  # the richest page is the one previewed
    assert folder.name == "workspace"
    assert not folder.exists()  # the temporary workspace is gone afterwards


def test_a_bundle_that_does_not_verify_fails_with_its_first_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from editor.bundle import verify
    from editor.bundle.verify import Problem

    problems = [Problem("altered", "index.html", "altered"), Problem("missing", "a", "gone")]
    monkeypatch.setattr(verify, "verify_bundle", lambda _path: problems)
    with pytest.raises(SelfTestFailure, match=r"does not verify: index.html: altered \(and 1 more"):
        run_self_test(io.StringIO(), preview_check=fake_preview([]))


def test_missing_metadata_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "__version__", selftest.UNKNOWN_VERSION)
    with pytest.raises(SelfTestFailure, match="package metadata is missing"):
        run_self_test(io.StringIO(), preview_check=fake_preview([]))


def test_missing_resources_are_a_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from editor import resources

    monkeypatch.setattr(resources, "resources_root", lambda: tmp_path)
    with pytest.raises(SelfTestFailure, match=r"resources are missing: no templates/base.html"):
        run_self_test(io.StringIO(), preview_check=fake_preview([]))


def test_main_prints_one_line_and_exits_1_on_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(out: io.StringIO) -> None:
        raise OSError("the disk is full\nmore detail")

    monkeypatch.setattr(selftest, "run_self_test", broken)
    monkeypatch.setattr(selftest, "prepare_environment", lambda: None)
    err = io.StringIO()
    assert selftest.main(io.StringIO(), err) == 1
    assert err.getvalue() == "noticeboard: self-test failed: OSError: the disk is full\n"


def test_the_command_line_flag_runs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(selftest, "main", lambda: calls.append("ran") or 7)
    assert cli_main(["--self-test"]) == 7
    assert calls == ["ran"]


@pytest.mark.slow
def test_a_real_self_test_passes(tmp_path: Path) -> None:
    """The whole thing, in a fresh interpreter as a packager would run it."""
    result = subprocess.run(
        [sys.executable, "-m", "editor", "--self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "self-test passed" in result.stdout
    assert "rendered in helper process" in result.stdout
