# Databricks notebook source
# MAGIC %md
# MAGIC # DINO: write a staged run into its Delta table
# MAGIC The desktop app starts this job with three parameters: `manifest` (the run's
# MAGIC `manifest.json` on the landing volume), `run_id` and `action` (`write`). The work is
# MAGIC done by the `dino_spark_job` wheel installed on the task; this notebook hands back its
# MAGIC result as the task output, which the desktop reads. The job's own definition adds
# MAGIC `job_run_id` (`{{job.run_id}}`): who started this run is checked against IT's access
# MAGIC list (`DINO_ACCESS_LIST` on the job cluster) before anything is written.

# COMMAND ----------

import json

from dino_spark_job.job import run_job

dbutils.widgets.text("manifest", "")  # noqa: F821 (dbutils and spark come from Databricks)
dbutils.widgets.text("run_id", "")  # noqa: F821
dbutils.widgets.text("action", "write")  # noqa: F821
dbutils.widgets.text("job_run_id", "")  # noqa: F821 (set by the job: {{job.run_id}})

result = run_job(
    spark,  # noqa: F821
    dbutils.widgets.get("manifest"),  # noqa: F821
    dbutils.widgets.get("run_id"),  # noqa: F821
    dbutils.widgets.get("action"),  # noqa: F821
    job_run_id=dbutils.widgets.get("job_run_id"),  # noqa: F821
)

# COMMAND ----------

dbutils.notebook.exit(json.dumps(result))  # noqa: F821
