"""Table history and undo on Databricks, through the SQL Statement Execution API.

DESCRIBE HISTORY tells which DINO run wrote each commit (its userMetadata) and which run an
undo undid (table properties); RESTORE TABLE / DELETE FROM undo a run. Each statement runs
on the configured SQL warehouse; a warehouse that is starting is waited for.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from databricks.sdk.service.sql import (
    Disposition,
    ExecuteStatementRequestOnWaitTimeout,
    Format,
    StatementResponse,
    StatementState,
)

from dino_desktop.adapters.databricks_client import Workspace, first_line, problem
from dino_desktop.core.models import DinoError
from dino_desktop.core.runs import Commit

log = logging.getLogger(__name__)


class TableMissing(Exception):
    """The statement's table does not exist (TABLE_OR_VIEW_NOT_FOUND)."""


_MISSING = ("TABLE_OR_VIEW_NOT_FOUND", "DELTA_TABLE_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE",
            "SCHEMA_NOT_FOUND")
_RUNNING = (StatementState.PENDING, StatementState.RUNNING)


def quote(*parts: str) -> str:
    """`catalog`.`db`.`table`: each part in backticks (a backtick inside doubled)."""
    return ".".join("`" + p.replace("`", "``") + "`" for p in parts)


def literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Sql:
    """Statements on one SQL warehouse, as rows of {column: text}; waits with the given sleep."""

    def __init__(self, ws: Workspace, warehouse_id: str, *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 timeout_s: float = 600.0) -> None:
        self.ws, self.warehouse_id = ws, warehouse_id
        self._sleep, self._clock, self.timeout_s = sleep, clock, timeout_s

    def rows(self, statement: str) -> list[dict[str, str | None]]:
        """Run one statement; raise TableMissing or a DinoError (engine_sql_failed ...)."""
        if not self.warehouse_id:
            raise problem("config_invalid", reason="azure.databricks_warehouse_id is not set")
        resp = self.ws.call(lambda c: c.statement_execution.execute_statement(
            statement=statement, warehouse_id=self.warehouse_id, wait_timeout="20s",
            on_wait_timeout=ExecuteStatementRequestOnWaitTimeout.CONTINUE,
            format=Format.JSON_ARRAY, disposition=Disposition.INLINE))
        resp = self._wait(resp)
        return self._fetch(resp)

    def _wait(self, resp: StatementResponse) -> StatementResponse:
        """A warehouse that is starting answers PENDING: ask again until it is done."""
        deadline = self._clock() + self.timeout_s
        interval = 1.0
        while resp.status is not None and resp.status.state in _RUNNING:
            if self._clock() >= deadline:
                self.ws.call(lambda c, s=resp.statement_id or "":
                             c.statement_execution.cancel_execution(s))
                raise problem("engine_sql_failed", warehouse=self.warehouse_id,
                              message=f"no answer after {int(self.timeout_s)} s")
            self._sleep(interval)
            interval = min(interval * 1.5, 10.0)
            resp = self.ws.call(lambda c, s=resp.statement_id or "":
                                c.statement_execution.get_statement(s))
        state = resp.status.state if resp.status else None
        if state is not StatementState.SUCCEEDED:
            err = resp.status.error if resp.status else None
            message = (err.message if err else None) or f"statement {state}"
            if any(code in message for code in _MISSING):
                raise TableMissing(message)
            raise problem("engine_sql_failed", warehouse=self.warehouse_id,
                          message=first_line(message))
        return resp

    def _fetch(self, resp: StatementResponse) -> list[dict[str, str | None]]:
        schema = resp.manifest.schema if resp.manifest else None
        names = [c.name or "" for c in (schema.columns or [])] if schema else []
        out: list[dict[str, str | None]] = []
        chunk = resp.result
        while chunk is not None:
            out += [dict(zip(names, row, strict=False)) for row in (chunk.data_array or [])]
            if chunk.next_chunk_index is None:
                break
            chunk = self.ws.call(lambda c, s=resp.statement_id or "", i=chunk.next_chunk_index:
                                 c.statement_execution.get_statement_result_chunk_n(s, i))
        return out


# ---- Delta table history through the warehouse (reconcile, undo)

UNDO_OF, UNDO_COMMIT, RESTORED_TO = "dino.undo_of", "dino.undo_commit", "dino.restored_to"


@dataclass(frozen=True)
class Entry:
    """One row of DESCRIBE HISTORY, with the DINO metadata decoded."""

    version: int
    operation: str
    params: dict[str, Any]  # operationParameters
    meta: dict[str, Any]  # userMetadata, when it is a JSON object
    read_version: int | None


