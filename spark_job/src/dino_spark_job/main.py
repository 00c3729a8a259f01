"""`dino-spark-job --manifest ... --run_id ... --action write`: the job outside a notebook.

For a spark_python_task or a wheel task, and for trying a manifest by hand on a cluster.
It prints the result JSON on success; a refusal exits 2 and an unexpected failure 1, each
with a message saying what to do (and the DINO_PROBLEM line the desktop reads).
"""

from __future__ import annotations

import argparse
import json
import sys

from dino_spark_job.problems import JobProblem

EXIT_REFUSED, EXIT_FAILED = 2, 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dino-spark-job", description=__doc__.split("\n")[0])
    p.add_argument("--manifest", required=True,
                   help="the staged manifest: <volume path>/<run id>/manifest.json")
    p.add_argument("--run_id", "--run-id", dest="run_id", default="",
                   help="the run id the desktop started (checked against the manifest)")
    p.add_argument("--action", default="write", help="what to do: write (the only action)")
    p.add_argument("--job_run_id", "--job-run-id", dest="job_run_id", default="",
                   help="this Databricks job run's id ({{job.run_id}}): who started it is "
                        "checked against the access list in DINO_ACCESS_LIST")
    p.add_argument("--warehouse", help="where the Parquet stand-in keeps its tables when Delta "
                                       "is not available (local runs only)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from pyspark.sql import SparkSession

    from dino_spark_job.job import run_job
    from dino_spark_job.tables import store_for

    spark = SparkSession.builder.getOrCreate()
    try:
        result = run_job(spark, args.manifest, args.run_id, args.action,
                         store=store_for(spark, args.warehouse), job_run_id=args.job_run_id)
    except JobProblem as exc:
        print(exc.text(), file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:
        print(f"dino_spark_job failed: {type(exc).__name__}: {exc}\nThe table was left as it "
              f"was; look at the run's log, then retry the run from the desktop's History.",
              file=sys.stderr)
        return EXIT_FAILED
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
