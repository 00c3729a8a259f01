"""Preferences: the effective configuration, where each value comes from, and the user-level
settings a person may change, saved to their own TOML file.

Reading and writing files happens on a worker. A save merges into the user's file (keys it
does not edit, such as the language, are kept), is checked by `config.load` before it replaces
the file, and applies at the next start: services are built once, from the configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dino_desktop import config, config_show, config_toml
from dino_desktop.config import Settings
from dino_desktop.config_show import env_name, value_of
from dino_desktop.ui.workers import Task, TaskRunner

GENERAL = ("profile", "home", "user", "catalog", "central_config")
LOADING = ("landing_retention_days", "max_file_mb", "schema_evolution")
COSTS = ("cost.currency", "cost.compute_per_hour", "cost.storage_per_gb_month", "cost.per_run")
EDITABLE = ("user", *LOADING, *COSTS)
AZURE = ("tenant_id", "client_id", "subscription_id", "storage_account_url",
         "storage_connection_string", "container", "prefix", "upload_concurrency",
         "block_size_mb", "blob_checksum", "databricks_host", "databricks_job_id",
         "databricks_warehouse_id", "volume_path", "catalog", "poll_seconds",
         "job_timeout_minutes", "sql_server", "sql_database", "sql_driver",
         "sql_connection_string", "cost_scope", "cost_tag")
AUTOMATION = ("automation.scan_seconds", "automation.settle_seconds", "alerts.smtp_host",
              "alerts.smtp_port", "alerts.smtp_from", "alerts.smtp_starttls", "alerts.smtp_user",
              "alerts.timeout_seconds", "alerts.attempts")
CURRENCIES = ("BRL", "USD", "EUR")
SCHEMA_POLICIES = ("add_columns", "strict")


def read_state() -> tuple[dict[str, str], set[str], Settings | None, str]:
    """On a worker: each value's origin, the keys the user's file sets, the configuration
    the next start will use (None, with the reason, if it cannot be read)."""
    try:
        origins = config.origins()
        settings = config.load()
    except config.ConfigError as exc:
        return {}, set(), None, str(exc)
    return origins, {k for k, layer in origins.items() if layer == "user"}, settings, ""


class SettingsDialog(QDialog):
    loaded = Signal()  # origins read: Save is possible
    saved = Signal(str)  # the file written
    save_failed = Signal(str)  # why not

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        # the window's runner when there is one: a save in flight then outlives the dialog
        found = getattr(parent, "runner", None)
        self.runner = found if isinstance(found, TaskRunner) else TaskRunner(self)
        self.origins: dict[str, str] | None = None
        self.user_keys: set[str] = set()
        self.pending: Settings | None = None  # what the next start reads, once known
        self._read_error = self._save_error = self._saved_to = ""
        self._ready = False
        self._build()
        self._ready = True
        self._populate(settings)
        self.retranslate()
        self.runner.submit(read_state, on_result=self._on_state, name="settings-read")

    # ---- building

    def _build(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.origin_labels: dict[str, QLabel] = {}
        self.readonly: dict[str, QLabel] = {}
        self.user_edit = QLineEdit(self)
        self.user_edit.setMaxLength(200)
        self.retention_spin = QSpinBox(self)
        self.retention_spin.setRange(0, 3650)
        self.max_mb_spin = QSpinBox(self)
        self.max_mb_spin.setRange(0, 1024 * 1024)
        self.max_mb_spin.setSingleStep(256)
        self.schema_combo = QComboBox(self)
        for policy in SCHEMA_POLICIES:
            self.schema_combo.addItem("", policy)
        self.currency_combo = QComboBox(self)
        for code in dict.fromkeys((*CURRENCIES, self.settings.cost.currency)):
            self.currency_combo.addItem(code, code)
        spins = {}
        for key, top in (("cost.compute_per_hour", 100_000), ("cost.storage_per_gb_month", 10_000),
                         ("cost.per_run", 10_000)):
            spin = QDoubleSpinBox(self)
            spin.setRange(0, top)
            spin.setDecimals(4)
            spin.setSingleStep(0.01)
            spins[key] = spin
        editors: dict[str, QWidget] = {
            "user": self.user_edit, "landing_retention_days": self.retention_spin,
            "max_file_mb": self.max_mb_spin, "schema_evolution": self.schema_combo,
            "cost.currency": self.currency_combo, **spins}
        for widget in editors.values():
            widget.setEnabled(False)  # until the origins are known (a worker reads them)
        self.general_box, self.loading_box = QGroupBox(self), QGroupBox(self)
        self.cost_box, self.azure_box = QGroupBox(self), QGroupBox(self)
        for box, keys in ((self.general_box, GENERAL), (self.loading_box, LOADING),
                          (self.cost_box, COSTS)):
            grid = QGridLayout(box)
            for row, key in enumerate(keys):
                self._add_row(grid, row, key, editors.get(key))
        masked = config_show.masked(self.settings)  # secrets as ****
        azure = masked["azure"]
        grid = QGridLayout(self.azure_box)
        for row, key in enumerate(AZURE):
            self._add_row(grid, row, f"azure.{key}", None)
            self.readonly[f"azure.{key}"].setText(str(azure[key]) if azure[key] else "—")
        self.azure_box.setVisible(self.settings.profile == "azure")
        self.automation_box = QGroupBox(self)
        grid = QGridLayout(self.automation_box)
        for row, key in enumerate(AUTOMATION):
            self._add_row(grid, row, key, None)
            section, name = key.split(".")
            value = masked[section][name]
            self.readonly[key].setText(str(value) if value not in ("", None) else "—")
        self.sources_label, self.file_label = QLabel(self), QLabel(self)
        self.status_label = QLabel(self)
        for label in (self.sources_label, self.file_label, self.status_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)  # until the origins are known
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_configuration)
        self.content = QWidget(self)  # scrolls on short screens (the azure rows are many)
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        for w in (self.general_box, self.loading_box, self.cost_box, self.azure_box,
                  self.automation_box, self.sources_label, self.file_label):
            column.addWidget(w)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        self._fit()
        super().showEvent(event)

    def _fit(self) -> None:
        """Wide enough for every row and tall enough for them, unless the screen is not."""
        screen = self.screen().availableGeometry().height() if self.screen() else 800
        self.content.ensurePolished()
        self.content.layout().activate()
        hint = self.content.sizeHint()
        self.scroll.setMinimumSize(hint.width() + self.scroll.verticalScrollBar().sizeHint()
                                   .width(), min(hint.height(), int(screen * 0.7)))

    def _add_row(self, grid: QGridLayout, row: int, key: str, editor: QWidget | None) -> None:
        """Name | value (an editor, or read-only text) | where the value comes from."""
        label, origin = QLabel(self), QLabel(self)
        origin.setEnabled(False)  # muted, in any theme
        if editor is None:
            editor = self.readonly[key] = QLabel(self)
            editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setBuddy(editor)
        for column, widget in enumerate((label, editor, origin)):
            grid.addWidget(widget, row, column)
        grid.setColumnStretch(1, 1)
        self.labels[key], self.fields[key], self.origin_labels[key] = label, editor, origin

    # ---- texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self.general_box.setTitle(self.tr("General"))
        self.loading_box.setTitle(self.tr("Loading files"))
        self.cost_box.setTitle(self.tr("Cost model"))
        self.azure_box.setTitle(self.tr("Azure (set by IT)"))
        self.automation_box.setTitle(self.tr("Automation and alerts (set by IT)"))
        names = {
            "profile": self.tr("Profile:"), "home": self.tr("Data folder:"),
            "user": self.tr("&User name:"), "catalog": self.tr("Catalog:"),
            "central_config": self.tr("Central configuration:"),
            "landing_retention_days": self.tr("&Keep landing files (days):"),
            "max_file_mb": self.tr("&Largest file (MB):"),
            "schema_evolution": self.tr("&New columns in a file:"),
            "cost.currency": self.tr("Curr&ency:"),
            "cost.compute_per_hour": self.tr("Co&mpute, per hour:"),
            "cost.storage_per_gb_month": self.tr("S&torage, per GB per month:"),
            "cost.per_run": self.tr("&Fixed cost per run:"),
            "azure.tenant_id": self.tr("Tenant ID:"), "azure.client_id": self.tr("Client ID:"),
            "azure.subscription_id": self.tr("Subscription ID:"),
            "azure.storage_account_url": self.tr("Storage account URL:"),
            "azure.container": self.tr("Container:"), "azure.prefix": self.tr("Prefix:"),
            "azure.databricks_host": self.tr("Databricks workspace:"),
            "azure.databricks_job_id": self.tr("Databricks job ID:"),
            "azure.volume_path": self.tr("Volume path:"),
            "azure.catalog": self.tr("Unity Catalog:"), "azure.sql_server": self.tr("SQL server:"),
            "azure.sql_database": self.tr("SQL database:"),
            "azure.sql_connection_string": self.tr("SQL connection string:"),
            "azure.storage_connection_string": self.tr("Storage connection string:"),
            "azure.upload_concurrency": self.tr("Parallel uploads:"),
            "azure.block_size_mb": self.tr("Upload block (MB):"),
            "azure.blob_checksum": self.tr("Block checksum:"),
            "automation.scan_seconds": self.tr("Look at watched folders every (s):"),
            "automation.settle_seconds": self.tr("A file is complete after (s) unchanged:"),
            "alerts.smtp_host": self.tr("E-mail server (SMTP):"),
            "alerts.smtp_port": self.tr("SMTP port:"), "alerts.smtp_from": self.tr("Sender:"),
            "alerts.smtp_starttls": self.tr("STARTTLS:"),
            "alerts.smtp_user": self.tr("SMTP user:"),
            "alerts.timeout_seconds": self.tr("Alert time limit (s):"),
            "alerts.attempts": self.tr("Alert attempts:"),
            "azure.databricks_warehouse_id": self.tr("SQL warehouse ID:"),
            "azure.poll_seconds": self.tr("Job polling (seconds):"),
            "azure.job_timeout_minutes": self.tr("Job time limit (minutes):"),
            "azure.sql_driver": self.tr("ODBC driver:"),
            "azure.cost_scope": self.tr("Cost scope:"),
            "azure.cost_tag": self.tr("Cost tag filter:")}
        for key, label in self.labels.items():
            label.setText(names[key])
        for key in ("home", "catalog", "central_config"):
            self.readonly[key].setText(str(value_of(self.settings, key)) or "—")
        self.readonly["profile"].setText(
            self.tr("local (this computer)") if self.settings.profile == "local"
            else self.tr("Azure"))
        self.user_edit.setPlaceholderText(self.tr("Your sign-in name, e.g. ana@contoso.com"))
        self.retention_spin.setSpecialValueText(self.tr("Remove after success"))
        self.retention_spin.setToolTip(self.tr(
            "How long the converted files stay in the landing area after a successful run."))
        self.max_mb_spin.setSpecialValueText(self.tr("No limit"))
        self.schema_combo.setItemText(0, self.tr("Add them to the table"))
        self.schema_combo.setItemText(1, self.tr("Refuse the file (strict)"))
        for spin in (self.retention_spin, self.max_mb_spin,
                     *(self.fields[k] for k in COSTS[1:])):
            spin.setLocale(QLocale())
        self.copy_button.setText(self.tr("Co&py as TOML"))
        self.copy_button.setToolTip(self.tr(
            "Copy the effective configuration, secrets hidden, to send to IT"))
        self.file_label.setText(self.tr("Your settings file: %1").replace(
            "%1", str(config.user_config_file())))
        self._show_sources()
        self._show_origins()
        self._show_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._ready:
            self.retranslate()
        super().changeEvent(event)

    def _show_sources(self) -> None:
        lines = []
        for source in self.settings.sources:
            kind, _, rest = source.partition(": ")
            text = {"central": self.tr("IT's central file: %1"),
                    "user": self.tr("Your file: %1"),
                    "environment": self.tr("Environment variables: %1")}.get(kind)
            lines.append(text.replace("%1", rest) if text else source)
        self.sources_label.setText(self.tr("Read from: %1").replace(
            "%1", "; ".join(lines) if lines else self.tr("the defaults only")))

    def _show_origins(self) -> None:
        for key, label in self.origin_labels.items():
            if self.origins is None:
                label.setText("…")
                continue
            layer = self.origins.get(key, "default")
            label.setText({
                "central": self.tr("IT's central file"), "user": self.tr("your file"),
                "environment": self.tr("environment (%1)").replace("%1", env_name(key)),
            }.get(layer, self.tr("default")))
            if layer == "environment" and key in EDITABLE:
                self.fields[key].setToolTip(self.tr(
                    "Set by the environment variable %1, which wins over your file.")
                    .replace("%1", env_name(key)))

    def _show_status(self) -> None:
        if self._read_error:
            text = self.tr("The configuration could not be read: %1").replace(
                "%1", self._read_error)
        elif self._save_error:
            text = self.tr("Not saved: %1").replace("%1", self._save_error)
        elif self._saved_to:
            text = self.tr("Saved to %1. Restart DINO to apply the changes.").replace(
                "%1", self._saved_to)
        elif self.pending is not None and self._differs(self.pending):
            text = self.tr("Saved changes apply when DINO starts again.")
        else:
            text = self.tr("Changes apply the next time DINO starts.")
        self.status_label.setText(text)

    # ---- values

    def _populate(self, settings: Settings) -> None:
        """The editable fields (read-only ones always show the running configuration)."""
        for key in EDITABLE:
            self.set_value(key, value_of(settings, key))

    def set_value(self, key: str, value: Any) -> None:
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.setValue(value)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0:
                widget.addItem(str(value), value)
                index = widget.count() - 1
            widget.setCurrentIndex(index)

    def value(self, key: str) -> Any:
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            return widget.value()
        assert isinstance(widget, QComboBox)
        return widget.currentData()

    def _differs(self, other: Settings) -> bool:
        return any(value_of(other, k) != value_of(self.settings, k) for k in EDITABLE)

    def _on_state(self, state: tuple[dict[str, str], set[str], Settings | None, str]) -> None:
        origins, self.user_keys, self.pending, self._read_error = state
        if self.pending is not None:  # else the file is broken: nothing to edit or save
            self.origins = origins
            self._populate(self.pending)  # with what was saved since the start, if anything
            for key in EDITABLE:
                self.fields[key].setEnabled(origins.get(key) != "environment")
            self.save_button.setEnabled(True)
            self._show_origins()
            QTimer.singleShot(0, self._fit)  # once the new texts are laid out
        self._show_status()
        self.loaded.emit()

    def changes(self) -> dict[str, Any]:
        """What a save writes: edited values, and those the user's file already holds."""
        base = self.pending or self.settings
        out: dict[str, Any] = {}
        for key in EDITABLE:
            if (self.origins or {}).get(key) == "environment":
                continue
            value = self.value(key)
            if key == "user" and not value:
                out[key] = None  # back to the OS (or IT's) user name
            elif key in self.user_keys or value != value_of(base, key):
                out[key] = value
        return out

    # ---- actions

    def save(self) -> Task:
        self.save_button.setEnabled(False)
        return self.runner.submit(config_toml.save_user_values, config.user_config_file(),
                                  self.changes(), name="settings-save",
                                  on_result=self._on_saved, on_error=self._on_save_error)

    def _on_saved(self, path: Path) -> None:
        self._save_error, self._saved_to = "", str(path)
        self.user_keys |= {k for k, v in self.changes().items() if v is not None}
        self.save_button.setEnabled(True)
        self._show_status()
        self.saved.emit(str(path))

    def _on_save_error(self, exc: Exception) -> None:
        self._saved_to, self._save_error = "", str(exc)
        self.save_button.setEnabled(True)
        self._show_status()
        self.save_failed.emit(self.status_label.text())

    def copy_configuration(self) -> None:
        QGuiApplication.clipboard().setText(config_toml.to_toml(config_show.masked(self.settings)))
