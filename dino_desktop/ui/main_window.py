"""The main window: three tabs, menus, a status bar; remembers its geometry and choices."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from dino_desktop import __version__
from dino_desktop.bootstrap import App
from dino_desktop.core.models import DinoError
from dino_desktop.ui.history_tab import HistoryTab
from dino_desktop.ui.i18n import LANGUAGES, Translator, problem_text
from dino_desktop.ui.kpi_tab import KpiTab
from dino_desktop.ui.upload_tab import UploadTab
from dino_desktop.ui.workers import TaskRunner

STATUS_POLL_MS = 3000
COST_CHECK_MS = 3_600_000  # is a daily cost sync due? (hourly)
COST_SYNC_DAYS = 30  # Azure revises recent days: each sync re-reads the last month


class MainWindow(QMainWindow):
    def __init__(self, services: App, translator: Translator, settings: QSettings,
                 runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.translator = translator
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.setObjectName("MainWindow")
        self.setMinimumSize(900, 600)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.upload = UploadTab(services, self.runner, settings, self)
        self.history = HistoryTab(services, self.runner, self)
        self.kpis = KpiTab(services, self.runner, self)
        for tab in (self.upload, self.history, self.kpis):
            self.tabs.addTab(tab, "")
        self.setCentralWidget(self.tabs)

        self.upload.run_finished.connect(self._on_run_finished)
        self.upload.open_run.connect(self.show_run)
        self.history.runs_changed.connect(self.kpis.refresh)
        self.tabs.currentChanged.connect(self._on_tab)

        self._build_menus()
        self._build_status_bar()
        self._active_runs = 0
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_POLL_MS)
        self._status_timer.timeout.connect(self._poll_status)
        self._status_timer.start()

        self.retranslate()
        self._restore()
        self._poll_status()
        if services.settings.profile == "azure":  # measured costs: at start, then hourly
            self._cost_timer = QTimer(self)
            self._cost_timer.setInterval(COST_CHECK_MS)
            self._cost_timer.timeout.connect(self.sync_costs)
            self._cost_timer.start()
            QTimer.singleShot(0, self.sync_costs)

    # ---- building

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_settings = bar.addMenu("")
        self.act_preferences = QAction(self)
        self.act_preferences.setShortcut(QKeySequence.StandardKey.Preferences)
        self.act_preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_preferences.triggered.connect(self.open_settings)
        self.act_open_home = QAction(self)
        self.act_open_home.triggered.connect(self._open_home)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.menu_settings.addActions([self.act_preferences, self.act_open_home])
        self.menu_settings.addSeparator()
        self.menu_settings.addAction(self.act_quit)

        self.menu_language = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, label in LANGUAGES.items():
            act = QAction(label, self, checkable=True)
            act.setData(code)
            act.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(act)
            self.menu_language.addAction(act)
            self.language_actions[code] = act

        self.menu_help = bar.addMenu("")
        self.act_about = QAction(self)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_about.triggered.connect(self.about)
        self.act_about_qt = QAction(self)
        self.act_about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.act_about_qt.triggered.connect(lambda: QMessageBox.aboutQt(self))
        self.menu_help.addActions([self.act_about, self.act_about_qt])

        # Ctrl+1..3 switch tabs (keyboard users)
        for i in range(3):
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _c=False, i=i: self.tabs.setCurrentIndex(i))
            self.addAction(act)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_profile = QLabel(self)
        self.status_user = QLabel(self)
        self.status_runs = QLabel(self)
        for label in (self.status_profile, self.status_user, self.status_runs):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            bar.addPermanentWidget(label)

    # ---- texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("DINO — files into the lakehouse"))
        self.tabs.setTabText(0, self.tr("&Upload"))
        self.tabs.setTabText(1, self.tr("&History"))
        self.tabs.setTabText(2, self.tr("&KPIs"))
        self.tabs.setTabToolTip(0, self.tr("Load a file into a table (Ctrl+1)"))
        self.tabs.setTabToolTip(1, self.tr("Every run, its state and its details (Ctrl+2)"))
        self.tabs.setTabToolTip(2, self.tr("Cost, files and volume over time (Ctrl+3)"))
        self.menu_settings.setTitle(self.tr("&Settings"))
        self.act_preferences.setText(self.tr("&Preferences…"))
        self.act_open_home.setText(self.tr("Open the &data folder"))
        self.act_quit.setText(self.tr("&Quit"))
        self.menu_language.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_about.setText(self.tr("&About DINO"))
        self.act_about_qt.setText(self.tr("About &Qt"))
        profile = self.services.settings.profile
        self.status_profile.setText(self.tr("Profile: %1").replace(
            "%1", self.tr("local") if profile == "local" else self.tr("Azure")))
        self.status_user.setText(self.tr("User: %1").replace(
            "%1", self.services.settings.user or "—"))
        self._show_active_runs()
        for code, act in self.language_actions.items():
            act.setChecked(code == self.translator.lang)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- actions

    def set_language(self, lang: str) -> None:
        self.translator.use(lang)
        self.settings.setValue("language", self.translator.lang)

    def show_run(self, run_id: str) -> None:
        self.tabs.setCurrentWidget(self.history)
        self.history.show_run(run_id)

    def open_settings(self) -> None:
        from dino_desktop.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.services.settings, self).exec()

    def _open_home(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.services.settings.home_path)))

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About DINO"), self.tr(
            "<h3>DINO %1</h3><p>Drop a hand-made file (CSV, Excel, JSON, XML, Parquet) and it "
            "lands in the lakehouse as a Delta table: typed, checked, and logged.</p>"
            "<p>Profile: %2<br>Data folder: %3</p>").replace("%1", __version__)
            .replace("%2", self.services.settings.profile)
            .replace("%3", str(self.services.settings.home_path)))

    def _on_run_finished(self, run_id: str) -> None:
        self.history.refresh()
        self.kpis.refresh()
        self._poll_status()

    def _on_tab(self, index: int) -> None:
        self.settings.setValue("window/tab", index)
        widget = self.tabs.widget(index)
        if widget is self.history:
            self.history.refresh()
        elif widget is self.kpis:
            self.kpis.refresh()

    # ---- measured costs (azure profile)

    def sync_costs(self) -> None:
        """Copy Azure's daily costs into the run log when the last copy is a day old."""
        def work() -> object:
            from dino_desktop.services.costs import costs_due, sync_costs

            now = dt.datetime.now(dt.UTC)
            if not costs_due(self.services.runlog, now):
                return None
            today = now.date()
            return sync_costs(self.services.runlog, self.services.costs,
                              today - dt.timedelta(days=COST_SYNC_DAYS), today)

        self.runner.submit(work, on_result=lambda done: done and self.kpis.refresh(),
                           on_error=self._cost_sync_failed, name="sync-costs")

    def _cost_sync_failed(self, exc: Exception) -> None:
        """Not worth a dialog: the next hourly check tries again; the status bar says why."""
        if isinstance(exc, DinoError) and exc.problem.code != "costs_throttled":
            self.statusBar().showMessage(problem_text(exc.problem), 15_000)

    # ---- status bar

    def _poll_status(self) -> None:
        self.runner.submit(self.services.runlog.unfinished, on_result=self._set_active_runs,
                           name="status")

    def _set_active_runs(self, runs: list) -> None:
        self._active_runs = len(runs)
        self._show_active_runs()

    def _show_active_runs(self) -> None:
        n = self._active_runs
        self.status_runs.setText(self.tr("No runs in progress") if n == 0 else
                                 self.tr("Runs in progress: %1").replace("%1", str(n)))

    # ---- geometry and closing

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        index = int(self.settings.value("window/tab", 0) or 0)
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.upload.running:
            answer = QMessageBox.question(
                self, self.tr("A run is in progress"),
                self.tr("A file is being loaded. Cancel it and quit? The table stays as it "
                        "was before the run."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._status_timer.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.runner.cancel_all()
        self.runner.wait(30_000)
        super().closeEvent(event)
