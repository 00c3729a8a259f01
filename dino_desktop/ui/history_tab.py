"""The History tab: every run, filtered and sorted in SQL, with its details and actions.

The list is a paged model (history_model) so 100,000 runs cost one page; the details pane
(run_details) reads events and the manifest on a worker. Retry and undo (history_ops) run on
workers too, with progress and cancel in the tab's status strip; the tab polls the run log while
any run is still going.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.bootstrap import App
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.services.history import RETRYABLE
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.failures_view import FailuresView
from dino_desktop.ui.history_filters import RunFilterBar, load_choices
from dino_desktop.ui.history_model import RunTableModel, column
from dino_desktop.ui.history_ops import RunOperations
from dino_desktop.ui.i18n import error_text
from dino_desktop.ui.run_details import RunDetails
from dino_desktop.ui.status_strip import StatusStrip
from dino_desktop.ui.workers import Task, TaskRunner

POLL_MS = 2000


class HistoryTab(QWidget):
    runs_changed = Signal()  # after a retry or an undo

    def __init__(self, services: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner = services, runner
        self.model = RunTableModel(services.history, runner, services.settings.cost.currency,
                                   self)
        self._pending: tuple[str, str] | None = None  # show_run: (run id, step)
        self._keep: tuple[str | None, int] = (None, 0)  # selection and scroll across reloads
        self._sized = False
        self._gens = {"choices": 0, "show": 0}
        self.filters = RunFilterBar(self)
        self.filters.changed.connect(self._apply_filters)
        self.count = QLabel(self)
        self._build_actions()
        self._build_body()
        self.retranslate()
        self._update_actions()  # nothing selected yet
        self.refresh()

    # ---- building

    def _build_actions(self) -> None:
        icon, sp = self.style().standardIcon, QStyle.StandardPixmap
        self.act_retry = self._action(self.retry, "Ctrl+R", icon(sp.SP_MediaPlay))
        self.act_undo = self._action(self.undo, QKeySequence.StandardKey.Undo,
                                     icon(sp.SP_ArrowBack))
        self.act_landing = self._action(lambda: self.details.open_folder("landing"), None,
                                        icon(sp.SP_DirOpenIcon))
        self.act_table = self._action(lambda: self.details.open_folder("table"), None,
                                      icon(sp.SP_DriveHDIcon))
        self.act_copy = self._action(self.copy_run_id, "Ctrl+Shift+C", icon(sp.SP_FileIcon))
        self.act_refresh = self._action(self.refresh, QKeySequence.StandardKey.Refresh,
                                        icon(sp.SP_BrowserReload))
        self.act_find = self._action(self.filters.search.setFocus,
                                     QKeySequence.StandardKey.Find, None)
        self.act_failures = self._action(lambda: self.show_failures(
            self.act_failures.isChecked()), "Ctrl+Shift+F", icon(sp.SP_MessageBoxWarning))
        self.act_failures.setCheckable(True)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.act_retry, self.act_undo])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_landing, self.act_table, self.act_copy])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_refresh, self.act_failures])

    def _action(self, slot: Callable[[], object], shortcut: object,
                icon: QIcon | None) -> QAction:
        act = QAction(self)
        if icon is not None:
            act.setIcon(icon)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # this tab only
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        return act

    def _build_body(self) -> None:
        self.status = StatusStrip(self)
        self.ops = RunOperations(self.services, self.runner, self.status, self.selected_run, self)
        self.ops.busy_changed.connect(self._update_actions)
        self.ops.runs_changed.connect(self._after_op)
        # what the last action said; the retry under way
        self.message, self.progress = self.status.message, self.status.progress
        self.cancel_button = self.status.cancel_button

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        separators = [QAction(self), QAction(self)]
        for sep in separators:
            sep.setSeparator(True)
        self.view.addActions([self.act_retry, self.act_undo, separators[0], self.act_landing,
                              self.act_table, separators[1], self.act_copy])
        header = self.view.horizontalHeader()
        header.setSortIndicator(column("started"), Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)  # model.sort: a new query, ordered in SQL
        header.sortIndicatorChanged.connect(self._on_sort_indicator)
        self.details = RunDetails(self.services, self.runner, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])  # the details need room from the start

        self.failures = FailuresView(self.services, self.runner, self)
        self.failures.show_runs.connect(self._show_cause)
        self.pages = QStackedWidget(self)  # the runs, or the failures grouped by cause
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.failures)
        filters, layout = QHBoxLayout(), QVBoxLayout(self)
        filters.addWidget(self.filters, 1)
        filters.addWidget(self.count)
        layout.addLayout(filters)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        for a, b in itertools.pairwise([*self.filters.widgets(), self.view, self.details]):
            QWidget.setTabOrder(a, b)

        self.poll = QTimer(self, singleShot=True, interval=POLL_MS)
        self.poll.timeout.connect(self._poll)
        self.model.modelAboutToBeReset.connect(self._remember_view)
        self.model.loaded.connect(self._on_loaded)
        self.model.load_failed.connect(lambda exc: self._say(self.tr(
            "The run history could not be read: %1").replace("%1", error_text(exc))))
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(self._on_activated)
        self.details.loaded.connect(lambda _extras: self._update_actions())

    # ---- texts

    def retranslate(self) -> None:
        actions = {
            self.act_retry: (self.tr("&Retry"), self.tr(
                "Run a failed or cancelled run again (Ctrl+R)")),
            self.act_undo: (self.tr("&Undo"), self.tr(
                "Put the table back as it was before this run (Ctrl+Z)")),
            self.act_landing: (self.tr("Open &landing folder"), self.tr(
                "Open the folder with the run's converted files and manifest")),
            self.act_table: (self.tr("Open &table folder"), self.tr(
                "Open the folder of the Delta table the run wrote")),
            self.act_copy: (self.tr("&Copy run id"), self.tr(
                "Copy the full run id to the clipboard (Ctrl+Shift+C)")),
            self.act_refresh: (self.tr("Re&fresh"), self.tr("Read the run history again (F5)")),
            self.act_find: (self.tr("Find"), self.tr("Search the runs")),
            self.act_failures: (self.tr("F&ailures"), self.tr(
                "Failed runs grouped by cause, with counts per day (Ctrl+Shift+F)")),
        }
        for act, (text, tip) in actions.items():
            act.setText(text)
            act.setToolTip(tip)
        self.view.setAccessibleName(self.tr("Runs"))
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- loading and filtering

    def refresh(self) -> None:
        """Read the runs again, keeping the selection; and the users and tables lists."""
        self.model.reload(keep_loaded=True)
        if self.pages.currentWidget() is self.failures:
            self.failures.reload()
        self._gens["choices"] += 1
        gen = self._gens["choices"]
        self.runner.submit(load_choices, self.services.runlog, name="history-choices",
                           on_result=lambda c: self._set_choices(gen, *c))

    def _set_choices(self, gen: int, users: list[str], tables: list[str]) -> None:
        if gen == self._gens["choices"]:
            self.filters.set_choices(users, tables)

    def _poll(self) -> None:
        if not self.model.loading:
            self.model.reload(keep_loaded=True)

    def _apply_filters(self) -> None:
        self.model.set_query(self.filters.current())

    def show_failures(self, on: bool = True) -> None:
        """The failures grouped by cause (counted afresh), or the runs list."""
        self.act_failures.setChecked(on)
        self.pages.setCurrentWidget(self.failures if on else self.splitter)
        for widget in self.filters.widgets():
            widget.setEnabled(not on)
        if on:
            self.failures.reload()

    def _show_cause(self, code: str, label: str) -> None:
        self.show_failures(False)
        self.filters.set_cause(code, label)

    def _on_sort_indicator(self, section: int, _order: Qt.SortOrder) -> None:
        if not self.model.sortable(section):  # put the arrow back where the order is
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_section(), Qt.SortOrder.DescendingOrder
                                    if self.model.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def _remember_view(self) -> None:
        run = self.selected_run()
        self._keep = (run.run_id if run else None, self.view.verticalScrollBar().value())

    def _on_loaded(self) -> None:
        run_id, scroll = self._keep
        self._keep = (None, 0)
        if run_id is not None and (row := self.model.row_of(run_id)) is not None:
            self._select_row(row, scroll=False)
            self.view.verticalScrollBar().setValue(scroll)
        current = self.selected_run()
        if current is not None:
            self.details.show_run(current, reload=False)  # a new state shows at once
        elif self._pending is None and run_id is not None:
            self.details.show_run(None)  # the run shown is filtered out now
        if not self._sized and self.model.runs:
            self._sized = True
            self.view.resizeColumnsToContents()
        self._show_count()
        self._resolve_pending()
        self._update_actions()
        if self.model.active:
            self.poll.start()  # runs still going: look again soon
        else:
            self.poll.stop()

    def _show_count(self) -> None:
        n = self.model.total
        self.count.setText(self.tr("No runs") if n == 0 else self.tr("1 run") if n == 1
                           else self.tr("%1 runs").replace("%1", fmt.number(n)))

    # ---- selection

    def selected_run(self) -> RunRecord | None:
        index = self.view.selectionModel().currentIndex()
        return self.model.run_at(index.row()) if index.isValid() else None

    def _select_row(self, row: int, scroll: bool = True) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        if scroll:
            self.view.scrollTo(index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        run = self.model.run_at(current.row()) if current.isValid() else None
        if run is not None:
            self.details.show_run(run, reload=False)
        self._update_actions()

    def _on_activated(self, index: QModelIndex) -> None:
        """Enter (or a double click) on a row: its details, read again, with the focus."""
        run = self.model.run_at(index.row())
        if run is not None:
            self.details.show_run(run)
            self.details.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_run(self, run_id: str) -> None:
        """Select a run and show its details; filters are cleared if they hide it."""
        row = self.model.row_of(run_id)
        if row is not None and not self.model.loading:
            self._pending = None
            self._select_row(row)
            return
        self._gens["show"] += 1
        gen = self._gens["show"]
        self.runner.submit(self.services.history.get, run_id, name="history-show",
                           on_result=lambda run: self._on_found(gen, run),
                           on_error=lambda exc: self._say(error_text(exc)))

    def _on_found(self, gen: int, run: RunRecord) -> None:
        if gen != self._gens["show"]:
            return
        self.details.show_run(run)
        self._pending = (run.run_id, "wait")
        if not self.model.loading:
            self._resolve_pending()

    def _resolve_pending(self) -> None:
        """Find show_run's run: in the rows as they are, then with no filters, then by its
        id in the search box (how a run deep among 100,000 is found)."""
        if self._pending is None:
            return
        run_id, step = self._pending
        row = self.model.row_of(run_id)
        if step == "wait" and row is None and self.filters.is_default():
            step = "reset"  # no filter to clear: straight to the search box
        self._pending = None if row is not None or step == "search" else (
            run_id, "reset" if step == "wait" else "search")
        if row is not None:
            self._select_row(row)
        elif self._pending is not None:
            self.filters.reset(run_id if step == "reset" else "")

    # ---- actions

    def _update_actions(self) -> None:
        run, idle = self.selected_run(), self.ops.op is None
        self.act_retry.setEnabled(idle and run is not None and run.state in RETRYABLE)
        self.act_undo.setEnabled(idle and run is not None and run.state is RunState.SUCCEEDED
                                 and run.version_after is not None)
        self.act_landing.setEnabled(run is not None and self.details.can_open("landing"))
        self.act_table.setEnabled(run is not None and self.details.can_open("table"))
        self.act_copy.setEnabled(run is not None)

    @property
    def op(self) -> Task | None:
        """The retry or undo under way (None when idle)."""
        return self.ops.op

    def retry(self, confirm: frozenset[str] = frozenset()) -> None:
        self.ops.retry(confirm)

    def undo(self) -> None:
        self.ops.undo()

    def cancel_op(self) -> None:
        self.ops.cancel_op()

    def ask(self, title: str, text: str) -> bool:
        return self.ops.ask(title, text)

    def _after_op(self, run_id: str) -> None:
        """A retry or undo changed the run log: list it again, on the retried run if any."""
        self.runs_changed.emit()
        self.refresh()
        if run_id:
            self.show_run(run_id)

    def copy_run_id(self) -> None:
        run = self.selected_run()
        if run is not None:
            QGuiApplication.clipboard().setText(run.run_id)
            self._say(self.tr("Run id %1 copied.").replace("%1", run.run_id), "muted")

    # ---- messages

    def _say(self, text: str, tone: str = "error") -> None:
        self.status.say(text, tone)
