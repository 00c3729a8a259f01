"""Reading and writing the small files beside the parts (manifest, result), wherever they are.

On Databricks the manifest is a Unity Catalog volume path (`/Volumes/...`), which the
driver reads and writes as a local file; `dbfs:/` paths are read through `/dbfs`; any other
URI (abfss://, file:) goes through Spark's own file systems.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from pyspark.sql import SparkSession

from dino_spark_job.problems import JobProblem


def _local(location: str) -> Path | None:
    if location.startswith("dbfs:/"):
        return Path("/dbfs") / location[len("dbfs:/"):].lstrip("/")
    scheme = urlparse(location).scheme
    if len(scheme) <= 1:  # a plain path (or a Windows drive letter)
        return Path(location)
    if scheme == "file":
        return Path(url2pathname(urlparse(location).path))
    return None


def folder_of(manifest: str) -> str:
    """The run folder: the manifest's own (a manifest given as its folder is allowed)."""
    text = manifest.rstrip("/")
    if not text.endswith(".json"):
        return text
    return text.rsplit("/", 1)[0] if "/" in text else "."


def join(folder: str, name: str) -> str:
    return f"{folder.rstrip('/')}/{name}"


def manifest_file(manifest: str) -> str:
    return manifest if manifest.rstrip("/").endswith(".json") else join(manifest,
                                                                        "manifest.json")


def read_file(spark: SparkSession, location: str) -> str:
    """A small text file: read directly where the driver sees it as a file (volumes,
    workspace files, /dbfs), else through Spark. OSError when a local file is missing."""
    local = _local(location)
    if local is not None:
        return local.read_text("utf-8")
    row = spark.read.text(location, wholetext=True).first()
    return row[0] if row else ""


def read_text(spark: SparkSession, location: str) -> str:
    """The manifest (given as the file or its folder)."""
    location = manifest_file(location)
    try:
        return read_file(spark, location)
    except OSError as exc:
        reason = f"manifest {location}: {exc.strerror or exc}"
        raise JobProblem("file_unreadable", reason=reason) from exc


def write_text(spark: SparkSession, location: str, text: str) -> None:
    local = _local(location)
    if local is not None:
        local.write_text(text, "utf-8")
        return
    jvm = spark.sparkContext._jvm  # not on Spark Connect: the task output carries the result
    path = jvm.org.apache.hadoop.fs.Path(location)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    out = fs.create(path, True)
    try:
        out.write(text.encode("utf-8"))
    finally:
        out.close()
