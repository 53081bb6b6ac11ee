"""The self-test's Qt step: a real WebEngine load of an item rendered in the helper process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from editor.domain.items import Announcement
from editor.selftest import SelfTestFailure
from editor.ui.selftest_preview import check_preview

# Offscreen there is no OpenGL: WebEngine's GPU probe fails the first time it starts in a
# process (see test_preview.py).
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$",
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
)


def test_the_preview_loads_the_item_rendered_in_another_process(qapp: Any, tmp_path: Path) -> None:
    item = Announcement(title="Mayors\u2019 \u201cself-test\u201d briefing", body="Body *text*.")
    outcome = check_preview(item, tmp_path, 60.0)
    assert outcome.helper_pid != os.getpid()
    assert outcome.text_length > len(item.title)
    assert 0 < outcome.load_ms < 60_000


def test_running_out_of_time_is_a_failure(qapp: Any, tmp_path: Path) -> None:
    with pytest.raises(SelfTestFailure, match="timed out waiting for"):
        check_preview(Announcement(title="Too slow"), tmp_path, 0.0)
