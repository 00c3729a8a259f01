"""One automation rule's form: every setting, checked as it is typed with the core's own
checks (core/rules.py), a schedule's next three times shown live, OK only when it holds.

`rule_data()` is the rule as the user's configuration file will hold it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.core.access import OPEN, AccessList
from dino_desktop.core.models import Problem, Severity, Target, WriteMode
from dino_desktop.core.rules import DEFAULT_PATTERN, MAX_NAME, folder_is_dir, next_fire, parse_rule
from dino_desktop.ports import Catalog
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.catalog_completion import CatalogCompletion
from dino_desktop.ui.i18n import problem_text
from dino_desktop.ui.style import tone_color
from dino_desktop.ui.workers import TaskRunner

PREVIEW_TIMES = 3
MAX_SHOWN = 4  # problems listed at once (the first ones; fixing them shows the next)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def next_times(schedule: str, after: dt.datetime, n: int = PREVIEW_TIMES,
               tz: dt.tzinfo | None = None) -> list[dt.datetime]:
    """The next `n` times a valid cron expression names (UTC)."""
    times: list[dt.datetime] = []
    at = after
    for _ in range(n):
        at = next_fire(schedule, at, tz)
        times.append(at)
    return times


class RuleEditor(QDialog):
    def __init__(self, parent: QWidget | None = None, *, data: dict[str, Any] | None = None,
                 taken: Collection[str] = (), central: Collection[str] = (),
                 access: AccessList = OPEN, user: str = "",
                 runner: TaskRunner | None = None, catalog: Catalog | None = None,
                 now: Callable[[], dt.datetime] = utc_now) -> None:
        super().__init__(parent)
        self.taken = {n.casefold() for n in taken}  # other rules of the user's
        self.central = {n.casefold() for n in central}  # IT's (a same name replaces one)
        self.access, self.user, self.runner, self.now = access, user, runner, now
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self._folder_gen = 0
        self._folder_missing = ""
        self._build()
        self.retranslate()
        self.set_data(data or {"pattern": DEFAULT_PATTERN})
        self.validate()
        # after set_data, so that the tables listed at once are those of the rule's database
        self.completion = CatalogCompletion(self.database_edit, self.table_edit, self,
                                            catalog=catalog, runner=runner, access=access,
                                            user=user)
        self.database_names, self.table_names = (self.completion.database_names,
                                                 self.completion.table_names)

    # ---- building

    def _build(self) -> None:
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(MAX_NAME)
        self.folder_edit = QLineEdit(self)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.pattern_edit = QLineEdit(self)
        self.database_edit, self.table_edit = QLineEdit(self), QLineEdit(self)
        self.mode_combo = QComboBox(self)
        for mode in WriteMode:
            self.mode_combo.addItem("", mode.value)
        self.keys_edit = QLineEdit(self)
        self.sheet_edit = QLineEdit(self)
        self.bad_rows_combo = QComboBox(self)
        for policy in ("reject", "skip"):
            self.bad_rows_combo.addItem("", policy)
        self.arrival_radio, self.schedule_radio = QRadioButton(self), QRadioButton(self)
        self.when_group = QButtonGroup(self)
        self.when_group.addButton(self.arrival_radio)
        self.when_group.addButton(self.schedule_radio)
        self.cron_edit = QLineEdit(self)
        self.cron_preview = QLabel(self)
        self.cron_preview.setWordWrap(True)
        self.cron_preview.setTextFormat(Qt.TextFormat.PlainText)
        self.enabled_check = QCheckBox(self)

        self.form = QFormLayout()
        self.form_labels: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget | QHBoxLayout]] = [
            ("name", self.name_edit), ("folder", folder_row), ("pattern", self.pattern_edit),
            ("database", self.database_edit), ("table", self.table_edit),
            ("mode", self.mode_combo), ("keys", self.keys_edit), ("sheet", self.sheet_edit),
            ("bad_rows", self.bad_rows_combo)]
        for key, field in rows:
            label = QLabel(self)
            label.setBuddy(self.folder_edit if key == "folder" else field)  # type: ignore
            self.form_labels[key] = label
            self.form.addRow(label, field)

        self.when_box = QGroupBox(self)
        when = QVBoxLayout(self.when_box)
        when.addWidget(self.arrival_radio)
        cron_row = QHBoxLayout()
        cron_row.addWidget(self.schedule_radio)
        cron_row.addWidget(self.cron_edit, 1)
        when.addLayout(cron_row)
        when.addWidget(self.cron_preview)

        self.alerts_box = QGroupBox(self)
        self.success_check, self.desktop_check = QCheckBox(self), QCheckBox(self)
        self.webhook_edit, self.email_edit = QLineEdit(self), QLineEdit(self)
        alerts = QFormLayout(self.alerts_box)
        alerts.addRow(self.success_check)
        alerts.addRow(self.desktop_check)
        self.webhook_label, self.email_label = QLabel(self), QLabel(self)
        self.webhook_label.setBuddy(self.webhook_edit)
        self.email_label.setBuddy(self.email_edit)
        alerts.addRow(self.webhook_label, self.webhook_edit)
        alerts.addRow(self.email_label, self.email_edit)

        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setObjectName("RuleProblems")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.when_box)
        layout.addWidget(self.enabled_check)
        layout.addWidget(self.alerts_box)
        layout.addWidget(self.problems_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        for edit in (self.name_edit, self.pattern_edit, self.database_edit, self.table_edit,
                     self.keys_edit, self.sheet_edit, self.cron_edit, self.webhook_edit,
                     self.email_edit):
            edit.textChanged.connect(self.validate)
        self.folder_edit.textChanged.connect(self._folder_changed)
        for combo in (self.mode_combo, self.bad_rows_combo):
            combo.currentIndexChanged.connect(self.validate)
        for check in (self.arrival_radio, self.schedule_radio, self.enabled_check,
                      self.success_check, self.desktop_check):
            check.toggled.connect(self.validate)

    # ---- texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Automation rule"))
        names = {"name": self.tr("&Name:"), "folder": self.tr("&Folder:"),
                 "pattern": self.tr("File &pattern:"), "database": self.tr("&Database:"),
                 "table": self.tr("&Table:"), "mode": self.tr("&Mode:"),
                 "keys": self.tr("Merge ke&ys:"), "sheet": self.tr("&Sheet (Excel):"),
                 "bad_rows": self.tr("&Bad rows:")}
        for key, label in self.form_labels.items():
            label.setText(names[key])
        self.name_edit.setPlaceholderText(self.tr("e.g. daily-sales"))
        self.browse_button.setText(self.tr("Bro&wse…"))
        self.folder_edit.setPlaceholderText(self.tr("A full path: C:\\…, \\\\server\\share\\… "
                                                    "or /srv/…"))
        self.pattern_edit.setToolTip(self.tr("File names to take, case-insensitive; several "
                                             "separated by ; (e.g. *.csv;*.xlsx)"))
        self.database_edit.setToolTip(self.tr("Lowercase letters, digits and _"))
        self.table_edit.setToolTip(self.tr("Lowercase letters, digits and _"))
        for i, text in enumerate((self.tr("Append rows"), self.tr("Overwrite the table"),
                                  self.tr("Merge on key columns"))):
            self.mode_combo.setItemText(i, text)
        self.keys_edit.setPlaceholderText(self.tr("Column names, separated by commas"))
        self.sheet_edit.setPlaceholderText(self.tr("The first sheet that has data"))
        self.bad_rows_combo.setItemText(0, self.tr("Fail the file: nothing is written"))
        self.bad_rows_combo.setItemText(1, self.tr("Skip them, keep them in rejects.csv"))
        self.when_box.setTitle(self.tr("When"))
        self.arrival_radio.setText(self.tr("&As files arrive"))
        self.schedule_radio.setText(self.tr("On a s&chedule (cron):"))
        self.cron_edit.setPlaceholderText(self.tr("e.g. 0 7 * * 1-5 (weekdays at 7:00)"))
        self.cron_edit.setToolTip(self.tr("minute hour day-of-month month day-of-week, in "
                                          "this computer's time zone"))
        self.enabled_check.setText(self.tr("&Enabled"))
        self.alerts_box.setTitle(self.tr("Alerts (failures are always told)"))
        self.success_check.setText(self.tr("Tell about s&uccesses too"))
        self.desktop_check.setText(self.tr("Des&ktop notification"))
        self.webhook_label.setText(self.tr("Web&hook name:"))
        self.webhook_edit.setToolTip(self.tr("A webhook set up with: dino alerts set-webhook "
                                             "NAME (its URL stays in the keyring)"))
        self.email_label.setText(self.tr("E-ma&il to:"))
        self.email_edit.setPlaceholderText(self.tr("ana@contoso.com, bruno@contoso.com"))
        self.validate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "ok_button"):
            self.retranslate()
        super().changeEvent(event)

    # ---- values

    def set_data(self, data: dict[str, Any]) -> None:
        """The fields from a rule as the configuration holds it (even a wrong one)."""
        def text(key: str, source: dict[str, Any] = data) -> str:
            value = source.get(key)
            if value is None:
                return ""
            if isinstance(value, list | tuple):
                return ", ".join(str(v) for v in value)
            return str(value)

        self.name_edit.setText(text("name"))
        self.folder_edit.setText(text("folder"))
        pattern = data.get("pattern", DEFAULT_PATTERN)
        self.pattern_edit.setText(";".join(map(str, pattern))
                                  if isinstance(pattern, list | tuple) else str(pattern))
        self.database_edit.setText(text("database"))
        self.table_edit.setText(text("table"))
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(
            text("mode").lower() or WriteMode.APPEND.value)))
        self.keys_edit.setText(text("keys"))
        self.sheet_edit.setText(text("sheet"))
        self.bad_rows_combo.setCurrentIndex(max(0, self.bad_rows_combo.findData(
            text("bad_rows").lower() or "reject")))
        schedule = text("schedule")
        self.cron_edit.setText(schedule)
        (self.schedule_radio if schedule else self.arrival_radio).setChecked(True)
        self.enabled_check.setChecked(data.get("enabled", True) is not False)
        alerts = data.get("alerts") if isinstance(data.get("alerts"), dict) else {}
        assert isinstance(alerts, dict)
        self.success_check.setChecked(alerts.get("on_success") is True)
        self.desktop_check.setChecked(alerts.get("desktop", True) is not False)
        self.webhook_edit.setText(text("webhook", alerts))
        self.email_edit.setText(text("email", alerts))
        self.validate()

    def raw(self) -> dict[str, Any]:
        """What the fields say, as a rule dict (checked by `parse_rule`)."""
        data: dict[str, Any] = {
            "name": self.name_edit.text().strip(), "folder": self.folder_edit.text().strip(),
            "pattern": self.pattern_edit.text().strip(),
            "database": self.database_edit.text().strip(),
            "table": self.table_edit.text().strip(), "mode": self.mode_combo.currentData(),
            "bad_rows": self.bad_rows_combo.currentData(),
            "enabled": self.enabled_check.isChecked()}
        if data["mode"] == WriteMode.MERGE.value:
            data["keys"] = _split(self.keys_edit.text(), ",")
        if self.sheet_edit.text().strip():
            data["sheet"] = self.sheet_edit.text().strip()
        if self.schedule_radio.isChecked():
            data["schedule"] = self.cron_edit.text().strip()
        data["alerts"] = {"on_success": self.success_check.isChecked(),
                          "desktop": self.desktop_check.isChecked(),
                          "webhook": self.webhook_edit.text().strip(),
                          "email": _split(self.email_edit.text(), ",;")}
        return data

    def rule_data(self) -> dict[str, Any]:
        """The rule as the configuration file will hold it (valid: OK was enabled)."""
        check = parse_rule(self.raw(), folder_exists=None)
        return check.rule.to_dict() if check.rule is not None else self.raw()

    # ---- checking

    def validate(self) -> bool:
        """Show what is wrong (in the language shown); OK only when nothing is."""
        if not hasattr(self, "ok_button"):
            return False
        data = self.raw()
        check = parse_rule(data, folder_exists=None)
        errors = [problem_text(p) for p in check.errors]
        warnings: list[str] = []
        name = data["name"].casefold()
        if name and name in self.taken:
            errors.append(self.tr("Another of your rules is already named '%1'.")
                          .replace("%1", data["name"]))
        elif name and name in self.central:
            warnings.append(self.tr("IT's rule '%1' is replaced by this one, for you only.")
                            .replace("%1", data["name"]))
        scheduled = self.schedule_radio.isChecked()
        if scheduled and not data.get("schedule"):
            errors.append(self.tr("Write the schedule, or choose \"As files arrive\"."))
        if check.rule is not None:
            rule = check.rule
            denied = self.access.check(self.user, Target(rule.database, rule.table),
                                       rule.mode)
            if denied is not None:
                errors.append(problem_text(denied))
        if self._folder_missing and self._folder_missing == data["folder"]:
            warnings.append(problem_text(Problem(
                Severity.WARNING, "rule_folder_missing",
                {"rule": data["name"] or "?", "folder": data["folder"]})))
        self.cron_edit.setEnabled(scheduled)
        self.keys_edit.setEnabled(data["mode"] == WriteMode.MERGE.value)
        self._show_cron(data, scheduled)
        self.errors, self.warnings = list(dict.fromkeys(errors)), warnings
        shown = (self.errors + self.warnings)[:MAX_SHOWN]
        self.problems_label.setText("\n".join(shown))
        self.problems_label.setVisible(bool(self.errors or self.warnings))
        tone = "error" if self.errors else "warning"
        self.problems_label.setStyleSheet(f"color: {tone_color(tone).name()};")
        self.ok_button.setEnabled(not self.errors)
        return not self.errors

    def _show_cron(self, data: dict[str, Any], scheduled: bool) -> None:
        schedule = " ".join(str(data.get("schedule", "")).split())
        if not scheduled:
            self.cron_preview.setText(self.tr("Each file is loaded once it is complete."))
            tone = "muted"
        elif not schedule:
            self.cron_preview.setText("")
            tone = "muted"
        else:
            check = parse_rule({"name": data["name"] or "?", "schedule": schedule},
                               folder_exists=None)
            bad = [p for p in check.problems if p.code == "rule_cron_invalid"]
            if bad:
                self.cron_preview.setText(problem_text(bad[0]))
                tone = "error"
            else:
                times = next_times(schedule, self.now())
                self.cron_preview.setText(self.tr("Next runs: %1").replace(
                    "%1", "; ".join(fmt.when(t) for t in times)))
                tone = "ok"
        self.cron_preview.setStyleSheet(f"color: {tone_color(tone).name()};")
        self.cron_preview.setLocale(QLocale())

    def _folder_changed(self) -> None:
        """Whether the folder exists is looked at on a worker (a share may be slow)."""
        self.validate()
        folder = self.folder_edit.text().strip()
        if self.runner is None or not folder:
            return
        self._folder_gen += 1
        gen = self._folder_gen
        self.runner.submit(folder_is_dir, folder, name="rule-folder",
                           on_result=lambda ok: self._on_folder(gen, folder, ok))

    def _on_folder(self, gen: int, folder: str, exists: bool) -> None:
        if gen == self._folder_gen:
            self._folder_missing = "" if exists else folder
            self.validate()

    def done(self, result: int) -> None:
        self._folder_gen += 1  # a folder check still out is of no use now (nor is self)
        super().done(result)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder to watch"),
                                                  self.folder_edit.text().strip())
        if chosen:
            self.folder_edit.setText(chosen)


def _split(text: str, separators: str) -> list[str]:
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return [part.strip() for part in text.split(separators[0]) if part.strip()]
