"""Upload tab (placeholder until built)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget

from dino_desktop.bootstrap import App
from dino_desktop.ui.workers import TaskRunner


class UploadTab(QWidget):
    run_finished = Signal(str)
    open_run = Signal(str)

    def __init__(self, services: App, runner: TaskRunner, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner, self.settings = services, runner, settings
        self.running = False
