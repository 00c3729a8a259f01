"""History's failures view: failed runs grouped by cause, the selected cause's count per day,
and a way back to those very runs.

Counting happens in SQL on a worker (services/failures); a reload while one is under way
only keeps the newest answer.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.bootstrap import App
from dino_desktop.services.failures import FailureCause, failure_causes
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.charts import DayChart, day_text
from dino_desktop.ui.i18n import current_lang, error_text
from dino_desktop.ui.workers import TaskRunner

PERIODS = (7, 30, 90, 0)  # days back; 0: all time
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class FailuresView(QWidget):
    show_runs = Signal(str, str)  # the cause's code ("" for none) and its label

    def __init__(self, services: App, runner: TaskRunner, parent: QWidget | None = None,
                 now: dt.datetime | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner = services, runner
        self._now = now  # tests pin the day; otherwise the current time
        self._gen = 0
        self.causes: list[FailureCause] = []
        self.period = QComboBox(self)
        for days in PERIODS:
            self.period.addItem("", days)
        self.period.setCurrentIndex(PERIODS.index(30))
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel(self)
        self.model = QStandardItemModel(0, 3, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(lambda _i: self.open_runs())
        self.chart = DayChart(fmt.number, min_step=1)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_runs)
        self.open_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addWidget(self.summary, 1)
        top.addWidget(self.open_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.retranslate()

    # ---- loading

    def period_bounds(self) -> tuple[dt.datetime | None, dt.datetime]:
        now = self._now or dt.datetime.now(dt.UTC)
        days = self.period.currentData() or 0
        return (now - dt.timedelta(days=days) if days else None), now + dt.timedelta(seconds=1)

    def reload(self) -> None:
        self._gen += 1
        gen = self._gen
        since, until = self.period_bounds()
        self.summary.setText(self.tr("Counting failures…"))
        self.runner.submit(failure_causes, self.services.runlog, since, until,
                           name="history-failures",
                           on_result=lambda causes: self._loaded(gen, causes),
                           on_error=lambda exc: self._failed(gen, exc))

    def _failed(self, gen: int, exc: Exception) -> None:
        if gen == self._gen:
            self.summary.setText(self.tr("The failures could not be counted: %1")
                                 .replace("%1", error_text(exc)))

    def _loaded(self, gen: int, causes: list[FailureCause]) -> None:
        if gen != self._gen:
            return
        self.causes = causes
        self.model.removeRows(0, self.model.rowCount())
        lang = current_lang()
        for cause in causes:
            text = cause.text(lang) or self.tr("Unexpected error")
            label = QStandardItem(text)
            label.setToolTip(f"{text}\n\n{cause.code or '—'}")
            label.setData(cause.code or "", CODE_ROLE)
            count = QStandardItem(fmt.number(cause.failures))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            last = QStandardItem(day_text(cause.last_day) if cause.last_day else "")
            self.model.appendRow([label, count, last])
        self._show_summary()
        if causes:
            self.view.selectRow(0)
        else:
            self._show_chart(None)
        self.open_button.setEnabled(bool(causes))

    def _show_summary(self) -> None:
        total = sum(c.failures for c in self.causes)
        if not total:
            self.summary.setText(self.tr("No failed runs in this period."))
            return
        self.summary.setText(self.tr("%1 failed runs, %2 causes").replace(
            "%1", fmt.number(total)).replace("%2", fmt.number(len(self.causes))))

    # ---- the selected cause

    def selected(self) -> FailureCause | None:
        row = self.view.selectionModel().currentIndex().row()
        return self.causes[row] if 0 <= row < len(self.causes) else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_chart(self.causes[current.row()] if current.isValid() else None)

    def _show_chart(self, cause: FailureCause | None) -> None:
        if cause is None or not cause.per_day:
            self.chart.set_data([], [])
            return
        since, until = self.period_bounds()
        first = since.date() if since else min(cause.per_day)
        days = [first + dt.timedelta(days=i) for i in range((until.date() - first).days + 1)]
        self.chart.set_data(days, [cause.per_day.get(d, 0) for d in days])
        self.chart.set_title(self.tr("Failures per day"))

    def open_runs(self) -> None:
        """Back to the runs list, showing the failed runs of the selected cause."""
        cause = self.selected()
        if cause is not None:
            self.show_runs.emit(cause.code or "", self.model.item(
                self.view.currentIndex().row(), 0).text())

    # ---- texts

    def retranslate(self) -> None:
        for i, text in enumerate([self.tr("Last 7 days"), self.tr("Last 30 days"),
                                  self.tr("Last 90 days"), self.tr("All time")]):
            self.period.setItemText(i, text)
        self.model.setHorizontalHeaderLabels([self.tr("Cause"), self.tr("Failures"),
                                              self.tr("Last failure")])
        self.open_button.setText(self.tr("Show these runs"))
        self.open_button.setToolTip(self.tr("List the failed runs with this cause (Enter)"))
        self.view.setAccessibleName(self.tr("Causes of failure"))
        if self.causes:
            self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
