"""Where rows land: a Delta table (Databricks, or local Spark with the Delta jars), or a
versioned Parquet stand-in where Delta cannot run (these machines cannot fetch the jars).

`TableStore.write` is the one function that writes; everything before it (plan, casts,
refusals) is the same for both. Both record each commit's run id, so a replayed run is
found in the table's history and writes nothing twice, and both commit all or nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from dino_spark_job.manifest import Target, quote
from dino_spark_job.problems import JobProblem

DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension"


@dataclass(frozen=True)
class Commit:
    """What every commit of a run carries (the desktop's engine records the same keys)."""

    run_id: str
    metadata: dict[str, str]  # dino_run_id, dino_rows, dino_source, dino_user, dino_mode

    @property
    def app_id(self) -> str:
        return f"dino-{self.run_id}"


class ConcurrentCommitError(RuntimeError):
    """The stand-in's Delta ConcurrentAppendException: plan again and retry."""


class TableStore(Protocol):
    kind: str  # "delta" or "parquet", said in logs and test output

    def schema(self, target: Target) -> T.StructType | None: ...

    def find_run(self, target: Target, run_id: str) -> int | None: ...

    def write(self, target: Target, rows: DataFrame, *, mode: str, keys: list[str],
              evolve: bool, commit: Commit) -> None: ...

    def read(self, target: Target) -> DataFrame: ...

    def location(self, target: Target) -> str: ...


def has_delta(spark: SparkSession) -> bool:
    """Delta is there on Databricks (any runtime, serverless and Spark Connect included:
    no SparkContext is needed to tell), or locally when its jars are on the classpath."""
    if os.environ.get("DATABRICKS_RUNTIME_VERSION"):
        return True
    return DELTA_EXTENSION in (spark.conf.get("spark.sql.extensions", "") or "")


def store_for(spark: SparkSession, warehouse: str | None = None) -> TableStore:
    if has_delta(spark):
        return DeltaStore(spark)
    root = warehouse or os.environ.get("DINO_SPARK_WAREHOUSE") or "spark-warehouse/dino"
    return ParquetStore(spark, Path(root))


def _run_in(metadata: Any, run_id: str) -> bool:
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return False
    return isinstance(metadata, dict) and metadata.get("dino_run_id") == run_id


# ---- Delta


@contextlib.contextmanager
def session_conf(spark: SparkSession, values: dict[str, str]) -> Iterator[None]:
    """Session settings for one statement, put back afterwards (the session is shared)."""
    before = {k: spark.conf.get(k, None) for k in values}
    for k, v in values.items():
        spark.conf.set(k, v)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                spark.conf.unset(k)
            else:
                spark.conf.set(k, v)


class DeltaStore:
    kind = "delta"

    def __init__(self, spark: SparkSession):
        self.spark = spark

    def schema(self, target: Target) -> T.StructType | None:
        try:
            return self.spark.table(target.sql()).schema
        except Exception as exc:  # AnalysisException: TABLE_OR_VIEW_NOT_FOUND
            text = str(exc)
            if any(m in text for m in ("TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND")):
                return None
            raise

    def find_run(self, target: Target, run_id: str) -> int | None:
        if self.schema(target) is None:
            return None
        history = (self.spark.sql(f"DESCRIBE HISTORY {target.sql()}")
                   .where(F.col("userMetadata").contains(run_id))
                   .select("version", "operation", "userMetadata").collect())
        found = [r["version"] for r in history
                 if r["operation"] != "RESTORE" and _run_in(r["userMetadata"], run_id)]
        return max(found) if found else None

    def write(self, target: Target, rows: DataFrame, *, mode: str, keys: list[str],
              evolve: bool, commit: Commit) -> None:
        spark = self.spark
        spark.sql(f"CREATE SCHEMA IF NOT EXISTS {quote(target.catalog)}."
                  f"{quote(target.database)}")
        meta = json.dumps(commit.metadata, ensure_ascii=False)
        if mode == "merge" and self.schema(target) is not None:
            view = f"dino_source_{uuid.uuid4().hex}"
            rows.createOrReplaceTempView(view)
            on = " AND ".join(f"t.{quote(k)} = s.{quote(k)}" for k in keys)
            if evolve:  # new columns: `*` with automatic schema evolution adds them
                actions = "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
            else:  # only the file's columns: the table's others stay as they are
                cols = [quote(c) for c in rows.columns]
                actions = ("WHEN MATCHED THEN UPDATE SET "
                           + ", ".join(f"t.{c} = s.{c}" for c in cols)
                           + f" WHEN NOT MATCHED THEN INSERT ({', '.join(cols)}) VALUES ("
                           + ", ".join(f"s.{c}" for c in cols) + ")")
            conf = {"spark.databricks.delta.commitInfo.userMetadata": meta,
                    "spark.databricks.delta.write.txnAppId": commit.app_id,
                    "spark.databricks.delta.write.txnVersion": "1",
                    "spark.databricks.delta.schema.autoMerge.enabled":
                        "true" if evolve else "false"}
            try:
                with session_conf(spark, conf):
                    spark.sql(f"MERGE INTO {target.sql()} AS t USING {view} AS s "
                              f"ON {on} {actions}")
            finally:
                spark.catalog.dropTempView(view)
            return
        writer = (rows.write.format("delta").option("userMetadata", meta)
                  .option("txnAppId", commit.app_id).option("txnVersion", "1"))
        if evolve:
            writer = writer.option("mergeSchema", "true")
        writer.mode("overwrite" if mode == "overwrite" else "append").saveAsTable(target.sql())

    def read(self, target: Target) -> DataFrame:
        return self.spark.table(target.sql())

    def location(self, target: Target) -> str:
        detail = self.spark.sql(f"DESCRIBE DETAIL {target.sql()}").select("location").first()
        return str(detail["location"]) if detail else str(target)


# ---- the Parquet stand-in


class ParquetStore:
    """A table as Parquet folders plus a log of commits: `<root>/<catalog>/<db>/<table>/`.

    Each commit writes its rows into a new folder first, then creates its log entry (the
    commit: created only if that version does not exist yet), naming the folders that
    make up the table at that version. A write that fails before the entry leaves the
    table as it was; its folder is removed.
    """

    kind = "parquet"

    def __init__(self, spark: SparkSession, root: Path):
        self.spark = spark
        self.root = Path(root)

    def _dir(self, target: Target) -> Path:
        return self.root / target.catalog / target.database / target.table

    def _log(self, target: Target) -> list[dict[str, Any]]:
        log = self._dir(target) / "_dino_log"
        if not log.is_dir():
            return []
        entries = sorted(p for p in log.glob("*.json") if p.stem.isdigit())
        return [json.loads(p.read_text("utf-8")) for p in entries]

    def version(self, target: Target) -> int | None:
        log = self._log(target)
        return log[-1]["version"] if log else None

    def schema(self, target: Target) -> T.StructType | None:
        log = self._log(target)
        return T.StructType.fromJson(log[-1]["schema"]) if log else None

    def find_run(self, target: Target, run_id: str) -> int | None:
        found = [e["version"] for e in self._log(target)
                 if _run_in(e.get("userMetadata"), run_id)]
        return max(found) if found else None

    def history(self, target: Target) -> list[dict[str, Any]]:
        return self._log(target)

    def read(self, target: Target) -> DataFrame:
        log = self._log(target)
        if not log:
            raise JobProblem("table_write_failed", table=str(target), reason="no such table")
        schema = T.StructType.fromJson(log[-1]["schema"])
        folders = [str(self._dir(target) / f) for f in log[-1]["folders"]]
        if not folders:
            return self.spark.createDataFrame([], schema)
        return self.spark.read.schema(schema).parquet(*folders)

    def location(self, target: Target) -> str:
        return self._dir(target).resolve().as_uri()

    def write(self, target: Target, rows: DataFrame, *, mode: str, keys: list[str],
              evolve: bool, commit: Commit) -> None:
        log = self._log(target)
        version = log[-1]["version"] + 1 if log else 0
        folder = f"v{version:06d}-{uuid.uuid4().hex[:8]}"
        if mode == "merge" and log:
            rows = _merged(self.read(target), rows, keys)
            folders = [folder]
        elif mode == "overwrite" or not log:
            folders = [folder]
        else:
            folders = [*log[-1]["folders"], folder]
        if log and not evolve:  # appended and merged rows keep the table's schema
            rows = rows.select(*[_col_or_null(rows, f) for f in self.schema(target).fields])
        path = self._dir(target) / folder
        entry_path = self._dir(target) / "_dino_log" / f"{version:020d}.json"
        entry = {"version": version,
                 "timestamp": dt.datetime.now(dt.timezone.utc).isoformat(),
                 "operation": "MERGE" if mode == "merge" and log else "WRITE",
                 "mode": mode, "userMetadata": json.dumps(commit.metadata, ensure_ascii=False),
                 "txn": {"appId": commit.app_id, "version": 1},
                 "schema": json.loads(rows.schema.json()), "folders": folders}
        try:
            rows.write.mode("errorifexists").parquet(str(path))
            entry_path.parent.mkdir(parents=True, exist_ok=True)
            with open(entry_path, "x", encoding="utf-8") as fh:  # the commit
                json.dump(entry, fh)
        except FileExistsError as exc:
            _remove_tree(path)
            raise ConcurrentCommitError(f"version {version} of {target} was committed by "
                                        f"another writer") from exc
        except BaseException:
            _remove_tree(path)
            raise


def _col_or_null(rows: DataFrame, field: T.StructField) -> Any:
    if field.name in rows.columns:
        return F.col(quote(field.name)).cast(field.dataType).alias(field.name)
    return F.lit(None).cast(field.dataType).alias(field.name)


def _merged(table: DataFrame, source: DataFrame, keys: list[str]) -> DataFrame:
    """MERGE ... UPDATE SET <source columns> / INSERT, as plain joins: the table afterwards.

    Keys compare with `=`, so NULL keys never match (a source row with a NULL key is
    inserted, as in Delta). Columns the source lacks keep the table's value when matched
    and are NULL when inserted; source columns the table lacks are added.
    """
    columns = list(table.columns) + [c for c in source.columns if c not in table.columns]
    t, s = table.alias("t"), source.alias("s")
    on = [F.col(f"t.{quote(k)}") == F.col(f"s.{quote(k)}") for k in keys]
    types = {f.name: f.dataType for f in [*table.schema.fields, *source.schema.fields]}

    def pick(name: str, first: str, other: str | None) -> Any:
        if name in (source.columns if first == "s" else table.columns):
            return F.col(f"{first}.{quote(name)}").cast(types[name]).alias(name)
        if other is not None:
            return F.col(f"{other}.{quote(name)}").cast(types[name]).alias(name)
        return F.lit(None).cast(types[name]).alias(name)

    matched = t.join(s, on, "inner").select(
        *[pick(c, "s", "t" if c in table.columns else None) for c in columns])
    kept = t.join(s, on, "left_anti").select(*[pick(c, "t", None) for c in columns])
    inserted = s.join(t, [F.col(f"s.{quote(k)}") == F.col(f"t.{quote(k)}") for k in keys],
                      "left_anti").select(*[pick(c, "s", None) for c in columns])
    return kept.unionByName(matched).unionByName(inserted)


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
