"""Two cores for a big export: work handed to a helper forked from this process.

An export is CPU-bound Python (Markdown, templates, iCalendar, YAML), so one process uses
one core. Where it is safe, a helper forked from this process takes a share of the work
while this process does the rest, and sends its result back (Markdown bodies come back as
text and prime the renderer's cache, files as bytes). The result is the same either way:
when the helper cannot run (Windows, macOS, other threads running, a small export) or
fails, this process does the work itself.

Forking is only safe from a process without other threads (a forked child gets one
thread, and a lock another thread held stays held forever); so the command line uses two
cores, and the GUI, which exports from a worker thread, one.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from editor.render import markdown_html

T = TypeVar("T")

# Below this many items a fork costs more than it saves.
MIN_ITEMS = 200
# Share of the bodies the helper renders: a little under half, as it starts a bit later.
HELPER_SHARE = 0.45


def fork_is_safe() -> bool:
    """Whether this process may fork a helper: Linux, and no other thread running.

    The threads are counted by the system: threading.active_count() misses threads Python
    did not start, such as the Qt pool thread the GUI exports from.
    """
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and _system_threads() == 1
    )


def _system_threads() -> int:
    """How many threads this process has, as the system counts them (0 if unknown)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


class Helper(Generic[T]):
    """A forked helper computing one value; result() waits for it, close() stops it."""

    def __init__(self, process: Any, connection: Connection) -> None:
        self._process = process
        self._connection = connection

    def result(self) -> T | None:
        """The helper's value, or None if it failed or died (then do the work here)."""
        try:
            answer = self._connection.recv()
        except (EOFError, OSError):
            answer = None
        finally:
            self.close()
        return answer[0] if isinstance(answer, tuple) else None

    def close(self) -> None:
        self._connection.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def start_in_helper(work: Callable[[], T]) -> Helper[T] | None:
    """Run `work()` in a forked helper (None where forking is not safe or fails)."""
    if not fork_is_safe():
        return None
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_run, args=(sender, work), name="noticeboard-export-helper", daemon=True
    )
    try:
        process.start()
    except OSError:  # out of processes or memory: do it all here
        receiver.close()
        sender.close()
        return None
    sender.close()
    return Helper(process, receiver)


def _run(sender: Connection, work: Callable[[], object]) -> None:
    """In the helper: compute, send the value back (a 1-tuple) or why it failed."""
    try:
        answer: tuple[object] | str = (work(),)
    except Exception as error:  # reported as "no result": the parent does the work
        answer = f"{type(error).__name__}: {error}"
    sender.send(answer)
    sender.close()


def warm_bodies(bodies: Sequence[str]) -> None:
    """Render these Markdown bodies into the renderer's cache, a share of them in a helper.

    Everything after (checks, pages, feeds, the review page) then finds them rendered.
    """
    render = markdown_html.render_markdown
    cold = [body for body in dict.fromkeys(bodies) if not markdown_html.is_primed(body)]
    helper = None
    theirs: list[str] = []
    if len(cold) >= MIN_ITEMS:
        theirs = cold[: int(len(cold) * HELPER_SHARE)]
        helper = start_in_helper(lambda: {body: render(body) for body in theirs})
    ours = cold[len(theirs) :] if helper is not None else cold
    try:
        markdown_html.prime({body: render(body) for body in ours})
        rendered = helper.result() if helper is not None else None
    finally:
        if helper is not None:
            helper.close()
    if helper is not None:
        markdown_html.prime(rendered or {body: render(body) for body in theirs})
