"""The job: one staged manifest into its table, exactly once, all or nothing.

Order matters: everything that can refuse the run (the manifest, names, who may write there,
the parts' row count, duplicate merge keys, the schema) is checked before the one call that
writes.
A run already in the table's history is reported as replayed and not written again.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from pyspark.sql import SparkSession

from dino_spark_job import manifest as manifest_mod
from dino_spark_job.access import Gate, gate_from_environment
from dino_spark_job.locations import folder_of, join, read_file, read_text, write_text
from dino_spark_job.problems import JobProblem
from dino_spark_job.shape import check_unique_keys, frame, plan, table_keys
from dino_spark_job.tables import Commit, TableStore, store_for

RESULT_FILE = "_result.json"
WRITE_ATTEMPTS = 4  # a commit that loses a race with another writer is planned and tried again
ACTIONS = ("write",)


def run_job(spark: SparkSession, manifest: str, run_id: str | None = None,
            action: str = "write", *, store: TableStore | None = None,
            now: dt.datetime | None = None, job_run_id: str | None = None,
            access: Gate | None = None) -> dict[str, Any]:
    """Write the manifest's run; the result (also in `_result.json` beside the manifest).
    `job_run_id` is this Databricks job run's id (who started it is checked against IT's
    access list, DINO_ACCESS_LIST); `access` replaces that set-up (tests)."""
    started = time.monotonic()
    if action not in ACTIONS:
        raise JobProblem("engine_action_unknown", action=action)
    folder = folder_of(manifest)
    try:
        gate = access if access is not None else gate_from_environment(
            lambda location: read_file(spark, location), job_run_id or None)
        result = _write(spark, manifest, run_id or None, store or store_for(spark), now, gate)
    except JobProblem as exc:
        _record(spark, folder, {"run_id": run_id, "problem": exc.payload()})
        raise
    result["seconds"] = round(time.monotonic() - started, 3)
    _record(spark, folder, result)
    return result


def _write(spark: SparkSession, manifest: str, run_id: str | None, store: TableStore,
           now: dt.datetime | None, gate: Gate) -> dict[str, Any]:
    doc = manifest_mod.parse(read_text(spark, manifest))
    if run_id is not None and run_id != doc["run_id"]:
        raise JobProblem("engine_run_id_mismatch", run_id=run_id, manifest_run_id=doc["run_id"])
    run_id = doc["run_id"]
    target = manifest_mod.target(doc)
    gate.check(doc)  # before anything is read or written: a modified client cannot skip it
    if gate.rules is not None:
        log(f"run {run_id}: the access list {gate.source} lets its user {doc['mode']} {target}")
    log(f"run {run_id}: {doc['rows']} rows, {doc['mode']} into {target} ({store.kind} table)")
    done = store.find_run(target, run_id)
    if done is not None:
        log(f"run {run_id} is already in {target} (version {done}): nothing written")
        return _result(doc, store, target, done, replayed=True)
    folder = folder_of(manifest)
    parts = spark.read.parquet(*[join(folder, p["path"]) for p in doc["parts"]])
    found = parts.count()
    if found != doc["rows"]:
        raise JobProblem("file_unreadable",
                         reason=f"the parts hold {found} rows, the manifest says {doc['rows']}")
    if doc["mode"] == "merge":
        check_unique_keys(parts, doc["keys"], str(target))
    commit = Commit(run_id, {"dino_run_id": run_id, "dino_rows": str(doc["rows"]),
                             "dino_source": doc["source"]["name"],
                             "dino_user": doc.get("user") or "", "dino_mode": doc["mode"]})
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        table = store.schema(target)  # again after a lost race: the winner may have changed it
        out = plan(doc, table, fill_missing=not (doc["mode"] == "merge" and table is not None))
        rows = frame(parts, out, run_id=run_id, source_file=doc["source"]["name"],
                     ingested_at=now or dt.datetime.now(dt.timezone.utc))
        try:
            store.write(target, rows, mode=doc["mode"], keys=table_keys(out, doc["keys"]),
                        evolve=out.evolve, commit=commit)
            break
        except JobProblem:
            raise
        except Exception as exc:
            done = store.find_run(target, run_id)
            if done is not None:  # another attempt of this very run committed first
                return _result(doc, store, target, done, replayed=True)
            if not is_conflict(exc):
                raise JobProblem("table_write_failed", table=str(target),
                                 reason=_short(exc)) from exc
            if attempt == WRITE_ATTEMPTS:
                raise JobProblem("table_busy", table=str(target), attempts=attempt) from exc
            log(f"another writer changed {target} first; trying again ({attempt})")
    done = store.find_run(target, run_id)
    if done is None:
        raise JobProblem("table_write_failed", table=str(target),
                         reason="the commit is not in the table's history")
    log(f"run {run_id}: {doc['rows']} rows written, {target} is now at version {done}")
    return _result(doc, store, target, done, replayed=False)


def _result(doc: dict[str, Any], store: TableStore, target: manifest_mod.Target, version: int,
            *, replayed: bool) -> dict[str, Any]:
    return {"run_id": doc["run_id"], "rows_written": int(doc["rows"]),
            "version_before": version - 1 if version else None, "version_after": version,
            "replayed": replayed, "table_uri": store.location(target), "table": str(target),
            "store": store.kind}


def _record(spark: SparkSession, folder: str, doc: dict[str, Any]) -> None:
    """The result file the desktop reads when the task output cannot be had."""
    try:
        write_text(spark, join(folder, RESULT_FILE), json.dumps(doc, ensure_ascii=False))
    except Exception as exc:  # the task output still carries the result
        log(f"could not write {RESULT_FILE} beside the manifest: {_short(exc)}")


def is_conflict(exc: BaseException) -> bool:
    """Another writer committed first (Delta's Concurrent*Exception, the stand-in's own)."""
    return "concurrent" in f"{type(exc).__name__} {exc}".lower()


def _short(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    return (lines[0] if lines else type(exc).__name__)[:300]


def log(message: str) -> None:
    print(f"dino_spark_job: {message}", flush=True)
