"""Problems found in the file or the target, worst first, each with its severity icon."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from dino_desktop.core.messages import fix_text
from dino_desktop.core.models import Problem, Severity
from dino_desktop.ui.i18n import current_lang, problem_text

ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
ICONS = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
         Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
         Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}


class ProblemsView(QListWidget):
    """Clicking (or Enter on) a problem emits it, so the preview can show where it is."""

    problem_selected = Signal(object)  # Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._emit)
        self.itemClicked.connect(self._emit)
        self.retranslate()

    def icon(self, severity: Severity) -> QIcon:
        return self.style().standardIcon(ICONS[severity])

    def set_problems(self, problems: list[Problem]) -> None:
        seen: set[tuple] = set()
        unique = []
        for p in problems:
            key = (p.severity, p.code, repr(sorted(p.params.items())), p.row, p.column)
            if key not in seen:
                seen.add(key)
                unique.append(p)
        self.problems = sorted(unique, key=lambda p: ORDER[p.severity])
        self._fill()

    def _fill(self) -> None:
        self.clear()
        lang = current_lang()
        for p in self.problems:
            text = problem_text(p)
            fix = fix_text(p.fix, lang) if p.fix else ""  # type: ignore[arg-type]
            item = QListWidgetItem(self.icon(p.severity), text)
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(f"{text}\n\n{fix}" if fix else text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{self._severity(p)}: {text}")
            self.addItem(item)
        if not self.problems:
            item = QListWidgetItem(self.tr("No problems found."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)

    def _severity(self, p: Problem) -> str:
        return {Severity.ERROR: self.tr("Error"), Severity.WARNING: self.tr("Warning"),
                Severity.INFO: self.tr("Note")}[p.severity]

    def _emit(self, item: QListWidgetItem) -> None:
        problem = item.data(Qt.ItemDataRole.UserRole)
        if problem is not None:
            self.problem_selected.emit(problem)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Problems"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
