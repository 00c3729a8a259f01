"""The automation rules page (Settings ▸ Automation rules…): every rule, IT's read-only and
the user's own, with its last and next run; add, edit, duplicate, delete, run now.

Reading and saving the configuration happen on workers; a save goes through
`rule_config.save_user_rules` (refused, with the reason, when a rule is wrong) and the
running rules are then read again, so a change applies at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.core.models import Severity
from dino_desktop.rule_config import ConfiguredRule, RulesInvalid
from dino_desktop.services.automation import AutomationEvent
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.automation_controller import AutomationController
from dino_desktop.ui.i18n import current_lang, problem_text
from dino_desktop.ui.rule_editor import RuleEditor
from dino_desktop.ui.rules_model import RulesModel, column
from dino_desktop.ui.style import tone_color
from dino_desktop.ui.workers import Task

KEEP_IN_TRAY = "automation/keep_in_tray"
QUIET = ("watching", "once", "stopped", "stopping", "no_rules")  # said by the status bar


def keep_in_tray(settings: QSettings) -> bool:
    """The preference: keep watching from the tray when the window is closed (default on)."""
    value = settings.value(KEEP_IN_TRAY, True)
    return value not in (False, "false", "0", 0)


class RulesPage(QWidget):
    loaded = Signal()  # the list was read
    saved = Signal(str)  # the user's file, written
    save_failed = Signal(str)  # why not
    open_run = Signal(str)  # a rule's last run, to show in History

    def __init__(self, controller: AutomationController, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller, self.settings = controller, settings
        self.tasks = controller.tasks
        self.user_rules: list[dict[str, Any]] | None = None  # None: not read (yet)
        self.editor: RuleEditor | None = None
        self._message, self._tone = "", "muted"
        self._build()
        self.retranslate()
        controller.statuses_changed.connect(self._show_statuses)
        controller.state_changed.connect(self._show_statuses)
        controller.reload_failed.connect(lambda text: self._say(text, "error"))
        controller.event.connect(self._on_event)
        self.load()

    # ---- building

    def _build(self) -> None:
        self.model = RulesModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.add_button, self.edit_button = QPushButton(self), QPushButton(self)
        self.duplicate_button, self.delete_button = QPushButton(self), QPushButton(self)
        self.run_button, self.pause_button = QPushButton(self), QPushButton(self)
        self.pause_button.setCheckable(True)
        self.add_button.clicked.connect(self.add_rule)
        self.edit_button.clicked.connect(self.edit_rule)
        self.duplicate_button.clicked.connect(self.duplicate_rule)
        self.delete_button.clicked.connect(self.delete_rule)
        self.run_button.clicked.connect(self.run_now)
        self.pause_button.toggled.connect(self._pause_toggled)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.duplicate_button,
                  self.delete_button, self.run_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.pause_button)
        self.tray_check = QCheckBox(self)
        self.tray_check.setChecked(keep_in_tray(self.settings))
        self.tray_check.toggled.connect(lambda on: self.settings.setValue(KEEP_IN_TRAY, on))
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.tray_check)
        layout.addWidget(self.status_label)

    # ---- texts

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("&Add…"))
        self.edit_button.setText(self.tr("&Edit…"))
        self.duplicate_button.setText(self.tr("D&uplicate…"))
        self.delete_button.setText(self.tr("De&lete"))
        self.run_button.setText(self.tr("&Run now"))
        self.run_button.setToolTip(self.tr("Load the rule's complete files now, whatever its "
                                           "schedule"))
        self.tray_check.setText(self.tr("&Keep watching from the tray when the window is "
                                        "closed"))
        self.model.retranslate()
        self._show_statuses()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "model"):
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self.controller.refresh()
        super().showEvent(event)

    # ---- loading

    def load(self) -> Task:
        """Read the rules (the configuration files, each rule's folder) on a worker."""
        source = self.controller.source

        def read() -> tuple[list[ConfiguredRule], list[dict[str, Any]]]:
            return source.rules(), source.user_rules()

        return self.tasks.submit(read, on_result=self._on_loaded, name="rules-list",
                                 on_error=self._on_load_failed)

    def _on_loaded(self, found: tuple[list[ConfiguredRule], list[dict[str, Any]]]) -> None:
        rules, self.user_rules = found
        current = self.selected()
        self.model.set_rules(rules)
        if self.view.horizontalHeader().sectionSize(0) <= 100 and rules:
            self.view.resizeColumnsToContents()
        row = self.model.row_of(current.check.name) if current else None
        if row is not None:
            self.view.selectRow(row)
        self._show_statuses()
        self.loaded.emit()

    def _on_load_failed(self, exc: Exception) -> None:
        self.user_rules = None  # nothing to save over: the buttons wait for a good read
        self._update_buttons()
        self._say(self.tr("The rules could not be read: %1").replace("%1", str(exc)), "error")
        self.loaded.emit()

    def _show_statuses(self) -> None:
        self.model.set_statuses(self.controller.statuses, self.controller.paused)
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(self.controller.paused)
        self.pause_button.blockSignals(False)
        self.pause_button.setText(self.tr("Resu&me rules") if self.controller.paused
                                  else self.tr("&Pause rules"))
        self._update_buttons()

    # ---- selection

    def selected(self) -> ConfiguredRule | None:
        index = self.view.selectionModel().currentIndex()
        return self.model.rule_at(index.row()) if index.isValid() else None

    def select(self, name: str) -> None:
        row = self.model.row_of(name)
        if row is not None:
            self.view.selectRow(row)

    def _update_buttons(self) -> None:
        rule = self.selected()
        known = self.user_rules is not None
        editable = known and rule is not None and rule.editable
        self.add_button.setEnabled(known)
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.duplicate_button.setEnabled(known and rule is not None)
        runnable = rule is not None and rule.check.rule is not None \
            and rule.check.rule.enabled
        self.run_button.setEnabled(runnable and self.controller.ready
                                   and not self.controller.paused)
        read_only = self.tr("IT's rule: set in the central configuration, read-only here. "
                            "Duplicate it to make a version of your own.")
        for button in (self.edit_button, self.delete_button):
            button.setToolTip(read_only if rule is not None and not editable else "")

    def _on_double_click(self, index: QModelIndex) -> None:
        rule = self.model.rule_at(index.row())
        if rule is None:
            return
        status = self.model.status_of(rule)
        if index.column() == column("last") and status is not None and status.last_run_id:
            self.open_run.emit(status.last_run_id)
        elif rule.editable:
            self.edit_rule()

    # ---- editing

    def _names(self, origin: str | None = None) -> list[str]:
        return [r.check.name for r in self.model.rules
                if origin is None or (r.origin == "central") == (origin == "central")]

    def _editor(self, data: dict[str, Any] | None, replacing: int | None,
                taken: list[str]) -> RuleEditor:
        services = self.controller.services
        editor = RuleEditor(self, data=data, taken=taken, central=self._names("central"),
                            access=services.ingestion.access, user=services.ingestion.user,
                            runner=self.tasks, catalog=services.catalog)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._commit(replacing, editor.rule_data()))
        self.editor = editor
        editor.open()
        return editor

    def _user_names(self, skip: int | None = None) -> list[str]:
        return [str(r.get("name", "")) for i, r in enumerate(self.user_rules or ())
                if i != skip]

    def add_rule(self) -> RuleEditor:
        return self._editor(None, None, self._user_names())

    def edit_rule(self) -> RuleEditor | None:
        rule = self.selected()
        if rule is None or not rule.editable:
            return None
        index = self._user_index(rule)
        return self._editor(dict(rule.data), index, self._user_names(index))

    def duplicate_rule(self) -> RuleEditor | None:
        rule = self.selected()
        if rule is None:
            return None
        data = dict(rule.data)
        names = {n.casefold() for n in self._names()}
        base, n = str(data.get("name") or "rule"), 2
        while f"{base}-{n}".casefold() in names:
            n += 1
        data["name"] = f"{base}-{n}"
        return self._editor(data, None, self._user_names())

    def delete_rule(self) -> None:
        rule = self.selected()
        if rule is None or not rule.editable:
            return
        if not self.ask(self.tr("Delete the rule"), self.tr(
                "Delete the rule '%1'? Files already loaded stay in their tables; the folder "
                "is no longer watched.").replace("%1", rule.check.name)):
            return
        index = self._user_index(rule)
        if index is not None:
            self.save([r for i, r in enumerate(self.user_rules or ()) if i != index])

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _user_index(self, rule: ConfiguredRule) -> int | None:
        """Where the rule is in the user's own file (as written there, or by its name)."""
        for i, data in enumerate(self.user_rules or ()):
            if data == rule.data:
                return i
        return next((i for i, d in enumerate(self.user_rules or ())
                     if d.get("name") == rule.data.get("name")), None)

    def _commit(self, replacing: int | None, data: dict[str, Any]) -> None:
        rules = [dict(r) for r in self.user_rules or ()]
        if replacing is None:
            rules.append(data)
        else:
            rules[replacing] = data
        self.save(rules, select=str(data.get("name", "")))

    def save(self, rules: list[dict[str, Any]], select: str = "") -> Task:
        """The user's rules become these (on a worker); then the runner reads them again."""
        self._say(self.tr("Saving…"), "muted")
        for b in (self.add_button, self.edit_button, self.duplicate_button,
                  self.delete_button):
            b.setEnabled(False)
        return self.tasks.submit(self.controller.source.save, rules, name="rules-save",
                                 on_result=lambda path: self._on_saved(path, select),
                                 on_error=self._on_save_failed)

    def _on_saved(self, path: Path, select: str) -> None:
        self._say(self.tr("Saved to %1. The rules apply now.").replace("%1", str(path)), "ok")
        self.controller.reload()
        task = self.load()
        if select:
            task.result.connect(lambda _r: self.select(select))
        self.saved.emit(str(path))

    def _on_save_failed(self, exc: Exception) -> None:
        reason = problem_text(exc.problem) if isinstance(exc, RulesInvalid) else str(exc)
        self._say(self.tr("Not saved: %1").replace("%1", reason), "error")
        self._update_buttons()
        self.save_failed.emit(reason)

    # ---- running

    def run_now(self) -> None:
        rule = self.selected()
        if rule is None or rule.check.rule is None:
            return
        self.controller.run_now(rule.check.name)
        self._say(self.tr("Rule '%1' runs now: its complete files are loaded.")
                  .replace("%1", rule.check.name), "muted")

    def _on_event(self, event: AutomationEvent) -> None:
        """What the rules do, as it happens (the line `dino watch` prints)."""
        if event.kind in QUIET:
            return
        tone = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(
            event.problem.severity, "ok" if event.kind == "run_succeeded" else "muted")
        self._say(f"{fmt.when(event.at, seconds=True)}  {event.text(current_lang())}", tone)

    def _pause_toggled(self, on: bool) -> None:
        if on:
            self.controller.pause()
        else:
            self.controller.resume()

    def _say(self, text: str, tone: str) -> None:
        self._message, self._tone = text, tone
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {tone_color(tone).name()};")


class AutomationDialog(QDialog):
    """The rules page in a window of its own (non-modal: it shows runs as they happen)."""

    def __init__(self, controller: AutomationController, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = RulesPage(controller, settings, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Automation rules"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
