"""The tray icon: desktop notifications for alerts (and later, anything that runs unattended).

`notify(title, text)` may be called from any thread (the alert dispatcher's worker calls
it); a queued signal brings it to the GUI thread. Clicking a message that carries a History
link (dino://history/<run id>) emits `open_run`. Where the desktop has no tray (or in
offscreen tests) messages are only logged.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

log = logging.getLogger(__name__)
LINK = re.compile(r"dino://history/(\S+)")
MESSAGE_MS = 15_000


class Tray(QObject):
    open_run = Signal(str)  # a run id, from a clicked notification
    activated = Signal()  # the icon was clicked: show the window
    _message = Signal(str, str)  # (title, text), queued to the GUI thread

    def __init__(self, icon: QIcon, parent: QWidget | None = None,
                 available: bool | None = None) -> None:
        """`available` None: ask the desktop whether it has a tray (tests say so)."""
        super().__init__(parent)
        self._last_run = ""
        self.icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable() if available is None else available:
            self.icon = QSystemTrayIcon(icon, self)
            self.icon.setToolTip("DINO")
            self.icon.messageClicked.connect(self._clicked)
            self.icon.activated.connect(self._activated)
            self.icon.show()
        self._message.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.shown: list[tuple[str, str]] = []  # what was shown (tests, and the log)

    @property
    def available(self) -> bool:
        return self.icon is not None

    def notify(self, title: str, text: str) -> None:
        """Thread-safe: show a notification (or log it, without a tray)."""
        self._message.emit(title, text)

    def _show(self, title: str, text: str) -> None:
        self.shown.append((title, text))
        found = LINK.search(text)
        self._last_run = found.group(1) if found else ""
        if self.icon is None:
            log.info("notification (no system tray): %s - %s", title, text.replace("\n", " | "))
            return
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information,
                              MESSAGE_MS)

    def _clicked(self) -> None:
        if self._last_run:
            self.open_run.emit(self._last_run)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """A click on the icon shows the window; the right click is for its menu."""
        if reason != QSystemTrayIcon.ActivationReason.Context:
            self.activated.emit()

    def set_menu(self, menu: QMenu) -> None:
        """The icon's context menu (Open DINO, Pause rules, ...)."""
        self.menu = menu
        if self.icon is not None:
            self.icon.setContextMenu(menu)

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
