"""KPI tab: what DINO moved and what it cost over a period, as cards and charts.

The numbers are computed on a worker (they query the run log); a refresh started later wins
over one still running. Days are UTC days, as the run log counts them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.bootstrap import App
from dino_desktop.services.kpis import Kpis, KpiService
from dino_desktop.ui import formatting
from dino_desktop.ui.charts import DayChart, TableChart, day_text
from dino_desktop.ui.i18n import current_lang
from dino_desktop.ui.kpi_cards import KpiCard, numbers_csv, write_csv, write_png
from dino_desktop.ui.workers import Task, TaskRunner

PRESETS = (7, 30, 90)  # days; the combo's last item is "custom"
DEFAULT_PRESET = 1
CARDS = ("cost", "files", "volume", "rows", "success")


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def compute_period(kpis: KpiService, first: dt.date, last: dt.date) -> Kpis:
    """The KPIs of the UTC days first..last (both included). Runs on a worker."""
    since = dt.datetime.combine(first, dt.time.min, dt.UTC)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, dt.UTC)
    k = kpis.compute(since, until)
    k.per_day = [r for r in k.per_day if r["key"] <= last]  # `until` is the next midnight
    return k


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _files(row: dict) -> int:
    return int(row["succeeded"]) + int(row["undone"])


class KpiTab(QWidget):
    updated = Signal()  # new numbers are on screen
    exported = Signal(str)  # a file was written: its path
    export_failed = Signal(str)  # why not

    def __init__(self, services: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner = services, runner
        self.kpis: Kpis | None = None
        self.shown_period: tuple[dt.date, dt.date] | None = None
        self._generation = 0
        self._status_text = ""
        self._ready = False  # LanguageChange may arrive while the widgets are being built
        self._build()
        self._ready = True
        self.retranslate()

    # ---- building

    def _build(self) -> None:
        self.period_label = QLabel(self)
        self.period_combo = QComboBox(self)
        for _ in range(len(PRESETS) + 1):
            self.period_combo.addItem("")
        self.period_combo.setCurrentIndex(DEFAULT_PRESET)
        self.period_label.setBuddy(self.period_combo)
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        self.since_edit, self.until_edit = QDateEdit(self), QDateEdit(self)
        first, last = self._preset_days(PRESETS[DEFAULT_PRESET])
        for edit, day, label in ((self.since_edit, first, self.from_label),
                                 (self.until_edit, last, self.to_label)):
            edit.setCalendarPopup(True)
            edit.setDate(_qdate(day))
            edit.setEnabled(False)
            edit.dateChanged.connect(self._on_dates)
            label.setBuddy(edit)
        self.period_combo.currentIndexChanged.connect(self._on_period)
        self.status_label = QLabel(self)
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)
        self.png_button = QPushButton(self)
        self.png_button.clicked.connect(self._ask_png)
        self.csv_button = QPushButton(self)
        self.csv_button.clicked.connect(self._ask_csv)
        self.png_button.setEnabled(False)
        self.csv_button.setEnabled(False)

        top = QHBoxLayout()
        for w in (self.period_label, self.period_combo, self.from_label, self.since_edit,
                  self.to_label, self.until_edit):
            top.addWidget(w)
        # the status takes what room is left (clipped; the tooltip has it whole)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.status_label, 1)
        for w in (self.refresh_button, self.png_button, self.csv_button):
            top.addWidget(w)

        self.report = QWidget(self)  # what the PNG export shows: cards and charts
        self.cards = {key: KpiCard(self.report) for key in CARDS}
        cards_row = QHBoxLayout()
        for card in self.cards.values():
            cards_row.addWidget(card)

        currency = self.services.costs.currency
        self.cost_chart = DayChart(lambda v: formatting.money(v, currency), min_step=0.01)
        self.files_chart = DayChart(formatting.number, min_step=1)
        self.volume_chart = DayChart(lambda v: formatting.size(round(v)), min_step=1,
                                     binary=True)
        self.tables_chart = TableChart()
        charts = QWidget()
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.cost_chart, 0, 0)
        grid.addWidget(self.files_chart, 0, 1)
        grid.addWidget(self.volume_chart, 1, 0)
        grid.addWidget(self.tables_chart, 1, 1)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self.report)
        self.stack.addWidget(charts)
        self.stack.addWidget(self.empty_label)

        report_layout = QVBoxLayout(self.report)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addLayout(cards_row)
        report_layout.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.report, 1)

    # ---- texts

    def retranslate(self) -> None:
        self.period_label.setText(self.tr("&Period:"))
        for i, text in enumerate((self.tr("Last 7 days"), self.tr("Last 30 days"),
                                  self.tr("Last 90 days"), self.tr("Custom"))):
            self.period_combo.setItemText(i, text)
        self.period_combo.setToolTip(self.tr("Days are counted in UTC, as in the run log."))
        self.from_label.setText(self.tr("&From:"))
        self.to_label.setText(self.tr("&To:"))
        date_format = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in date_format:  # en: 1/31/2026 rather than 1/31/26
            date_format = date_format.replace("yy", "yyyy")
        for edit in (self.since_edit, self.until_edit):
            edit.setLocale(QLocale())
            edit.setDisplayFormat(date_format)
        self.refresh_button.setText(self.tr("&Refresh"))
        self.png_button.setText(self.tr("Export &charts…"))
        self.png_button.setToolTip(self.tr("Save the cards and charts as a PNG image"))
        self.csv_button.setText(self.tr("Export &numbers…"))
        self.csv_button.setToolTip(self.tr("Save the numbers as a CSV file (opens in Excel)"))
        titles = {"cost": self.tr("Total cost"), "files": self.tr("Files"),
                  "volume": self.tr("Volume"), "rows": self.tr("Rows"),
                  "success": self.tr("Success rate")}
        for key, card in self.cards.items():
            card.set_title(titles[key])
        currency = self.services.costs.currency
        self.cost_chart.set_title(self.tr("Estimated cost per day (%1)").replace("%1", currency))
        self.files_chart.set_title(self.tr("Files per day"))
        self.volume_chart.set_title(self.tr("Volume per day"))
        self.tables_chart.set_title(self.tr("Top tables by volume"))
        self._render()
        self._set_status(self._status_text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._ready:
            self.retranslate()
        super().changeEvent(event)

    # ---- the period

    def _preset_days(self, days: int) -> tuple[dt.date, dt.date]:
        last = today_utc()
        return last - dt.timedelta(days=days - 1), last

    def period_days(self) -> tuple[dt.date, dt.date]:
        """The first and last UTC day of the chosen period."""
        index = self.period_combo.currentIndex()
        if index < len(PRESETS):
            return self._preset_days(PRESETS[index])
        first, last = self.since_edit.date().toPython(), self.until_edit.date().toPython()
        return (first, last) if first <= last else (last, first)

    def set_custom_period(self, first: dt.date, last: dt.date) -> None:
        """Choose a custom period (as the date fields would); refreshes once."""
        self._set_dates(first, last)
        if self.period_combo.currentIndex() == len(PRESETS):
            self.refresh()
        else:
            self.period_combo.setCurrentIndex(len(PRESETS))

    def _on_period(self, index: int) -> None:
        custom = index == len(PRESETS)
        if custom and self.shown_period:  # start from the period on screen
            self._set_dates(*self.shown_period)
        self.since_edit.setEnabled(custom)
        self.until_edit.setEnabled(custom)
        self.refresh()

    def _set_dates(self, first: dt.date, last: dt.date) -> None:
        for edit, day in ((self.since_edit, first), (self.until_edit, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _on_dates(self) -> None:
        if self.period_combo.currentIndex() == len(PRESETS):
            self.refresh()

    # ---- computing

    def refresh(self) -> None:
        """Recompute on a worker; only the latest refresh's result is shown."""
        self._generation += 1
        generation = self._generation
        first, last = self.period_days()
        self._set_status(self.tr("Updating…"))
        self.runner.submit(compute_period, self.services.kpis, first, last, name="kpis",
                           on_result=lambda k, g=generation, p=(first, last): self._show(k, p, g),
                           on_error=lambda e, g=generation: self._failed(e, g))

    def _show(self, k: Kpis, period: tuple[dt.date, dt.date], generation: int) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.kpis, self.shown_period = k, period
        self._render()
        time = QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat)
        self._set_status(self.tr("Updated at %1").replace("%1", time))
        self.updated.emit()

    def _failed(self, exc: Exception, generation: int) -> None:
        if generation != self._generation:
            return
        self._set_status(self.tr("Could not read the run log: %1").replace("%1", str(exc)))

    def _set_status(self, text: str) -> None:
        self._status_text = text
        self.status_label.setText(text)
        self.status_label.setToolTip(text)

    def _render(self) -> None:
        """Cards, charts or the empty state from `self.kpis`, in the current language."""
        k = self.kpis
        if k is None or self.shown_period is None:
            return
        cur = k.currency
        per_file = formatting.money(k.cost / k.files, cur) if k.files else "—"
        if k.actual_cost is not None:  # measured by Azure for some days: say which is which
            note = (self.tr("Estimated: %1 · Actual (Azure): %2, %3 days measured")
                    .replace("%1", formatting.money(k.estimated_cost, cur))
                    .replace("%2", formatting.money(k.actual_cost, cur))
                    .replace("%3", formatting.number(k.actual_days)))
        elif self.services.settings.profile == "azure":
            note = self.tr("Estimated (Azure costs not synced yet)")
        else:
            note = self.tr("Estimated · per file: %1").replace("%1", per_file)
        self.cards["cost"].set_value(formatting.money(k.cost, cur), note)
        self.cards["files"].set_value(formatting.number(k.files), self.tr(
            "Runs: %1").replace("%1", formatting.number(k.runs)))
        self.cards["volume"].set_value(formatting.size(k.bytes),
                                       self.tr("Size of the files received"))
        self.cards["rows"].set_value(formatting.number(k.rows), self.tr("Rows written"))
        rate = k.success_rate
        percent = "—" if rate is None else \
            formatting.number(rate * 100, 0 if rate in (0, 1) else 1) + "%"
        self.cards["success"].set_value(percent, self.tr("%1 succeeded, %2 failed").replace(
            "%1", formatting.number(k.succeeded)).replace("%2", formatting.number(k.failed)))
        days = [r["key"] for r in k.per_day]
        self.cost_chart.set_data(days, [r.get("estimated_cost", r["cost"]) for r in k.per_day])
        self.cost_chart.set_line(self.tr("Actual (Azure)"),
                                 [r.get("actual_cost") for r in k.per_day])
        self.files_chart.set_data(days, [_files(r) for r in k.per_day])
        self.volume_chart.set_data(days, [r["source_bytes"] for r in k.per_day])
        self.tables_chart.set_data([r["key"] for r in k.per_table],
                                   [r["source_bytes"] for r in k.per_table])
        first, last = self.shown_period
        self.empty_label.setText(self.tr(
            "No runs from %1 to %2.\nChoose another period, or load a file in the Upload "
            "tab.").replace("%1", day_text(first)).replace("%2", day_text(last)))
        empty = k.runs == 0
        self.stack.setCurrentIndex(1 if empty else 0)
        self.png_button.setEnabled(not empty)
        self.csv_button.setEnabled(True)

    @property
    def is_empty(self) -> bool:
        """True when the period has no runs and the empty state shows instead of charts."""
        return self.stack.currentIndex() == 1

    # ---- exporting

    def _file_stem(self) -> str:
        first, last = self.shown_period or self.period_days()
        return f"dino-kpis_{first.isoformat()}_{last.isoformat()}"

    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the charts"), str(Path.home() / f"{self._file_stem()}.png"),
            self.tr("PNG images (*.png)"))
        if path:
            self.export_png(Path(path).with_suffix(".png"))

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the numbers"), str(Path.home() / f"{self._file_stem()}.csv"),
            self.tr("CSV files (*.csv)"))
        if path:
            self.export_csv(Path(path).with_suffix(".csv"))

    def export_png(self, path: Path) -> Task:
        """The cards and charts as shown, saved as a PNG on a worker."""
        image = self.report.grab().toImage()
        return self.runner.submit(write_png, path, image, name="export-png",
                                  on_result=self._exported, on_error=self._export_error)

    def export_csv(self, path: Path) -> Task | None:
        """The shown numbers (cards, per day, per table) as CSV, written on a worker."""
        if self.kpis is None or self.shown_period is None:
            return None
        first, last = self.shown_period
        text = numbers_csv(self.kpis, first.isoformat(), last.isoformat(), current_lang())
        return self.runner.submit(write_csv, path, text, name="export-csv",
                                  on_result=self._exported, on_error=self._export_error)

    def _exported(self, path: Path) -> None:
        self._set_status(self.tr("Saved %1").replace("%1", str(path)))
        self.exported.emit(str(path))

    def _export_error(self, exc: Exception) -> None:
        text = self.tr("Could not save the file: %1").replace("%1", str(exc))
        self._set_status(text)
        self.export_failed.emit(text)

