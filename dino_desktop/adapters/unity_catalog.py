"""The azure Catalog: the databases and tables of one Unity Catalog catalog.

Databases are the catalog's schemas; a table's location is its storage location. Everything
comes from the Unity Catalog REST API (no warehouse needed, so listing works while the SQL
warehouse sleeps). The client is built lazily: construct anywhere, call on a worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from databricks.sdk import WorkspaceClient
from databricks.sdk.service.catalog import TableInfo as UcTable

from dino_desktop.adapters.databricks_client import Workspace, make_client
from dino_desktop.config import AzureSettings
from dino_desktop.core.models import Target
from dino_desktop.core.runs import TableInfo

HIDDEN_SCHEMAS = frozenset({"information_schema"})
# Unity Catalog's type text -> the names DINO uses (as the local catalog reports them)
_TYPE_NAMES = {"long": "bigint", "integer": "int", "short": "smallint", "byte": "tinyint",
               "timestamp_ntz": "timestamp"}


def dino_type(type_text: str) -> str:
    name = type_text.lower().replace(" ", "")
    return _TYPE_NAMES.get(name, name)


class UnityCatalog:
    """ports.Catalog over one Unity Catalog catalog (azure.catalog)."""

    def __init__(self, client: Workspace | WorkspaceClient | Callable[[], WorkspaceClient],
                 catalog: str) -> None:
        """No I/O: a client factory is called on first use (on a worker thread)."""
        self.ws = client if isinstance(client, Workspace) else Workspace(client)
        self.catalog = catalog

    @classmethod
    def from_settings(cls, azure: AzureSettings, credential_provider: Any = None,
                      **client_options: Any) -> UnityCatalog:
        return cls(lambda: make_client(azure, credential_provider, **client_options),
                   azure.catalog)

    def _get(self, target: Target) -> UcTable | None:
        """The table, or None when it (or its schema) does not exist."""
        name = f"{target.catalog or self.catalog}.{target.database}.{target.table}"
        return self.ws.call(lambda c: c.tables.get(name), not_found=None)

    def databases(self) -> list[str]:
        schemas = self.ws.call(lambda c: list(c.schemas.list(catalog_name=self.catalog)))
        return sorted(s.name for s in schemas if s.name and s.name not in HIDDEN_SCHEMAS)

    def tables(self, database: str | None = None) -> list[TableInfo]:
        dbs = [database] if database is not None else self.databases()
        found: list[TableInfo] = []
        for db in dbs:
            tables = self.ws.call(lambda c, d=db: list(c.tables.list(
                catalog_name=self.catalog, schema_name=d, omit_columns=True)), not_found=[])
            found += [_info(db, t) for t in sorted(tables, key=lambda t: t.name or "")
                      if t.name]
        return found

    def schema(self, target: Target) -> list[tuple[str, str]] | None:
        table = self._get(target)
        if table is None:
            return None
        return [(c.name or "", dino_type(c.type_text or str(c.type_name or "")))
                for c in sorted(table.columns or [], key=lambda c: c.position or 0)]

    def location(self, target: Target) -> str:
        """The storage location; the table's full name when it has none (yet)."""
        table = self._get(target)
        if table is not None and table.storage_location:
            return table.storage_location
        return f"{target.catalog or self.catalog}.{target.database}.{target.table}"


def _info(database: str, table: UcTable) -> TableInfo:
    props = table.properties or {}
    version = props.get("delta.lastUpdateVersion")
    updated = table.updated_at
    return TableInfo(database, table.name or "",
                     table.storage_location or table.full_name or table.name or "",
                     version=int(version) if version and str(version).isdigit() else None,
                     last_ingested_at=dt.datetime.fromtimestamp(updated / 1000, tz=dt.UTC)
                     if updated else None)
