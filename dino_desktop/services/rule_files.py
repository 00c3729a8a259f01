"""One complete file of a rule: load it through the ingestion service, set it aside in
processed/ or failed/, remember it, and tell people (services/folder_scan.py decides which
files are complete, services/automation.py when to look)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dino_desktop.core.alerts import Alert, history_link
from dino_desktop.core.manifest import new_run_id
from dino_desktop.core.messages import render
from dino_desktop.core.models import DinoError, InspectOptions, Problem, Severity
from dino_desktop.core.rules import FAILED, PROCESSED, Rule, aside_name
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.core.scan import file_sha256
from dino_desktop.ports import Alerter
from dino_desktop.services.automation_state import PassResult, RuleStateStore
from dino_desktop.services.ingestion import (
    CONFIRM_DUPLICATE,
    CONFIRM_OVERWRITE,
    IngestError,
    IngestionService,
    IngestRequest,
    NeedsConfirmation,
)

log = logging.getLogger(__name__)

DETAILS = 3  # problems shown with a failed file's event and alert
Emit = Callable[..., None]  # emit(code, rule, *, details=(), **params)


def file_is_locked(path: Path) -> bool:
    """Whether the program writing the file still holds it. Windows: a writer that did not
    share the file keeps us from renaming it onto itself or opening it for writing.
    Elsewhere there are no mandatory locks: the settle time alone decides."""
    if os.name != "nt":
        return False
    try:
        os.replace(path, path)
    except PermissionError:
        return True
    except OSError:
        pass
    if os.access(path, os.W_OK):
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            return True
        except OSError:
            pass
    return False


def move_aside(path: Path, folder: str, now: dt.datetime) -> Path:
    """Into processed/ or failed/ beside the file; a name already there gets a time suffix."""
    target_dir = path.parent / folder
    target_dir.mkdir(exist_ok=True)
    for _ in range(3):  # another process may take the same name between check and rename
        dest = target_dir / aside_name(path.name, lambda n: (target_dir / n).exists(), now)
        try:
            os.rename(path, dest)
            return dest
        except FileExistsError:
            continue
    raise FileExistsError(str(target_dir / path.name))


@dataclass(frozen=True)
class Loaded:
    outcome: str  # succeeded | failed | duplicate | cancelled
    moved: Path | None  # where the file went (None: it could not be moved, or cancelled)


@dataclass
class FileLoader:
    """Loads one file for a rule. Every file that is not cancelled ends in processed/ or
    failed/ with a run in the log (a file refused before any run began gets a failed run,
    so History shows it and the alert links to it)."""

    ingestion: IngestionService
    state: RuleStateStore
    emit: Emit
    alerter: Alerter | None
    clock: Callable[[], dt.datetime]
    cancel: threading.Event
    lang: str = "en"
    tz: dt.tzinfo | None = None
    result: PassResult | None = None

    def load(self, rule: Rule, path: Path) -> Loaded:
        target = f"{self.ingestion.catalog_name}.{rule.database}.{rule.table}"
        file = str(path)
        self.emit("auto_run_started", rule.name, file=file, target=target)
        req = IngestRequest(path, rule.database, rule.table, mode=rule.mode,
                            keys=list(rule.keys), policy=rule.bad_rows,
                            options=InspectOptions(sheet=rule.sheet))
        problems: list[Problem] = []
        try:  # the rule itself confirms overwriting; the same file again is never loaded
            run = self.ingestion.ingest(req, confirm=frozenset({CONFIRM_OVERWRITE}),
                                        cancel=self.cancel)
        except NeedsConfirmation as need:
            if CONFIRM_DUPLICATE in need.missing:
                return self._duplicate(rule, path, target,
                                       need.plan.confirmations[CONFIRM_DUPLICATE])
            problems = [Problem(Severity.ERROR, f"confirm_{k}", need.plan.confirmations[k])
                        for k in need.missing]
            run = self._record_refused(rule, path, problems)
        except IngestError as exc:
            problems = exc.problems or [unexpected(exc)]
            run = exc.run or self._record_refused(rule, path, problems)
        except DinoError as exc:  # refused with a message of its own (e.g. access)
            problems = [exc.problem]
            run = self._record_refused(rule, path, problems)
        except Exception as exc:  # anything the service did not map: still a failed file
            log.exception("loading %s failed unexpectedly", path)
            problems = [unexpected(exc)]
            run = self._record_refused(rule, path, problems)
        if run.state is RunState.CANCELLED:
            self.emit("auto_run_cancelled", rule.name, file=file, run_id=run.run_id)
            return Loaded("cancelled", None)
        succeeded = run.state is RunState.SUCCEEDED
        if not succeeded and not problems:
            problems = [unexpected(RuntimeError(run.error or run.state.value))]
        moved = self._move(rule, path, PROCESSED if succeeded else FAILED)
        if moved is not None:
            try:
                self.ingestion.runlog.update(run.run_id, source_path=str(moved))  # for retry
            except Exception:
                log.exception("run %s: the moved file's path was not recorded", run.run_id)
        outcome = "succeeded" if succeeded else "failed"
        self.state.put(rule.name, last_run_id=run.run_id, last_at=self.clock(),
                       last_file=file, last_outcome=outcome)
        if self.result is not None:
            if succeeded:
                self.result.succeeded += 1
            else:
                self.result.failed += 1
        if succeeded:
            self.emit("auto_run_succeeded", rule.name, file=file, target=target,
                      run_id=run.run_id, rows=f"{run.rows or 0:,}",
                      moved_to=shown(moved, path))
        else:
            self.emit("auto_run_failed", rule.name, file=file, target=target,
                      run_id=run.run_id, moved_to=shown(moved, path),
                      details=tuple(problems[:DETAILS]))
        error = "\n".join(render(p, self.lang) for p in problems[:DETAILS])
        self._alert(rule, run.run_id, file, target, succeeded, error)
        return Loaded(outcome, moved)

    def _duplicate(self, rule: Rule, path: Path, target: str,
                   earlier: dict[str, Any]) -> Loaded:
        """Already in the table (same SHA-256, succeeded): set aside, not loaded again."""
        moved = self._move(rule, path, PROCESSED)
        self.state.put(rule.name, last_run_id=earlier.get("run_id"), last_at=self.clock(),
                       last_file=str(path), last_outcome="duplicate")
        if self.result is not None:
            self.result.duplicates += 1
        log.info("%s was already loaded into %s by run %s; not loaded again", path, target,
                 earlier.get("run_id"))
        self.emit("auto_duplicate", rule.name, file=str(path), target=target,
                  run_id=str(earlier.get("run_id", "")), at=earlier.get("at", ""),
                  moved_to=shown(moved, path))
        return Loaded("duplicate", moved)

    def _record_refused(self, rule: Rule, path: Path, problems: list[Problem]) -> RunRecord:
        ing = self.ingestion
        try:
            size, digest = path.stat().st_size, file_sha256(path)
        except OSError:
            size, digest = 0, None
        run = RunRecord(
            run_id=new_run_id(), state=RunState.CREATED, user=ing.user, machine=ing.machine,
            source_name=path.name, source_path=str(path), source_bytes=size, sha256=digest,
            source_format=path.suffix.lstrip(".").lower() or "unknown",
            catalog=ing.catalog_name, database=rule.database, table=rule.table,
            mode=rule.mode.value, keys=list(rule.keys), bad_row_policy=rule.bad_rows.value,
            profile=ing.profile)
        first = problems[0]
        ing.runlog.create(run, f"{path.name} → {rule.database}.{rule.table} (rule {rule.name})")
        ing.runlog.transition(
            run.run_id, RunState.FAILED, render(first),
            error="\n".join(dict.fromkeys(render(p) for p in problems[:101])),
            error_code=first.code, problems=[p.to_dict() for p in problems],
            finished_at=dt.datetime.now(dt.UTC))
        return ing.runlog.get(run.run_id) or run

    def _move(self, rule: Rule, path: Path, folder: str) -> Path | None:
        try:
            return move_aside(path, folder, self.clock().astimezone(self.tz))
        except OSError as exc:
            self.emit("auto_move_failed", rule.name, file=str(path), folder=folder,
                      reason=exc.strerror or str(exc))
            return None

    def _alert(self, rule: Rule, run_id: str, file: str, target: str, succeeded: bool,
               error: str) -> None:
        """Failures always, successes when the rule asks; a failing alerter never fails or
        holds up the loading."""
        if self.alerter is None or (succeeded and not rule.alerts.on_success):
            return
        alert = Alert(run_id=run_id, file=file, target=target, succeeded=succeeded,
                      error="" if succeeded else error, link=history_link(run_id),
                      rule=rule.name, channels=rule.alerts)
        try:
            self.alerter.send(alert)
        except Exception:
            log.exception("the alert for run %s could not be handed over", run_id)


def shown(moved: Path | None, original: Path) -> str:
    """processed/vendas.csv: where the file went, relative to the watched folder."""
    if moved is None:
        return str(original)
    try:
        return moved.relative_to(original.parent).as_posix()
    except ValueError:
        return str(moved)


def unexpected(exc: BaseException) -> Problem:
    return Problem(Severity.ERROR, "file_unreadable",
                   {"reason": f"{type(exc).__name__}: {exc}"[:500]}, fix="check_file")
