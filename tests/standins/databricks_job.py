"""The Spark job's side of the contract, as tests play it on the stand-in's tables.

`job_work` is an `on_run` hook: it commits the run with the job's commit metadata
(`userMetadata` = JSON with `dino_run_id` ...) and returns the result JSON the job returns as
its task output (and writes as `_result.json`, here into `files`). The end-to-end test can
build its own hook on `spark_commit` that also reads the manifest from Azurite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.standins.databricks_tables import Lakehouse


class FakeTime:
    """A clock and a sleep for the engine: no real waiting; `on_sleep(n)` runs after the
    n-th sleep (to cancel, cut the network, or crash at a chosen poll)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[int], None] | None = None

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep:
            self.on_sleep(len(self.sleeps))


def spark_commit(lake: Lakehouse, table: str, run_id: str, rows: int = 3,
                 operation: str = "WRITE") -> int:
    """A commit as the Spark job makes it: the run id in the commit's userMetadata."""
    meta = json.dumps({"dino_run_id": run_id, "dino_rows": str(rows), "dino_source": "a.csv",
                       "dino_user": "ana", "dino_mode": "append"})
    return lake.table(table).commit(operation, {"mode": "Append"}, meta)


def job_work(lake: Lakehouse, table: str, rows: int = 3, files: dict[str, Any] | None = None
             ) -> Callable[[dict[str, str]], dict[str, Any]]:
    """An on_run hook: commit the run, then return its result (kept in `files` too)."""
    def work(params: dict[str, str]) -> dict[str, Any]:
        version = spark_commit(lake, table, params["run_id"], rows)
        result = {"run_id": params["run_id"], "rows_written": rows,
                  "version_before": version - 1 if version else None, "version_after": version,
                  "replayed": False, "table_uri": lake.table(table).storage_location}
        if files is not None:
            files[params["run_id"]] = result
        return result
    return work
