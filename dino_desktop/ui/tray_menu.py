"""The tray icon's menu: open the window, pause or resume the rules, run them all now, quit.
What keeps DINO usable after its window is closed while rules watch folders."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from dino_desktop.ui.automation_controller import AutomationController


class TrayMenu(QMenu):
    def __init__(self, controller: AutomationController, *, open_window: Callable[[], None],
                 quit_app: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.act_open = QAction(self)
        self.act_open.triggered.connect(open_window)
        self.act_pause = QAction(self)
        self.act_pause.setCheckable(True)
        self.act_pause.triggered.connect(self._pause_triggered)
        self.act_run_all = QAction(self)
        self.act_run_all.triggered.connect(controller.run_all)
        self.act_quit = QAction(self)
        self.act_quit.triggered.connect(quit_app)
        self.addAction(self.act_open)
        self.addSeparator()
        self.addActions([self.act_pause, self.act_run_all])
        self.addSeparator()
        self.addAction(self.act_quit)
        controller.state_changed.connect(self.update_state)
        controller.statuses_changed.connect(self.update_state)
        self.retranslate()

    def retranslate(self) -> None:
        self.act_open.setText(self.tr("&Open DINO"))
        self.act_run_all.setText(self.tr("Run &all rules now"))
        self.act_quit.setText(self.tr("&Quit"))
        self.update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def update_state(self) -> None:
        paused, rules = self.controller.paused, self.controller.has_enabled_rules
        self.act_pause.setChecked(paused)
        self.act_pause.setText(self.tr("&Resume rules") if paused else self.tr("&Pause rules"))
        self.act_pause.setEnabled(rules or paused)
        self.act_run_all.setEnabled(rules and not paused and self.controller.ready)

    def _pause_triggered(self) -> None:
        if self.controller.paused:
            self.controller.resume()
        else:
            self.controller.pause()
