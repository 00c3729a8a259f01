"""Retry and undo from the History tab: one at a time, on a worker, with progress and Cancel
in the tab's status strip.

Kept apart from the tab so the list and its selection do not also carry the run operations;
the tab hands over what they need (the selected run, the strip, a parent for questions) and
hears back through signals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dino_desktop.bootstrap import App
from dino_desktop.core.models import Progress
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.services.history import RETRYABLE
from dino_desktop.services.ingestion import IngestError, NeedsConfirmation
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.history_model import short_id
from dino_desktop.ui.i18n import error_text
from dino_desktop.ui.status_strip import StatusStrip
from dino_desktop.ui.workers import Task, TaskRunner


class RunOperations(QObject):
    busy_changed = Signal()  # an operation began or ended: the tab's actions follow
    runs_changed = Signal(str)  # the run log changed; the run to show then, or ""

    def __init__(self, services: App, runner: TaskRunner, status: StatusStrip,
                 selected_run: Callable[[], RunRecord | None], parent: QWidget) -> None:
        super().__init__(parent)
        self.services, self.runner, self.status = services, runner, status
        self._selected_run = selected_run
        self._dialog_parent = parent  # questions open over the tab
        self.op: Task | None = None  # the retry or undo under way
        status.cancel_requested.connect(self.cancel_op)

    # ---- retry

    def retry(self, confirm: frozenset[str] = frozenset()) -> None:
        run = self._selected_run()
        if run is None or self.op is not None or run.state not in RETRYABLE:
            return
        self._begin_op(self.tr("Retrying %1…").replace("%1", run.source_name), True)
        self.op = self.runner.submit(
            self.services.history.retry, run.run_id, confirm=confirm, name="retry",
            on_progress=self._on_progress, on_result=self._on_retried,
            on_error=lambda exc: self._on_retry_failed(confirm, exc))
        self.busy_changed.emit()

    def _on_retried(self, run: RunRecord) -> None:
        self._end_op()
        if run.state is RunState.SUCCEEDED:
            self._say(self.tr("Run %1 succeeded: %2 rows written to %3.")
                      .replace("%1", short_id(run.run_id)).replace("%2", fmt.number(run.rows))
                      .replace("%3", f"{run.database}.{run.table}"), "ok")
        elif run.state is RunState.CANCELLED:
            self._say(self.tr("The retry was cancelled; the table is as it was."), "muted")
        self.runs_changed.emit(run.run_id)

    def _on_retry_failed(self, confirm: frozenset[str], exc: Exception) -> None:
        self._end_op()
        if isinstance(exc, NeedsConfirmation):
            if self.ask(self.tr("Retry the run?"), self.tr(
                    "This file was loaded into this table before, or the retry would replace "
                    "the table's contents. Retry anyway?")):
                self.retry(confirm | frozenset(exc.missing))
            return
        self._say(error_text(exc))
        if isinstance(exc, IngestError):  # the retry ran, and failed: the log changed
            self.runs_changed.emit(exc.run.run_id if exc.run is not None else "")

    # ---- undo

    def undo(self) -> None:
        run = self._selected_run()
        if run is None or self.op is not None or run.state is not RunState.SUCCEEDED:
            return
        target = f"{run.database}.{run.table}"
        if not self.ask(self.tr("Undo the run?"), self.tr(
                "Put table %1 back as it was before run %2? The rows this run wrote are "
                "taken out; the run stays in the history as undone.")
                .replace("%1", target).replace("%2", short_id(run.run_id))):
            return
        self._begin_op(self.tr("Undoing run %1…").replace("%1", short_id(run.run_id)), False)
        self.op = self.runner.submit(self.services.history.undo, run.run_id, name="undo",
                                     on_result=self._on_undone, on_error=self._on_undo_failed)
        self.busy_changed.emit()

    def _on_undone(self, run: RunRecord) -> None:
        self._end_op()
        self._say(self.tr("Run %1 undone: table %2 is back as it was before it.")
                  .replace("%1", short_id(run.run_id))
                  .replace("%2", f"{run.database}.{run.table}"), "ok")
        self.runs_changed.emit("")

    def _on_undo_failed(self, exc: Exception) -> None:
        self._end_op()
        self._say(error_text(exc))

    # ---- questions, progress and cancel

    def ask(self, title: str, text: str) -> bool:
        """A yes/no question (tests replace QMessageBox.question)."""
        answer = QMessageBox.question(
            self._dialog_parent, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _begin_op(self, text: str, cancellable: bool) -> None:
        self.status.begin(text, cancellable)

    def _on_progress(self, p: Progress) -> None:
        self.status.update_progress(p)

    def cancel_op(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def _end_op(self) -> None:
        self.op = None
        self.status.end()
        self.busy_changed.emit()

    def _say(self, text: str, tone: str = "error") -> None:
        self.status.say(text, tone)
