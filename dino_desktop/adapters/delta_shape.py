"""The shape a manifest's rows take in a Delta table: types, the plan, the batch stream.

Kept apart from the engine's commit logic: `plan` decides (and refuses conflicts) before
anything is written, and `PartStream` turns the parts into table-shaped batches.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
from deltalake import DeltaTable

from dino_desktop.core.models import Cancelled, DinoError, Problem, Progress, Severity
from dino_desktop.core.validate import normalize_type, type_fits

ProgressFn = Callable[[Progress], None]


RUN_ID, INGESTED_AT, SOURCE_FILE = "_dino_run_id", "_dino_ingested_at", "_dino_source_file"
AUDIT_FIELDS = (pa.field(RUN_ID, pa.string()), pa.field(INGESTED_AT, pa.timestamp("us", "UTC")),
                pa.field(SOURCE_FILE, pa.string()))
BATCH_ROWS = 65_536
_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")
_ARROW = {"string": pa.string(), "bigint": pa.int64(), "int": pa.int32(),
          "smallint": pa.int16(), "tinyint": pa.int8(), "double": pa.float64(),
          "float": pa.float32(), "boolean": pa.bool_(), "date": pa.date32(),
          "timestamp": pa.timestamp("us", "UTC")}
_DELTA_NAMES = {"long": "bigint", "integer": "int", "short": "smallint", "byte": "tinyint",
                "timestamp_ntz": "timestamp"}




def dino_type(delta_type: Any) -> str:
    """A Delta schema type as DINO names it ("long" -> "bigint", "timestamp_ntz" -> ...)."""
    name = str(getattr(delta_type, "type", delta_type)).lower().replace(" ", "")
    return _DELTA_NAMES.get(name, name)


def arrow_type(type_name: str) -> pa.DataType:
    """The Arrow type a new table column gets for a manifest type name."""
    name = normalize_type(type_name)
    m = _DECIMAL.match(name)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    return _ARROW[name]


def engine_error(code: str, **params: Any) -> DinoError:
    return DinoError(Problem(Severity.ERROR, code, params))



@dataclass
class Plan:
    """How the file's batches become the table's: output schema, renames, evolution."""

    schema: pa.Schema
    source: dict[str, str]  # output column -> file column (absent: nulls or audit)
    evolve: bool  # new columns: schema_mode="merge" / merge_schema=True


def plan(doc: dict[str, Any], table: DeltaTable | None, *, fill_missing: bool) -> Plan:
    """Check the file's columns against the table's; refuse conflicts before any write."""
    cols = [(c["name"], c["type"]) for c in doc["columns"]]
    if table is None:
        fields = [pa.field(n, arrow_type(t)) for n, t in cols]
        return Plan(pa.schema([*fields, *AUDIT_FIELDS]), {n: n for n, _ in cols}, False)
    arrow = pa.schema(table.schema().to_arrow())
    delta = {f.name.lower(): (f, dino_type(f.type)) for f in table.schema().fields}
    mine = {n.lower(): (n, t) for n, t in cols}
    new: list[str] = []
    for key, (name, ftype) in mine.items():
        if key not in delta:
            new.append(name)
        elif not type_fits(ftype, delta[key][1]):
            raise DinoError(Problem(Severity.ERROR, "schema_type_conflict",
                                    {"column": name, "file_type": ftype,
                                     "table_type": delta[key][1]}, column=name,
                                    fix="align_schema"))
    if new and doc["schema_evolution"] == "strict":
        raise DinoError(Problem(Severity.ERROR, "schema_new_column_refused",
                                {"column": ", ".join(new)}, column=new[0],
                                fix="allow_new_columns"))
    fields: list[pa.Field] = []
    source: dict[str, str] = {}
    audit = {f.name for f in AUDIT_FIELDS}
    for f in arrow:
        key = f.name.lower()
        if key in mine:
            source[f.name] = mine[key][0]
        elif f.name in audit:
            pass
        elif not fill_missing:
            continue
        elif not delta[key][0].nullable:
            raise engine_error("schema_required_missing", column=f.name)
        fields.append(pa.field(f.name, f.type))
    fields += [pa.field(n, arrow_type(mine[n.lower()][1])) for n in new]
    source.update({n: n for n in new})
    missing_audit = [f for f in AUDIT_FIELDS if f.name not in arrow.names]
    fields += missing_audit
    return Plan(pa.schema(fields), source, bool(new or missing_audit))


def _cast(array: pa.Array | pa.ChunkedArray, to: pa.DataType) -> pa.Array:
    if array.type == to:
        return array
    if pa.types.is_integer(array.type) and pa.types.is_decimal(to):
        # Arrow wants room for any int64 first; the narrower cast then checks each value.
        array = array.cast(pa.decimal128(min(38, 19 + to.scale), to.scale))
    return array.cast(to)


class PartStream:
    """The manifest's parts as one stream of table-shaped batches, with progress and cancel.

    Errors raised here reach delta-rs through the Arrow C stream and come back as a generic
    DeltaError; `error` keeps the original so the caller can re-raise it.
    """

    def __init__(self, parts: list[Path], expected: int, out: Plan, audit: dict[str, Any],
                 progress: ProgressFn | None, cancel: threading.Event | None):
        self.parts, self.expected, self.out, self.audit = parts, expected, out, audit
        self.progress, self.cancel = progress, cancel
        self.error: BaseException | None = None
        self.rows = 0

    def reader(self) -> pa.RecordBatchReader:
        return pa.RecordBatchReader.from_batches(self.out.schema, self._batches())

    def _batches(self) -> Iterator[pa.RecordBatch]:
        try:
            yield from self._read()
            if self.rows != self.expected:
                raise RuntimeError(f"the parts hold {self.rows} rows, the manifest says "
                                   f"{self.expected}")
            self.check_cancel()  # the last moment before delta-rs commits
        except BaseException as exc:
            self.error = exc
            raise

    def _read(self) -> Iterator[pa.RecordBatch]:
        dataset = pads.dataset([str(p) for p in self.parts], format="parquet")
        scanner = dataset.scanner(batch_size=BATCH_ROWS, batch_readahead=2,
                                  fragment_readahead=1, use_threads=True)
        for batch in scanner.to_batches():
            self.check_cancel()
            if batch.num_rows == 0:
                continue
            yield self._shape(batch)
            self.rows += batch.num_rows
            if self.progress:
                frac = min(self.rows / max(self.expected, 1), 1.0) * 0.95
                self.progress(Progress("run", frac, rows_done=self.rows, message="writing"))

    def _shape(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        n = batch.num_rows
        arrays = []
        for f in self.out.schema:
            src = self.out.source.get(f.name)
            if src is not None:
                arrays.append(_cast(batch.column(src), f.type))
            elif f.name in self.audit:
                arrays.append(pa.repeat(pa.scalar(self.audit[f.name], f.type), n))
            else:
                arrays.append(pa.nulls(n, f.type))
        return pa.RecordBatch.from_arrays(arrays, schema=self.out.schema)

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

