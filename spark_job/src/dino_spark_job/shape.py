"""The shape a manifest's rows take in the table: the plan (refusals first), then the frame.

Mirrors the desktop's delta_shape.plan: the file's columns match the table's by name,
case-insensitively; a type that does not fit, or a new column under the strict policy, is
refused before anything is written; columns the file lacks are written as NULL (append,
overwrite) or left alone (merge); the audit columns come last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from dino_spark_job.manifest import quote
from dino_spark_job.problems import JobProblem
from dino_spark_job.types import fits, name_of, spark_type

RUN_ID, INGESTED_AT, SOURCE_FILE = "_dino_run_id", "_dino_ingested_at", "_dino_source_file"
AUDIT_FIELDS = (T.StructField(RUN_ID, T.StringType()),
                T.StructField(INGESTED_AT, T.TimestampType()),
                T.StructField(SOURCE_FILE, T.StringType()))


@dataclass
class Plan:
    schema: T.StructType
    source: dict[str, str]  # output column -> file column (absent: NULLs or audit)
    evolve: bool  # the table gains columns


def plan(doc: dict[str, Any], table: T.StructType | None, *, fill_missing: bool) -> Plan:
    cols = [(c["name"], c["type"]) for c in doc["columns"]]
    if table is None:
        fields = [T.StructField(n, spark_type(t)) for n, t in cols]
        return Plan(T.StructType([*fields, *AUDIT_FIELDS]), {n: n for n, _ in cols}, False)
    existing = {f.name.lower(): f for f in table.fields}
    mine = {n.lower(): (n, t) for n, t in cols}
    new: list[str] = []
    for key, (name, ftype) in mine.items():
        if key not in existing:
            new.append(name)
        elif not fits(ftype, name_of(existing[key].dataType)):
            raise JobProblem("schema_type_conflict", column=name, file_type=ftype,
                             table_type=name_of(existing[key].dataType))
    if new and doc["schema_evolution"] == "strict":
        raise JobProblem("schema_new_column_refused", column=", ".join(new))
    audit = {f.name for f in AUDIT_FIELDS}
    fields: list[T.StructField] = []
    source: dict[str, str] = {}
    for f in table.fields:
        key = f.name.lower()
        if key in mine:
            source[f.name] = mine[key][0]
        elif f.name in audit:
            pass
        elif not fill_missing:
            continue
        elif not f.nullable:
            raise JobProblem("schema_required_missing", column=f.name)
        fields.append(T.StructField(f.name, f.dataType))
    fields += [T.StructField(n, spark_type(mine[n.lower()][1])) for n in new]
    source.update({n: n for n in new})
    missing_audit = [f for f in AUDIT_FIELDS if f.name not in {x.name for x in table.fields}]
    fields += missing_audit
    return Plan(T.StructType(fields), source, bool(new or missing_audit))


def frame(parts: DataFrame, out: Plan, *, run_id: str, source_file: str,
          ingested_at: dt.datetime) -> DataFrame:
    """The parts as the table's rows: cast to the planned types, audit columns filled in."""
    audit: dict[str, Any] = {RUN_ID: run_id, INGESTED_AT: ingested_at, SOURCE_FILE: source_file}
    columns: list[Column] = []
    for f in out.schema.fields:
        src = out.source.get(f.name)
        if src is not None:
            col = F.col(quote(src)).cast(f.dataType)
        elif f.name in audit:
            col = F.lit(audit[f.name]).cast(f.dataType)
        else:
            col = F.lit(None).cast(f.dataType)
        columns.append(col.alias(f.name))
    return parts.select(*columns)


def table_keys(out: Plan, keys: list[str]) -> list[str]:
    """Merge keys as the table names them (the manifest names them as the file does)."""
    by_file = {s: o for o, s in out.source.items()}
    return [by_file.get(k, k) for k in keys]


def check_unique_keys(rows: DataFrame, keys: list[str], table: str) -> None:
    """Merge keys must identify one row each in the file (NULL keys never match: skipped)."""
    not_null = rows
    for k in keys:
        not_null = not_null.where(F.col(quote(k)).isNotNull())
    dup = not_null.groupBy(*[F.col(quote(k)) for k in keys]).count().where(F.col("count") > 1)
    found = dup.limit(1).collect()
    if found:
        example = ", ".join(f"{k}={found[0][i]}" for i, k in enumerate(keys))
        raise JobProblem("table_merge_duplicate_keys", table=table, keys=", ".join(keys),
                         count=dup.count(), example=example)
