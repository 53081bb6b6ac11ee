"""A real editor process killed mid-typing (SIGKILL): the journal holds the typing, and the
next start offers it. Waits on the driver's output lines, never on sleeps."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QListView

from editor.storage import Workspace
from editor.storage.journal import RecoveryJournal
from editor.storage.samples import add_samples
from editor.ui.controller import EditorController
from editor.ui.recovery_dialog import RecoveryDialog
from tests.ui.kill_driver import word
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find, make_window

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
    OFFSCREEN_SIZE_HINTS,
]

REPO = Path(__file__).resolve().parents[2]
TYPING_FOR_S = 3.0  # long enough that some words were typed more than 2 s before the kill
LOSS_BOUND_S = 2.0  # what the issue allows to be lost
START_TIMEOUT_S = 60.0


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[tuple[Path, str, str, Any]]:
    folder = tmp_path / "workspace"
    with Workspace.open(folder) as workspace:
        add_samples(workspace)
        item = next(i for i in workspace.items() if i.kind == "announcement")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ui.kill_driver",
            str(folder),
            item.title,
            str(tmp_path / "state.ini"),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield folder, str(item.id), item.body, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        process.stderr.close()


def test_kill_mid_typing_keeps_all_but_the_last_two_seconds(
    qtbot: Any, driver: tuple[Path, str, str, Any], tmp_path: Path
) -> None:
    folder, item_id, saved_body, process = driver
    assert process.stdout is not None
    received: list[tuple[int, float]] = []  # (words typed, when the line arrived)
    deadline = time.monotonic() + START_TIMEOUT_S
    for line in process.stdout:  # blocks on the driver's output, nothing else
        if line.startswith("typed "):
            received.append((int(line.split()[1]), time.monotonic()))
            if received[-1][1] - received[0][1] >= TYPING_FOR_S:
                break
        assert time.monotonic() < deadline, "the driver did not start typing"
    else:
        pytest.fail(f"the driver stopped: {process.stderr.read() if process.stderr else ''}")
    os.kill(process.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    process.wait()
    assert process.returncode == -signal.SIGKILL

    # Every word whose line arrived 2 s or more before the kill was typed before then.
    must_have = max(n for n, at in received if at <= killed_at - LOSS_BOUND_S)
    typed_all = received[-1][0]
    journal = RecoveryJournal(folder)
    draft = journal.get(item_id)
    assert draft is not None, "no recovery copy after the kill"
    body = str(draft.data["body"])
    expected_prefix = saved_body + "".join(word(n) for n in range(1, must_have + 1))
    assert body.startswith(expected_prefix)
    # Nothing invented: the copy is the text as it was at some moment of the typing.
    everything = saved_body + "".join(word(n) for n in range(1, typed_all + 2))
    assert everything.startswith(body)

    # The next start: the dead process's lock is taken over, and the draft is offered.
    workspace = Workspace.open(folder)
    assert not workspace.read_only
    assert workspace.get(item_id).body == saved_body  # the saved revision is untouched
    controller = EditorController(workspace)
    window = make_window(qtbot, controller, tmp_path / "state2.ini")
    try:
        dialog = window.safety.offer_recovery()
        assert isinstance(dialog, RecoveryDialog)
        drafts = find(dialog, "Unsaved drafts", QListView)
        assert drafts.model().rowCount() == 1
        assert expected_prefix[-20:] in find(dialog, "Differences").toPlainText()
        with qtbot.waitSignal(dialog.finished):
            find(dialog, "Restore draft").click()
        assert workspace.get(item_id).body == body
        assert journal.get(item_id) is None
        # The restore is a new revision; the saved one stays in the history.
        assert [r.item.body for r in workspace.history(item_id)][-2:] == [saved_body, body]
    finally:
        window.close()
        controller.close()
