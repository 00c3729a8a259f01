"""The local Catalog: databases are folders of the lakehouse, tables are Delta folders in them.

Everything is read from the Delta logs themselves (no separate metastore to drift out of
step): the version, the row count from the add actions' statistics, the last DINO run from
the commit metadata.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from deltalake import DeltaTable

from dino_desktop.adapters.delta_shape import dino_type
from dino_desktop.adapters.local_engine import commits, load
from dino_desktop.core.models import Target
from dino_desktop.core.runs import TableInfo


def _is_table(path: Path) -> bool:
    return path.is_dir() and (path / "_delta_log").is_dir()


class LocalCatalog:
    """ports.Catalog over `<lakehouse>/<database>/<table>` Delta folders."""

    def __init__(self, lakehouse: Path):
        self.lakehouse = Path(lakehouse)

    def path(self, target: Target) -> Path:
        return self.lakehouse / target.database / target.table

    def location(self, target: Target) -> str:
        return str(self.path(target))

    def databases(self) -> list[str]:
        """Folders holding at least one Delta table (an empty folder is not a database yet)."""
        if not self.lakehouse.is_dir():
            return []
        return sorted(d.name for d in self.lakehouse.iterdir()
                      if d.is_dir() and any(_is_table(t) for t in d.iterdir()))

    def tables(self, database: str | None = None) -> list[TableInfo]:
        dbs = [database] if database is not None else self.databases()
        found: list[TableInfo] = []
        for db in dbs:
            folder = self.lakehouse / db
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if _is_table(path):
                    found.append(_info(db, path))
        return found

    def schema(self, target: Target) -> list[tuple[str, str]] | None:
        table = load(self.path(target))
        if table is None:
            return None
        return [(f.name, dino_type(f.type)) for f in table.schema().fields]


def _info(database: str, path: Path) -> TableInfo:
    """One table's summary; a table whose log cannot be read is listed with no details."""
    try:
        table = DeltaTable(str(path))
        version = table.version()
        rows = _rows(table)
        last = next((info for _, info in commits(path) if info.get("dino_run_id")
                     and info.get("operation") != "RESTORE"), None)
    except Exception:  # a broken or half-created table: still show that it is there
        return TableInfo(database, path.name, str(path))
    at = (dt.datetime.fromtimestamp(int(last["timestamp"]) / 1000, tz=dt.UTC)
          if last and last.get("timestamp") is not None else None)
    return TableInfo(database, path.name, str(path), version=version, rows=rows,
                     last_ingested_at=at, last_run_id=last.get("dino_run_id") if last else None)


def _rows(table: DeltaTable) -> int:
    """Rows from the add actions' statistics; counted from the data when a file lacks them."""
    adds = pa.table(table.get_add_actions(flatten=True))
    if adds.num_rows == 0:
        return 0
    if "num_records" in adds.column_names and adds["num_records"].null_count == 0:
        return int(pc.sum(adds["num_records"]).as_py() or 0)
    return int(table.to_pyarrow_dataset().count_rows())
