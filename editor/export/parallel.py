"""Side work for a big export: a forked helper renders part of the bodies and the calendars.

An export is CPU-bound Python (Markdown, templates, iCalendar), so one process uses one
core. Where it is safe, a helper forked from this process renders a share of the bodies
and builds the calendar files while this process renders the rest; the bodies come back
as text and prime the renderer's cache, so everything after uses them as if rendered here.
The result is the same bytes either way: when the helper cannot run (Windows, macOS,
threads running, a small export) or fails, the work is done here.

Forking is only safe from a process without other threads (a forked child gets one
thread, and a lock held by another thread stays held forever), so the GUI, which exports
from a worker thread, does the work in one process.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from editor.export.ics import calendar_files
from editor.export.layout import Entry
from editor.render import markdown_html

# Below this many items the fork costs more than it saves.
MIN_ITEMS = 200
# The helper also builds the calendars (about as long as rendering 40% of the bodies), so
# it renders this share of the bodies and this process the rest.
HELPER_SHARE = 0.3


@dataclass(frozen=True)
class SideResult:
    bodies: dict[str, str]  # Markdown body -> render_markdown(body)
    calendars: dict[str, bytes]  # calendar_files(...)


def fork_is_safe() -> bool:
    """Whether this process may fork a helper: Linux, and no other thread running."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class SideWork:
    """A running helper; result() waits for it, close() stops it if it still runs."""

    def __init__(self, process: Any, connection: Connection, helper_entries: list[Entry]) -> None:
        self._process = process
        self._connection = connection
        self.helper_entries = helper_entries  # whose bodies the helper renders

    def result(self) -> SideResult | None:
        """The helper's work, or None if it failed (then do the work here)."""
        try:
            answer = self._connection.recv()
        except (EOFError, OSError):
            answer = None
        finally:
            self.close()
        return answer if isinstance(answer, SideResult) else None

    def close(self) -> None:
        self._connection.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def render_bodies(entries: Sequence[Entry], *, calendar_name: str) -> dict[str, bytes] | None:
    """Render every entry's body into the renderer's cache, a share of them in a helper.

    Returns the calendar files (calendar_files(entries, name=calendar_name)) when the
    helper built them, else None: then nothing ran in another process.
    """
    side = start_side_work(entries, calendar_name=calendar_name)
    if side is None:
        return None
    try:
        ours = entries[len(side.helper_entries) :]
        markdown_html.prime({e.item.body: markdown_html.render_markdown(e.item.body) for e in ours})
        helped = side.result()
    finally:
        side.close()
    if helped is None:
        return None
    markdown_html.prime(helped.bodies)
    return helped.calendars


def start_side_work(entries: Sequence[Entry], *, calendar_name: str) -> SideWork | None:
    """Fork a helper for `entries` (None when it would not help or is not safe)."""
    if len(entries) < MIN_ITEMS or not fork_is_safe():
        return None
    helper_entries = list(entries[: int(len(entries) * HELPER_SHARE)])
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_side,
        args=(sender, [e.item.body for e in helper_entries], list(entries), calendar_name),
        name="noticeboard-export-helper",
        daemon=True,
    )
    try:
        process.start()
    except OSError:  # out of processes or memory: do it all here
        receiver.close()
        sender.close()
        return None
    sender.close()
    return SideWork(process, receiver, helper_entries)


def _side(sender: Connection, bodies: list[str], entries: list[Entry], name: str) -> None:
    """In the helper: render the bodies and build the calendars, send them back."""
    try:
        rendered = {body: markdown_html.render_markdown(body) for body in bodies}
        answer: SideResult | str = SideResult(rendered, calendar_files(entries, name=name))
    except Exception as error:  # reported as "no result": the parent does the work
        answer = f"{type(error).__name__}: {error}"
    sender.send(answer)
    sender.close()
