"""The preferences dialog: real files through DINO_CONFIG, read back with config.load."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit

from dino_desktop import config
from dino_desktop.config import AzureSettings, Settings
from dino_desktop.ui.settings_dialog import SettingsDialog

TIMEOUT = 20_000


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("DINO_"):
            monkeypatch.delenv(name)
    path = tmp_path / "cfg" / "config.toml"
    monkeypatch.setenv("DINO_CONFIG", str(path))
    monkeypatch.setenv("DINO_HOME", str(tmp_path / "home"))
    return path


def open_dialog(qtbot, settings: Settings) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.show()
    return dialog


def save(qtbot, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_shows_the_effective_values_and_where_each_comes_from(qtbot, translator, user_file: Path,
                                                             monkeypatch) -> None:
    user_file.parent.mkdir(parents=True)
    user_file.write_text('language = "pt_BR"\nmax_file_mb = 100\n\n[cost]\nper_run = 0.5\n',
                         encoding="utf-8")
    monkeypatch.setenv("DINO_USER", "ana@contoso.com")
    dialog = open_dialog(qtbot, config.load())

    assert dialog.max_mb_spin.value() == 100
    assert dialog.fields["cost.per_run"].value() == 0.5
    assert dialog.user_edit.text() == "ana@contoso.com"
    assert dialog.readonly["profile"].text().startswith("local")
    assert dialog.readonly["home"].text() == os.environ["DINO_HOME"]
    origin = {k: label.text() for k, label in dialog.origin_labels.items()}
    assert origin["max_file_mb"] == "your file"
    assert origin["cost.per_run"] == "your file"
    assert origin["landing_retention_days"] == "default"
    assert origin["user"] == "environment (DINO_USER)"
    assert origin["home"] == "environment (DINO_HOME)"
    assert not dialog.user_edit.isEnabled()  # the environment wins: editing would not help
    assert "DINO_USER" in dialog.user_edit.toolTip()
    assert str(user_file) in dialog.sources_label.text()
    assert str(user_file) in dialog.file_label.text()
    assert not dialog.azure_box.isVisible()


def test_save_writes_the_toml_that_config_load_reads_back(qtbot, translator,
                                                          user_file: Path) -> None:
    user_file.parent.mkdir(parents=True)
    user_file.write_text('language = "pt_BR"\n', encoding="utf-8")
    dialog = open_dialog(qtbot, config.load())
    assert dialog.save_button.isEnabled()

    dialog.retention_spin.setValue(7)
    dialog.max_mb_spin.setValue(2048)
    dialog.schema_combo.setCurrentIndex(dialog.schema_combo.findData("strict"))
    dialog.currency_combo.setCurrentIndex(dialog.currency_combo.findData("USD"))
    dialog.fields["cost.per_run"].setValue(0.05)
    dialog.fields["cost.compute_per_hour"].setValue(6.5)
    dialog.user_edit.setText("  bruno@contoso.com ")
    save(qtbot, dialog)

    back = config.load()
    assert back.landing_retention_days == 7 and back.max_file_mb == 2048
    assert back.schema_evolution == "strict"
    assert (back.cost.currency, back.cost.per_run, back.cost.compute_per_hour) == \
        ("USD", 0.05, 6.5)
    assert back.cost.storage_per_gb_month == Settings().cost.storage_per_gb_month
    assert back.user == "bruno@contoso.com"
    assert back.language == "pt_BR"  # kept: not this dialog's to change
    raw = tomllib.loads(user_file.read_text(encoding="utf-8"))
    assert "storage_per_gb_month" not in raw["cost"]  # untouched defaults are not pinned
    assert "Restart DINO" in dialog.status_label.text()


def test_a_reopened_dialog_shows_what_was_saved(qtbot, translator, user_file: Path) -> None:
    running = config.load()
    dialog = open_dialog(qtbot, running)
    dialog.max_mb_spin.setValue(512)
    save(qtbot, dialog)
    again = open_dialog(qtbot, running)  # same session: services still use the old values
    assert again.max_mb_spin.value() == 512
    assert again.origin_labels["max_file_mb"].text() == "your file"
    assert "starts again" in again.status_label.text()


def test_values_are_validated(qtbot, translator, user_file: Path) -> None:
    dialog = open_dialog(qtbot, config.load())
    dialog.retention_spin.setValue(-3)
    dialog.max_mb_spin.setValue(10**9)
    assert dialog.retention_spin.value() == 0
    assert dialog.retention_spin.text() == "Remove after success"
    assert dialog.max_mb_spin.value() == dialog.max_mb_spin.maximum()
    dialog.max_mb_spin.setValue(0)
    assert dialog.max_mb_spin.text() == "No limit"
    assert [dialog.schema_combo.itemData(i) for i in range(dialog.schema_combo.count())] == \
        ["add_columns", "strict"]
    dialog.user_edit.setText("")
    save(qtbot, dialog)
    back = config.load()
    assert back.max_file_mb == 0 and back.landing_retention_days == 0
    assert back.user  # an empty name falls back to the OS user
    assert "user" not in tomllib.loads(user_file.read_text(encoding="utf-8"))


def test_a_broken_user_file_is_not_overwritten(qtbot, translator, user_file: Path) -> None:
    running = config.load()
    user_file.parent.mkdir(parents=True)
    user_file.write_text("max_file_mb = [oops\n", encoding="utf-8")
    dialog = open_dialog(qtbot, running)
    assert not dialog.save_button.isEnabled() and not dialog.max_mb_spin.isEnabled()
    assert "could not be read" in dialog.status_label.text()
    assert str(user_file) in dialog.status_label.text()
    assert user_file.read_text(encoding="utf-8") == "max_file_mb = [oops\n"


def test_azure_settings_are_read_only_and_secrets_masked(qtbot, translator,
                                                         user_file: Path) -> None:
    secret = "Server=tcp:x.database.windows.net;Password=hunter2"
    settings = Settings(profile="azure", home="/srv/dino", user="ana",
                        azure=AzureSettings(storage_account_url="https://acct.blob.core.windows.net",
                                            sql_connection_string=secret, databricks_job_id=42))
    dialog = open_dialog(qtbot, settings)
    assert dialog.azure_box.isVisible()
    assert dialog.readonly["profile"].text() == "Azure"
    assert dialog.readonly["azure.sql_connection_string"].text() == "****"
    assert dialog.readonly["azure.storage_account_url"].text() == \
        "https://acct.blob.core.windows.net"
    assert dialog.readonly["azure.databricks_job_id"].text() == "42"
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QLineEdit)]
    assert not any("hunter2" in t for t in texts)
    dialog.copy_configuration()
    copied = QGuiApplication.clipboard().text()
    assert 'sql_connection_string = "****"' in copied and "hunter2" not in copied


def test_values_from_it_central_file_are_labelled_so(qtbot, translator, user_file: Path,
                                                     tmp_path: Path) -> None:
    central = tmp_path / "share" / "dino.toml"
    central.parent.mkdir()
    central.write_text('catalog = "corp"\n\n[cost]\ncurrency = "USD"\n', encoding="utf-8")
    user_file.parent.mkdir(parents=True)
    user_file.write_text(f'central_config = "{central.as_posix()}"\n', encoding="utf-8")
    dialog = open_dialog(qtbot, config.load())
    assert dialog.readonly["catalog"].text() == "corp"
    assert dialog.currency_combo.currentData() == "USD"
    assert dialog.origin_labels["catalog"].text() == "IT's central file"
    assert dialog.origin_labels["cost.currency"].text() == "IT's central file"
    assert dialog.origin_labels["central_config"].text() == "your file"
    assert str(central) in dialog.sources_label.text()
    dialog.retention_spin.setValue(3)
    save(qtbot, dialog)
    raw = tomllib.loads(user_file.read_text(encoding="utf-8"))
    assert raw == {"central_config": central.as_posix(), "landing_retention_days": 3}
    assert config.load().cost.currency == "USD"  # IT's value still applies


def test_opened_from_the_window_it_uses_the_window_runner(qtbot, window, user_file: Path,
                                                         monkeypatch) -> None:
    monkeypatch.setenv("DINO_USER", "ana@contoso.com")  # as the window was started
    dialog = SettingsDialog(window.services.settings, window)
    assert dialog.runner is window.runner  # a save in flight outlives the dialog
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.show()
    assert dialog.user_edit.text() == "ana@contoso.com" and not dialog.user_edit.isEnabled()
    dialog.close()


def test_every_setting_is_shown(qtbot, translator, user_file: Path) -> None:
    """A new setting must show up here: IT and support read the effective values from it."""
    import dataclasses

    dialog = open_dialog(qtbot, Settings(profile="azure", home="/srv/dino", user="ana"))
    sections = {f.name for f in dataclasses.fields(Settings)
                if dataclasses.is_dataclass(getattr(Settings(), f.name))}
    # rules: their own window; language: its menu; the access list: `dino doctor`
    expected = {f.name for f in dataclasses.fields(Settings)} - sections - {
        "sources", "rules", "language", "access"}
    for section in sections:
        expected |= {f"{section}.{f.name}" for f in
                     dataclasses.fields(getattr(Settings(), section))}
    assert expected - set(dialog.fields) == set()
    assert all(dialog.labels[key].text() for key in dialog.fields)