def _json_map(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def entry(row: dict[str, str | None]) -> Entry:
    return Entry(int(row["version"] or 0), str(row.get("operation") or ""),
                 _json_map(row.get("operationParameters")), _json_map(row.get("userMetadata")),
                 _int(row.get("readVersion")))


class DeltaHistory:
    """A table's DINO commits, read with DESCRIBE HISTORY; undo with RESTORE TABLE.

    The Statement Execution API runs each statement in its own session, so a `SET
    spark.databricks.delta.commitInfo.userMetadata` would not reach the RESTORE. An undo is
    therefore recorded by a follow-up commit, `ALTER TABLE ... SET TBLPROPERTIES
    ('dino.undo_of' = <run id>, 'dino.undo_commit' = <the RESTORE's version>, ...)`; a RESTORE
    that lacks it (the follow-up failed) is attributed to the DINO run committed just after
    the version it restored to. Undoing a run that created the table empties it (DELETE FROM).
    """

    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    def entries(self, target: Any, limit: int | None = None) -> list[Entry] | None:
        """Newest first; None when the table does not exist."""
        statement = f"DESCRIBE HISTORY {self.name(target)}" + (f" LIMIT {limit}" if limit else "")
        try:
            rows = self.sql.rows(statement)
        except TableMissing:
            return None
        return sorted(map(entry, rows), key=lambda e: e.version, reverse=True)

    @staticmethod
    def name(target: Any) -> str:
        return quote(target.catalog, target.database, target.table)

    def committed_version(self, target: Any, run_id: str) -> int | None:
        for e in self.entries(target) or []:
            if e.meta.get("dino_run_id") == run_id and e.operation != "RESTORE":
                return e.version
        return None

    def table_version(self, target: Any) -> int | None:
        found = self.entries(target, limit=1)
        return found[0].version if found else None

    def runs_after(self, target: Any, version: int) -> list[Commit]:
        found = [c for c in attribute(self.entries(target) or []) if c.version > version]
        return sorted(found, key=lambda c: c.version)

    def restore(self, target: Any, version: int, run_id: str) -> int:
        """The table as it was at `version` (-1: empty); asking twice restores once."""
        table = str(target)
        history = self.entries(target)
        if not history:
            raise problem("undo_refused", table=table, reason="undo_no_table")
        done = [c.version for c in attribute(history) if c.undo_of == run_id]
        if done:
            return max(done)
        current = history[0].version
        if not -1 <= version < current:
            raise problem("undo_refused", table=table, reason="undo_bad_version")
        name, op = self.name(target), "RESTORE" if version >= 0 else "DELETE"
        try:
            self.sql.rows(f"RESTORE TABLE {name} TO VERSION AS OF {int(version)}"
                          if version >= 0 else f"DELETE FROM {name}")
        except TableMissing as exc:
            raise problem("undo_refused", table=table, reason="undo_no_table") from exc
        except DinoError as err:
            raise problem("undo_refused", table=table,
                          reason=err.problem.params.get("message") or err.problem.code) from err
        made = next((e for e in self.entries(target) or [] if e.operation == op
                     and e.version > current and e.read_version in (current, None)), None)
        if made is None:
            raise problem("undo_refused", table=table, reason="commit not found")
        props = {UNDO_OF: run_id, UNDO_COMMIT: str(made.version), RESTORED_TO: str(version)}
        pairs = ", ".join(f"{literal(k)} = {literal(v)}" for k, v in props.items())
        try:
            self.sql.rows(f"ALTER TABLE {name} SET TBLPROPERTIES ({pairs})")
        except (DinoError, TableMissing) as exc:  # the RESTORE stands; attributed by version
            log.warning("undo of %s on %s: recording it failed: %s", run_id, table, exc)
            return made.version
        marked = [c.version for c in attribute(self.entries(target, limit=20) or [])
                  if c.undo_of == run_id]
        return max(marked, default=made.version)


def attribute(history: list[Entry]) -> list[Commit]:
    """Which DINO run wrote each commit, or which run it undid."""
    by_version = {e.version: e for e in history}
    runs = {e.version: e.meta.get("dino_run_id") if e.operation != "RESTORE" else None
            for e in history}
    undo: dict[int, str | None] = {e.version: e.meta.get("dino_undo_of") for e in history}
    for e in history:
        if e.operation != "SET TBLPROPERTIES":
            continue
        props = _json_map(e.params.get("properties"))
        of = props.get(UNDO_OF)
        if isinstance(of, str) and of:
            undo[e.version] = of
            commit = _int(props.get(UNDO_COMMIT))
            if commit in undo:
                undo[commit] = of  # type: ignore[index]
    for e in history:
        if e.operation == "RESTORE" and not undo[e.version]:
            to = _int(e.params.get("version"))
            after = by_version.get(to + 1) if to is not None else None
            if after is not None and after.operation != "RESTORE":
                undo[e.version] = after.meta.get("dino_run_id")
    return [Commit(v, runs[v], undo[v]) for v in sorted(by_version)]
