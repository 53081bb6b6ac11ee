"""run_task and LatestOnly: results come back on the GUI thread, cancelled ones never do."""

from __future__ import annotations

import os
import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread, QThreadPool
from pytestqt.qtbot import QtBot

from editor.ui.tasks import HELPER_NICENESS, LatestOnly, ProcessWorker, run_task


def test_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 6 * 7

    def done(result: int) -> None:
        seen["result"] = result
        seen["gui"] = QThread.currentThread() is gui_thread

    handle = run_task(work, done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen == {"worker": False, "result": 42, "gui": True}
    assert handle.done


def test_error_goes_to_on_error_on_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = QThread.currentThread()
    errors: list[tuple[BaseException, bool]] = []

    def work() -> int:
        raise ValueError("bad input")

    run_task(
        work, lambda _: None, lambda e: errors.append((e, QThread.currentThread() is gui_thread))
    )
    qtbot.waitUntil(lambda: bool(errors))
    error, on_gui = errors[0]
    assert isinstance(error, ValueError) and str(error) == "bad input"
    assert on_gui


def test_cancelled_task_delivers_nothing(qtbot: QtBot) -> None:
    release = threading.Event()
    results: list[int] = []

    def work() -> int:
        release.wait(5)
        return 1

    handle = run_task(work, results.append)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: handle.done)
    assert results == []
    assert handle.cancelled


def test_task_cancelled_before_it_starts_does_not_run(qtbot: QtBot) -> None:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    release = threading.Event()
    ran: list[str] = []
    blocker = run_task(lambda: release.wait(5), lambda _: ran.append("blocker"), pool=pool)
    queued = run_task(lambda: ran.append("queued-work"), lambda _: ran.append("queued"), pool=pool)
    queued.cancel()
    release.set()
    qtbot.waitUntil(lambda: blocker.done and queued.done)
    assert ran == ["blocker"]
    pool.waitForDone()


def test_deleted_context_drops_the_result(qtbot: QtBot) -> None:
    release = threading.Event()
    results: list[int] = []
    owner = QObject()
    handle = run_task(lambda: (release.wait(5), 1)[1], results.append, context=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    qtbot.waitUntil(lambda: handle.done)
    assert results == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_latest_only_delivers_just_the_newest_result(qtbot: QtBot) -> None:
    latest: LatestOnly[int] = LatestOnly()
    release = threading.Event()
    delivered: list[int] = []
    started: list[int] = []

    def job(n: int, wait: bool = False) -> int:
        started.append(n)
        if wait:
            release.wait(5)
        return n

    latest.submit(lambda: job(1, wait=True), delivered.append)
    for n in range(2, 10):
        latest.submit(lambda n=n: job(n), delivered.append)  # type: ignore[misc]
    release.set()
    qtbot.waitUntil(lambda: not latest.busy)
    assert delivered == [9]
    # The first one was already running; 2..8 were superseded before they started.
    assert started == [1, 9]


def test_latest_only_never_runs_two_at_once(qtbot: QtBot) -> None:
    latest: LatestOnly[int] = LatestOnly()
    running = 0
    most = 0
    lock = threading.Lock()
    delivered: list[int] = []

    def job(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return n

    for n in range(5):
        latest.submit(lambda n=n: job(n), delivered.append)  # type: ignore[misc]
        qtbot.wait(3)
    qtbot.waitUntil(lambda: not latest.busy)
    assert most == 1
    assert delivered == [4]


def test_latest_only_cancel_drops_everything(qtbot: QtBot) -> None:
    latest: LatestOnly[int] = LatestOnly()
    release = threading.Event()
    delivered: list[int] = []
    latest.submit(lambda: (release.wait(5), 1)[1], delivered.append)
    latest.submit(lambda: 2, delivered.append)
    latest.cancel()
    assert not latest.busy
    release.set()
    latest.submit(lambda: 3, delivered.append)
    qtbot.waitUntil(lambda: not latest.busy)
    qtbot.wait(20)  # let the cancelled first task's (dropped) delivery pass through
    assert delivered == [3]


def test_latest_only_reports_errors(qtbot: QtBot) -> None:
    latest: LatestOnly[int] = LatestOnly()
    errors: list[BaseException] = []

    def boom() -> int:
        raise RuntimeError("render failed")

    latest.submit(boom, lambda _: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "render failed"


@pytest.mark.parametrize("count", [50])
def test_many_tasks_all_arrive(qtbot: QtBot, count: int) -> None:
    results: list[int] = []
    for n in range(count):
        run_task(lambda n=n: n * n, results.append)  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(results) == count)
    assert sorted(results) == [n * n for n in range(count)]


def test_none_true_false_survive_pyside_refcount_bug(qtbot: QtBot) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None per void call and to True per
    emit(); make_none_immortal (called by run_task and the editor widgets) must absorb that."""
    import sys

    from PySide6.QtCore import Signal

    from editor.ui.pyside_fixes import make_none_immortal

    class Emitter(QObject):
        fired = Signal()

    make_none_immortal()
    emitter = Emitter()
    emitter.fired.connect(lambda: None)
    floor = 1 << 39
    for _ in range(20_000):
        emitter.setObjectName("x")  # returns void
        emitter.fired.emit()
    assert sys.getrefcount(None) > floor
    assert sys.getrefcount(True) > floor
    assert sys.getrefcount(False) > floor


@pytest.mark.skipif(not hasattr(os, "nice"), reason="process priorities are POSIX only here")
def test_the_helper_process_runs_below_the_app() -> None:
    # Typing must win the CPU over a preview render on a busy two-core machine.
    worker = ProcessWorker()
    try:
        helper = worker.call(os.nice, 0)
    finally:
        worker.shutdown()
    assert helper == min(os.nice(0) + HELPER_NICENESS, 19)
