"""History tab (placeholder until built)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from dino_desktop.bootstrap import App
from dino_desktop.ui.workers import TaskRunner


class HistoryTab(QWidget):
    runs_changed = Signal()

    def __init__(self, services: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner = services, runner

    def refresh(self) -> None:
        pass

    def show_run(self, run_id: str) -> None:
        pass
