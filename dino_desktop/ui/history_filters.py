"""The History tab's filter bar: state, user, table, period and text, as one RunFilter.

Typing in the search box waits for a pause (SEARCH_DEBOUNCE_MS) before asking for a new
query, so a word typed quickly over 100,000 runs is one query, not one per letter.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QDate, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from dino_desktop.core.runs import RunFilter, RunState
from dino_desktop.ports import RunLog
from dino_desktop.ui.history_model import ACTIVE_STATES

SEARCH_DEBOUNCE_MS = 250
STATE_CHOICES: dict[str, tuple[RunState, ...]] = {
    "": (), "active": ACTIVE_STATES, "succeeded": (RunState.SUCCEEDED,),
    "failed": (RunState.FAILED,), "cancelled": (RunState.CANCELLED,),
    "undone": (RunState.UNDONE,)}
PERIODS = (0, 7, 30, 90, -1)  # days back; 0: all time; -1: custom dates


def make_filter(state: str = "", *, table: str | None = None, user: str | None = None,
                days: int = 0, first: dt.date | None = None, last: dt.date | None = None,
                text: str = "", now: dt.datetime | None = None,
                error_code: str | None = None) -> RunFilter:
    """The bar's choices as a query; custom dates are local days, both included."""
    since = until = None
    if days > 0:
        since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    elif days == -1 and first is not None and last is not None:
        since = dt.datetime.combine(first, dt.time()).astimezone(dt.UTC)  # local midnight
        until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time()).astimezone(dt.UTC)
    return RunFilter(states=STATE_CHOICES[state], table=table, user=user, since=since,
                     until=until, text=text.strip() or None, error_code=error_code)


def load_choices(runlog: RunLog) -> tuple[list[str], list[str]]:
    """On a worker: the users and the tables the run log knows, for the lists."""
    users = [r["key"] for r in runlog.totals(None, None, "user") if r["key"]]
    tables = [r["key"] for r in runlog.totals(None, None, "table") if r["key"]]
    return sorted(users), sorted(tables)


class RunFilterBar(QWidget):
    changed = Signal()  # the filter changed (typing: after a pause)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.state, self.user = QComboBox(self), QComboBox(self)
        self.table, self.period = QComboBox(self), QComboBox(self)
        for combo, values in ((self.state, STATE_CHOICES), (self.user, [None]),
                              (self.table, [None]), (self.period, PERIODS)):
            for value in values:
                combo.addItem("", value)
            combo.currentIndexChanged.connect(self._changed)
        self.cause: str | None = None  # failed runs of this cause only (the failures view)
        self._state_before = 0
        self.cause_chip = QToolButton(self)  # says which cause; a click shows all runs again
        self.cause_chip.setVisible(False)
        self.cause_chip.clicked.connect(lambda: self.set_cause(None))
        today = QDate.currentDate()
        self.date_from, self.date_to = QDateEdit(today.addDays(-30), self), QDateEdit(today, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.cause_chip, self.search, self.state, self.user, self.table, self.period,
                  self.date_from, self.date_to):
            layout.addWidget(w)
        layout.setStretch(1, 1)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setVisible(False)
            edit.dateChanged.connect(self._changed)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._changed)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._changed)
        for a, b in itertools.pairwise(self.widgets()):
            QWidget.setTabOrder(a, b)
        self.retranslate()

    def widgets(self) -> list[QWidget]:
        """In tab order."""
        return [self.cause_chip, self.search, self.state, self.user, self.table, self.period,
                self.date_from, self.date_to]

    def current(self) -> RunFilter:
        return make_filter(self.state.currentData() or "", table=self.table.currentData(),
                           user=self.user.currentData(), days=self.period.currentData() or 0,
                           first=self.date_from.date().toPython(),
                           last=self.date_to.date().toPython(), text=self.search.text(),
                           error_code=self.cause)

    def is_default(self) -> bool:
        return self.current() == RunFilter()

    def reset(self, text: str = "") -> None:
        """Every list back to "all", and `text` in the search box; one `changed`."""
        for w in self.widgets():
            w.blockSignals(True)
        self.search.setText(text)
        for combo in (self.state, self.user, self.table, self.period):
            combo.setCurrentIndex(0)
        self._show_cause(None, "")
        for w in self.widgets():
            w.blockSignals(False)
        self._changed()

    def set_cause(self, code: str | None, label: str = "") -> None:
        """Only the failed runs of one cause (`code`; "" for failures without one), or all
        runs again (None); one `changed`."""
        self.state.blockSignals(True)
        if code is not None and self.cause is None:
            self._state_before = self.state.currentIndex()
            self.state.setCurrentIndex(self.state.findData("failed"))
        elif code is None and self.cause is not None:
            self.state.setCurrentIndex(self._state_before)  # as it was before the cause
        self.state.blockSignals(False)
        self._show_cause(code, label)
        self._changed()

    def _show_cause(self, code: str | None, label: str) -> None:
        self.cause = code
        short = label if len(label) <= 60 else label[:57] + "…"
        self.cause_chip.setText(self.tr("Cause: %1  ✕").replace("%1", short))
        self.cause_chip.setToolTip(label + "\n\n" + self.tr("Click to show every run again"))
        self.cause_chip.setVisible(code is not None)

    def set_choices(self, users: list[str], tables: list[str]) -> None:
        """Fill the user and table lists, keeping what is chosen (no `changed`)."""
        for combo, values in ((self.user, users), (self.table, tables)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in sorted(set(values) | ({current} if current else set())):
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _changed(self) -> None:
        self._debounce.stop()
        for edit in (self.date_from, self.date_to):
            edit.setVisible(self.period.currentData() == -1)
        self.changed.emit()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search file, table, run id or error… (Ctrl+F)"))
        items = {self.state: [self.tr("All states"), self.tr("In progress"),
                              self.tr("Succeeded"), self.tr("Failed"), self.tr("Cancelled"),
                              self.tr("Undone")],
                 self.period: [self.tr("All time"), self.tr("Last 7 days"),
                               self.tr("Last 30 days"), self.tr("Last 90 days"),
                               self.tr("Custom dates…")],
                 self.user: [self.tr("All users")], self.table: [self.tr("All tables")]}
        for combo, texts in items.items():
            for i, text in enumerate(texts):
                combo.setItemText(i, text)
        tips = {self.search: self.tr("Runs whose file name, table, run id or error text "
                                     "contains these characters"),
                self.state: self.tr("Show only runs in this state"),
                self.user: self.tr("Show only runs by this person"),
                self.table: self.tr("Show only runs into this table"),
                self.period: self.tr("Show only runs started in this period"),
                self.date_from: self.tr("From this day (included)"),
                self.date_to: self.tr("To this day (included)")}
        for widget, tip in tips.items():
            widget.setToolTip(tip)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
