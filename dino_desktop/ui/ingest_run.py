"""The Upload tab's run: ask first where the plan says so, load on a worker with progress and
Cancel, and say what came of it.

Kept apart from the tab so the tab is about the file and where it goes, not also the run. The
tab hands over what a run needs (the request as the form stands, its progress panel and
summary label, its `ask`) and hears back through signals. The panel and label stay the tab's
widgets, laid out (and so in the focus order) where they always were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QLabel, QWidget

from dino_desktop.bootstrap import App
from dino_desktop.core.models import Problem, Severity
from dino_desktop.core.runs import RunRecord
from dino_desktop.services.ingestion import IngestError, IngestRequest, NeedsConfirmation
from dino_desktop.ui import upload_summary as summary
from dino_desktop.ui.i18n import as_problem
from dino_desktop.ui.progress_panel import ProgressPanel
from dino_desktop.ui.workers import Task, TaskRunner


def failure_problem(exc: Exception) -> Problem:
    """A failed worker as one problem, so an unexpected error still shows in the lists."""
    return as_problem(exc) or Problem(Severity.ERROR, "file_unreadable",
                                      {"reason": f"{type(exc).__name__}: {exc}"[:500]})


class IngestRun(QObject):
    busy_changed = Signal(bool)  # True: a run began (lock the form); False: it ended
    problems_found = Signal(object)  # list[Problem]: why the run failed, for Problems
    run_finished = Signal(str)  # run id, whatever the outcome
    open_run = Signal(str)  # the user followed the summary's link to this run

    def __init__(self, services: App, runner: TaskRunner, settings: QSettings,
                 progress: ProgressPanel, summary_label: QLabel,
                 request: Callable[[], IngestRequest],
                 ask: Callable[[str, dict[str, Any]], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.services, self.runner, self.settings = services, runner, settings
        self.progress, self.summary = progress, summary_label
        self._request, self._ask = request, ask
        self.task: Task | None = None
        self.last_run: RunRecord | None = None
        progress.cancel_requested.connect(self.cancel)
        summary_label.linkActivated.connect(self._link)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def retranslate(self) -> None:
        if self.last_run is not None and not self.running:
            self._show_result(self.last_run)

    def clear(self) -> None:
        """A new file: the last run's summary is about another one."""
        self.last_run = None
        self.summary.clear()

    def start(self, confirmations: dict[str, dict], confirmed: frozenset[str]) -> None:
        """Ask each question the plan raises (unless already answered), then run."""
        confirm = set(confirmed)
        for kind, details in confirmations.items():
            if kind not in confirm:
                if not self._ask(kind, details):
                    return
                confirm.add(kind)
        self._run(frozenset(confirm))

    def _run(self, confirm: frozenset[str]) -> None:
        req = self._request()
        self.settings.setValue("upload/database", req.database)
        self.summary.clear()
        self.progress.start(req.inspection.size_bytes if req.inspection else 0)
        self.task = self.runner.submit(
            self.services.ingestion.ingest, req, confirm=confirm,
            on_progress=self.progress.update_progress, on_result=self._ran,
            on_error=lambda exc: self._run_failed(exc, confirm), name="ingest")
        self.busy_changed.emit(True)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finish(self) -> None:
        self.task = None
        self.progress.reset()
        self.busy_changed.emit(False)

    def _ran(self, run: RunRecord) -> None:
        self._finish()
        self.last_run = run
        self._show_result(run)
        self.run_finished.emit(run.run_id)

    def _run_failed(self, exc: Exception, confirm: frozenset[str]) -> None:
        self._finish()
        if isinstance(exc, NeedsConfirmation):
            # the run's own check found questions the plan had not: ask, then run again
            for kind in exc.missing:
                if not self._ask(kind, exc.plan.confirmations.get(kind, {})):
                    return
            self._run(confirm | frozenset(exc.missing))
            return
        if isinstance(exc, IngestError):
            self.problems_found.emit(list(exc.problems))
            if exc.run is not None:
                self.last_run = exc.run
                self._show_result(exc.run, exc.problems)
                self.run_finished.emit(exc.run.run_id)
                return
            self._show_failure(exc.problems)
            return
        self._show_failure([failure_problem(exc)])

    def _show_result(self, run: RunRecord, problems: list[Problem] | None = None) -> None:
        self.summary.setText(summary.result(run, problems))

    def _show_failure(self, problems: list[Problem]) -> None:
        self.summary.setText(summary.nothing_loaded(problems))

    def _link(self, href: str) -> None:
        if href.startswith("run:"):
            self.open_run.emit(href[4:])
