"""A local HTTP stand-in for the parts of the Databricks REST API that DINO calls.

No emulator exists, so this answers exactly the requests databricks-sdk 0.16x sends for:
Jobs 2.2 (run-now, runs/get, runs/cancel, runs/get-output; list, create, reset and the
Workspace 2.0 calls of the Spark job's deploy command, see databricks_deploy), Unity
Catalog 2.1 (schemas, tables) and the SQL Statement Execution API 2.0 (see
databricks_tables). It rejects what the real service rejects, with the real error shape
`{"error_code": ..., "message": ...}`: no bearer token (401), an unknown job or run
(400 INVALID_PARAMETER_VALUE "... does not exist."), parameters of the wrong type (400), an
unknown path or method (404 ENDPOINT_NOT_FOUND).

Runs advance one step per `runs/get` of that run (QUEUED → PENDING → RUNNING → TERMINATED),
never by wall time, so tests are deterministic. A `Scenario` says how a run ends; `on_run`
(params → result dict) does the job's work when a run succeeds, and an exception it raises
fails the run with that message, as a failing Spark job would.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from databricks.sdk import WorkspaceClient
from databricks.sdk.clock import Clock
from databricks.sdk.config import Config

from tests.standins.databricks_deploy import DeployRoutes
from tests.standins.databricks_tables import Lakehouse
from tests.standins.databricks_uc import UcRoutes

OnRun = Callable[[dict[str, str]], dict[str, Any] | None]
WORKSPACE_ID = "1234567890123456"
JOB_PARAMETERS = ("manifest", "run_id", "action")
MULTI_TASK = ("Retrieving the output of runs with multiple tasks is not supported. Please "
              "retrieve the output of each individual task run instead.")


class ApiError(Exception):
    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error_code, self.message = status, error_code, message


@dataclass
class Scenario:
    """How one run goes: polls spent in each phase, then its end."""

    outcome: str = "success"  # success | failed | canceled | timedout | internal_error |
    #                            skipped | running (never ends)
    message: str = ""
    queued: int = 1
    pending: int = 1
    running: int = 1
    output: bool = True  # return the result as the task's notebook output
    commits_despite_cancel: bool = False  # a cancel that comes too late: the job commits


@dataclass
class JobRun:
    run_id: int
    task_run_id: int
    job_id: int
    params: dict[str, str]
    token: str | None
    scenario: Scenario
    polls: int = 0
    life: str = "QUEUED"
    result_state: str | None = None
    message: str = ""
    cancel_requested: bool = False
    result: dict[str, Any] | None = None
    error: str | None = None
    creator: str = "standin@example.com"  # who started it (creator_user_name)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class Workspace:
    """The stand-in's state: jobs, runs, tables; every request is recorded in `requests`."""

    def __init__(self, token: str = "x", job_ids: tuple[int, ...] = (123,),
                 warehouse_ids: tuple[str, ...] = ("wh1",)) -> None:
        self.token, self.job_ids, self.warehouse_ids = token, set(job_ids), set(warehouse_ids)
        self.base_url = ""
        self.lock = threading.RLock()
        self.runs: dict[int, JobRun] = {}
        self.task_runs: dict[int, JobRun] = {}
        self.tokens: dict[str, int] = {}
        self.scenarios: list[Scenario] = []  # for the next runs, in order
        self.default = Scenario()
        self.on_run: OnRun | None = None
        self.requests: list[Request] = []
        self.outage = 0  # the next N API requests get 503 (Retry-After: 1), as in an outage
        self.lake = Lakehouse()
        self.defined: dict[int, dict[str, Any]] = {}  # jobs created through jobs/create
        self.user = "standin@example.com"  # whom the token belongs to: who starts runs
        self._next_id = 1000

    def calls(self, method: str, path_suffix: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.endswith(path_suffix)]

    # ---- jobs

    def run_now(self, body: dict[str, Any]) -> dict[str, Any]:
        job_id = body.get("job_id", 0)
        if not isinstance(job_id, int) or isinstance(job_id, bool):
            raise ApiError(400, "MALFORMED_REQUEST", "Could not parse request object: "
                           f"Expected an integer for 'job_id', got {job_id!r}")
        if job_id not in self.job_ids:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", f"Job {job_id} does not exist.")
        params = body.get("job_parameters", {})
        if not isinstance(params, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in params.items()):
            raise ApiError(400, "MALFORMED_REQUEST", "Could not parse request object: "
                           "'job_parameters' must be a map of strings to strings")
        unknown = sorted(set(params) - set(JOB_PARAMETERS))
        if unknown:
            raise ApiError(400, "INVALID_PARAMETER_VALUE",
                           f"Job parameter(s) {unknown} are not defined in job {job_id}.")
        token = body.get("idempotency_token")
        if token is not None and (not isinstance(token, str) or len(token) > 64):
            raise ApiError(400, "INVALID_PARAMETER_VALUE",
                           "idempotency_token must be a string of at most 64 characters")
        with self.lock:
            if token is not None and token in self.tokens:
                run_id = self.tokens[token]
                return {"run_id": run_id, "number_in_job": run_id}
            run = JobRun(self._next_id, self._next_id + 1, job_id, dict(params), token,
                         self.scenarios.pop(0) if self.scenarios else self.default,
                         creator=self.user)
            self._next_id += 2
            self.runs[run.run_id] = self.task_runs[run.task_run_id] = run
            if token is not None:
                self.tokens[token] = run.run_id
            return {"run_id": run.run_id, "number_in_job": run.run_id}

    def _find(self, raw: Any, *, task_ok: bool = True) -> JobRun:
        try:
            run_id = int(raw)
        except (TypeError, ValueError):
            raise ApiError(400, "INVALID_PARAMETER_VALUE",
                           f"Invalid run_id: {raw!r}") from None
        run = self.runs.get(run_id) or (self.task_runs.get(run_id) if task_ok else None)
        if run is None:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", f"Run {run_id} does not exist.")
        return run

    def advance(self, run: JobRun) -> None:
        """One poll's worth of progress."""
        if run.life in ("TERMINATED", "SKIPPED", "INTERNAL_ERROR"):
            return
        if run.cancel_requested:
            if run.scenario.commits_despite_cancel:
                return self._finish(run)
            return self._end(run, "TERMINATED", "CANCELED", "Run cancelled.")
        run.polls += 1
        s = run.scenario
        if run.polls <= s.queued:
            run.life = "QUEUED"
        elif run.polls <= s.queued + s.pending:
            run.life = "PENDING"
        elif run.polls <= s.queued + s.pending + s.running or s.outcome == "running":
            run.life = "RUNNING"
        else:
            self._finish(run)

    def _finish(self, run: JobRun) -> None:
        s = run.scenario
        if s.outcome == "success":
            try:
                result = self.on_run(dict(run.params)) if self.on_run else None
            except Exception as exc:  # the job's work failed: so does the run
                run.error = f"{type(exc).__name__}: {exc}"
                return self._end(run, "TERMINATED", "FAILED",
                                 "Workload failed, see run output for details")
            run.result = result if result is not None else {
                "run_id": run.params.get("run_id"), "rows_written": 0, "version_before": None,
                "version_after": 0, "replayed": False, "table_uri": "standin://table"}
            return self._end(run, "TERMINATED", "SUCCESS", "")
        if s.outcome == "failed":
            run.error = s.message or "RuntimeError: the job failed"
            return self._end(run, "TERMINATED", "FAILED",
                             "Workload failed, see run output for details")
        ends = {"canceled": ("TERMINATED", "CANCELED", "Run cancelled."),
                "timedout": ("TERMINATED", "TIMEDOUT", "Run timed out."),
                "internal_error": ("INTERNAL_ERROR", "FAILED", "Cluster failed to start."),
                "skipped": ("SKIPPED", None, "Skipping this run because the limit of 1 maximum "
                                             "concurrent runs has been reached.")}
        life, result, message = ends[s.outcome]
        self._end(run, life, result, s.message or message)

    @staticmethod
    def _end(run: JobRun, life: str, result: str | None, message: str) -> None:
        run.life, run.result_state, run.message = life, result, message

    def run_page(self, run: JobRun) -> str:
        return f"{self.base_url}/jobs/{run.job_id}/runs/{run.run_id}?o={WORKSPACE_ID}"

    def run_json(self, run: JobRun, *, task: bool = False) -> dict[str, Any]:
        state: dict[str, Any] = {"life_cycle_state": run.life, "state_message": run.message,
                                 "user_cancelled_or_timedout": run.result_state in (
                                     "CANCELED", "TIMEDOUT")}
        if run.result_state:
            state["result_state"] = run.result_state
        v2 = {"QUEUED": "QUEUED", "PENDING": "PENDING", "RUNNING": "RUNNING"}.get(
            run.life, "TERMINATED")
        status: dict[str, Any] = {"state": v2}
        if v2 == "TERMINATED":
            code = {"SUCCESS": "SUCCESS", "FAILED": "RUN_EXECUTION_ERROR",
                    "CANCELED": "USER_CANCELED", "TIMEDOUT": "CANCELED"}.get(
                run.result_state or "", "SKIPPED")
            status["termination_details"] = {"code": code, "message": run.message,
                                             "type": "SUCCESS" if code == "SUCCESS"
                                             else "CLIENT_ERROR"}
        rid = run.task_run_id if task else run.run_id
        out: dict[str, Any] = {
            "job_id": run.job_id, "run_id": rid, "number_in_job": rid, "attempt_number": 0,
            "creator_user_name": run.creator, "run_name": "dino-ingest",
            "run_type": "JOB_RUN", "state": state, "status": status,
            "start_time": 1_764_000_000_000, "end_time": 0 if v2 != "TERMINATED"
            else 1_764_000_060_000, "run_page_url": self.run_page(run)}
        if task:
            out["task_key"] = "write"
            out["notebook_task"] = {"notebook_path": "/Workspace/dino/ingest"}
        else:
            out["format"] = "MULTI_TASK"
            out["job_parameters"] = [{"name": k, "value": v, "default": ""}
                                     for k, v in run.params.items()]
            out["tasks"] = [self.run_json(run, task=True)]
        return out

    def output(self, run: JobRun) -> dict[str, Any]:
        out: dict[str, Any] = {"metadata": self.run_json(run, task=True)}
        if run.result_state == "SUCCESS" and run.scenario.output and run.result is not None:
            out["notebook_output"] = {"result": json.dumps(run.result), "truncated": False}
        if run.error:
            out["error"] = run.error
            out["error_trace"] = f"Traceback (most recent call last):\n{run.error}"
        return out


