"""Background work for the GUI: every service call that touches a disk or a network runs here.

A `Task` runs one callable on the shared QThreadPool and reports by signals, which Qt delivers
on the GUI thread. Progress is coalesced (at most one signal per PROGRESS_INTERVAL_S) so a
fast worker cannot flood the event loop; the last progress before the end is always sent.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.05


class Task(QObject):
    """One piece of background work. Connect to its signals before `TaskRunner.submit` returns
    control to the event loop (signals are queued, so nothing is missed)."""

    progress = Signal(object)  # whatever the callable passed to its `progress` argument
    result = Signal(object)
    error = Signal(object)  # the exception
    finished = Signal()  # after result or error, always

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict[str, Any],
                 name: str = "") -> None:
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.name = name or getattr(fn, "__name__", "task")
        self.cancel_event = threading.Event()
        self.done = False
        self._last_emit = 0.0
        self._pending: Any = None
        self._lock = threading.Lock()

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    # ---- called on the worker thread

    def _report(self, value: Any) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last_emit < PROGRESS_INTERVAL_S:
                self._pending = value
                return
            self._last_emit, self._pending = now, None
        self.progress.emit(value)

    def _flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            self.progress.emit(pending)

    def _run(self) -> None:
        kwargs = dict(self.kwargs)
        params = _parameters(self.fn)
        if "progress" in params:
            kwargs.setdefault("progress", self._report)
        if "cancel" in params:
            kwargs.setdefault("cancel", self.cancel_event)
        try:
            value = self.fn(*self.args, **kwargs)
        except BaseException as exc:
            if not isinstance(exc, Exception):
                raise
            log.debug("task %s failed", self.name, exc_info=True)
            self._flush()
            self.error.emit(exc)
        else:
            self._flush()
            self.result.emit(value)
        finally:
            self.done = True
            self.finished.emit()


def _parameters(fn: Callable[..., Any]) -> set[str]:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


WORKER_NICE = 5  # workers yield the CPU to the GUI thread on a busy 2-core machine
_thread_state = threading.local()


def _lower_priority() -> None:
    """Once per pool thread: a higher nice value (Linux/macOS, per thread). Threads the
    work starts (DuckDB's, the hashing thread) inherit it; the GUI thread keeps its own."""
    if getattr(_thread_state, "niced", False) or not hasattr(os, "setpriority"):
        return
    _thread_state.niced = True
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        if sys.platform.startswith("linux"):  # elsewhere the nice value is per process
            _lower_priority()
        self.task._run()


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they finish; `busy` tells the status bar."""

    busy_changed = Signal(int)  # number of tasks running

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._tasks: set[Task] = set()

    def submit(self, fn: Callable[..., Any], *args: Any,
               on_result: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None,
               on_progress: Callable[[Any], None] | None = None,
               on_finished: Callable[[], None] | None = None,
               name: str = "", **kwargs: Any) -> Task:
        """Run `fn(*args, **kwargs)` on a worker. If `fn` takes `progress` or `cancel`
        parameters, they receive a progress callback and the task's cancel event."""
        task = Task(fn, args, kwargs, name)
        if on_progress:
            task.progress.connect(on_progress)
        if on_result:
            task.result.connect(on_result)
        if on_error:
            task.error.connect(on_error)
        if on_finished:
            task.finished.connect(on_finished)
        task.finished.connect(lambda t=task: self._forget(t))
        self._tasks.add(task)
        self.busy_changed.emit(len(self._tasks))
        self.pool.start(_Runnable(task))
        return task

    def _forget(self, task: Task) -> None:
        self._tasks.discard(task)
        self.busy_changed.emit(len(self._tasks))

    @property
    def active(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every worker is done (for shutdown and tests)."""
        return self.pool.waitForDone(msecs)
