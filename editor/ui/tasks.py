"""Background work for the GUI: run a function on a thread pool, get its result on the GUI thread.

Every background job in the app goes through `run_task`; `LatestOnly` wraps it for work
where only the newest request matters (the preview render, a search).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot

from editor.ui.pyside_fixes import make_none_immortal

T = TypeVar("T")


class _DeliveryBridge(QObject):
    """Lives on the GUI thread; a queued signal carries finished tasks back to it."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_posted(self, handle: object) -> None:
        if isinstance(handle, TaskHandle):
            handle._deliver()


_bridge: _DeliveryBridge | None = None


def _delivery_bridge() -> _DeliveryBridge:
    global _bridge
    make_none_immortal()
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("run_task needs a QApplication")
    if _bridge is None or not shiboken6.isValid(_bridge):
        _bridge = _DeliveryBridge()
        _bridge.moveToThread(app.thread())
        # A child of the application: deleted with it, and on its thread.
        _bridge.setParent(app)
    return _bridge


class TaskHandle(Generic[T]):
    """One submitted task. After `cancel()` neither callback runs."""

    def __init__(
        self,
        func: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None,
        context: QObject | None,
        bridge: _DeliveryBridge,
    ) -> None:
        self._func: Callable[[], T] | None = func
        self._on_done = on_done
        self._on_error = on_error
        self._context = context
        self._bridge = bridge
        self._lock = threading.Lock()
        self._cancelled = False
        self._delivered = False
        self._outcome: tuple[bool, object] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def done(self) -> bool:
        """True once the task's outcome reached the GUI thread (delivered or dropped)."""
        return self._delivered

    def cancel(self) -> None:
        """Drop the result; a task that has not started yet skips its work too.

        Python cannot stop a function that is already running, so that one runs to its
        end on the worker thread and its result is thrown away.
        """
        with self._lock:
            self._cancelled = True

    # -- worker thread ---------------------------------------------------------------

    def _run(self) -> None:
        with self._lock:
            func, self._func = self._func, None
            skip = self._cancelled
        if func is not None and not skip:
            try:
                self._outcome = (True, func())
            except BaseException as error:  # handed to on_error on the GUI thread
                self._outcome = (False, error)
        if shiboken6.isValid(self._bridge):
            self._bridge.posted.emit(self)

    # -- GUI thread ------------------------------------------------------------------

    def _deliver(self) -> None:
        with self._lock:
            if self._delivered:
                return
            self._delivered = True
            cancelled = self._cancelled
        outcome, self._outcome = self._outcome, None
        if cancelled or outcome is None:
            return
        if self._context is not None and not shiboken6.isValid(self._context):
            return
        ok, value = outcome
        if ok:
            self._on_done(value)  # type: ignore[arg-type]
        elif self._on_error is not None:
            assert isinstance(value, BaseException)
            self._on_error(value)
        else:
            assert isinstance(value, BaseException)
            raise value


def run_task(
    func: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    context: QObject | None = None,
    pool: QThreadPool | None = None,
) -> TaskHandle[T]:
    """Run `func()` on a worker thread, then `on_done(result)` on the GUI thread.

    An exception raised by `func` goes to `on_error` (on the GUI thread); without one it is
    re-raised there, so it is never lost. If `context` has been deleted by the time the
    result arrives, neither callback runs (like the context object of a Qt connection).
    `func` must not touch widgets: it runs on another thread.
    """
    handle = TaskHandle(func, on_done, on_error, context, _delivery_bridge())
    (pool or QThreadPool.globalInstance()).start(handle._run)
    return handle


_Request = tuple[Callable[[], T], Callable[[T], None], Callable[[BaseException], None] | None]


