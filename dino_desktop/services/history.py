"""After a run: look back, retry, undo, and tidy up after a crash."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path

from dino_desktop.core.messages import render
from dino_desktop.core.models import DinoError, Problem, Severity, Target, WriteMode
from dino_desktop.core.runs import RunEvent, RunFilter, RunRecord, RunState
from dino_desktop.ports import Engine, ProgressFn, RunLog, Storage
from dino_desktop.services.ingestion import IngestionService, IngestRequest

RETRYABLE = (RunState.FAILED, RunState.CANCELLED)


class HistoryError(DinoError):
    pass


@dataclass
class HistoryService:
    runlog: RunLog
    engine: Engine
    storage: Storage
    ingestion: IngestionService

    def runs(self, flt: RunFilter | None = None, limit: int = 100, offset: int = 0,
             order_by: str = "created_at", descending: bool = True) -> list[RunRecord]:
        return self.runlog.query(flt, limit=limit, offset=offset, order_by=order_by,
                                 descending=descending)

    def count(self, flt: RunFilter | None = None) -> int:
        return self.runlog.count(flt)

    def get(self, run_id: str) -> RunRecord:
        run = self.runlog.get(run_id) or self._by_prefix(run_id)
        if run is None:
            raise HistoryError(Problem(Severity.ERROR, "run_not_found", {"run_id": run_id}))
        return run

    def _by_prefix(self, prefix: str) -> RunRecord | None:
        """Let people type the first characters of a run id, as with git hashes."""
        if len(prefix) < 6:
            return None
        matches = [r for r in self.runlog.query(RunFilter(text=prefix), limit=5)
                   if r.run_id.startswith(prefix.upper())]
        return matches[0] if len(matches) == 1 else None

    def events(self, run_id: str) -> list[RunEvent]:
        return self.runlog.events(self.get(run_id).run_id)

    # ---- retry

    def retry(self, run_id: str, progress: ProgressFn | None = None,
              cancel: threading.Event | None = None,
              confirm: frozenset[str] = frozenset()) -> RunRecord:
        """A failed or cancelled run again: from its staged files if they are still there
        (the engine never writes a run twice), else from the source file, as a new run."""
        run = self.get(run_id)
        if run.state not in RETRYABLE:
            raise HistoryError(Problem(Severity.ERROR, "retry_refused",
                                       {"run_id": run.run_id, "state": run.state.value}))
        if self.storage.exists(run.run_id):
            return self.ingestion.resume(run, progress, cancel)
        if not run.source_path or not Path(run.source_path).is_file():
            raise HistoryError(Problem(Severity.ERROR, "retry_source_missing",
                                       {"path": run.source_path or run.source_name}))
        req = IngestRequest(Path(run.source_path), run.database, run.table,
                            mode=WriteMode(run.mode), keys=list(run.keys),
                            policy=run.bad_row_policy)  # type: ignore[arg-type]
        new = self.ingestion.ingest(req, confirm=confirm, progress=progress, cancel=cancel)
        self.runlog.update(new.run_id, replay_of=run.run_id)
        return self.runlog.get(new.run_id) or new

    # ---- undo

    def undo(self, run_id: str) -> RunRecord:
        """Put the table back as it was before the run; refuse if later runs wrote to it."""
        run = self.get(run_id)
        if run.state is not RunState.SUCCEEDED or run.version_after is None:
            raise HistoryError(Problem(Severity.ERROR, "undo_refused_state",
                                       {"run_id": run.run_id, "state": run.state.value}))
        target = Target(run.database, run.table, run.catalog)
        later = [c for c in self.engine.runs_after(target, run.version_after)
                 if not self._undone(c.run_id) and not self._undone(c.undo_of)]
        if later:
            names = ", ".join(c.run_id or f"version {c.version}" for c in later)
            raise HistoryError(Problem(Severity.ERROR, "undo_refused_later",
                                       {"run_id": run.run_id, "later": names},
                                       fix="undo_later_first"))
        before = run.version_before if run.version_before is not None else -1
        version = self.engine.restore(target, before, run.run_id)
        self.runlog.transition(run.run_id, RunState.UNDONE,
                               f"undone: table restored to version {max(before, 0)} "
                               f"(new version {version})")
        return self.get(run.run_id)

    def _undone(self, run_id: str | None) -> bool:
        """Commits of runs already undone (and their undos) no longer stand in the way."""
        if run_id is None:
            return False
        other = self.runlog.get(run_id)
        return other is not None and other.state is RunState.UNDONE

    # ---- landing files kept for a while after success

    def clean_landing(self, retention_days: int,
                      now: dt.datetime | None = None) -> list[str]:
        """Remove the landing files of succeeded runs older than the retention."""
        now = now or dt.datetime.now(dt.UTC)
        cutoff = now - dt.timedelta(days=max(retention_days, 0))
        removed = []
        for run_id in self.storage.runs():  # only what is there: a handful, not every run
            run = self.runlog.get(run_id)
            if run is None or run.state not in (RunState.SUCCEEDED, RunState.UNDONE):
                continue  # failed runs keep their files for a retry
            if (run.finished_at or run.created_at) <= cutoff:
                self.storage.remove(run_id)
                removed.append(run_id)
        return removed

    # ---- after a crash

    def reconcile(self) -> list[RunRecord]:
        """Runs a crash left half-way: finished if the table has their commit, else failed."""
        fixed = []
        for run in self.runlog.unfinished():
            target = Target(run.database, run.table, run.catalog)
            try:
                version = self.engine.committed_version(target, run.run_id)
            except Exception:  # a table we cannot read now: leave the run for next time
                continue
            now = dt.datetime.now(dt.UTC)
            if version is not None:
                self.runlog.transition(run.run_id, RunState.SUCCEEDED,
                                       "reconciled: the table has this run's commit",
                                       version_after=version, finished_at=now)
            else:
                problem = Problem(Severity.ERROR, "run_interrupted", {"state": run.state.value})
                self.runlog.transition(run.run_id, RunState.FAILED, render(problem),
                                       error=render(problem), error_code=problem.code,
                                       finished_at=now)
            fixed.append(self.get(run.run_id))
        return fixed
