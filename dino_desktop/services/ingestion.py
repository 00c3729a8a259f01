"""One ingestion run: inspect → convert → stage → run → record, logged at every step.

The service sees only ports, so the same code drives the local profile (a folder, delta-rs,
SQLite) and the azure one (Blob Storage, a Databricks job, Azure SQL). Progress goes out as
events; a cancel is honoured between and inside stages; a failure leaves the table as it
was and the run log saying why.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dino_desktop.core import validate
from dino_desktop.core.access import OPEN, AccessList, normalize_user
from dino_desktop.core.convert import ConvertError, convert
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.manifest import new_run_id
from dino_desktop.core.messages import render
from dino_desktop.core.models import (
    BadRowPolicy,
    Cancelled,
    DinoError,
    Inspection,
    InspectOptions,
    Problem,
    Progress,
    Severity,
    Target,
    WriteMode,
)
from dino_desktop.core.naming import check_target_name
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.core.scan import file_sha256
from dino_desktop.ports import Catalog, CostSource, Engine, ProgressFn, RunLog, Storage

# Share of the whole run each stage takes on the progress bar.
WEIGHTS = {"inspect": 0.02, "convert": 0.60, "stage": 0.08, "run": 0.28, "record": 0.02}
CONFIRM_OVERWRITE = "overwrite"
CONFIRM_DUPLICATE = "duplicate"


@dataclass
class IngestRequest:
    path: Path
    database: str
    table: str
    mode: WriteMode = WriteMode.APPEND
    keys: list[str] = field(default_factory=list)
    policy: BadRowPolicy = BadRowPolicy.REJECT
    options: InspectOptions = field(default_factory=InspectOptions)
    inspection: Inspection | None = None  # as the user saw (and edited) it, if any
    schema_evolution: str | None = None  # None: the configured default


@dataclass
class Plan:
    """What a run would do, before it does it: problems and the questions to ask first."""

    inspection: Inspection
    target: Target
    problems: list[Problem]
    confirmations: dict[str, dict] = field(default_factory=dict)  # kind -> details
    sha256: str | None = None

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


class IngestError(Exception):
    """The run failed; `run` holds what the run log recorded, `problems` the details."""

    def __init__(self, run: RunRecord | None, problems: list[Problem]):
        super().__init__(render(problems[0]) if problems else "failed")
        self.run = run
        self.problems = problems


class NeedsConfirmation(Exception):
    def __init__(self, plan: Plan, missing: list[str]):
        super().__init__(", ".join(missing))
        self.plan = plan
        self.missing = missing


@dataclass
class IngestionService:
    storage: Storage
    engine: Engine
    runlog: RunLog
    costs: CostSource
    catalog: Catalog
    work_dir: Path
    user: str
    machine: str
    profile: str = "local"
    catalog_name: str = "main"
    retention_days: int = 0
    schema_evolution: str = "add_columns"
    max_bytes: int | None = None
    clock: Callable[[], float] = time.monotonic
    access: AccessList = OPEN  # IT's list of who may write where (no list: everyone)

    # ---- before a run

    def inspect(self, path: Path, options: InspectOptions | None = None) -> Inspection:
        return inspect_file(path, options or InspectOptions())

    def plan(self, req: IngestRequest) -> Plan:
        """Instant checks, and what must be confirmed (overwrite, a file loaded before).
        A target the access list denies is a blocking problem, so nothing is converted or
        uploaded for it."""
        insp = req.inspection or self.inspect(req.path, req.options)
        target = Target(req.database, req.table, self.catalog_name)
        names_ok = all(check_target_name(kind, name) is None for kind, name in
                       (("database", req.database), ("table", req.table)))
        denied = self.access.check(self.user, target, req.mode) if names_ok else None
        schema = self.catalog.schema(target) if names_ok and denied is None else None
        problems = validate.check(insp, target, table_schema=schema, max_bytes=self.max_bytes,
                                  mode=req.mode, keys=req.keys,
                                  schema_evolution=req.schema_evolution
                                  or self.schema_evolution)
        if denied is not None:
            problems.insert(0, denied)
        plan = Plan(insp, target, problems)
        if WriteMode(req.mode) is WriteMode.OVERWRITE and schema is not None:
            plan.confirmations[CONFIRM_OVERWRITE] = {"table": f"{req.database}.{req.table}"}
        earlier = self._same_file_runs(insp, req)
        if earlier:
            plan.sha256 = earlier[0].sha256
            plan.confirmations[CONFIRM_DUPLICATE] = {
                "run_id": earlier[0].run_id, "at": earlier[0].created_at.isoformat(),
                "user": earlier[0].user, "table": f"{req.database}.{req.table}"}
        return plan

    def _same_file_runs(self, insp: Inspection, req: IngestRequest) -> list[RunRecord]:
        """Succeeded runs of this very file into this table (hashing only when sizes match)."""
        from dino_desktop.core.runs import RunFilter

        candidates = [r for r in self.runlog.query(
            RunFilter(states=(RunState.SUCCEEDED,), table=f"{req.database}.{req.table}",
                      source_bytes=insp.size_bytes), limit=1000) if r.sha256]
        if not candidates:
            return []
        digest = file_sha256(Path(insp.path))
        return [r for r in candidates if r.sha256 == digest]

    # ---- the run

    def ingest(self, req: IngestRequest, *, confirm: set[str] | frozenset[str] = frozenset(),
               progress: ProgressFn | None = None,
               cancel: threading.Event | None = None) -> RunRecord:
        """Run it all; raises NeedsConfirmation before any work, IngestError after a failure."""
        cancel = cancel or threading.Event()
        report = progress or (lambda p: None)
        started = self.clock()
        plan = self.plan(req)
        missing = [k for k in plan.confirmations if k not in confirm]
        if plan.blocking:
            raise IngestError(None, plan.blocking)
        if missing:
            raise NeedsConfirmation(plan, missing)
        insp = plan.inspection
        run = RunRecord(
            run_id=new_run_id(), state=RunState.CREATED, user=self.user, machine=self.machine,
            source_name=Path(insp.path).name, source_path=str(Path(insp.path).resolve()),
            source_bytes=insp.size_bytes, sha256=plan.sha256, source_format=insp.format.value,
            catalog=self.catalog_name, database=req.database, table=req.table,
            mode=WriteMode(req.mode).value, keys=list(req.keys),
            bad_row_policy=BadRowPolicy(req.policy).value, profile=self.profile,
            problems=[p.to_dict() for p in insp.problems],
        )
        run.timings["inspect"] = self.clock() - started
        self.runlog.create(run, f"{run.source_name} → {run.database}.{run.table}")
        return self._execute(run, req, insp, plan.target, report, cancel)

    def _execute(self, run: RunRecord, req: IngestRequest, insp: Inspection, target: Target,
                 report: ProgressFn, cancel: threading.Event) -> RunRecord:
        work = self.work_dir / run.run_id
        try:
            self._check(cancel)
            self.runlog.transition(run.run_id, RunState.CONVERTING, "converting",
                                   stage="convert")
            t0 = self.clock()
            result = convert(
                insp, work, target, mode=WriteMode(req.mode), keys=req.keys,
                policy=BadRowPolicy(req.policy), run_id=run.run_id, user=self.user,
                schema_evolution=req.schema_evolution or self.schema_evolution,
                options=req.options, cancel=cancel,
                progress=_scaled(report, "convert", run.source_bytes),
            )
            run.timings["convert"] = self.clock() - t0
            run.sha256 = result.sha256
            run.bad_rows = result.bad_rows
            run.bytes_staged = sum(Path(p).stat().st_size for p in result.parts)
            run.problems += [p.to_dict() for p in result.problems]
            self._check(cancel)
            self.runlog.transition(run.run_id, RunState.UPLOADING, "staging", stage="stage",
                                   sha256=run.sha256, bad_rows=run.bad_rows,
                                   bytes_staged=run.bytes_staged, timings=run.timings,
                                   problems=run.problems)
            t0 = self.clock()
            manifest_uri = self.storage.stage(run.run_id, work, Path(insp.path),
                                              _scaled(report, "stage", run.source_bytes),
                                              cancel)
            run.timings["stage"] = self.clock() - t0
            run.landing_uri = self.storage.location(run.run_id)
            self._check(cancel)
            self.runlog.transition(run.run_id, RunState.SUBMITTED, "submitted to the engine",
                                   stage="run", landing_uri=run.landing_uri,
                                   timings=run.timings)
            return self._run_engine(run, manifest_uri, report, cancel)
        except Cancelled:
            return self._finish_failed(run, RunState.CANCELLED,
                                       [Problem(Severity.INFO, "cancelled")])
        except ConvertError as exc:
            self._finish_failed(run, RunState.FAILED, [exc.problem, *exc.problems[:100]])
            raise IngestError(self.runlog.get(run.run_id), exc.problems) from exc
        except DinoError as exc:
            self._finish_failed(run, RunState.FAILED, [exc.problem])
            raise IngestError(self.runlog.get(run.run_id), [exc.problem]) from exc
        except Exception as exc:
            problem = Problem(Severity.ERROR, "file_unreadable",
                              {"reason": f"{type(exc).__name__}: {exc}"[:500]})
            self._finish_failed(run, RunState.FAILED, [problem])
            raise IngestError(self.runlog.get(run.run_id), [problem]) from exc
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _run_engine(self, run: RunRecord, manifest_uri: str, report: ProgressFn,
                    cancel: threading.Event) -> RunRecord:
        self.runlog.transition(run.run_id, RunState.RUNNING, "writing the table", stage="run")
        t0 = self.clock()
        res = self.engine.run(manifest_uri, _scaled(report, "run", run.source_bytes), cancel)
        run.timings["run"] = self.clock() - t0
        run.rows = res.rows_written
        run.version_before = res.version_before
        run.version_after = res.version_after
        run.table_uri = res.table_uri
        run.engine_run_url = res.run_url
        run.cost = self.costs.estimate(run)
        message = "already written by this run: nothing written again" if res.replayed \
            else f"{res.rows_written:,} rows written"
        self.runlog.transition(
            run.run_id, RunState.SUCCEEDED, message, stage="record", rows=run.rows,
            version_before=run.version_before, version_after=run.version_after,
            table_uri=run.table_uri, engine_run_url=run.engine_run_url, cost=run.cost,
            timings=run.timings, finished_at=dt.datetime.now(dt.UTC))
        if self.retention_days <= 0:
            self.storage.remove(run.run_id)
        report(Progress("record", 1.0, run.source_bytes, run.rows or 0, message))
        return self.runlog.get(run.run_id) or run

    def _finish_failed(self, run: RunRecord, state: RunState,
                       problems: list[Problem]) -> RunRecord:
        first = problems[0]
        self.runlog.transition(
            run.run_id, state, render(first), error=_error_text(problems),
            error_code=first.code, problems=run.problems + [p.to_dict() for p in problems],
            timings=run.timings, finished_at=dt.datetime.now(dt.UTC))
        return self.runlog.get(run.run_id) or run

    @staticmethod
    def _check(cancel: threading.Event) -> None:
        if cancel.is_set():
            raise Cancelled()

    # ---- resuming a run whose files are already staged (retry, reconciliation)

    def resume(self, run: RunRecord, progress: ProgressFn | None = None,
               cancel: threading.Event | None = None) -> RunRecord:
        """Run the engine again on the staged manifest: idempotent, so never written twice.
        Refused (DinoError, the run left as it was) when the access list no longer lets this
        user write there, or when the run is someone else's (its manifest names them)."""
        target = Target(run.database, run.table, run.catalog)
        denied = self.access.check(self.user, target, run.mode)
        if denied is None and self.access.configured and \
                normalize_user(run.user) != normalize_user(self.user):
            denied = Problem(Severity.ERROR, "access_user_mismatch",
                             {"run_id": run.run_id, "user": run.user,
                              "trigger_user": self.user}, fix="ingest_yourself")
        if denied is not None:
            raise DinoError(denied)
        cancel = cancel or threading.Event()
        report = progress or (lambda p: None)
        self.runlog.transition(run.run_id, RunState.SUBMITTED, "retry: submitted again",
                               stage="run", error=None, error_code=None)
        try:
            return self._run_engine(run, self.storage.manifest_uri(run.run_id), report, cancel)
        except Cancelled:
            return self._finish_failed(run, RunState.CANCELLED,
                                       [Problem(Severity.INFO, "cancelled")])
        except DinoError as exc:
            self._finish_failed(run, RunState.FAILED, [exc.problem])
            raise IngestError(self.runlog.get(run.run_id), [exc.problem]) from exc


def _error_text(problems: list[Problem]) -> str:
    lines = [render(p) for p in problems[:101]]
    return "\n".join(dict.fromkeys(lines))


def _scaled(report: ProgressFn, stage: str, total_bytes: int) -> ProgressFn:
    """Map a stage's own 0..1 onto the whole run's progress bar."""
    order = list(WEIGHTS)
    base = sum(WEIGHTS[s] for s in order[: order.index(stage)])
    weight = WEIGHTS[stage]

    def inner(p: Progress) -> None:
        frac = min(max(p.fraction, 0.0), 1.0)
        report(Progress(stage, base + weight * frac, p.bytes_done or int(total_bytes * frac),
                        p.rows_done, p.message))

    return inner