class LatestOnly(Generic[T]):
    """Coalesce requests: at most one task runs, and only the newest request's result arrives.

    While a task runs, newer requests replace each other as "pending". When the running task
    ends, its result is dropped if a newer request came in meanwhile, and the newest pending
    request starts. A burst of requests therefore costs at most two runs, no two run at
    once (they would only compete for the GIL), and a stale result never replaces a fresh one.
    """

    def __init__(self, *, context: QObject | None = None, pool: QThreadPool | None = None) -> None:
        self._context = context
        self._pool = pool
        self._running: TaskHandle[T] | None = None
        self._pending: _Request[T] | None = None
        self._generation = 0

    @property
    def busy(self) -> bool:
        """True while a task runs or waits to run."""
        return self._running is not None or self._pending is not None

    def submit(
        self,
        func: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Ask for `func` to run; supersedes every earlier request not yet delivered."""
        self._generation += 1
        if self._running is None:
            self._start((func, on_done, on_error))
        else:
            self._pending = (func, on_done, on_error)

    def cancel(self) -> None:
        """Forget every request: no callback runs for any of them."""
        self._generation += 1
        self._pending = None
        if self._running is not None:
            self._running.cancel()
            self._running = None

    def _start(self, request: _Request[T]) -> None:
        func, on_done, on_error = request
        generation = self._generation

        def done(result: T) -> None:
            if self._settle(generation):
                on_done(result)

        def failed(error: BaseException) -> None:
            if not self._settle(generation):
                return
            if on_error is None:
                raise error
            on_error(error)

        self._running = run_task(func, done, failed, context=self._context, pool=self._pool)

    def _settle(self, generation: int) -> bool:
        """The running task ended: start the pending one; True if this result is wanted."""
        self._running = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._start(pending)
            return False
        return generation == self._generation


def _start_helper(parent: int) -> None:
    """In the helper process: yield the CPU to the app, and leave when the app is gone."""
    _yield_to_the_app()
    _exit_with_parent(parent)


# How much lower the helper runs than the app: enough that on a busy two-core laptop the
# scheduler lets a keystroke in before the next slice of a preview render.
HELPER_NICENESS = 5


def _yield_to_the_app() -> None:
    nice = getattr(os, "nice", None)  # POSIX only; Windows keeps the normal priority
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(HELPER_NICENESS)


def _exit_with_parent(parent: int) -> None:
    """Leave as soon as the app is gone, however it ended.

    A pool worker waits on a pipe whose other end it holds itself, so it would outlive an
    app that crashed or was killed; this thread notices the parent's exit instead.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class ProcessWorker:
    """A helper process for CPU-heavy pure-Python work, called from a run_task function.

    A worker thread running Python holds the GIL, and then every keystroke waits for it
    (up to the 5 ms switch interval, several times per key). Work sent here runs in another
    interpreter instead, and the thread waiting for it releases the GIL. The process is
    started once and kept (so a renderer's caches stay warm); `func` and its arguments must
    be picklable, so module-level functions of Qt-free modules. If the process cannot be
    started or dies, calls run in the calling thread instead: slower typing, same result.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: Executor | None = None
        self._failed = False

    def _pool(self) -> Executor | None:
        with self._lock:
            if self._executor is None and not self._failed:
                try:
                    # "spawn": forking a process that runs Qt threads is not safe.
                    self._executor = ProcessPoolExecutor(
                        max_workers=1,
                        mp_context=multiprocessing.get_context("spawn"),
                        initializer=_start_helper,
                        initargs=(os.getpid(),),
                    )
                except (OSError, ValueError, NotImplementedError):
                    self._failed = True
            return self._executor

    def submit(self, func: Callable[..., T], *args: object) -> Future[T] | None:
        """Start `func(*args)` in the process without waiting (None if there is none)."""
        pool = self._pool()
        if pool is None:
            return None
        try:
            return pool.submit(func, *args)
        except (BrokenProcessPool, RuntimeError):
            self._give_up()
            return None

    def call(self, func: Callable[..., T], *args: object) -> T:
        """`func(*args)` in the helper process; blocks the calling (worker) thread."""
        future = self.submit(func, *args)
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                self._give_up()
        return func(*args)

    def _give_up(self) -> None:
        with self._lock:
            self._failed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
