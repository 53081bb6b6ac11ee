"""The self-test's Qt step: render an item in the real preview and wait for the page to load.

Called by editor/selftest.py with the environment already set for offscreen Qt. It uses
the editor's own PreviewView (WebEngine required, no QTextBrowser fallback) with the real
renderer in the helper process, so a frozen build whose multiprocessing start-up, WebEngine
files or resources are broken fails here.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from editor.domain.items import Announcement, Event
from editor.selftest import PreviewOutcome, SelfTestFailure
from editor.ui.preview import PreviewView, render_process

Item = Announcement | Event

_STRAIGHT_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication([sys.argv[0] if sys.argv else "noticeboard"])
    app.setApplicationName("Noticeboard")
    return app


def _wait_for(done: Callable[[], bool], deadline: float, what: str) -> None:
    """Run the event loop until `done()` or the deadline; SelfTestFailure on time-out."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(loop.quit)
    timer.start()
    try:
        while not done():
            if time.monotonic() > deadline:
                raise SelfTestFailure(f"timed out waiting for {what}")
            loop.exec()
    finally:
        timer.stop()


def _helper_pid(deadline: float) -> int:
    """The pid of the preview's helper process: proves it starts (frozen builds included)."""
    future = render_process().submit(os.getpid)
    if future is None:
        raise SelfTestFailure("the preview's helper process could not be started")
    try:
        pid = future.result(timeout=max(0.0, deadline - time.monotonic()))
    except TimeoutError as error:
        raise SelfTestFailure("timed out waiting for the preview's helper process") from error
    except Exception as error:
        raise SelfTestFailure(f"the preview's helper process failed: {error!r}") from error
    if pid == os.getpid():
        raise SelfTestFailure("the preview's helper process is this process")
    return pid


def _plain(text: str) -> str:
    """`text` with typographic quotes made straight, as the renderer's smart quotes are."""
    return text.translate(_STRAIGHT_QUOTES)


def check_preview(item: Item, workspace_dir: Path, timeout_s: float) -> PreviewOutcome:
    """Show `item` in a WebEngine preview; the page's text must hold the item's title."""
    deadline = time.monotonic() + timeout_s
    app = _application()
    try:
        view = PreviewView(engine="web")
    except RuntimeError as error:
        raise SelfTestFailure(str(error)) from error
    loads: list[bool] = []
    failures: list[str] = []
    rendered: list[float] = []
    texts: list[str] = []
    try:
        web = view.web_view()
        if web is None:
            raise SelfTestFailure("the preview has no web view")
        web.loadFinished.connect(loads.append)
        view.rendered.connect(rendered.append)
        view.render_failed.connect(failures.append)
        view.set_workspace_dir(workspace_dir)
        view.resize(900, 700)
        view.show()
        helper = _helper_pid(deadline)

        started = time.perf_counter()
        view.show_item(item)
        view.render_now()
        _wait_for(lambda: bool(rendered or failures), deadline, "the preview page to load")
        load_ms = (time.perf_counter() - started) * 1000
        if failures:
            raise SelfTestFailure(f"the preview failed: {failures[0]}")
        if not any(loads):
            raise SelfTestFailure("the preview page never finished loading")

        web.page().toPlainText(texts.append)
        _wait_for(lambda: bool(texts), deadline, "the preview page's text")
        if _plain(item.title) not in _plain(texts[0]):
            raise SelfTestFailure(f"the preview page does not show the title {item.title!r}")
        return PreviewOutcome(load_ms=load_ms, helper_pid=helper, text_length=len(texts[0]))
    finally:
        view.hide()
        view.deleteLater()
        # Delete the view (and its WebEngine page and profile) now, in the right order,
        # rather than at interpreter exit.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        render_process().shutdown()
