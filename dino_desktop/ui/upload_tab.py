"""Upload: choose a file, see what DINO made of it, say where it goes, and load it.

Inspection, planning (name, schema and duplicate checks) and the run itself all happen on
workers; every answer carries a generation number so a slow, stale answer never overwrites a
newer one. The run (questions, progress, Cancel, the result line) is `ingest_run.IngestRun`'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.bootstrap import App
from dino_desktop.core.models import Inspection, InspectOptions, Problem
from dino_desktop.core.naming import TARGET_NAME, safe_column_name
from dino_desktop.services.ingestion import IngestRequest, Plan
from dino_desktop.ui import upload_summary as summary
from dino_desktop.ui.detected_settings import DetectedSettings
from dino_desktop.ui.drop_zone import DropZone, local_file
from dino_desktop.ui.i18n import problem_text
from dino_desktop.ui.ingest_run import IngestRun, failure_problem
from dino_desktop.ui.preview_model import PreviewView
from dino_desktop.ui.problems_view import ProblemsView
from dino_desktop.ui.progress_panel import ProgressPanel
from dino_desktop.ui.target_form import TargetForm
from dino_desktop.ui.workers import Task, TaskRunner


def suggested_table(path: Path) -> str:
    """"Vendas Nov-2026.csv" → "vendas_nov_2026"."""
    name = safe_column_name(path.stem, 1).lower()
    return name if TARGET_NAME.match(name) else ""


class UploadTab(QWidget):
    run_finished = Signal(str)  # run id, whatever the outcome
    open_run = Signal(str)  # the user wants to see this run in History
    inspected = Signal()  # a new inspection is shown
    planned = Signal()  # the target checks for the current input are in

    def __init__(self, services: App, runner: TaskRunner, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner, self.settings = services, runner, settings
        self.path: Path | None = None
        self.inspection: Inspection | None = None
        self.overrides: dict[str, Any] = {}
        self.plan: Plan | None = None
        self._inspect_gen = 0
        self._plan_gen = 0
        self._auto_table = ""
        self.setAcceptDrops(True)
        self._build()
        self.retranslate()
        self.target.database.setEditText(str(settings.value("upload/database", "") or ""))
        self.drop.last_dir = str(settings.value("upload/dir", "") or "")
        self.target.refresh_catalog()
        self._update_ready()

    # ---- layout

    def _build(self) -> None:
        self.drop = DropZone(self)
        self.drop.file_chosen.connect(self.load)
        self.file_label = QLabel(self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.target = TargetForm(self.services.catalog, self.runner, self,
                                 access=self.services.ingestion.access,
                                 user=self.services.ingestion.user)
        self.target.changed.connect(self._schedule_plan)
        self.preview = PreviewView(self)
        self.preview.column_edited.connect(self.edit_column)
        self.detected = DetectedSettings(self)
        self.detected.changed.connect(self.change_setting)
        self.detected.reset.connect(self.redetect)
        self.problems = ProblemsView(self)
        self.problems.problem_selected.connect(self.show_problem)
        self.problems_label = QLabel(self)
        self.progress = ProgressPanel(self)
        self.ingest_button = QPushButton(self)
        self.ingest_button.setDefault(True)
        self.ingest_button.clicked.connect(lambda _checked=False: self.start_ingest())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        # `ask` is looked up at each question, so a replaced `ask` (tests do) is the one asked
        self.ingest = IngestRun(self.services, self.runner, self.settings, self.progress,
                                self.summary, self.request,
                                lambda kind, details: self.ask(kind, details), self)
        self.ingest.busy_changed.connect(self._ingest_busy)
        self.ingest.problems_found.connect(self._run_problems)
        self.ingest.run_finished.connect(self.run_finished)
        self.ingest.open_run.connect(self.open_run)

        side = QWidget(self)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.addWidget(self.detected)
        side_box.addWidget(self.problems_label)
        side_box.addWidget(self.problems, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.preview)
        self.split.addWidget(side)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.ingest_button)
        box = QVBoxLayout(self)
        box.addWidget(self.drop)
        box.addWidget(self.file_label)
        box.addWidget(self.target)
        box.addWidget(self.split, 1)
        box.addWidget(self.progress)
        box.addLayout(bottom)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        QShortcut(QKeySequence("Ctrl+O"), self, self.drop.open_chooser)
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self.start_ingest())

    def retranslate(self) -> None:
        self.problems_label.setText(self.tr("Problems"))
        self.ingest_button.setText(self.tr("&Ingest"))
        self.ingest_button.setToolTip(self.tr("Load the file into the table (Ctrl+Enter)"))
        self._show_file()
        self._update_ready()
        self.ingest.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def dragEnterEvent(self, event: Any) -> None:
        self.drop.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:
        if local_file(event) is not None:
            self.drop.dropEvent(event)

    @property
    def running(self) -> bool:
        return self.ingest.running

    @property
    def task(self) -> Task | None:
        """The ingest under way, if any."""
        return self.ingest.task

    # ---- the file and its inspection

    def load(self, path: Path) -> None:
        """A new file: forget the previous file's overrides and inspect this one."""
        if self.running:
            return
        self.path = Path(path)
        self.settings.setValue("upload/dir", str(self.path.parent))
        self.overrides = {}
        self.detected.overridden.clear()
        self.ingest.clear()
        table = self.target.table_name
        if not table or table == self._auto_table:
            self._auto_table = suggested_table(self.path)
            self.target.table.setEditText(self._auto_table)
        self.inspect()

    def options(self) -> InspectOptions:
        return InspectOptions(**self.overrides)

    def inspect(self) -> None:
        if self.path is None:
            return
        self._inspect_gen += 1
        gen = self._inspect_gen
        self.inspection = None
        self.plan = None
        self._show_file(busy=True)
        self._update_ready()
        self.runner.submit(self.services.ingestion.inspect, self.path, self.options(),
                           on_result=lambda insp: self._inspected(gen, insp),
                           on_error=lambda exc: self._inspect_failed(gen, exc),
                           name="inspect")

    def _inspected(self, gen: int, insp: Inspection) -> None:
        if gen != self._inspect_gen:
            return
        self.inspection = insp
        self.preview.preview.set_inspection(insp)
        self.preview.resizeColumnsToContents()
        self.detected.set_inspection(insp)
        self.target.set_columns([c.name for c in insp.columns])
        self.problems.set_problems(insp.problems)
        self._show_file()
        self.inspected.emit()
        self._schedule_plan()

    def _inspect_failed(self, gen: int, exc: Exception) -> None:
        if gen != self._inspect_gen:
            return
        self.preview.preview.set_inspection(None)
        self.problems.set_problems([failure_problem(exc)])
        self._show_file()
        self.inspected.emit()
        self._update_ready()

    def change_setting(self, key: str, value: Any) -> None:
        if value is None:
            self.overrides.pop(key, None)
        else:
            self.overrides[key] = value
        if key in ("encoding", "delimiter", "header_row", "sheet"):
            # the columns may be others now: earlier names and types no longer apply
            self.overrides.pop("column_names", None)
            self.overrides.pop("column_types", None)
        self.inspect()

    def redetect(self) -> None:
        self.overrides = {}
        self.detected.overridden.clear()
        self.inspect()

    def edit_column(self, index: int, name: str, type_name: str) -> None:
        if self.inspection is None or not 0 <= index < len(self.inspection.columns):
            return
        col = self.inspection.columns[index]
        names = dict(self.overrides.get("column_names", {}))
        types = dict(self.overrides.get("column_types", {}))
        if name != col.name:
            names[col.source_name] = name
        if type_name != col.type_name:
            types[col.source_name] = type_name
        self.overrides["column_names"], self.overrides["column_types"] = names, types
        self.inspect()

    def _show_file(self, busy: bool = False) -> None:
        self.file_label.setText(summary.file_line(self.path, self.inspection, busy))

    # ---- the target and the plan

    def request(self) -> IngestRequest:
        assert self.path is not None
        return IngestRequest(
            self.path, self.target.database_name, self.target.table_name,
            mode=self.target.write_mode, keys=self.target.keys, policy=self.target.policy,
            options=self.options(), inspection=self.inspection)

    def _schedule_plan(self) -> None:
        self._plan_gen += 1
        self.plan = None
        self._update_ready()
        if self.inspection is None or self.target.name_problems():
            self._show_problems()
            return
        gen = self._plan_gen
        self.runner.submit(self.services.ingestion.plan, self.request(),
                           on_result=lambda plan: self._planned(gen, plan),
                           on_error=lambda exc: self._plan_failed(gen, exc), name="plan")

    def _planned(self, gen: int, plan: Plan) -> None:
        if gen != self._plan_gen:
            return
        self.plan = plan
        self._show_problems()
        self._update_ready()
        self.planned.emit()

    def _plan_failed(self, gen: int, exc: Exception) -> None:
        if gen == self._plan_gen:
            self.problems.set_problems([*self._inspection_problems(), failure_problem(exc)])
            self.planned.emit()

    def _inspection_problems(self) -> list[Problem]:
        return list(self.inspection.problems) if self.inspection else []

    def _show_problems(self) -> None:
        found = self.plan.problems if self.plan else self._inspection_problems()
        self.problems.set_problems([*self.target.name_problems(), *found])

    def blockers(self) -> list[str]:
        """Why Ingest is disabled now (empty: it is enabled)."""
        why = []
        if self.running:
            why.append(self.tr("A run is in progress."))
        if self.path is None:
            why.append(self.tr("Choose a file first."))
        elif self.inspection is None:
            why.append(self.tr("The file is still being read."))
        elif not self.inspection.ok:
            why.append(self.tr("The file has errors: see Problems."))
        for p in self.target.name_problems():
            why.append(problem_text(p, with_location=False))
        if self.target.write_mode.value == "merge" and not self.target.keys:
            why.append(self.tr("Merge needs at least one key column."))
        if not why and self.plan is None:
            why.append(self.tr("Checking the table…"))
        elif self.plan is not None and self.plan.blocking:
            why.append(self.tr("The table does not accept this file: see Problems."))
        return why

    def _update_ready(self) -> None:
        why = self.blockers()
        self.ingest_button.setEnabled(not why)
        self.ingest_button.setToolTip("\n".join(why) if why else
                                      self.tr("Load the file into the table (Ctrl+Enter)"))

    # ---- the run

    def ask(self, kind: str, details: dict[str, Any]) -> bool:
        """Ask before overwriting a table or loading a file a second time."""
        title, text = summary.confirmation(kind, details)
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def start_ingest(self, confirmed: frozenset[str] = frozenset()) -> None:
        if self.blockers() or self.plan is None:
            return
        self.ingest.start(self.plan.confirmations, confirmed)

    def _ingest_busy(self, busy: bool) -> None:
        """The form stays as the run read it until the run ends."""
        if busy:
            self._update_ready()
        self.target.setEnabled(not busy)
        self.detected.setEnabled(not busy)
        self.drop.setEnabled(not busy)
        if not busy:
            self.target.refresh_catalog()
            self._schedule_plan()  # the table exists now, maybe with this very file in it

    def _run_problems(self, problems: list[Problem]) -> None:
        self.problems.set_problems([*problems, *self._inspection_problems()])

    def _escape(self) -> None:
        if self.running:
            self.ingest.cancel()

    # ---- problems point into the preview

    def show_problem(self, problem: Problem) -> None:
        if self.inspection is not None:
            self.preview.point_at(problem, self.inspection)
