"""A strip above the History list: the retry or undo under way (with Cancel), then what came
of it, in a message the user can dismiss."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
)

from dino_desktop.core.models import Progress
from dino_desktop.ui.run_details import stage_text
from dino_desktop.ui.style import tone_color


class StatusStrip(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message, self.message_close = QLabel(self), QToolButton(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_close.setAutoRaise(True)
        self.message_close.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_DialogCloseButton))
        self.message_close.clicked.connect(lambda: self.say(""))
        self.op_label, self.progress = QLabel(self), QProgressBar(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self._cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.message, self.message_close, self.op_label, self.progress,
                  self.cancel_button):
            row.addWidget(w)
            w.setVisible(False)
        row.setStretch(0, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(QCoreApplication.translate("HistoryTab", "Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def begin(self, text: str, cancellable: bool) -> None:
        self.say("")
        self.op_label.setText(text)
        self.progress.setRange(0, 1000 if cancellable else 0)  # undo: busy, no fractions
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.op_label.setVisible(True)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)

    def update_progress(self, p: Progress) -> None:
        self.progress.setValue(int(min(max(p.fraction, 0.0), 1.0) * 1000))
        self.progress.setFormat(f"{stage_text(p.stage)}: %p%")

    def end(self) -> None:
        for w in (self.op_label, self.progress, self.cancel_button):
            w.setVisible(False)

    def say(self, text: str, tone: str = "error") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {tone_color(tone).name()};" if text else "")
        self.message.setVisible(bool(text))
        self.message_close.setVisible(bool(text))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()
