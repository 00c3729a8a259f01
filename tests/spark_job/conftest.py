"""One local Spark session for all spark_job tests, and runs made by the desktop's own core.

The job's package is not installed in the test environment: its `src` goes on sys.path, as
the wheel would on a cluster. Tables are Delta when the Delta jars are on the classpath
(DINO_DELTA_JARS: a comma-separated list of jar paths, e.g. delta-spark and delta-storage
for this Spark version), otherwise the job's Parquet stand-in; the summary says which ran.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).resolve().parents[2] / "spark_job" / "src"
sys.path.insert(0, str(SRC))

from dino_spark_job.manifest import Target  # noqa: E402
from dino_spark_job.tables import DeltaStore, ParquetStore, TableStore, has_delta  # noqa: E402

from dino_desktop.core.models import ConvertResult  # noqa: E402
from dino_desktop.core.models import Target as DesktopTarget  # noqa: E402
from tests.staging import stage_csv  # noqa: E402

_USED: dict[str, str] = {}


def _session(tmp: Path) -> Any:
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master("local[2]").appName("dino-spark-job-tests")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.default.parallelism", "2")
               .config("spark.driver.memory", "1g")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
               .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={tmp}"))
    jars = os.environ.get("DINO_DELTA_JARS")
    if jars:
        builder = (builder.config("spark.jars", jars)
                   .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                   .config("spark.sql.catalog.spark_catalog",
                           "org.apache.spark.sql.delta.catalog.DeltaCatalog"))
    return builder.getOrCreate()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    session = _session(tmp_path_factory.mktemp("spark"))
    session.sparkContext.setLogLevel("ERROR")
    _USED["store"] = "delta" if has_delta(session) else "parquet"
    yield session
    session.stop()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    kind = _USED.get("store")
    if kind == "delta":
        terminalreporter.write_line("spark_job: tables were written as Delta (DINO_DELTA_JARS)")
    elif kind == "parquet":
        terminalreporter.write_line(
            "spark_job: Delta jars not on the classpath: tables were written by the Parquet "
            "stand-in (set DINO_DELTA_JARS to run the same tests on Delta)")


@pytest.fixture
def store(spark: Any, tmp_path: Path) -> TableStore:
    if has_delta(spark):
        return DeltaStore(spark)
    return ParquetStore(spark, tmp_path / "warehouse")


@pytest.fixture
def catalog(spark: Any) -> str:
    """Local Delta has only Spark's own catalog; the stand-in takes the manifest's."""
    return "spark_catalog" if has_delta(spark) else "main"


@pytest.fixture
def target(catalog: str) -> Target:
    return Target(catalog, f"vendas_{uuid.uuid4().hex[:8]}", "notas")


def stage(tmp: Path, text: str, target: Target, *, mode: str = "append",
          keys: tuple[str, ...] = (), evolution: str = "add_columns",
          types: dict[str, str] | None = None, name: str = "vendas.csv",
          user: str = "ana@contoso.com") -> ConvertResult:
    """A CSV through the desktop's real inspection and conversion: parts + manifest.json."""
    return stage_csv(tmp, text, DesktopTarget(target.database, target.table, target.catalog),
                     mode=mode, keys=keys, evolution=evolution, types=types, name=name,
                     user=user, landing="run")
