"""The azure Engine: a Databricks job writes the staged manifest into its Delta table.

Contract with the job (`spark_job/`, which never imports this package):

- **Submit**: `jobs.run_now(job_id, job_parameters={"manifest": <path>, "run_id": <run id>,
  "action": "write"}, idempotency_token=<run id>)`. `<path>` is how the job sees the staged
  manifest: `volume_path + "/" + run_id + "/manifest.json"` (`volume_path` is the Unity
  Catalog volume, or mount, over the landing container and prefix). The token makes a
  resubmitted run attach to the run already started instead of starting a second one; only
  after that run ended without success does a retry use the next token (`<run id>-1`, ...).
- **Result**: the job writes `_result.json` beside the manifest and also returns the same
  JSON as the task's output (`dbutils.notebook.exit(json.dumps(result))`):
  `{"run_id", "rows_written", "version_before", "version_after", "replayed", "table_uri"}`
  (`version_before` = `version_after - 1`, null when the run created the table). The engine
  reads `jobs.get_run_output(<task run id>)` first, then `result_reader(run_id)` (the storage
  adapter reading `_result.json`).
- **Refusals**: a run the job refuses (schema conflict, duplicate merge keys ...) fails with
  an exception whose text holds `DINO_PROBLEM {"code": ..., "params": {...}}`: the desktop
  shows that problem in the user's language instead of a stack trace.
- **Commits**: every commit the job makes carries `userMetadata` = a JSON object with
  `dino_run_id` (and `dino_rows`, `dino_source`, `dino_user`, `dino_mode`: the same keys the
  local engine puts in its commit metadata), plus the app transaction `dino-<run id>` (txnAppId);
  a run already in the table's history is not written again (`replayed: true`).

Table history, reconciliation and undo go through the SQL warehouse: see
databricks_history.DeltaHistory.
Reading a finished run's output (result JSON, refusals): databricks_result.
The client is built lazily, on first use: construct the engine anywhere, call it on a worker.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

from databricks.sdk import WorkspaceClient
from databricks.sdk.service.jobs import Run, RunLifeCycleState, RunResultState

from dino_desktop.adapters.databricks_client import (
    Workspace,
    is_unreachable,
    make_client,
    problem,
)
from dino_desktop.adapters.databricks_history import DeltaHistory, Sql
from dino_desktop.adapters.databricks_result import (
    notebook_result,
    output_error,
    parse_result,
    run_failure,
)
from dino_desktop.config import AzureSettings
from dino_desktop.core.models import Cancelled, DinoError, Problem, Progress, Severity, Target
from dino_desktop.core.runs import Commit, EngineResult

log = logging.getLogger(__name__)
ProgressFn = Callable[[Progress], None]
ResultReader = Callable[[str], dict[str, Any] | None]

MAX_POLL_S = 60.0
BACKOFF = 1.5
MAX_ATTEMPTS = 20  # submissions of one DINO run (each after the previous one ended unsuccessfully)
_RUN_ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
_TERMINAL = {RunLifeCycleState.TERMINATED, RunLifeCycleState.SKIPPED,
             RunLifeCycleState.INTERNAL_ERROR}
_PHASES = {RunLifeCycleState.QUEUED: ("queued", 0.02), RunLifeCycleState.BLOCKED: ("queued", 0.02),
           RunLifeCycleState.WAITING_FOR_RETRY: ("queued", 0.02),
           RunLifeCycleState.PENDING: ("starting", 0.05)}
_SKIPPED = {RunResultState.MAXIMUM_CONCURRENT_RUNS_REACHED, RunResultState.EXCLUDED,
            RunResultState.DISABLED}


def run_id_from_uri(manifest_uri: str) -> str:
    """The run id in `.../<run id>/manifest.json` (a blob URL, with or without a SAS, or a path)."""
    parts = [p for p in urlparse(manifest_uri).path.replace("\\", "/").split("/") if p]
    if len(parts) >= 2 and parts[-1] == "manifest.json" and _RUN_ID.match(parts[-2]):
        return parts[-2]
    raise DinoError(Problem(Severity.ERROR, "file_unreadable", {
        "reason": f"the manifest address {manifest_uri} does not end in <run id>/manifest.json"}))


class DatabricksEngine:
    """ports.Engine on a Databricks job (submit, poll, read the result) + a SQL warehouse."""

    def __init__(self, client: Workspace | WorkspaceClient | Callable[[], WorkspaceClient],
                 azure: AzureSettings, *, result_reader: ResultReader | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] | None = None,
                 cancel_grace_s: float = 60.0, max_poll_errors: int = 3) -> None:
        """No I/O: a client factory is called on first use (on a worker thread); pass one
        `Workspace` to the engine and the catalog to share a client."""
        self.ws = client if isinstance(client, Workspace) else Workspace(client)
        self.azure = azure
        self.result_reader = result_reader
        self._clock, self._sleep = clock, sleep
        self.cancel_grace_s, self.max_poll_errors = cancel_grace_s, max_poll_errors
        self.history = DeltaHistory(Sql(self.ws, azure.databricks_warehouse_id,
                                        sleep=sleep or time.sleep, clock=clock))

    @classmethod
    def from_settings(cls, azure: AzureSettings, credential_provider: Any = None,
                      result_reader: ResultReader | None = None,
                      **client_options: Any) -> DatabricksEngine:
        """The engine for the configured workspace; the client is built on first use."""
        return cls(lambda: make_client(azure, credential_provider, **client_options), azure,
                   result_reader=result_reader)

    # ---- the run

    def job_path(self, run_id: str) -> str:
        return f"{self.azure.volume_path.rstrip('/')}/{run_id}/manifest.json"

    def run(self, manifest_uri: str, progress: ProgressFn | None = None,
            cancel: threading.Event | None = None) -> EngineResult:
        started = self._clock()
        run_id = run_id_from_uri(manifest_uri)
        self._check_settings()
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        job_run_id, run, attached = self._submit(run_id)
        run = self._wait(job_run_id, run, progress, cancel, started)
        result = self._finish(run, run_id)
        if progress:
            progress(Progress("run", 1.0, rows_done=result.rows_written, message="committed"))
        return EngineResult(result.rows_written, result.version_before, result.version_after,
                            result.table_uri, replayed=result.replayed or attached,
                            seconds=self._clock() - started, run_url=run.run_page_url)

    def check(self) -> str:
        """`dino doctor`: the job exists and takes DINO's parameters; the warehouse answers."""
        self._check_settings()
        job_id = int(self.azure.databricks_job_id)
        try:
            job = self.ws.call(lambda c: c.jobs.get(job_id))
        except DinoError as err:
            raise self._job_missing(err, job_id) from err
        settings = job.settings
        names = {p.name for p in (settings.parameters or [])} if settings else set()
        missing = sorted({"manifest", "run_id", "action"} - names)
        if missing:
            raise problem("config_invalid", reason=f"Databricks job {job_id} has no job "
                          f"parameter(s) {', '.join(missing)}: deploy spark_job/ again")
        text = f"job {job_id} ({settings.name if settings else '?'})"
        warehouse_id = self.azure.databricks_warehouse_id
        if warehouse_id:
            wh = self.ws.call(lambda c: c.warehouses.get(warehouse_id))
            state = wh.state.value if wh.state else "?"
            text += f", SQL warehouse {wh.name or warehouse_id} ({state.lower()})"
        else:
            text += "; no SQL warehouse set: undo is not available"
        return text

    def job_access_list(self) -> str | None:
        """Where the job reads IT's access list (DINO_ACCESS_LIST on its job cluster, see
        spark_job/README.md): "" when it has none, None when it runs on an existing cluster
        (whose environment the job definition does not show)."""
        job_id = int(self.azure.databricks_job_id)
        job = self.ws.call(lambda c: c.jobs.get(job_id))
        clusters = [jc.new_cluster for jc in (job.settings.job_clusters or [])
                    if jc.new_cluster] if job.settings else []
        if not clusters:
            return None
        return str((clusters[0].spark_env_vars or {}).get("DINO_ACCESS_LIST") or "")

    def _job_missing(self, err: DinoError, job_id: int) -> DinoError:
        """The API's "Job N does not exist." as the problem that says so; else `err`."""
        message = str(err.problem.params.get("message"))
        if err.problem.code == "engine_api_error" and "does not exist" in message:
            return problem("engine_job_missing", job_id=job_id, host=self.ws.host,
                           message=message)
        return err

    def _check_settings(self) -> None:
        for key in ("databricks_job_id", "volume_path"):
            if not getattr(self.azure, key):
                raise problem("config_invalid", reason=f"azure.{key} is not set")

    def _submit(self, run_id: str) -> tuple[int, Run, bool]:
        """Start the job once per token; a run that already succeeded is reused (attached)."""
        params = {"manifest": self.job_path(run_id), "run_id": run_id, "action": "write"}
        job_id = int(self.azure.databricks_job_id)
        url = ""
        for attempt in range(MAX_ATTEMPTS):
            token = run_id if attempt == 0 else f"{run_id}-{attempt}"
            try:
                wait = self.ws.call(lambda c, t=token: c.jobs.run_now(
                    job_id, job_parameters=params, idempotency_token=t))
            except DinoError as err:
                raise self._job_missing(err, job_id) from err
            job_run_id = int(wait.response.run_id)
            run = self._get(job_run_id)
            state, url = run.state, run.run_page_url or ""
            ended = state is not None and state.life_cycle_state in _TERMINAL
            if not ended:
                return job_run_id, run, False
            if state is not None and state.result_state is RunResultState.SUCCESS:
                return job_run_id, run, True
            log.info("run %s: Databricks run %s ended %s; submitting again", run_id,
                     job_run_id, state.result_state if state else None)
        raise problem("engine_failed", state="RETRIES", url=url,
                      message=f"{MAX_ATTEMPTS} submissions of this run all ended unsuccessfully")

    def _get(self, job_run_id: int) -> Run:
        return self.ws.call(lambda c: c.jobs.get_run(job_run_id))

    def _pause(self, seconds: float, cancel: threading.Event | None) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        elif cancel is not None and not cancel.is_set():
            cancel.wait(seconds)  # a cancel ends the wait at once
        else:
            time.sleep(seconds)

    def _wait(self, job_run_id: int, run: Run, progress: ProgressFn | None,
              cancel: threading.Event | None, started: float) -> Run:
        """Poll with backoff until the run ends; cancel it on request or at the timeout."""
        interval = max(float(self.azure.poll_seconds), 0.1)
        deadline = started + self.azure.job_timeout_minutes * 60.0
        errors = running = 0
        while True:
            state = run.state
            if state is not None and state.life_cycle_state in _TERMINAL:
                return run
            life = state.life_cycle_state if state else None
            message, fraction = _PHASES.get(life, ("running", 0.0))  # type: ignore[arg-type]
            if message == "running":
                running += 1
                fraction = 0.1 + 0.8 * (1 - 0.85 ** running)
            if progress:
                progress(Progress("run", fraction, message=message))
            if cancel is not None and cancel.is_set():
                return self._cancel(job_run_id, run, None)
            if self._clock() >= deadline:
                return self._cancel(job_run_id, run, problem(
                    "engine_wait_timeout", minutes=self.azure.job_timeout_minutes,
                    url=run.run_page_url or ""))
            self._pause(interval, cancel)
            interval = min(interval * BACKOFF, MAX_POLL_S)
            if cancel is not None and cancel.is_set():
                return self._cancel(job_run_id, run, None)
            try:
                run = self._get(job_run_id)
                errors = 0
            except DinoError as err:  # a network blip: the run goes on without us
                errors += 1
                if not is_unreachable(err) or errors >= self.max_poll_errors:
                    raise

    def _cancel(self, job_run_id: int, run: Run, reason: DinoError | None) -> Run:
        """Cancel the Databricks run and wait (a while) for it to end; a run that committed
        anyway is returned as done, since its rows are in the table."""
        url = run.run_page_url or ""
        try:
            self.ws.call(lambda c: c.jobs.cancel_run(job_run_id))
        except DinoError as err:
            log.warning("cancelling Databricks run %s failed: %s", url, err)
        deadline = self._clock() + self.cancel_grace_s
        while self._clock() < deadline:
            try:
                run = self._get(job_run_id)
            except DinoError as err:
                log.warning("Databricks run %s: state unknown after cancel: %s", url, err)
                break
            state = run.state
            if state is not None and state.life_cycle_state in _TERMINAL:
                if state.result_state is RunResultState.SUCCESS:
                    return run
                break
            self._pause(min(float(self.azure.poll_seconds), 5.0), None)
        if reason is not None:
            raise reason
        raise Cancelled()

    # ---- the outcome

    def _finish(self, run: Run, run_id: str) -> EngineResult:
        state = run.state
        url = run.run_page_url or ""
        life = state.life_cycle_state if state else None
        result = state.result_state if state else None
        message = (state.state_message if state else None) or ""
        if life is RunLifeCycleState.TERMINATED and result is RunResultState.SUCCESS:
            return self._result(run, run_id)
        name = life.value if life in (RunLifeCycleState.INTERNAL_ERROR,
                                      RunLifeCycleState.SKIPPED) else \
            (result.value if result else None) or (life.value if life else "UNKNOWN")
        if life is RunLifeCycleState.SKIPPED or result in _SKIPPED:
            raise problem("engine_skipped", state=name, message=message, url=url)
        if result is RunResultState.TIMEDOUT:
            raise problem("engine_timeout", state=name, message=message, url=url)
        if result in (RunResultState.CANCELED, RunResultState.UPSTREAM_CANCELED):
            raise problem("engine_cancelled", state=name, message=message, url=url)
        raise run_failure(self._task_error(run), message, name, url)

    def _task_run_ids(self, run: Run) -> list[int]:
        ids = [t.run_id for t in (run.tasks or []) if t.run_id is not None]
        return list(reversed(ids)) or ([run.run_id] if run.run_id is not None else [])

    def _outputs(self, run: Run) -> Iterator[Any]:
        """The output of each task run, last task first (those that can be read)."""
        for task_run_id in self._task_run_ids(run):
            try:
                yield self.ws.call(lambda c, t=task_run_id: c.jobs.get_run_output(t))
            except DinoError as err:
                log.debug("no output for task run %s: %s", task_run_id, err)

    def _task_error(self, run: Run) -> str:
        for out in self._outputs(run):
            text = output_error(out)
            if text:
                return text
        return ""

    def _result(self, run: Run, run_id: str) -> EngineResult:
        """The task output first (no storage access needed), then the result file."""
        url = run.run_page_url or ""
        doc: dict[str, Any] | None = None
        for out in self._outputs(run):
            doc = notebook_result(out)
            if doc is not None:
                break
        if doc is None and self.result_reader is not None:
            doc = self.result_reader(run_id)
        if doc is None:
            raise problem("engine_result_missing", run_id=run_id, url=url,
                          reason="no task output and no _result.json")
        return parse_result(doc, run_id, url)

    # ---- the table's history (SQL warehouse)

    def committed_version(self, target: Target, run_id: str) -> int | None:
        return self.history.committed_version(target, run_id)

    def table_version(self, target: Target) -> int | None:
        return self.history.table_version(target)

    def runs_after(self, target: Target, version: int) -> list[Commit]:
        return self.history.runs_after(target, version)

    def restore(self, target: Target, version: int, run_id: str) -> int:
        return self.history.restore(target, version, run_id)
