"""Settings dialog (placeholder until built)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from dino_desktop.config import Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