class JobsRoutes:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def routes(self) -> list[tuple[str, str, Callable[[Request, re.Match[str]], Any]]]:
        return [("POST", r"/api/2\.[12]/jobs/run-now", self.run_now),
                ("GET", r"/api/2\.[12]/jobs/runs/get", self.get),
                ("POST", r"/api/2\.[12]/jobs/runs/cancel", self.cancel),
                ("GET", r"/api/2\.[12]/jobs/runs/get-output", self.get_output),
                ("GET", r"/api/2\.[12]/jobs/get", self.get_job)]

    def get_job(self, req: Request, _: re.Match[str]) -> Any:
        """GET jobs/get?job_id=N: the job's settings, with the parameters DINO passes."""
        raw = req.query.get("job_id", "")
        if not raw.isdigit():
            raise ApiError(400, "INVALID_PARAMETER_VALUE",
                           f"Invalid value for parameter job_id: {raw!r}")
        if int(raw) not in self.ws.job_ids:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", f"Job {raw} does not exist.")
        if int(raw) in self.ws.defined:
            return {"job_id": int(raw), "creator_user_name": "it@contoso.com",
                    "settings": {"format": "MULTI_TASK", "email_notifications": {},
                                 **self.ws.defined[int(raw)]}}
        return {"job_id": int(raw), "creator_user_name": "it@contoso.com",
                "settings": {"name": "dino-ingest", "max_concurrent_runs": 10,
                             "parameters": [{"name": n, "default": ""}
                                            for n in JOB_PARAMETERS]}}

    def run_now(self, req: Request, _: re.Match[str]) -> Any:
        return self.ws.run_now(body_map(req))

    def get(self, req: Request, _: re.Match[str]) -> Any:
        with self.ws.lock:
            run = self.ws._find(req.query.get("run_id"))
            self.ws.advance(run)
            return self.ws.run_json(run, task=run.task_run_id == int(req.query["run_id"]))

    def cancel(self, req: Request, _: re.Match[str]) -> Any:
        body = body_map(req)
        if "run_id" not in body:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "Missing required field: run_id")
        with self.ws.lock:
            run = self.ws._find(body["run_id"])
            if run.life not in ("TERMINATED", "SKIPPED", "INTERNAL_ERROR"):
                run.cancel_requested = True
        return {}

    def get_output(self, req: Request, _: re.Match[str]) -> Any:
        with self.ws.lock:
            run = self.ws._find(req.query.get("run_id"))
            if int(req.query["run_id"]) == run.run_id:
                raise ApiError(400, "INVALID_PARAMETER_VALUE", MULTI_TASK)
            return self.ws.output(run)


