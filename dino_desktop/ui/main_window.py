"""The main window: three tabs, menus, a status bar; remembers its geometry and choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from dino_desktop import __version__
from dino_desktop.bootstrap import App
from dino_desktop.core.models import DinoError
from dino_desktop.services.automation import AutomationEvent
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.automation_controller import AutomationController, ConfigSource
from dino_desktop.ui.history_tab import HistoryTab
from dino_desktop.ui.i18n import LANGUAGES, Translator, current_lang, problem_text
from dino_desktop.ui.kpi_tab import KpiTab
from dino_desktop.ui.rules_page import AutomationDialog, keep_in_tray
from dino_desktop.ui.upload_tab import UploadTab
from dino_desktop.ui.workers import TaskRunner

STATUS_POLL_MS = 3000
COST_CHECK_MS = 3_600_000  # is a daily cost sync due? (hourly)
COST_SYNC_DAYS = 30  # Azure revises recent days: each sync re-reads the last month
TRAY_NOTICE = "automation/tray_notice_shown"
RULE_NEWS = ("run_started", "run_succeeded", "run_failed", "duplicate", "folder_missing",
             "rule_error", "move_failed")  # rule events the status bar tells for a while
RULE_NEWS_MS = 15_000


class MainWindow(QMainWindow):
    closed = Signal()  # really closed (not hidden to the tray): the app quits

    def __init__(self, services: App, translator: Translator, settings: QSettings,
                 runner: TaskRunner | None = None, parent: QWidget | None = None, *,
                 automation_source: ConfigSource | None = None,
                 automation_options: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.translator = translator
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.tray: Any = None  # ui/tray.Tray, once the alerts are set up (attach_tray)
        self.rules_dialog: AutomationDialog | None = None
        self.quitting = False  # the next close really quits (not hidden to the tray)
        self.automation = AutomationController(
            services, self.runner, lang=lambda: translator.lang, source=automation_source,
            runner_options=automation_options, parent=self)
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
        self.automation.run_finished.connect(self._on_run_finished)
        self.automation.event.connect(self._on_rule_event)
        self.automation.statuses_changed.connect(self._show_rules_status)
        self.automation.state_changed.connect(self._show_rules_status)
        translator.changed.connect(self.automation.set_lang)

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
        self.automation.start()

    # ---- building

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_settings = bar.addMenu("")
        self.act_preferences = QAction(self)
        self.act_preferences.setShortcut(QKeySequence.StandardKey.Preferences)
        self.act_preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_preferences.triggered.connect(self.open_settings)
        self.act_rules = QAction(self)
        self.act_rules.triggered.connect(self.open_rules)
        self.act_open_home = QAction(self)
        self.act_open_home.triggered.connect(self._open_home)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.quit_app)
        self.menu_settings.addActions([self.act_preferences, self.act_rules, self.act_open_home])
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
        self.status_rules = QLabel(self)
        for label in (self.status_rules, self.status_profile, self.status_user,
                      self.status_runs):
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
        self.act_rules.setText(self.tr("Automation &rules…"))
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
        self._show_rules_status()
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
        self.show_window()
        self.tabs.setCurrentWidget(self.history)
        self.history.show_run(run_id)

    def open_settings(self) -> None:
        from dino_desktop.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.services.settings, self).exec()

    def open_rules(self) -> AutomationDialog:
        """The automation rules (non-modal: it shows the runs as they happen)."""
        if self.rules_dialog is None:
            self.rules_dialog = AutomationDialog(self.automation, self.settings, self)
            self.rules_dialog.page.open_run.connect(self.show_run)
        self.rules_dialog.show()
        self.rules_dialog.raise_()
        self.rules_dialog.activateWindow()
        return self.rules_dialog

    def show_window(self) -> None:
        """Back from the tray (or up front)."""
        if not self.isVisible() or self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

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

    def _on_rule_event(self, event: AutomationEvent) -> None:
        if event.kind == "run_started":  # History shows the run while it goes
            self.history.refresh()
            self._poll_status()
        if event.kind in RULE_NEWS:
            self.statusBar().showMessage(event.text(current_lang()), RULE_NEWS_MS)

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

    def _show_rules_status(self) -> None:
        """"Watching 3 folders · next run 14:00", "Rules paused", or nothing without rules."""
        auto = self.automation
        folders = len(auto.folders())
        if auto.paused and auto.runnable:
            text = self.tr("Rules paused")
        elif not folders:
            text = ""
        else:
            text = self.tr("Watching 1 folder") if folders == 1 else \
                self.tr("Watching %1 folders").replace("%1", str(folders))
            upcoming = auto.next_scheduled()
            if upcoming is not None:
                text += " · " + self.tr("next run %1").replace("%1", fmt.when(upcoming))
        self.status_rules.setText(text)
        self.status_rules.setVisible(bool(text))

    # ---- the tray

    def attach_tray(self, tray: Any, alerter: Any = None) -> None:
        """The tray icon (ui/tray.Tray) and the alert channels: rule alerts go through
        them, and the icon's menu keeps the rules at hand once the window is closed."""
        from dino_desktop.ui.tray_menu import TrayMenu

        self.tray = tray
        if alerter is not None:
            self.alerter = alerter
            self.automation.set_alerter(alerter)
        self.tray_menu = TrayMenu(self.automation, open_window=self.show_window,
                                  quit_app=self.quit_app, parent=self)
        tray.set_menu(self.tray_menu)

    def _stays_in_tray(self) -> bool:
        return bool(not self.quitting and self.tray is not None and self.tray.available
                    and keep_in_tray(self.settings) and self.automation.has_enabled_rules
                    and not self.automation.paused)

    def _to_tray(self) -> None:
        """Hide; the rules go on. Said once, the first time."""
        QApplication.setQuitOnLastWindowClosed(False)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.hide()
        if self.settings.value(TRAY_NOTICE) in (None, False, "false"):
            self.settings.setValue(TRAY_NOTICE, True)
            self.tray.notify(self.tr("DINO keeps watching"), self.tr(
                "The rules go on from the tray icon. Its menu opens DINO again, pauses the "
                "rules or quits."))

    def quit_app(self) -> None:
        """Really quit (the menu's Quit, the tray's Quit): the rules stop too."""
        self.quitting = True
        if not self.close():
            self.quitting = False

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
        if self._stays_in_tray():
            event.ignore()
            self._to_tray()
            return
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
        self.automation.shutdown()
        if self.rules_dialog is not None:
            self.rules_dialog.close()
        if self.tray is not None:
            self.tray.hide()
        self.runner.cancel_all()
        self.runner.wait(30_000)
        QApplication.setQuitOnLastWindowClosed(True)
        super().closeEvent(event)
        self.closed.emit()
