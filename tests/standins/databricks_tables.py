"""The stand-in's Unity Catalog and SQL warehouse: in-memory Delta tables with a history.

Only what DINO uses: schemas and tables listed or fetched through the Unity Catalog API, and
four statements on a warehouse (DESCRIBE HISTORY, RESTORE TABLE, DELETE FROM, ALTER TABLE ...
SET TBLPROPERTIES). Any other statement fails the way a real statement fails: HTTP 200 with
`status.state = FAILED` and `status.error = {"error_code", "message"}`.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

BASE_MS = 1_764_000_000_000  # a fixed clock for commit timestamps: tests stay deterministic
_PART = r"(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)"
_NAME = rf"({_PART}(?:\s*\.\s*{_PART}){{0,2}})"
_UC_TYPES = {"bigint": "LONG", "int": "INT", "smallint": "SHORT", "tinyint": "BYTE",
             "string": "STRING", "double": "DOUBLE", "float": "FLOAT", "boolean": "BOOLEAN",
             "date": "DATE", "timestamp": "TIMESTAMP", "timestamp_ntz": "TIMESTAMP_NTZ"}
HISTORY_COLUMNS = [("version", "LONG"), ("timestamp", "TIMESTAMP"), ("userId", "STRING"),
                   ("userName", "STRING"), ("operation", "STRING"),
                   ("operationParameters", "MAP"), ("readVersion", "LONG"),
                   ("isolationLevel", "STRING"), ("isBlindAppend", "BOOLEAN"),
                   ("operationMetrics", "MAP"), ("userMetadata", "STRING"),
                   ("engineInfo", "STRING")]


@dataclass
class Commit:
    version: int
    operation: str
    parameters: dict[str, Any]
    user_metadata: str | None = None
    read_version: int | None = None


@dataclass
class Table:
    catalog: str
    schema: str
    name: str
    columns: list[tuple[str, str]]
    storage_location: str
    history: list[Commit] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.catalog}.{self.schema}.{self.name}"

    @property
    def version(self) -> int:
        return self.history[-1].version if self.history else -1

    def commit(self, operation: str, parameters: dict[str, Any] | None = None,
               user_metadata: str | None = None) -> int:
        read = self.version if self.history else None
        self.history.append(Commit(self.version + 1, operation, parameters or {}, user_metadata,
                                   read))
        return self.version

    def to_json(self, columns: bool = True) -> dict[str, Any]:
        updated = BASE_MS + 1000 * max(self.version, 0)
        out: dict[str, Any] = {
            "name": self.name, "catalog_name": self.catalog, "schema_name": self.schema,
            "full_name": self.full_name, "table_type": "MANAGED", "data_source_format": "DELTA",
            "storage_location": self.storage_location, "owner": "standin@example.com",
            "created_at": BASE_MS, "updated_at": updated, "table_id": str(uuid.uuid5(
                uuid.NAMESPACE_URL, self.full_name)),
            "properties": {**self.properties, "delta.lastCommitTimestamp": str(updated),
                           "delta.lastUpdateVersion": str(self.version)}}
        if columns:
            out["columns"] = [{"name": n, "type_text": t, "position": i, "nullable": True,
                               "type_name": uc_type(t), "type_json": json.dumps(
                                   {"name": n, "type": t, "nullable": True, "metadata": {}})}
                              for i, (n, t) in enumerate(self.columns)]
        return out


def uc_type(type_text: str) -> str:
    base = type_text.lower().split("(")[0]
    return "DECIMAL" if base == "decimal" else _UC_TYPES.get(base, "STRING")


class SqlError(Exception):
    """A statement that fails: reported in status.error, as a real warehouse does."""

    def __init__(self, message: str, sql_state: str = "42000",
                 error_code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.message, self.sql_state, self.error_code = message, sql_state, error_code


def _parts(name: str) -> list[str]:
    return [p.strip()[1:-1].replace("``", "`") if p.strip().startswith("`") else p.strip()
            for p in re.findall(_PART, name)]


def _literals(text: str) -> list[str]:
    return [m.replace("\\'", "'").replace("\\\\", "\\")
            for m in re.findall(r"'((?:[^'\\]|\\.)*)'", text)]


class Lakehouse:
    """Catalogs → schemas → tables, and the statements a warehouse runs on them."""

    def __init__(self) -> None:
        self.schemas: dict[str, set[str]] = {}
        self.tables: dict[str, Table] = {}
        self.statements_run: list[str] = []

    def add_schema(self, catalog: str, schema: str) -> None:
        self.schemas.setdefault(catalog, {"default", "information_schema"}).add(schema)

    def add_table(self, full_name: str, columns: list[tuple[str, str]],
                  location: str | None = None) -> Table:
        catalog, schema, name = full_name.split(".")
        self.add_schema(catalog, schema)
        table = Table(catalog, schema, name, columns,
                      location or f"abfss://lake@standin.dfs.core.windows.net/{schema}/{name}")
        self.tables[full_name] = table
        return table

    def table(self, full_name: str) -> Table:
        return self.tables[full_name]

    # ---- statements

    def resolve(self, name: str, catalog: str | None, schema: str | None) -> Table:
        parts = _parts(name)
        full = [catalog or "main", schema or "default"][: 3 - len(parts)] + parts
        table = self.tables.get(".".join(full))
        if table is None:
            shown = ".".join(f"`{p}`" for p in full)
            raise SqlError(f"[TABLE_OR_VIEW_NOT_FOUND] The table or view {shown} cannot be "
                           "found. Verify the spelling and correctness of the schema and "
                           "catalog. SQLSTATE: 42P01", "42P01")
        return table

    def execute(self, statement: str, catalog: str | None = None,
                schema: str | None = None) -> tuple[list[tuple[str, str]], list[list[Any]]]:
        """(columns as (name, type name), rows as JSON_ARRAY values) or SqlError."""
        self.statements_run.append(statement)
        text = statement.strip().rstrip(";").strip()
        m = re.fullmatch(rf"DESCRIBE\s+HISTORY\s+{_NAME}(?:\s+LIMIT\s+(\d+))?", text, re.I)
        if m:
            return self._history(self.resolve(m.group(1), catalog, schema), m.group(2))
        m = re.fullmatch(rf"RESTORE\s+(?:TABLE\s+)?{_NAME}\s+(?:TO\s+)?VERSION\s+AS\s+OF\s+(\d+)",
                         text, re.I)
        if m:
            return self._restore(self.resolve(m.group(1), catalog, schema), int(m.group(2)))
        m = re.fullmatch(rf"DELETE\s+FROM\s+{_NAME}", text, re.I)
        if m:
            table = self.resolve(m.group(1), catalog, schema)
            table.commit("DELETE", {"predicate": "[]"})
            return [("num_affected_rows", "LONG")], [["0"]]
        m = re.fullmatch(rf"ALTER\s+TABLE\s+{_NAME}\s+SET\s+TBLPROPERTIES\s*\((.*)\)", text,
                         re.I | re.S)
        if m:
            values = _literals(m.group(2))
            if not values or len(values) % 2:
                raise SqlError("[PARSE_SYNTAX_ERROR] Syntax error at or near ')'. SQLSTATE: "
                               "42601", "42601")
            props = dict(zip(values[::2], values[1::2], strict=True))
            table = self.resolve(m.group(1), catalog, schema)
            table.properties.update(props)
            table.commit("SET TBLPROPERTIES", {"properties": json.dumps(props)})
            return [], []
        raise SqlError("[UNSUPPORTED_STANDIN_STATEMENT] The Databricks stand-in runs only "
                       "DESCRIBE HISTORY, RESTORE TABLE, DELETE FROM and ALTER TABLE ... SET "
                       f"TBLPROPERTIES, not: {text[:80]}")

    def _history(self, table: Table, limit: str | None) -> tuple[list[tuple[str, str]],
                                                                 list[list[Any]]]:
        rows = []
        for c in reversed(table.history):
            meta = c.user_metadata
            rows.append([str(c.version), f"2025-11-24T16:{c.version // 60 % 60:02d}:"
                         f"{c.version % 60:02d}.000Z", "1234", "standin@example.com",
                         c.operation, json.dumps(c.parameters),
                         None if c.read_version is None else str(c.read_version),
                         "WriteSerializable", "false", "{}", meta, "Databricks-Runtime/16.4"])
        return HISTORY_COLUMNS, rows[: int(limit)] if limit else rows

    def _restore(self, table: Table, version: int) -> tuple[list[tuple[str, str]],
                                                           list[list[Any]]]:
        versions = [c.version for c in table.history]
        if version not in versions:
            raise SqlError(f"[DELTA_CANNOT_RESTORE_TABLE_VERSION] Cannot restore table to "
                           f"version {version}. Available versions: [{versions[0]}, "
                           f"{versions[-1]}]. SQLSTATE: 22003", "22003")
        table.commit("RESTORE", {"version": str(version), "timestamp": None})
        return ([("table_size_after_restore", "LONG"), ("num_of_files_after_restore", "LONG"),
                 ("num_removed_files", "LONG"), ("num_restored_files", "LONG"),
                 ("removed_files_size", "LONG"), ("restored_files_size", "LONG")],
                [["0", "0", "0", "0", "0", "0"]])
