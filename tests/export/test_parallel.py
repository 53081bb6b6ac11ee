"""The export's forked helper: same bytes as one process, and a failing helper loses nothing.

Forking is only done from a process without other threads, which a test process running Qt
is not always; so the fork itself is exercised in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from editor.export import parallel

SCRIPT = textwrap.dedent(
    """
    import sys
    from editor.domain.items import ITEMS_ADAPTER
    from editor.export import parallel
    from editor.export.bundle import build_bundle
    from editor.render import markdown_html
    from tests.bench.common import fake_items

    items = ITEMS_ADAPTER.validate_python(fake_items(parallel.MIN_ITEMS + 50))

    def bundle():
        markdown_html.clear_caches()
        return build_bundle(items, workspace_id="test")

    assert parallel.fork_is_safe(), "a fresh interpreter has one thread"
    helped = bundle()
    calls = []
    real_start = parallel.start_side_work
    parallel.start_side_work = lambda *a, **k: calls.append(1) or real_start(*a, **k)
    assert bundle() == helped and calls == [1]

    parallel.fork_is_safe = lambda: False
    alone = bundle()
    assert alone == helped, "the helper changed the bundle"

    # A helper that fails, or dies, leaves the work to this process: same bytes.
    parallel.fork_is_safe = lambda: True
    def broken(*args, **kwargs):
        raise RuntimeError("no calendars today")
    parallel.calendar_files = broken
    assert bundle() == alone
    def killed(sender, *args):
        import os
        os._exit(9)
    parallel._side = killed
    assert bundle() == alone
    print("same bytes")
    """
)


def test_a_forked_helper_gives_the_same_bundle_and_failures_fall_back() -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "same bytes"


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.fork_is_safe()
        assert parallel.start_side_work([], calendar_name="x") is None
    finally:
        stop.set()
        thread.join()


def test_a_small_export_does_not_fork() -> None:
    assert parallel.render_bodies([], calendar_name="x") is None
