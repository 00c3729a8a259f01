"""The local Engine: writes a staged manifest into a Delta table with delta-rs, exactly once.

Tables live at `<lakehouse>/<database>/<table>` (the catalog is ignored locally). The run id
goes into the commit metadata (and an app transaction), so a replayed run is detected in
the table's history and writes nothing. Every check that can refuse a run (duplicate merge
keys, schema conflicts) happens before anything is written; a write that fails or is
cancelled never reaches the commit, so the table is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import duckdb
import pyarrow as pa
from deltalake import CommitProperties, DeltaTable, Transaction, write_deltalake
from deltalake.exceptions import CommitFailedError

from dino_desktop.adapters import fast_append
from dino_desktop.adapters.delta_shape import (
    INGESTED_AT,
    RUN_ID,
    SOURCE_FILE,
    PartStream,
    Plan,
    engine_error,
    plan,
)
from dino_desktop.core import manifest as manifest_mod
from dino_desktop.core.models import Cancelled, DinoError, Problem, Progress, Severity, Target
from dino_desktop.core.runs import Commit, EngineResult
from dino_desktop.core.typesql import ident

ProgressFn = Callable[[Progress], None]
def app_id(run_id: str) -> str:
    """The app transaction id recorded with a run (Spark's txnAppId on the Databricks side)."""
    return f"dino-{run_id}"


def local_path(uri: str | Path) -> Path:
    """A plain path or a file:// URI (file:///C:/x on Windows, file://server/share) as a path."""
    text = str(uri)
    if not text.lower().startswith("file:"):
        return Path(text)
    parsed = urlparse(text)
    host = parsed.netloc if parsed.netloc not in ("", "localhost") else ""
    return Path(url2pathname(f"//{host}{parsed.path}" if host else parsed.path))


def load(path: Path) -> DeltaTable | None:
    return DeltaTable(str(path)) if DeltaTable.is_deltatable(str(path)) else None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _is_conflict(exc: BaseException) -> bool:
    """Lost a race with another writer: reload the table and try again."""
    if isinstance(exc, CommitFailedError):
        return True
    text = str(exc).lower()
    return "concurrent" in text or ("version" in text and "already exists" in text)



class LocalEngine:
    """ports.Engine on delta-rs, in process."""

    def __init__(self, lakehouse: Path, *, max_retries: int = 5,
                 sleep: Callable[[float], None] = time.sleep):
        self.lakehouse = Path(lakehouse)
        self.max_retries = max_retries
        self._sleep = sleep

    # ---- where

    def path(self, target: Target) -> Path:
        return self.lakehouse / target.database / target.table

    def table_uri(self, target: Target) -> str:
        return str(self.path(target))

    # ---- the run

    def run(self, manifest_uri: str, progress: ProgressFn | None = None,
            cancel: threading.Event | None = None) -> EngineResult:
        started = time.monotonic()
        mpath = local_path(manifest_uri)
        doc = manifest_mod.read(mpath)
        folder = mpath if mpath.is_dir() else mpath.parent
        t = doc["target"]
        target = Target(t["database"], t["table"], t["catalog"])
        manifest_mod.check_target(target)
        path, run_id = self.path(target), doc["run_id"]
        parts = [folder / p["path"] for p in doc["parts"]]
        ingested_at = dt.datetime.now(dt.UTC)
        checked_keys = False
        for attempt in range(self.max_retries + 1):
            table = load(path)
            done = _find_run(path, table, run_id)
            if done is not None:
                return self._result(target, done, started, replayed=True)
            if doc["mode"] == "merge" and not checked_keys:
                check_merge_columns(doc)
                check_unique_keys(parts, doc["keys"], str(target))
                checked_keys = True
            merging = doc["mode"] == "merge" and table is not None
            out = plan(doc, table, fill_missing=not merging)
            stream = PartStream(parts, doc["rows"], out,
                             {RUN_ID: run_id, INGESTED_AT: ingested_at,
                              SOURCE_FILE: doc["source"]["name"]}, progress, cancel)
            stream.check_cancel()
            try:
                self._write(path, table, doc, out, stream.reader(), merging, parts, cancel,
                            progress)
            except Cancelled:
                raise
            except Exception as exc:
                if stream.error is not None:
                    raise _stream_error(stream.error, str(target)) from exc
                done = _find_run(path, load(path), run_id)
                if done is not None:  # another writer committed this very run first, or
                    #                   ours went in and a post-commit step failed
                    return self._result(target, done, started, replayed=_is_conflict(exc))
                lost_creation = table is None and load(path) is not None
                if not (_is_conflict(exc) or lost_creation):
                    raise engine_error("table_write_failed", table=str(target),
                                 reason=_short(exc)) from exc
                if attempt == self.max_retries:
                    raise engine_error("table_busy", table=str(target),
                                 attempts=attempt + 1) from exc
                self._sleep(min(0.2 * 2 ** attempt, 5.0) * (0.5 + random.random()))
                continue
            break
        done = _find_run(path, load(path), run_id)
        if done is None:  # cannot happen unless the log was rewritten under us
            raise engine_error("table_write_failed", table=str(target), reason="commit not found")
        if progress:
            progress(Progress("run", 1.0, rows_done=int(doc["rows"]), message="committed"))
        return self._result(target, done, started, replayed=False)

    def _write(self, path: Path, table: DeltaTable | None, doc: dict[str, Any], out: Plan,
               reader: pa.RecordBatchReader, merging: bool,
               parts: list[Path] | None = None, cancel: threading.Event | None = None,
               progress: ProgressFn | None = None) -> None:
        props = self._props(doc, table)
        if not merging and parts and doc["mode"] == "append" and not out.evolve \
                and fast_append.ready(parts, out.schema, doc):
            fast_append.commit(path, table, parts, out.schema, doc, props, cancel, progress)
            return
        self._write_stream(path, table, doc, out, reader, merging, props)

    def _props(self, doc: dict[str, Any], table: DeltaTable | None) -> CommitProperties:
        return CommitProperties(
            custom_metadata={"dino_run_id": doc["run_id"], "dino_rows": str(doc["rows"]),
                             "dino_source": doc["source"]["name"],
                             "dino_user": doc.get("user") or "", "dino_mode": doc["mode"]},
            app_transactions=[Transaction(app_id(doc["run_id"]), 1)],
            # A creation that loses the race must not be retried by delta-rs: it would be
            # committed again as version 1 with its own table id and schema. We retry instead.
            max_commit_retries=0 if table is None else None)

    def _write_stream(self, path: Path, table: DeltaTable | None, doc: dict[str, Any],
                      out: Plan, reader: pa.RecordBatchReader, merging: bool,
                      props: CommitProperties) -> None:
        """Rewrite the parts through delta-rs (casts, merges, overwrites, new columns)."""
        if merging:
            assert table is not None
            predicate = " AND ".join(f"t.{quote(k)} = s.{quote(k)}" for k in
                                     (_table_name(out, k) for k in doc["keys"]))
            (table.merge(reader, predicate, source_alias="s", target_alias="t",
                         merge_schema=out.evolve, streamed_exec=True,
                         commit_properties=props)
             .when_matched_update_all().when_not_matched_insert_all().execute())
            return
        if table is None:
            write_deltalake(str(path), reader, mode="error", name=doc["target"]["table"],
                            commit_properties=props)
            return
        write_deltalake(table, reader, mode="overwrite" if doc["mode"] == "overwrite" else
                        "append", schema_mode="merge" if out.evolve else None,
                        commit_properties=props)

    def _result(self, target: Target, done: tuple[int | None, dict[str, Any]], started: float,
                *, replayed: bool) -> EngineResult:
        version, entry = done
        before = version - 1 if version else None
        return EngineResult(rows_written=int(entry.get("dino_rows") or 0),
                            version_before=before, version_after=version,
                            table_uri=self.table_uri(target), replayed=replayed,
                            seconds=time.monotonic() - started)

    # ---- the table's history

    def committed_version(self, target: Target, run_id: str) -> int | None:
        path = self.path(target)
        done = _find_run(path, load(path), run_id)
        return None if done is None else done[0]

    def table_version(self, target: Target) -> int | None:
        table = load(self.path(target))
        return None if table is None else table.version()

    def runs_after(self, target: Target, version: int) -> list[Commit]:
        return sorted((Commit(v, info.get("dino_run_id"), info.get("dino_undo_of"))
                       for v, info in commits(self.path(target), after=version)),
                      key=lambda c: c.version)

    def restore(self, target: Target, version: int, run_id: str) -> int:
        """Undo: the table as it was at `version`. Asking twice restores once."""
        path = self.path(target)
        table = load(path)
        if table is None:
            raise engine_error("undo_refused", table=str(target), reason="undo_no_table")
        undone = _find_undo(path, run_id)
        if undone is not None:
            return undone
        if not -1 <= version < table.version():
            raise engine_error("undo_refused", table=str(target), reason="undo_bad_version")
        props = CommitProperties(
            custom_metadata={"dino_undo_of": run_id, "dino_restored_to": str(version)},
            max_commit_retries=0)
        try:
            if version == -1:  # the run created the table: it stays, empty, with its history
                table.delete(commit_properties=props)
            else:
                table.restore(version, commit_properties=props)
        except Exception as exc:  # a conflict is not retried: a newer run would be lost
            reason = "undo_table_changed" if _is_conflict(exc) else _short(exc)
            raise engine_error("undo_refused", table=str(target), reason=reason) from exc
        undone = _find_undo(path, run_id)
        if undone is None:
            raise engine_error("undo_refused", table=str(target), reason="commit not found")
        return undone


def quote(name: str) -> str:
    """A column name as delta-rs' SQL parser expects it: in backticks (none inside)."""
    return f"`{name}`"


def _table_name(out: Plan, file_name: str) -> str:
    return next((o for o, s in out.source.items() if s == file_name), file_name)


def _find_undo(path: Path, run_id: str) -> int | None:
    return next((v for v, info in commits(path) if info.get("dino_undo_of") == run_id), None)


def _stream_error(exc: BaseException, table: str) -> BaseException:
    """What a failure while reading the parts means to a person."""
    if isinstance(exc, Cancelled | DinoError):
        return exc
    return engine_error("table_write_failed", table=table, reason=_short(exc))


def commits(path: Path, after: int = -1) -> Iterator[tuple[int, dict[str, Any]]]:
    """(version, commitInfo) newest first, read from the log files themselves.

    DeltaTable.history() numbers its entries by counting down from the latest version it
    sees, which is off by one while another writer commits; file names never are.
    """
    log = path / "_delta_log"
    if not log.is_dir():
        return
    versions = sorted((int(f.name[:-5]) for f in log.iterdir()
                       if f.name.endswith(".json") and f.name[:-5].isdigit()), reverse=True)
    for version in versions:
        if version <= after:
            return
        try:
            with open(log / f"{version:020d}.json", encoding="utf-8") as fh:
                info = next((a["commitInfo"] for a in map(json.loads, filter(str.strip, fh))
                             if "commitInfo" in a), {})
        except FileNotFoundError:  # cleaned up (log retention) while we looked
            continue
        yield version, info


def _find_run(path: Path, table: DeltaTable | None,
              run_id: str) -> tuple[int | None, dict[str, Any]] | None:
    """The commit that wrote `run_id` (version, commit info), if any."""
    if table is None or table.transaction_version(app_id(run_id)) is None:
        return None  # every run records its app transaction: no log scan for a new run
    for version, info in commits(path):
        if info.get("dino_run_id") == run_id and info.get("operation") != "RESTORE":
            return version, info
    return None, {}  # its commit file was cleaned up (log retention); the run did commit


def check_merge_columns(doc: dict[str, Any]) -> None:
    """delta-rs' merge cannot address a column whose name holds a backtick."""
    for col in doc["columns"]:
        if "`" in col["name"]:
            raise DinoError(Problem(Severity.ERROR, "column_name_invalid",
                                    {"name": col["name"], "reason": "bad_chars",
                                     "chars": "'`'"}, fix="rename_column"))


def check_unique_keys(parts: list[Path], keys: list[str], table: str) -> None:
    """Merge keys must identify one row each in the file (NULL keys never match: skipped)."""
    cols = ", ".join(ident(k) for k in keys)
    not_null = " AND ".join(f"{ident(k)} IS NOT NULL" for k in keys)
    files = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in parts) + "]"
    sql = (f"WITH d AS (SELECT {cols} FROM read_parquet({files}) WHERE {not_null} "
           f"GROUP BY ALL HAVING count(*) > 1) SELECT count(*) OVER (), * FROM d LIMIT 1")
    con = duckdb.connect(config={"threads": 2, "memory_limit": "256MB"})
    try:
        row = con.execute(sql).fetchone()
    except duckdb.Error as exc:
        raise engine_error("table_write_failed", table=table, reason=_short(exc)) from exc
    finally:
        con.close()
    if row:
        example = ", ".join(f"{k}={v}" for k, v in zip(keys, row[1:], strict=True))
        raise DinoError(Problem(Severity.ERROR, "table_merge_duplicate_keys",
                                {"table": table, "keys": ", ".join(keys), "count": int(row[0]),
                                 "example": example}, fix="pick_keys"))
