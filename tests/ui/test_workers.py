"""Workers: results, errors, progress and cancel reach the GUI thread by signals."""

from __future__ import annotations

import os
import sys
import threading

import pytest


def test_result_arrives_on_the_gui_thread(qtbot, runner) -> None:
    seen = []
    with qtbot.waitSignal(runner.busy_changed, timeout=5000,
                          check_params_cb=lambda n: n == 0):
        runner.submit(lambda: threading.get_ident(),
                      on_result=lambda tid: seen.append((tid, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen))
    worker, gui = seen[0]
    assert worker != gui and gui == threading.main_thread().ident


def test_errors_progress_and_cancel(qtbot, runner) -> None:
    def work(progress, cancel):
        for i in range(1000):
            progress(i)
            if cancel.wait(0.001):
                raise RuntimeError("stopped")
        return "done"

    got: dict[str, list] = {"progress": [], "error": []}
    task = runner.submit(work, on_progress=got["progress"].append, on_error=got["error"].append)
    qtbot.waitUntil(lambda: bool(got["progress"]), timeout=5000)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.cancel()
    assert [str(e) for e in got["error"]] == ["stopped"]
    values = got["progress"]
    assert values == sorted(values)  # in order, coalesced: far fewer than the 1000 reports
    assert len(values) < 200


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice: Linux")
def test_workers_run_at_a_lower_priority_than_the_gui(qtbot, runner) -> None:
    nice = []
    runner.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()),
                  on_result=nice.append)
    qtbot.waitUntil(lambda: bool(nice), timeout=5000)
    assert nice[0] > os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
