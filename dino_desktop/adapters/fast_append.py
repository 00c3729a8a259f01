"""Appending parts that already have the table's shape: link the files, commit, done.

The conversion writes Parquet parts with the audit columns in them. When a run appends and
the parts' columns and types are exactly the table's, rewriting 14 million rows would only
burn time and memory: the parts are hard-linked into the table folder and committed as add
actions, in one atomic Delta commit. Anything else goes through delta-rs' writer.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, Schema
from deltalake.transaction import AddAction, create_table_with_add_actions

from dino_desktop.core.models import Cancelled, Progress
from dino_desktop.core.scan import sha256_file

RUN_ID = "_dino_run_id"


def _same_types(file_schema: pa.Schema, table_schema: pa.Schema) -> bool:
    table = {f.name: f.type for f in table_schema}
    names = [f.name for f in file_schema]
    if len(set(names)) != len(names) or set(names) - set(table):
        return False
    if set(table) - set(names):  # the table has columns the file lacks: readers fill
        return False             # nulls, but keep the one shape simple and exact
    return all(table[f.name] == f.type for f in file_schema)


def _run_id_of(meta: pq.FileMetaData, schema: pa.Schema) -> set[str]:
    i = schema.get_field_index(RUN_ID)
    found: set[str] = set()
    for g in range(meta.num_row_groups):
        stats = meta.row_group(g).column(i).statistics
        if stats is None or not stats.has_min_max:
            return {"?"}
        found |= {stats.min, stats.max}
    return found


def ready(parts: list[Path], table_schema: pa.Schema, doc: dict[str, Any]) -> bool:
    """True when every part is intact (its checksum), exactly the table's shape, and
    carries this run's id; the rows add up to the manifest's."""
    entries = {e["path"]: e for e in doc["parts"]}
    rows = 0
    try:
        for part in parts:
            expected = entries.get(part.name, {}).get("sha256")
            if not expected or sha256_file(part) != expected:
                return False
            pf = pq.ParquetFile(part)
            rows += pf.metadata.num_rows
            schema = pf.schema_arrow
            if not _same_types(schema, table_schema):
                return False
            if pf.metadata.num_rows and _run_id_of(pf.metadata, schema) != {doc["run_id"]}:
                return False
    except (OSError, ValueError, pa.ArrowException):
        return False
    return rows == doc["rows"]



def _place(part: Path, folder: Path) -> str:
    """Hard-link (or copy) a part into the table folder under a fresh name."""
    name = f"part-{uuid.uuid4()}-c000.zstd.parquet"
    dest = folder / name
    try:
        os.link(part, dest)
    except OSError:
        tmp = folder / f".{name}.tmp"
        shutil.copyfile(part, tmp)
        os.replace(tmp, dest)
    return name


def commit(path: Path, table: DeltaTable | None, parts: list[Path], table_schema: pa.Schema,
           doc: dict[str, Any], props: CommitProperties, cancel: threading.Event | None,
           progress: Callable[[Progress], None] | None = None) -> None:
    """One atomic commit of the parts; on failure the placed files are removed again."""
    path.mkdir(parents=True, exist_ok=True)
    placed: list[str] = []
    done = 0
    try:
        actions = []
        for part in parts:
            name = _place(part, path)
            placed.append(name)
            rows = pq.ParquetFile(path / name).metadata.num_rows
            actions.append(AddAction(name, (path / name).stat().st_size, {},
                                     int(time.time() * 1000), True,
                                     json.dumps({"numRecords": rows})))
            done += rows
            if progress is not None:
                progress(Progress("run", 0.95 * done / max(doc["rows"], 1), rows_done=done,
                                  message="linking"))
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        schema = Schema.from_arrow(pa.schema([f.with_nullable(True) for f in table_schema]))
        if table is None:
            create_table_with_add_actions(str(path), schema, actions, mode="error",
                                          name=doc["target"]["table"], commit_properties=props)
        else:
            table.create_write_transaction(actions, mode="append", schema=schema,
                                           commit_properties=props)
    except BaseException:
        for name in placed:
            (path / name).unlink(missing_ok=True)
        raise
