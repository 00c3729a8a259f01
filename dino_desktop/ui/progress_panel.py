"""A run's progress: stage, percent, throughput, time left, and Cancel."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from dino_desktop.core.models import Progress
from dino_desktop.ui import formatting


class ProgressPanel(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.speed = QLabel(self)
        self.cancel = QPushButton(self)
        self.cancel.clicked.connect(self._cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.stage)
        row.addWidget(self.bar, 1)
        row.addWidget(self.speed)
        row.addWidget(self.cancel)
        self.started = 0.0
        self.total_bytes = 0
        self.last: Progress | None = None
        self.retranslate()
        self.reset()

    def stage_name(self, stage: str) -> str:
        return {"inspect": self.tr("Reading the file"), "convert": self.tr("Converting"),
                "stage": self.tr("Staging"), "run": self.tr("Writing the table"),
                "record": self.tr("Recording"), "validate": self.tr("Checking")}.get(
                    stage, stage)

    def retranslate(self) -> None:
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Stop the run; the table stays as it was (Esc)"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start(self, total_bytes: int = 0) -> None:
        self.total_bytes = total_bytes
        self.started = time.monotonic()
        self.last = None
        self.bar.setValue(0)
        self.cancel.setEnabled(True)
        self.setVisible(True)
        self._show()

    def reset(self) -> None:
        self.last = None
        self.bar.setValue(0)
        self.setVisible(False)

    def update_progress(self, p: Progress) -> None:
        self.last = p
        self.bar.setValue(int(max(0.0, min(1.0, p.fraction)) * 1000))
        self._show()

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.stage.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    def _show(self) -> None:
        p = self.last
        if p is None:
            self.stage.setText(self.tr("Starting…"))
            self.bar.setFormat("%p%")
            self.speed.setText("")
            return
        if self.cancel.isEnabled():
            self.stage.setText(self.stage_name(p.stage))
        self.bar.setFormat(f"{formatting.number(p.fraction * 100, 0)} %")
        elapsed = time.monotonic() - self.started
        parts = []
        if self.total_bytes and elapsed > 0.5 and p.fraction > 0:
            # the file's bytes, at the whole run's pace (each stage reads them once more)
            parts.append(formatting.rate(self.total_bytes * p.fraction / elapsed))
        if 0.02 < p.fraction < 1 and elapsed > 1:
            left = elapsed * (1 - p.fraction) / p.fraction
            parts.append(self.tr("%1 left").replace("%1", formatting.duration(left)))
        self.speed.setText(" · ".join(parts))
