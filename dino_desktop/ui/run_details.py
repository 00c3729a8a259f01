"""The details pane of the History tab: everything about one run the list has no room for.

The record comes with the list, so the summary shows at once; events, the manifest and
whether the landing folder and the table are on this disk are read on a worker, after which
`loaded` tells the tab which "open" actions apply. A newer selection drops older results.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.bootstrap import App
from dino_desktop.core.models import Problem, Severity, Target
from dino_desktop.core.runs import RunEvent, RunRecord, RunState
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.history_model import mode_text, state_text
from dino_desktop.ui.i18n import problem_text
from dino_desktop.ui.style import state_color
from dino_desktop.ui.workers import TaskRunner

STAGES = ("inspect", "convert", "stage", "run", "record")
FIELDS = ("file", "target", "mode", "user", "started", "finished", "duration", "rows",
          "bad_rows", "source_bytes", "staged_bytes", "cost", "version", "replay_of")
MAX_MANIFEST_CHARS = 200_000


def stage_text(stage: str) -> str:
    names = {
        "inspect": QCoreApplication.translate("RunDetails", "Inspect"),
        "validate": QCoreApplication.translate("RunDetails", "Validate"),
        "convert": QCoreApplication.translate("RunDetails", "Convert"),
        "stage": QCoreApplication.translate("RunDetails", "Upload to landing"),
        "run": QCoreApplication.translate("RunDetails", "Write the table"),
        "record": QCoreApplication.translate("RunDetails", "Record"),
    }
    return names.get(stage, stage)


@dataclass
class RunExtras:
    """What only the disk and the run log can tell, read on a worker."""

    run_id: str
    run: RunRecord | None = None  # the record as it is now
    events: list[RunEvent] = field(default_factory=list)
    manifest: str | None = None  # manifest.json, when the landing folder still holds it
    manifest_uri: str | None = None  # where it is, also when it cannot be read from here
    landing_dir: str | None = None  # a local folder a person can open
    table_dir: str | None = None


def load_extras(services: App, run_id: str) -> RunExtras:
    """On a worker: events, manifest and the local folders of one run."""
    out = RunExtras(run_id, services.runlog.get(run_id), services.runlog.events(run_id))
    storage = services.storage
    if storage.exists(run_id):
        out.manifest_uri = storage.manifest_uri(run_id)
        path = Path(out.manifest_uri)
        if path.is_file():
            out.manifest = _pretty(path.read_text("utf-8", errors="replace"))
        where = storage.location(run_id)
        out.landing_dir = where if Path(where).is_dir() else None
    run = out.run
    if run is not None:
        where = run.table_uri or services.catalog.location(
            Target(run.database, run.table, run.catalog))
        out.table_dir = where if where and Path(where).is_dir() else None
    return out


def _pretty(text: str) -> str:
    with contextlib.suppress(ValueError):
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    return text[:MAX_MANIFEST_CHARS]


class RunDetails(QScrollArea):
    loaded = Signal(object)  # RunExtras of the run shown

    def __init__(self, services: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner = services, runner
        self.run: RunRecord | None = None
        self.extras: RunExtras | None = None
        self._generation = 0
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.placeholder = QLabel(body)
        self.placeholder.setEnabled(False)  # the palette's muted text
        self.placeholder.setWordWrap(True)
        self.title = QLabel(body)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.state = QLabel(body)
        self.state.setFont(font)
        self.summary = QGroupBox(body)
        form = QFormLayout(self.summary)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in FIELDS:
            self.labels[key], self.values[key] = QLabel(self.summary), QLabel(self.summary)
            self.values[key].setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key].setWordWrap(True)
            form.addRow(self.labels[key], self.values[key])
        self.timings_box = QGroupBox(body)
        self.timings = QFormLayout(self.timings_box)
        self.problems_box = QGroupBox(body)
        self.problems = self._text_box(self.problems_box, mono=False)
        self.error_box = QGroupBox(body)
        self.error = self._text_box(self.error_box, mono=False)
        self.manifest_box = QGroupBox(body)
        self.manifest_note = QLabel(self.manifest_box)
        self.manifest_note.setWordWrap(True)
        self.manifest_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.manifest = self._text_box(self.manifest_box, mono=True)
        self.manifest_box.layout().insertWidget(0, self.manifest_note)
        self.events_box = QGroupBox(body)
        self.events = QTreeWidget(self.events_box)
        self.events.setRootIsDecorated(False)
        self.events.setColumnCount(4)
        self.events.setWordWrap(True)
        QVBoxLayout(self.events_box).addWidget(self.events)
        for w in (self.placeholder, self.title, self.state, self.error_box, self.summary,
                  self.timings_box, self.problems_box, self.manifest_box, self.events_box):
            layout.addWidget(w)  # the error first: it is what a person looks for
        layout.addStretch(1)
        self.setWidget(body)
        self.retranslate()
        self._render()

    def _text_box(self, box: QGroupBox, *, mono: bool) -> QPlainTextEdit:
        edit = QPlainTextEdit(box)
        edit.setReadOnly(True)  # selectable and copyable, never edited
        edit.setMinimumHeight(90)
        if mono:
            edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        QVBoxLayout(box).addWidget(edit)
        return edit

    # ---- showing a run

    def show_run(self, run: RunRecord | None, *, reload: bool = True) -> None:
        """Show `run` (None: nothing). The same record again changes nothing; `reload`
        reads events and the manifest again even so."""
        same = run is not None and self.run is not None and run.run_id == self.run.run_id
        if same and run == self.run and not reload:
            return
        self.run = run
        if not same:
            self.extras = None
        self._render()
        self._generation += 1
        if run is None:
            return
        gen = self._generation
        self.runner.submit(load_extras, self.services, run.run_id, name="run-details",
                           on_result=lambda extras: self._on_extras(gen, extras),
                           on_error=lambda exc: self._on_extras_failed(gen, exc))

    def _on_extras(self, gen: int, extras: RunExtras) -> None:
        if gen != self._generation or self.run is None or extras.run_id != self.run.run_id:
            return
        self.extras = extras
        if extras.run is not None:
            self.run = extras.run
        self._render()
        self.loaded.emit(extras)

    def _on_extras_failed(self, gen: int, exc: Exception) -> None:
        if gen == self._generation:
            self.manifest_note.setText(self.tr("The run's events and files could not be "
                                               "read: %1").replace("%1", str(exc)))

    def _render(self) -> None:
        run = self.run
        self.placeholder.setVisible(run is None)
        for w in (self.title, self.state, self.summary, self.timings_box, self.problems_box,
                  self.error_box, self.manifest_box, self.events_box):
            w.setVisible(run is not None)
        if run is None:
            return
        self.title.setText(self.tr("Run %1").replace("%1", run.run_id))
        self.state.setText(state_text(run.state))
        self.state.setStyleSheet(f"color: {state_color(run.state).name()};")
        for key, text in self._values(run).items():
            self.values[key].setText(text)
        self.labels["replay_of"].setVisible(bool(run.replay_of))
        self.values["replay_of"].setVisible(bool(run.replay_of))
        self._render_timings(run)
        found = [Problem.from_dict(p) for p in run.problems]
        problems = [problem_text(p) for p in found]
        self.problems.setPlainText("\n".join(dict.fromkeys(problems)))
        self.problems_box.setVisible(bool(problems))
        # the error in the language shown now (the log keeps it in English for IT)
        errors = [problem_text(p) for p in found if p.severity is Severity.ERROR]
        error = "\n".join(dict.fromkeys(errors)) if run.error and errors else run.error or ""
        self.error.setPlainText(error)
        self.error_box.setVisible(bool(error))
        self._render_manifest(run)
        self._render_events()

    def _values(self, run: RunRecord) -> dict[str, str]:
        keys = ", ".join(run.keys)
        mode = mode_text(run.mode)
        before = (fmt.number(run.version_before) if run.version_before is not None
                  else self.tr("none (new table)"))
        after = fmt.number(run.version_after) if run.version_after is not None else "—"
        return {
            "file": run.source_path or run.source_name,
            "target": run.target,
            "mode": self.tr("%1 (keys: %2)").replace("%1", mode).replace("%2", keys) if keys
            else mode,
            "user": self.tr("%1 on %2").replace("%1", run.user or "—")
            .replace("%2", run.machine or "—"),
            "started": fmt.when(run.created_at, seconds=True),
            "finished": fmt.when(run.finished_at, seconds=True),
            "duration": fmt.duration(run.duration_s),
            "rows": fmt.number(run.rows),
            "bad_rows": fmt.number(run.bad_rows),
            "source_bytes": fmt.size(run.source_bytes),
            "staged_bytes": fmt.size(run.bytes_staged),
            "cost": fmt.money(run.cost, self.services.settings.cost.currency),
            "version": self.tr("%1 → %2").replace("%1", before).replace("%2", after),
            "replay_of": run.replay_of or "",
        }

    def _render_timings(self, run: RunRecord) -> None:
        while self.timings.rowCount():
            self.timings.removeRow(0)
        order = {s: i for i, s in enumerate(STAGES)}
        stages = sorted(run.timings, key=lambda s: order.get(s, len(STAGES)))
        for stage in stages:
            self.timings.addRow(stage_text(stage), QLabel(fmt.duration(run.timings[stage])))
        if stages:
            total = QLabel(fmt.duration(sum(run.timings.values())))
            self.timings.addRow(self.tr("Total"), total)
        self.timings_box.setVisible(bool(stages))

    def _render_manifest(self, run: RunRecord) -> None:
        extras = self.extras
        text = extras.manifest if extras else None
        self.manifest.setPlainText(text or "")
        self.manifest.setVisible(bool(text))
        if extras is None:
            note = self.tr("Looking for the landing files…")
        elif text:
            note = self.tr("In the landing folder: %1").replace("%1", extras.manifest_uri or "")
        elif extras.manifest_uri:
            note = self.tr("The manifest is at %1.").replace("%1", extras.manifest_uri)
        elif run.state in (RunState.SUCCEEDED, RunState.UNDONE):
            note = self.tr("The landing files were removed after the run succeeded.")
        else:
            note = self.tr("The landing folder holds no files for this run.")
        self.manifest_note.setText(note)

    def _render_events(self) -> None:
        self.events.clear()
        for e in self.extras.events if self.extras else []:
            item = QTreeWidgetItem([fmt.when(e.at, seconds=True), state_text(e.state),
                                    stage_text(e.stage) if e.stage else "", e.message])
            item.setForeground(1, state_color(e.state))
            self.events.addTopLevelItem(item)
        self.events.resizeColumnToContents(0)

    # ---- the run's folders (the tab's "open" actions)

    def _local(self, kind: str) -> str | None:
        extras = self.extras
        if extras is None or self.run is None or extras.run_id != self.run.run_id:
            return None
        return extras.landing_dir if kind == "landing" else extras.table_dir

    def can_open(self, kind: str) -> bool:
        """"landing" or "table": is there a folder on this disk to open?"""
        return self._local(kind) is not None

    def open_folder(self, kind: str) -> None:
        where = self._local(kind)
        if where:
            QDesktopServices.openUrl(QUrl.fromLocalFile(where))

    # ---- texts

    def retranslate(self) -> None:
        self.placeholder.setText(self.tr("Select a run to see its details."))
        self.summary.setTitle(self.tr("Summary"))
        self.timings_box.setTitle(self.tr("Time per stage"))
        self.problems_box.setTitle(self.tr("Problems"))
        self.error_box.setTitle(self.tr("Error"))
        self.manifest_box.setTitle(self.tr("Manifest"))
        self.events_box.setTitle(self.tr("Events"))
        self.events.setHeaderLabels([self.tr("Time"), self.tr("State"), self.tr("Stage"),
                                     self.tr("Message")])
        names = {
            "file": self.tr("File:"), "target": self.tr("Table:"), "mode": self.tr("Mode:"),
            "user": self.tr("User:"), "started": self.tr("Started:"),
            "finished": self.tr("Finished:"), "duration": self.tr("Duration:"),
            "rows": self.tr("Rows written:"), "bad_rows": self.tr("Bad rows:"),
            "source_bytes": self.tr("Source size:"), "staged_bytes": self.tr("Staged size:"),
            "cost": self.tr("Cost:"), "version": self.tr("Table version:"),
            "replay_of": self.tr("Retry of:"),
        }
        for key, text in names.items():
            self.labels[key].setText(text)
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
