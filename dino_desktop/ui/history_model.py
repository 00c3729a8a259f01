"""The run log as a table model that loads itself a page at a time, on workers.

The log may hold 100,000 runs, so the model never holds them all: it asks for one page of
PAGE_SIZE rows in the order the user picked (sorting happens in SQL), and the view's
canFetchMore/fetchMore brings the next page when the user scrolls near the end. Every query
carries a generation number; a result from an older query is dropped, so a slow page can
never overwrite a newer filter's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from dino_desktop.core.runs import FINAL_STATES, RunFilter, RunRecord, RunState
from dino_desktop.services.history import HistoryService
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.style import state_color
from dino_desktop.ui.workers import TaskRunner

PAGE_SIZE = 200
MAX_RELOAD = 5 * PAGE_SIZE  # an automatic refresh re-reads at most this many rows
SHORT_ID = 12  # the ULID's time (10) + 2 random characters: unique in practice
ACTIVE_STATES = tuple(s for s in RunState if s not in FINAL_STATES)
RUN_ROLE = Qt.ItemDataRole.UserRole + 1

# column key -> the runs column RunLog.query can order it by (None: not sortable)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("state", "state"), ("started", "created_at"), ("file", "source_name"),
    ("target", "table"), ("mode", "mode"), ("rows", "rows"), ("size", "source_bytes"),
    ("duration", None), ("cost", "cost"), ("user", "user"), ("run_id", "run_id"),
)
KEYS = [key for key, _ in COLUMNS]
NUMERIC = {"rows", "size", "duration", "cost"}
_Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def column(key: str) -> int:
    return KEYS.index(key)


def state_text(state: RunState) -> str:
    return {
        RunState.CREATED: QCoreApplication.translate("RunState", "created"),
        RunState.CONVERTING: QCoreApplication.translate("RunState", "converting"),
        RunState.UPLOADING: QCoreApplication.translate("RunState", "uploading"),
        RunState.SUBMITTED: QCoreApplication.translate("RunState", "submitted"),
        RunState.RUNNING: QCoreApplication.translate("RunState", "running"),
        RunState.SUCCEEDED: QCoreApplication.translate("RunState", "succeeded"),
        RunState.FAILED: QCoreApplication.translate("RunState", "failed"),
        RunState.CANCELLED: QCoreApplication.translate("RunState", "cancelled"),
        RunState.UNDONE: QCoreApplication.translate("RunState", "undone"),
    }[RunState(state)]


def mode_text(mode: str) -> str:
    names = {
        "append": QCoreApplication.translate("RunMode", "append"),
        "overwrite": QCoreApplication.translate("RunMode", "overwrite"),
        "merge": QCoreApplication.translate("RunMode", "merge"),
    }
    return names.get(mode, mode)


def short_id(run_id: str) -> str:
    return run_id[:SHORT_ID]


@dataclass
class Page:
    runs: list[RunRecord]
    total: int | None = None  # matching runs (first page only)
    active: int | None = None  # runs in a non-final state anywhere (first page only)


def load_page(history: HistoryService, flt: RunFilter, limit: int, offset: int,
              order_by: str, descending: bool, first: bool) -> Page:
    """On a worker: one page, plus the counts the first page needs."""
    runs = history.runs(flt, limit=limit, offset=offset, order_by=order_by,
                        descending=descending)
    if not first:
        return Page(runs)
    return Page(runs, history.count(flt), history.count(RunFilter(states=ACTIVE_STATES)))


class RunTableModel(QAbstractTableModel):
    loaded = Signal()  # a (re)load finished; rows may all be new
    load_failed = Signal(object)  # the exception

    def __init__(self, history: HistoryService, runner: TaskRunner, currency: str = "BRL",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history, self.runner, self.currency = history, runner, currency
        self.runs: list[RunRecord] = []
        self._rows: dict[str, int] = {}
        self.total = 0
        self.active = 0
        self.filter = RunFilter()
        self.order_by, self.descending = "created_at", True
        self.loading = False
        self._fetching = False
        self._offset = 0  # rows asked for so far (pages may overlap when runs are added)
        self._generation = 0

    # ---- queries

    def set_query(self, flt: RunFilter | None = None, order_by: str | None = None,
                  descending: bool | None = None) -> None:
        if flt is not None:
            self.filter = flt
        if order_by is not None:
            self.order_by = order_by
        if descending is not None:
            self.descending = descending
        self.reload()

    def reload(self, keep_loaded: bool = False) -> None:
        """Start again from the first page; `keep_loaded` re-reads as many rows as are
        loaded now (up to MAX_RELOAD), so an automatic refresh does not shrink the list."""
        self._generation += 1
        gen = self._generation
        limit = min(max(PAGE_SIZE, len(self.runs)), MAX_RELOAD) if keep_loaded else PAGE_SIZE
        self.loading, self._fetching = True, False
        self.runner.submit(load_page, self.history, self.filter, limit, 0, self.order_by,
                           self.descending, True, name="history-page",
                           on_result=lambda page: self._on_loaded(gen, limit, page),
                           on_error=lambda exc: self._on_failed(gen, exc))

    def _on_loaded(self, gen: int, limit: int, page: Page) -> None:
        if gen != self._generation:
            return  # a newer query started since
        self.loading = False
        ids = [r.run_id for r in page.runs]
        if ids == [r.run_id for r in self.runs]:  # same rows: update in place, keep the view
            self.runs = page.runs
            if self.runs:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self.runs) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self.runs = page.runs
            self._rows = {run_id: i for i, run_id in enumerate(ids)}
            self.endResetModel()
        self._offset = len(page.runs)
        self.total = page.total if page.total is not None else len(self.runs)
        if len(page.runs) < limit:  # the whole result is here
            self.total = len(self.runs)
        self.active = page.active or 0
        self.loaded.emit()

    def _on_failed(self, gen: int, exc: Exception) -> None:
        if gen == self._generation:
            self.loading = self._fetching = False
            self.total = len(self.runs)  # no endless retries from the view: refresh instead
            self.load_failed.emit(exc)

    def canFetchMore(self, parent: _Index = ROOT) -> bool:
        return (not parent.isValid() and not self.loading and not self._fetching
                and self._offset < self.total)

    def fetchMore(self, parent: _Index = ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        gen, offset = self._generation, self._offset
        self.runner.submit(load_page, self.history, self.filter, PAGE_SIZE, offset,
                           self.order_by, self.descending, False, name="history-more",
                           on_result=lambda page: self._on_more(gen, offset, page),
                           on_error=lambda exc: self._on_failed(gen, exc))

    def _on_more(self, gen: int, offset: int, page: Page) -> None:
        if gen != self._generation or offset != self._offset:
            return
        self._fetching = False
        self._offset += len(page.runs)
        if len(page.runs) < PAGE_SIZE:
            self.total = len(self.runs) + len(page.runs)  # the end: stop asking
        new = [r for r in page.runs if r.run_id not in self._rows]
        if new:
            first = len(self.runs)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for i, run in enumerate(new):
                self._rows[run.run_id] = first + i
            self.runs.extend(new)
            self.endInsertRows()
        self.total = max(self.total, len(self.runs))

    # ---- reading

    def run_at(self, row: int) -> RunRecord | None:
        return self.runs[row] if 0 <= row < len(self.runs) else None

    def row_of(self, run_id: str) -> int | None:
        return self._rows.get(run_id)

    def sortable(self, section: int) -> bool:
        return 0 <= section < len(COLUMNS) and COLUMNS[section][1] is not None

    def sort(self, section: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks: a new query ordered in SQL (unsortable columns are ignored)."""
        if not self.sortable(section):
            return
        order_by = COLUMNS[section][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if (order_by, descending) != (self.order_by, self.descending):
            self.set_query(order_by=order_by, descending=descending)

    def sort_section(self) -> int:
        return next(i for i, (_, col) in enumerate(COLUMNS) if col == self.order_by)

    # ---- the model interface

    def rowCount(self, parent: _Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent: _Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        run = self.run_at(index.row()) if index.isValid() else None
        if run is None:
            return None
        key = KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(run, key)
        if role == RUN_ROLE:
            return run
        if role == Qt.ItemDataRole.ForegroundRole and key == "state":
            return state_color(run.state)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(run, key)
        return None

    def text(self, run: RunRecord, key: str) -> str:
        values = {
            "state": lambda: state_text(run.state),
            "started": lambda: fmt.when(run.created_at),
            "file": lambda: run.source_name,
            "target": lambda: f"{run.database}.{run.table}",
            "mode": lambda: mode_text(run.mode),
            "rows": lambda: fmt.number(run.rows),
            "size": lambda: fmt.size(run.source_bytes),
            "duration": lambda: fmt.duration(run.duration_s),
            "cost": lambda: fmt.money(run.cost, self.currency),
            "user": lambda: run.user or "—",
            "run_id": lambda: short_id(run.run_id),
        }
        return values[key]()

    def _tooltip(self, run: RunRecord, key: str) -> str | None:
        if key == "run_id":
            return run.run_id
        if key == "file":
            return run.source_path or run.source_name
        if key == "target":
            return run.target
        if key == "state" and run.error:
            return run.error.splitlines()[0]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(KEYS[section])
        if role == Qt.ItemDataRole.ToolTipRole and not self.sortable(section):
            return self.tr("This column cannot be sorted")
        return None

    def header_text(self, key: str) -> str:
        return {
            "state": self.tr("State"), "started": self.tr("Started"), "file": self.tr("File"),
            "target": self.tr("Target"), "mode": self.tr("Mode"), "rows": self.tr("Rows"),
            "size": self.tr("Size"), "duration": self.tr("Duration"), "cost": self.tr("Cost"),
            "user": self.tr("User"), "run_id": self.tr("Run id"),
        }[key]

    def retranslate(self) -> None:
        """Headers and cells again, in the new language (numbers and dates too)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.runs:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.runs) - 1, len(COLUMNS) - 1))
