"""The stand-in's Unity Catalog (2.1) and SQL Statement Execution (2.0) endpoints."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.standins.databricks_tables import Lakehouse, SqlError

_WAIT = re.compile(r"^(0|[5-9]|[1-4][0-9]|50)s$")


@dataclass
class Statement:
    statement_id: str
    text: str
    catalog: str | None
    schema: str | None
    polls_left: int
    state: str = "PENDING"
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    error: SqlError | None = None


class UcRoutes:
    """Knobs: `page_size` (list pages), `chunk_rows` (result chunks), `pending_polls` (polls a
    statement stays PENDING, as while a warehouse starts)."""

    def __init__(self, lake: Lakehouse, warehouses: set[str],
                 api_error: Callable[[int, str, str], Exception]) -> None:
        self.lake, self.warehouses, self.err = lake, warehouses, api_error
        self.page_size = 100
        self.chunk_rows = 1000
        self.pending_polls = 0
        self.statements: dict[str, Statement] = {}
        self._ids = itertools.count(1)

    def routes(self) -> list[tuple[str, str, Callable[[Any, re.Match[str]], Any]]]:
        return [("GET", r"/api/2\.1/unity-catalog/schemas", self.schemas),
                ("GET", r"/api/2\.1/unity-catalog/tables", self.tables),
                ("GET", r"/api/2\.1/unity-catalog/tables/([^/]+)", self.table),
                ("POST", r"/api/2\.0/sql/statements/?", self.execute),
                ("GET", r"/api/2\.0/sql/statements/([^/]+)", self.get_statement),
                ("GET", r"/api/2\.0/sql/statements/([^/]+)/result/chunks/(\d+)", self.chunk),
                ("POST", r"/api/2\.0/sql/statements/([^/]+)/cancel", self.cancel),
                ("GET", r"/api/2\.0/sql/warehouses/([^/]+)", self.warehouse)]

    def warehouse(self, _req: Any, match: re.Match[str]) -> dict[str, Any]:
        wid = match.group(1)
        if wid not in self.warehouses:
            raise self.err(404, "RESOURCE_DOES_NOT_EXIST",
                           f"Unable to find warehouse with id {wid}.")
        return {"id": wid, "name": "dino-warehouse", "state": "RUNNING",
                "cluster_size": "2X-Small"}

    # ---- Unity Catalog

    def _page(self, items: list[Any], req: Any, key: str) -> dict[str, Any]:
        try:
            start = int(req.query.get("page_token") or 0)
            limit = int(req.query.get("max_results") or 0) or self.page_size
        except ValueError:
            raise self.err(400, "INVALID_PARAMETER_VALUE", "Invalid page token") from None
        out: dict[str, Any] = {key: items[start:start + limit]}
        if start + limit < len(items):
            out["next_page_token"] = str(start + limit)
        return out

    def _need(self, req: Any, name: str) -> str:
        value = req.query.get(name)
        if not value:
            raise self.err(400, "INVALID_PARAMETER_VALUE", f"{name} is required")
        return str(value)

    def _catalog(self, name: str) -> set[str]:
        if name not in self.lake.schemas:
            raise self.err(404, "CATALOG_DOES_NOT_EXIST", f"Catalog '{name}' does not exist.")
        return self.lake.schemas[name]

    def schemas(self, req: Any, _: re.Match[str]) -> Any:
        catalog = self._need(req, "catalog_name")
        items = [{"name": s, "catalog_name": catalog, "full_name": f"{catalog}.{s}",
                  "owner": "standin@example.com", "created_at": 1_764_000_000_000}
                 for s in sorted(self._catalog(catalog))]
        return self._page(items, req, "schemas")

    def tables(self, req: Any, _: re.Match[str]) -> Any:
        catalog, schema = self._need(req, "catalog_name"), self._need(req, "schema_name")
        if schema not in self._catalog(catalog):
            raise self.err(404, "SCHEMA_DOES_NOT_EXIST",
                           f"Schema '{catalog}.{schema}' does not exist.")
        omit = str(req.query.get("omit_columns", "")).lower() == "true"
        items = [t.to_json(columns=not omit) for name, t in sorted(self.lake.tables.items())
                 if (t.catalog, t.schema) == (catalog, schema)]
        return self._page(items, req, "tables")

    def table(self, req: Any, m: re.Match[str]) -> Any:
        full = m.group(1)
        parts = full.split(".")
        if len(parts) != 3:
            raise self.err(400, "INVALID_PARAMETER_VALUE",
                           f"Invalid table full name '{full}'")
        if parts[1] not in self._catalog(parts[0]):
            raise self.err(404, "SCHEMA_DOES_NOT_EXIST",
                           f"Schema '{parts[0]}.{parts[1]}' does not exist.")
        table = self.lake.tables.get(full)
        if table is None:
            raise self.err(404, "TABLE_DOES_NOT_EXIST", f"Table '{full}' does not exist.")
        return table.to_json()

    # ---- SQL statements

    def execute(self, req: Any, _: re.Match[str]) -> Any:
        body = req.body if isinstance(req.body, dict) else None
        if body is None:
            raise self.err(400, "MALFORMED_REQUEST", "Invalid JSON given in the body of the "
                           "request - expected a map")
        if not isinstance(body.get("statement"), str) or not body["statement"].strip():
            raise self.err(400, "INVALID_PARAMETER_VALUE", "statement is required")
        warehouse = body.get("warehouse_id")
        if not isinstance(warehouse, str) or not warehouse:
            raise self.err(400, "INVALID_PARAMETER_VALUE", "warehouse_id is required")
        if warehouse not in self.warehouses:
            raise self.err(404, "RESOURCE_DOES_NOT_EXIST",
                           f"Warehouse {warehouse} does not exist.")
        if not _WAIT.match(str(body.get("wait_timeout", "10s"))):
            raise self.err(400, "INVALID_PARAMETER_VALUE", "wait_timeout must be 0s or "
                           "between 5s and 50s")
        if body.get("format", "JSON_ARRAY") != "JSON_ARRAY" \
                or body.get("disposition", "INLINE") != "INLINE":
            raise self.err(400, "INVALID_PARAMETER_VALUE", "the stand-in answers only "
                           "format JSON_ARRAY with disposition INLINE")
        st = Statement(f"01f0-{next(self._ids):08d}", body["statement"], body.get("catalog"),
                       body.get("schema"), self.pending_polls)
        self.statements[st.statement_id] = st
        if st.polls_left <= 0:
            self._run(st)
        return self._response(st)

    def _run(self, st: Statement) -> None:
        try:
            st.columns, st.rows = self.lake.execute(st.text, st.catalog, st.schema)
            st.state = "SUCCEEDED"
        except SqlError as err:
            st.error, st.state = err, "FAILED"

    def _find(self, sid: str) -> Statement:
        st = self.statements.get(sid)
        if st is None:
            raise self.err(404, "RESOURCE_DOES_NOT_EXIST", f"Statement {sid} does not exist.")
        return st

    def get_statement(self, req: Any, m: re.Match[str]) -> Any:
        st = self._find(m.group(1))
        if st.state == "PENDING":
            st.polls_left -= 1
            if st.polls_left <= 0:
                self._run(st)
        return self._response(st)

    def cancel(self, req: Any, m: re.Match[str]) -> Any:
        st = self._find(m.group(1))
        if st.state in ("PENDING", "RUNNING"):
            st.state = "CANCELED"
        return {}

    def chunk(self, req: Any, m: re.Match[str]) -> Any:
        st = self._find(m.group(1))
        index = int(m.group(2))
        if st.state != "SUCCEEDED" or index * self.chunk_rows >= max(len(st.rows), 1):
            raise self.err(400, "INVALID_PARAMETER_VALUE", f"Invalid chunk index {index}")
        return self._chunk(st, index)

    def _chunk(self, st: Statement, index: int) -> dict[str, Any]:
        rows = st.rows[index * self.chunk_rows:(index + 1) * self.chunk_rows]
        out: dict[str, Any] = {"chunk_index": index, "row_offset": index * self.chunk_rows,
                               "row_count": len(rows), "data_array": rows}
        if (index + 1) * self.chunk_rows < len(st.rows):
            out["next_chunk_index"] = index + 1
            out["next_chunk_internal_link"] = (f"/api/2.0/sql/statements/{st.statement_id}"
                                               f"/result/chunks/{index + 1}")
        return out

    def _response(self, st: Statement) -> dict[str, Any]:
        out: dict[str, Any] = {"statement_id": st.statement_id, "status": {"state": st.state}}
        if st.error is not None:
            out["status"]["error"] = {"error_code": st.error.error_code,
                                      "message": st.error.message}
            out["status"]["sql_state"] = st.error.sql_state
        if st.state == "SUCCEEDED":
            chunks = max(1, -(-len(st.rows) // self.chunk_rows))
            out["manifest"] = {
                "format": "JSON_ARRAY", "total_row_count": len(st.rows),
                "total_chunk_count": chunks, "truncated": False,
                "schema": {"column_count": len(st.columns), "columns": [
                    {"name": n, "type_name": t, "type_text": t, "position": i}
                    for i, (n, t) in enumerate(st.columns)]}}
            out["result"] = self._chunk(st, 0)
        return out
