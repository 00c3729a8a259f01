"""The History tab's queries over a large run log (SQLite, local profile).

    python bench/bench_history.py               # 100,000 runs
    python bench/bench_history.py --runs 1000000

Writes the runs straight into a fresh run log, then times what the tab asks for: the first
page with its counts (default order, sorted by rows, by user, filtered by state, searched
by text), a page deep in the list, and the Qt model's first page on the offscreen platform
(reload → rows shown). Target: every step under 250 ms at 100,000 runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dino_desktop import config
from dino_desktop.adapters.migrations.schema import runs as runs_table
from dino_desktop.adapters.sql_runlog import run_to_row
from dino_desktop.bootstrap import App, build
from dino_desktop.core.manifest import new_run_id
from dino_desktop.core.runs import RunFilter, RunRecord, RunState
from dino_desktop.ui.history_model import PAGE_SIZE, load_page

TARGET_S = 0.25
STATES = (RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED)


def fill(app: App, n: int) -> None:
    template = run_to_row(RunRecord(
        "x", RunState.SUCCEEDED, "ana@contoso.com", "pc", "f.csv", None, 1000, None, "csv",
        "main", "vendas", "notas", "append", rows=1, cost=0.01))
    base = dt.datetime.now(dt.UTC)
    chunk: list[dict] = []
    with app.runlog.engine.begin() as conn:  # type: ignore[attr-defined]
        for i in range(n):
            created = base - dt.timedelta(seconds=30 * i)
            chunk.append({**template, "run_id": new_run_id(created.timestamp()),
                          "state": STATES[i % 4].value, "created_at": created,
                          "source_name": f"vendas_{i:07d}.csv", "rows": i * 7 % 100_003,
                          "user": f"user{i % 40}@contoso.com", "table": f"t{i % 200}"})
            if len(chunk) == 50_000:
                conn.execute(runs_table.insert(), chunk)
                chunk = []
        if chunk:
            conn.execute(runs_table.insert(), chunk)


def timed(label: str, fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    secs = time.perf_counter() - t0
    print(f"  {label:<34} {secs * 1000:8.1f} ms  {'PASS' if secs < TARGET_S else 'FAIL'}")
    return secs


def model_first_page(app: App) -> None:
    from PySide6.QtWidgets import QApplication

    from dino_desktop.ui.history_model import RunTableModel
    from dino_desktop.ui.workers import TaskRunner

    qapp = QApplication.instance() or QApplication([])
    model = RunTableModel(app.history, TaskRunner())
    model.reload()
    while model.loading:
        qapp.processEvents()
    assert model.rowCount() == PAGE_SIZE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dino-bench-history-") as home:
        env = {"DINO_HOME": home, "DINO_CONFIG": str(Path(home) / "none.toml"),
               "DINO_USER": "bench"}
        app = build(config.load(env=env))
        t0 = time.perf_counter()
        fill(app, args.runs)
        print(f"{args.runs:,} runs written in {time.perf_counter() - t0:.1f} s")
        h = app.history

        def page(flt: RunFilter, order: str = "created_at", offset: int = 0) -> None:
            load_page(h, flt, PAGE_SIZE, offset, order, True, offset == 0)

        steps = [
            ("first page, newest first", lambda: page(RunFilter())),
            ("first page, sorted by rows", lambda: page(RunFilter(), "rows")),
            ("first page, sorted by user", lambda: page(RunFilter(), "user")),
            ("failed runs only", lambda: page(RunFilter(states=(RunState.FAILED,)))),
            ("text search (one file)", lambda: page(RunFilter(text=f"_{args.runs // 2:07d}"))),
            ("a page half-way down", lambda: page(RunFilter(), offset=args.runs // 2)),
            ("Qt model: reload → rows", lambda: model_first_page(app)),
        ]
        worst = max(timed(label, fn) for label, fn in steps)
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
