"""Deploy the job with databricks-sdk, for those without the Databricks CLI.

    python -m dino_spark_job.deploy --host https://adb-….azuredatabricks.net

Builds the wheel, uploads it and the notebook, then creates or updates the job, and prints
the job id for the app's configuration (`azure.databricks_job_id`). Uploads are named by a
hash of the job's sources, so a second deploy of the same sources uploads nothing and
leaves the job alone: running it twice changes nothing the second time.
The job it defines is the one in databricks.yml (a test keeps the two the same).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]  # spark_job/: pyproject.toml, notebooks/, databricks.yml
NOTEBOOK = PROJECT / "notebooks" / "dino_write.py"
JOB_PARAMETERS = ({"name": "manifest", "default": ""}, {"name": "run_id", "default": ""},
                  {"name": "action", "default": "write"})


@dataclass(frozen=True)
class Options:
    workspace_dir: str = "/Workspace/Shared/dino"  # the notebook and the wheel (DBR 13.3+)
    job_name: str = "dino-ingest"
    spark_version: str = "15.4.x-scala2.12"
    node_type: str = "Standard_D4ds_v5"
    existing_cluster_id: str | None = None  # instead of a job cluster
    max_concurrent_runs: int = 20
    timeout_seconds: int = 3600
    access_list: str = ""  # DINO_ACCESS_LIST on the job cluster: IT's JSON list ("" = none)


def sources_hash(project: Path = PROJECT) -> str:
    """What the uploads are named by: the package, its metadata and the notebook."""
    digest = hashlib.sha256()
    files = sorted([*(project / "src" / "dino_spark_job").rglob("*"),
                    *(project / "notebooks").glob("*.py"), project / "pyproject.toml"])
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(project).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def build_wheel(out: Path, project: Path = PROJECT) -> Path:
    """`pip wheel` of a clean copy of the project (the source tree gets no build/ folders);
    without build isolation when setuptools is at hand."""
    copy = out / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(
        "build", "dist", "*.egg-info", "__pycache__", ".venv"))
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
           str(copy)]
    try:
        import setuptools  # noqa: F401

        cmd.insert(4, "--no-build-isolation")
    except ImportError:
        pass
    subprocess.run(cmd, check=True)
    return next(out.glob("dino_spark_job-*.whl"))


def job_settings(opts: Options, notebook_path: str, wheel_path: str) -> dict[str, Any]:
    """The job as the Jobs API takes it (same as resources.jobs.dino_ingest in databricks.yml)."""
    task: dict[str, Any] = {
        "task_key": "write",
        "notebook_task": {"notebook_path": notebook_path, "source": "WORKSPACE",
                          # who started the run is asked of the Jobs API (access.py)
                          "base_parameters": {"job_run_id": "{{job.run_id}}"}},
        "libraries": [{"whl": wheel_path}],
        "max_retries": 0,  # the desktop retries, with a new idempotency token
    }
    settings: dict[str, Any] = {
        "name": opts.job_name,
        "max_concurrent_runs": opts.max_concurrent_runs,
        "timeout_seconds": opts.timeout_seconds,
        "queue": {"enabled": True},
        "tags": {"app": "dino"},
        "parameters": [dict(p) for p in JOB_PARAMETERS],
        "tasks": [task],
    }
    if opts.existing_cluster_id:
        task["existing_cluster_id"] = opts.existing_cluster_id
    else:
        task["job_cluster_key"] = "dino"
        settings["job_clusters"] = [{"job_cluster_key": "dino", "new_cluster": {
            "spark_version": opts.spark_version, "node_type_id": opts.node_type,
            "num_workers": 0, "data_security_mode": "SINGLE_USER",
            "spark_conf": {"spark.master": "local[*, 4]",
                           "spark.databricks.cluster.profile": "singleNode"},
            "spark_env_vars": {"DINO_ACCESS_LIST": opts.access_list},
            "custom_tags": {"ResourceClass": "SingleNode"}}}]
    return settings


def contains(actual: Any, wanted: Any) -> bool:
    """Does the job as Databricks returns it (defaults filled in) hold everything we set?"""
    if isinstance(wanted, dict):
        return isinstance(actual, dict) and all(contains(actual.get(k), v)
                                                for k, v in wanted.items())
    if isinstance(wanted, list):
        return (isinstance(actual, list) and len(actual) == len(wanted)
                and all(contains(a, w) for a, w in zip(actual, wanted, strict=True)))
    return bool(actual == wanted)


class Deployer:
    def __init__(self, ws: Any, opts: Options, say: Any = print):
        self.ws, self.opts, self.say = ws, opts, say

    def _exists(self, path: str) -> bool:
        from databricks.sdk.errors import NotFound

        try:
            self.ws.workspace.get_status(path)
        except NotFound:
            return False
        return True

    def _put(self, path: str, content: bytes, *, notebook: bool = False) -> None:
        from databricks.sdk.service.workspace import ImportFormat, Language

        self.ws.workspace.mkdirs(path.rsplit("/", 1)[0])
        encoded = base64.b64encode(content).decode()
        if notebook:
            self.ws.workspace.import_(path, content=encoded, format=ImportFormat.SOURCE,
                                      language=Language.PYTHON, overwrite=True)
        else:
            self.ws.workspace.import_(path, content=encoded, format=ImportFormat.AUTO,
                                      overwrite=True)

    def upload(self, wheel: Path, key: str) -> tuple[str, str]:
        """The notebook's and the wheel's paths, uploaded unless already there."""
        base = self.opts.workspace_dir.rstrip("/")
        notebook = f"{base}/notebooks/{key}/dino_write"
        wheel_path = f"{base}/wheels/{key}/{wheel.name}"
        if self._exists(notebook):
            self.say(f"notebook already there: {notebook}")
        else:
            self._put(notebook, NOTEBOOK.read_bytes(), notebook=True)
            self.say(f"uploaded the notebook: {notebook}")
        if self._exists(wheel_path):
            self.say(f"wheel already there: {wheel_path}")
        else:
            self._put(wheel_path, wheel.read_bytes())
            self.say(f"uploaded the wheel: {wheel_path}")
        return notebook, wheel_path

    def job(self, settings: dict[str, Any]) -> int:
        from databricks.sdk.service.jobs import JobSettings

        typed = JobSettings.from_dict(settings)
        found = [j for j in self.ws.jobs.list(name=self.opts.job_name)
                 if j.settings and j.settings.name == self.opts.job_name]
        if len(found) > 1:
            ids = ", ".join(str(j.job_id) for j in found)
            raise RuntimeError(f"several jobs are named {self.opts.job_name!r} ({ids}): "
                               f"delete the extra ones or deploy with another --job-name")
        if not found:
            job_id = self.ws.jobs.create(**{k: getattr(typed, k) for k in settings}).job_id
            self.say(f"created job {job_id} ({self.opts.job_name})")
            return int(job_id)
        job_id = int(found[0].job_id)
        current = self.ws.jobs.get(job_id).settings
        if contains(current.as_dict() if current else {}, typed.as_dict()):
            self.say(f"job {job_id} is up to date")
        else:
            self.ws.jobs.reset(job_id, typed)
            self.say(f"updated job {job_id} ({self.opts.job_name})")
        return job_id

    def deploy(self) -> int:
        key = sources_hash()
        with tempfile.TemporaryDirectory() as tmp:
            notebook, wheel_path = self.upload(build_wheel(Path(tmp)), key)
        job_id = self.job(job_settings(self.opts, notebook, wheel_path))
        self.say(f"job id: {job_id} — put databricks_job_id = {job_id} in the app's "
                 f"[azure] configuration (or DINO_AZURE_DATABRICKS_JOB_ID)")
        return job_id


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dino_spark_job.deploy",
                                description=__doc__.split("\n")[0])
    p.add_argument("--host", help="the workspace URL (default: DATABRICKS_HOST or --profile)")
    p.add_argument("--profile", help="a profile of ~/.databrickscfg")
    d = Options()
    p.add_argument("--workspace-dir", default=d.workspace_dir)
    p.add_argument("--job-name", default=d.job_name)
    p.add_argument("--spark-version", default=d.spark_version)
    p.add_argument("--node-type", default=d.node_type)
    p.add_argument("--existing-cluster-id", help="run on this cluster instead of a job cluster")
    p.add_argument("--access-list", default=d.access_list,
                   help="IT's access list, a JSON file the job reads (/Volumes/... or "
                        "/Workspace/...; only IT may change it); default: none, everyone may "
                        "write everywhere")
    return p


def main(argv: list[str] | None = None, ws: Any = None) -> int:
    args = parser().parse_args(argv)
    opts = Options(workspace_dir=args.workspace_dir, job_name=args.job_name,
                   spark_version=args.spark_version, node_type=args.node_type,
                   existing_cluster_id=args.existing_cluster_id, access_list=args.access_list)
    if opts.existing_cluster_id and opts.access_list:
        print("--access-list sets DINO_ACCESS_LIST on the job's own cluster: on an existing "
              "cluster, set that environment variable on the cluster instead", file=sys.stderr)
        return 1
    if ws is None:
        from databricks.sdk import WorkspaceClient

        ws = WorkspaceClient(host=args.host, profile=args.profile)
    try:
        Deployer(ws, opts).deploy()
    except Exception as exc:
        print(f"deploy failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