def body_map(req: Request) -> dict[str, Any]:
    if not isinstance(req.body, dict):
        raise ApiError(400, "MALFORMED_REQUEST",
                       "Invalid JSON given in the body of the request - expected a map")
    return req.body


class InstantClock(Clock):
    """The SDK's retry clock without real waiting: its retries (429, 503) take no time."""

    def __init__(self) -> None:
        self.now = 1_764_000_000.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class DatabricksStandin:
    """The server: `with DatabricksStandin() as db: WorkspaceClient(config=db.config())`."""

    def __init__(self, **workspace: Any) -> None:
        self.state = Workspace(**workspace)
        self.uc = uc = UcRoutes(self.state.lake, self.state.warehouse_ids, ApiError)
        deploy = DeployRoutes(self.state, ApiError)
        self._routes = [(m, re.compile(p), f) for m, p, f in
                        JobsRoutes(self.state).routes() + uc.routes() + deploy.routes()]
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.state.base_url = self.url
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True, name="databricks-standin")

    def __enter__(self) -> DatabricksStandin:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)

    def config_kwargs(self, **overrides: Any) -> dict[str, Any]:
        """What databricks.sdk.config.Config needs to talk to this server, quickly."""
        return {"host": self.url, "token": self.state.token, "auth_type": "pat",
                "retry_timeout_seconds": 5, "http_timeout_seconds": 2, **overrides}

    def client(self, **overrides: Any) -> WorkspaceClient:
        """An SDK client for this server whose retries take no real time."""
        return WorkspaceClient(config=Config(clock=InstantClock(),
                                             **self.config_kwargs(**overrides)))

    def dispatch(self, req: Request) -> tuple[int, Any]:
        if req.path == "/.well-known/databricks-config":
            return 404, {"error_code": "NOT_FOUND", "message": "Not Found"}
        self.state.requests.append(req)
        auth = req.headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return 401, {"error_code": "UNAUTHENTICATED", "message": "Credential was not sent "
                         "or was of an unsupported type for this API."}
        if auth != f"Bearer {self.state.token}":
            return 403, {"error_code": "PERMISSION_DENIED", "message": "Invalid access token."}
        with self.state.lock:
            if self.state.outage > 0:
                self.state.outage -= 1
                return 503, {"error_code": "TEMPORARILY_UNAVAILABLE",
                             "message": "The service is temporarily unavailable."}
        for method, pattern, fn in self._routes:
            m = pattern.fullmatch(req.path)
            if m and method == req.method:
                try:
                    return 200, fn(req, m)
                except ApiError as err:
                    return err.status, {"error_code": err.error_code, "message": err.message}
        short = re.sub(r"^/api", "", req.path)
        return 404, {"error_code": "ENDPOINT_NOT_FOUND",
                     "message": f"No API found for '{req.method} {short}'"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else ~40 ms per request (delayed ACKs)

            def _serve(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw  # not a map: the route says so
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                req = Request(self.command, url.path, query, body,
                              {k.lower(): v for k, v in self.headers.items()})
                status, payload = standin.dispatch(req)
                data = json.dumps(payload).encode()
                self.send_response(status)
                if status == 503:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        return Handler
