"""The export's forked helpers: same bytes as one process, and a failing helper loses nothing.

Forking is only done from a process without other threads, which a test process running Qt
is not always; so the forks themselves are exercised in a fresh interpreter.
"""

from __future__ import annotations

import _thread
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from editor.export import parallel

SCRIPT = textwrap.dedent(
    """
    import os, sys, tempfile
    from pathlib import Path
    from editor.domain.items import ITEMS_ADAPTER
    from editor.export import parallel
    from editor.export.bundle import build_bundle
    from editor.export.checks import check_items
    from editor.render import markdown_html
    from tests.bench.common import fake_items

    items = ITEMS_ADAPTER.validate_python(fake_items(parallel.MIN_ITEMS + 50))
    marks = Path(tempfile.mkdtemp())
    real_run = parallel._run

    def counted(sender, work):
        (marks / str(os.getpid())).touch()  # in the helper
        real_run(sender, work)

    def bundle():
        markdown_html.clear_caches()
        return build_bundle(items, workspace_id="test")

    assert parallel.fork_is_safe(), "a fresh interpreter has one thread"
    parallel._run = counted
    helped = bundle()
    assert len(list(marks.iterdir())) == 2, "bodies and feeds each had a helper"

    safe = parallel.fork_is_safe
    parallel.fork_is_safe = lambda: False
    alone = bundle()
    assert alone == helped, "the helpers changed the bundle"
    parallel.fork_is_safe = safe

    # Helpers that fail, or die, leave the work to this process: same bytes.
    def failing(sender, work):
        real_run(sender, lambda: 1 / 0)
    parallel._run = failing
    assert bundle() == alone
    def killed(sender, work):
        os._exit(9)
    parallel._run = killed
    assert bundle() == alone

    # The checks warm the renderer, so the bundle after them renders nothing again.
    parallel._run = real_run
    markdown_html.clear_caches()
    check_items(items, now=items[0].updated_at)
    assert all(markdown_html.is_primed(item.body) for item in items)
    print("same bytes")
    """
)


def test_forked_helpers_give_the_same_bundle_and_failures_fall_back() -> None:
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
        assert parallel.start_in_helper(lambda: 1) is None
    finally:
        stop.set()
        thread.join()


def test_no_fork_while_a_thread_unknown_to_threading_runs() -> None:
    # Qt's worker threads (the GUI exports from one) and native threads are not in
    # threading.active_count(); the operating system still sees them.
    stop = _thread.allocate_lock()
    stop.acquire()
    done = _thread.allocate_lock()
    done.acquire()

    def wait() -> None:
        stop.acquire()
        done.release()

    _thread.start_new_thread(wait, ())
    try:
        assert not parallel.fork_is_safe()
        assert parallel.start_in_helper(lambda: 1) is None
    finally:
        stop.release()
        done.acquire()


def test_warming_without_a_helper_renders_here() -> None:
    from editor.render import markdown_html

    markdown_html.clear_caches()
    parallel.warm_bodies(["Some *text*.", "Some *text*.", "Other."])
    assert markdown_html.is_primed("Some *text*.") and markdown_html.is_primed("Other.")
