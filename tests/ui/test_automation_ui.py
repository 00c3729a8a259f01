"""Automation in the app: the rules page (IT's rules read-only, the user's editable, last and
next run), the rule form's checks, saving to the user's TOML and the runner picking it up,
"Run now" landing a file in a table and in History, and the tray keeping the rules going
after the window is closed. Real files, a real SQLite run log and real Delta tables; the
runner's clock is injected, nothing sleeps."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dino_desktop import config
from dino_desktop.bootstrap import build
from dino_desktop.core.rules import next_fire
from dino_desktop.core.runs import RunState
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.app import app_icon
from dino_desktop.ui.automation_controller import ConfigSource
from dino_desktop.ui.rule_editor import RuleEditor, next_times
from dino_desktop.ui.rules_model import column
from dino_desktop.ui.tray import Tray
from tests.e2e.conftest import write_sales

TIMEOUT = 60_000
T0 = dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC)  # a Thursday
NEVER = "0 0 1 1 *"  # New Year only: a scheduled rule that runs only when asked
ROWS = [("00012", "Ana Ltda", "1.234,56"), ("00013", "Bruno ME", "99,90")]


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def toml_rule(name: str, folder: Path, table: str, schedule: str) -> str:
    return (f'\n[[rules]]\nname = "{name}"\nfolder = \'{folder}\'\npattern = "*.csv"\n'
            f'database = "vendas"\ntable = "{table}"\nschedule = "{schedule}"\n')


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    out = {"it": tmp_path / "it_inbox", "mine": tmp_path / "my_inbox"}
    for folder in out.values():
        folder.mkdir()
    return out


@pytest.fixture
def auto_env(tmp_path: Path, ui_env: dict[str, str], folders: dict[str, Path]
             ) -> dict[str, str]:
    """IT's central file with one rule, the user's file with one of their own."""
    central = tmp_path / "central" / "dino.toml"
    central.parent.mkdir()
    central.write_text(toml_rule("it-vendas", folders["it"], "notas", "0 7 * * 1-5"),
                       "utf-8")
    user = tmp_path / "user" / "config.toml"
    user.parent.mkdir()
    user.write_text(toml_rule("minha", folders["mine"], "minhas", NEVER), "utf-8")
    return {**ui_env, "DINO_CENTRAL_CONFIG": str(central), "DINO_CONFIG": str(user),
            "DINO_AUTOMATION_SETTLE_SECONDS": "0"}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auto_window(qtbot, auto_env, translator, qsettings, runner, clock) -> Iterator:
    from dino_desktop.ui.main_window import MainWindow

    services = build(config.load(env=auto_env))
    w = MainWindow(services, translator, qsettings, runner,
                   automation_source=ConfigSource(auto_env),
                   automation_options={"clock": clock})
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.automation.running, timeout=TIMEOUT)
    yield w
    w.quit_app()
    runner.cancel_all()
    runner.wait(60_000)


def open_page(qtbot, window):
    page = window.open_rules().page
    qtbot.waitUntil(lambda: page.model.rowCount() == len(window.automation.checks) > 0,
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(page.model.statuses) == page.model.rowCount(),
                    timeout=TIMEOUT)
    return page


def cell(page, name: str, key: str, role=Qt.ItemDataRole.DisplayRole):
    row = page.model.row_of(name)
    assert row is not None, name
    return page.model.data(page.model.index(row, column(key)), role)


def test_the_page_lists_its_rules_and_it_s_are_read_only(qtbot, auto_window, folders) -> None:
    page = open_page(qtbot, auto_window)
    assert [r.check.name for r in page.model.rules] == ["it-vendas", "minha"]
    assert cell(page, "it-vendas", "origin") == "IT (central)"
    assert cell(page, "minha", "origin") == "yours"
    assert cell(page, "it-vendas", "when") == "0 7 * * 1-5"
    assert cell(page, "it-vendas", "folder") == str(folders["it"])
    assert cell(page, "minha", "target") == "vendas.minhas"
    assert cell(page, "minha", "last") == "never"
    assert cell(page, "it-vendas", "enabled", Qt.ItemDataRole.CheckStateRole) \
        == Qt.CheckState.Checked
    expected = fmt.when(next_fire("0 7 * * 1-5", T0))  # the injected clock's next 07:00
    assert cell(page, "it-vendas", "next") == expected
    assert "read-only" in cell(page, "it-vendas", "name", Qt.ItemDataRole.ToolTipRole)

    page.select("it-vendas")
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.duplicate_button.isEnabled() and page.run_button.isEnabled()
    assert "read-only" in page.edit_button.toolTip()
    page.select("minha")
    assert page.edit_button.isEnabled() and page.delete_button.isEnabled()

    # the status bar: both folders watched, the next scheduled time
    assert auto_window.status_rules.text() == f"Watching 2 folders · next run {expected}"


def test_a_bad_cron_shows_the_problem_and_ok_waits(qtbot, auto_window, auto_env,
                                                   folders) -> None:
    page = open_page(qtbot, auto_window)
    editor = page.add_rule()
    assert not editor.ok_button.isEnabled()  # nothing filled in yet
    editor.name_edit.setText("nova")
    editor.folder_edit.setText(str(folders["mine"]))
    editor.database_edit.setText("vendas")
    editor.table_edit.setText("novas")
    assert editor.ok_button.isEnabled()
    editor.schedule_radio.setChecked(True)
    assert not editor.ok_button.isEnabled()  # a schedule must be written
    editor.cron_edit.setText("0 25 * * *")
    assert not editor.ok_button.isEnabled()
    assert "is not a valid cron" in editor.cron_preview.text()
    assert "0 25 * * *" in editor.problems_label.text()
    editor.table_edit.setText("Novas Vendas")  # a bad name: the core's own reason
    assert "Novas Vendas" in editor.problems_label.text()
    editor.table_edit.setText("novas")
    editor.cron_edit.setText("30 6 * * 1-5")
    assert editor.ok_button.isEnabled()
    assert editor.cron_preview.text().startswith("Next runs: ")
    assert editor.cron_preview.text().count(";") == 2  # three times
    editor.name_edit.setText("MINHA")  # another of the user's rules has it
    assert not editor.ok_button.isEnabled()
    assert "already named" in editor.problems_label.text()
    editor.name_edit.setText("nova")

    with qtbot.waitSignal(page.saved, timeout=TIMEOUT):
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    with open(auto_env["DINO_CONFIG"], "rb") as f:
        saved = tomllib.load(f)["rules"]
    assert [r["name"] for r in saved] == ["minha", "nova"]
    assert saved[1]["schedule"] == "30 6 * * 1-5" and saved[1]["table"] == "novas"
    assert "it-vendas" not in [r["name"] for r in saved]  # IT's rule stays IT's
    # the runner has it now, and the page lists it, selected
    qtbot.waitUntil(lambda: "nova" in [c.name for c in auto_window.automation.runner.checks],
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: page.model.row_of("nova") is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: page.selected() is not None
                    and page.selected().check.name == "nova", timeout=TIMEOUT)
    assert cell(page, "nova", "origin") == "yours"


def test_deleting_a_rule_saves_the_others(qtbot, auto_window, auto_env) -> None:
    page = open_page(qtbot, auto_window)
    page.select("minha")
    page.ask = lambda _title, _text: True
    with qtbot.waitSignal(page.saved, timeout=TIMEOUT):
        page.delete_rule()
    with open(auto_env["DINO_CONFIG"], "rb") as f:
        assert "rules" not in tomllib.load(f)
    qtbot.waitUntil(lambda: page.model.row_of("minha") is None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: [c.name for c in auto_window.automation.runner.checks]
                    == ["it-vendas"], timeout=TIMEOUT)


def test_run_now_loads_the_file_into_history_and_moves_it(qtbot, auto_window,
                                                          folders) -> None:
    page = open_page(qtbot, auto_window)
    src = write_sales(folders["mine"] / "vendas_nov.csv", ROWS)
    page.select("minha")
    assert page.run_button.isEnabled()
    with qtbot.waitSignal(auto_window.automation.run_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    run_id = finished.args[0]
    assert not src.exists()
    assert (folders["mine"] / "processed" / "vendas_nov.csv").exists()
    run = auto_window.services.history.get(run_id)
    assert run.state is RunState.SUCCEEDED and run.rows == 2
    history = auto_window.history
    qtbot.waitUntil(lambda: history.model.row_of(run_id) is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "succeeded" in cell(page, "minha", "last"), timeout=TIMEOUT)
    assert cell(page, "minha", "last", Qt.ItemDataRole.ToolTipRole).count(run_id) == 1
    assert "2 row(s) written" in auto_window.statusBar().currentMessage()
    assert "2 row(s) written" in page.status_label.text()
    # a double click on the last run opens it in History
    page.open_run.emit(run_id)
    assert auto_window.tabs.currentWidget() is history


def test_closing_keeps_the_rules_going_from_the_tray(qtbot, auto_window) -> None:
    tray = Tray(app_icon(), auto_window, available=True)
    auto_window.attach_tray(tray)
    auto_window.close()
    assert not auto_window.isVisible()
    assert auto_window.automation.running and not auto_window.automation.closing
    assert not QApplication.quitOnLastWindowClosed()
    qtbot.waitUntil(lambda: bool(tray.shown), timeout=TIMEOUT)
    assert tray.shown[0][0] == "DINO keeps watching"
    auto_window.close()  # again: said once only
    auto_window.tray_menu.act_open.trigger()
    assert auto_window.isVisible()
    auto_window.close()
    qtbot.wait(0)
    assert len(tray.shown) == 1

    auto_window.tray_menu.act_quit.trigger()  # the tray's Quit really quits
    assert auto_window.automation.closing
    qtbot.waitUntil(lambda: not auto_window.automation.running, timeout=TIMEOUT)
    assert QApplication.quitOnLastWindowClosed()


def test_closing_quits_when_there_is_no_tray(qtbot, auto_window) -> None:
    auto_window.attach_tray(Tray(app_icon(), auto_window, available=False))
    with qtbot.waitSignal(auto_window.closed, timeout=TIMEOUT):
        auto_window.close()
    assert auto_window.automation.closing
    qtbot.waitUntil(lambda: not auto_window.automation.running, timeout=TIMEOUT)


def test_the_tray_menu_pauses_and_resumes_the_rules(qtbot, auto_window, folders) -> None:
    auto = auto_window.automation
    auto_window.attach_tray(Tray(app_icon(), auto_window, available=True))
    menu = auto_window.tray_menu
    ticks: list[int] = []
    tick = auto.runner.tick
    auto.runner.tick = lambda: (ticks.append(1), tick())[1]
    assert menu.act_pause.text() == "&Pause rules" and menu.act_run_all.isEnabled()

    menu.act_pause.trigger()
    assert auto.paused and menu.act_pause.text() == "&Resume rules"
    assert not menu.act_run_all.isEnabled()
    qtbot.waitUntil(lambda: not auto._thread.is_alive(), timeout=TIMEOUT)
    assert auto_window.status_rules.text() == "Rules paused"
    seen = len(ticks)
    src = write_sales(folders["mine"] / "vendas_dez.csv", ROWS)
    auto.run_all()  # nothing runs while paused
    qtbot.wait(0)
    assert len(ticks) == seen and src.exists() and not auto.running
    auto_window.close()  # paused: nothing to watch, so closing quits
    assert auto.closing


def test_the_tray_menu_resumes_and_runs_all(qtbot, auto_window, folders) -> None:
    auto = auto_window.automation
    auto_window.attach_tray(Tray(app_icon(), auto_window, available=True))
    menu = auto_window.tray_menu
    menu.act_pause.trigger()
    qtbot.waitUntil(lambda: not auto._thread.is_alive(), timeout=TIMEOUT)
    menu.act_pause.trigger()
    assert not auto.paused
    qtbot.waitUntil(lambda: auto.running, timeout=TIMEOUT)
    src = write_sales(folders["mine"] / "vendas_dez.csv", ROWS)
    with qtbot.waitSignal(auto.run_finished, timeout=TIMEOUT):
        menu.act_run_all.trigger()
    assert not src.exists()


def test_the_form_shows_the_next_three_times_and_speaks_portuguese(qtbot, translator,
                                                                   tmp_path) -> None:
    editor = RuleEditor(data={"name": "vendas", "folder": str(tmp_path), "database": "vendas",
                              "table": "notas", "schedule": "0 7 * * 1-5",
                              "alerts": {"on_success": True, "email": ["ana@contoso.com"]}},
                        now=lambda: T0)
    qtbot.addWidget(editor)
    assert editor.schedule_radio.isChecked() and editor.success_check.isChecked()
    times = next_times("0 7 * * 1-5", T0)
    assert editor.cron_preview.text() == "Next runs: " + "; ".join(map(fmt.when, times))
    assert editor.ok_button.isEnabled()
    assert editor.rule_data() == {
        "name": "vendas", "folder": str(tmp_path), "pattern": "*.csv", "database": "vendas",
        "table": "notas", "mode": "append", "bad_rows": "reject", "schedule": "0 7 * * 1-5",
        "alerts": {"on_success": True, "desktop": True, "webhook": "",
                   "email": ["ana@contoso.com"]}}
    try:
        translator.use("pt_BR")
        editor.cron_edit.setText("0 7 * *")
        assert "não é uma expressão cron válida" in editor.cron_preview.text()
        assert not editor.ok_button.isEnabled()
        editor.email_edit.setText("ana-at-contoso")
        assert "ana-at-contoso" in editor.problems_label.text()
    finally:
        translator.use("en")


def test_a_failed_rule_run_is_a_desktop_notification_that_opens_history(
        qtbot, auto_window, folders) -> None:
    from dino_desktop.ui.app import start_alerts

    alerter = start_alerts(auto_window, auto_window.services, auto_window.translator)
    try:
        assert auto_window.automation.runner.alerter is alerter
        (folders["mine"] / "vazio.csv").write_bytes(b"")
        with qtbot.waitSignal(auto_window.automation.run_finished,
                              timeout=TIMEOUT) as finished:
            auto_window.automation.run_now("minha")
        run_id = finished.args[0]
        assert (folders["mine"] / "failed" / "vazio.csv").exists()
        assert alerter.flush(10)
        qtbot.waitUntil(lambda: bool(auto_window.tray.shown), timeout=TIMEOUT)
        title, text = auto_window.tray.shown[-1]
        assert "failed" in title and run_id in text
        auto_window.hide()  # as in the tray
        auto_window.tray._clicked()  # clicking the message
        assert auto_window.isVisible()
        assert auto_window.tabs.currentWidget() is auto_window.history
        qtbot.waitUntil(lambda: auto_window.history.selected_run() is not None
                        and auto_window.history.selected_run().run_id == run_id,
                        timeout=TIMEOUT)
    finally:
        alerter.close(1)


def test_a_wrong_rule_in_the_users_file_is_shown_and_saving_says_why(
        qtbot, auto_window, auto_env, folders) -> None:
    with open(auto_env["DINO_CONFIG"], "a", encoding="utf-8") as f:
        f.write(toml_rule("ruim", folders["mine"], "ruins", "99 * * * *"))
    page = auto_window.open_rules().page
    page.load()
    qtbot.waitUntil(lambda: page.model.row_of("ruim") is not None, timeout=TIMEOUT)
    assert cell(page, "ruim", "next") == "not used: see the problems"
    assert "99 * * * *" in cell(page, "ruim", "name", Qt.ItemDataRole.ToolTipRole)
    editor = page.add_rule()
    editor.set_data({"name": "boa", "folder": str(folders["mine"]), "database": "vendas",
                     "table": "boas"})
    assert editor.ok_button.isEnabled()
    with qtbot.waitSignal(page.save_failed, timeout=TIMEOUT) as failed:
        editor.accept()
    assert "99 * * * *" in failed.args[0]
    assert page.status_label.text().startswith("Not saved: ")
    with open(auto_env["DINO_CONFIG"], "rb") as f:
        assert [r["name"] for r in tomllib.load(f)["rules"]] == ["minha", "ruim"]


def test_a_folder_that_is_not_there_is_a_warning_not_a_refusal(qtbot, translator, runner,
                                                              tmp_path) -> None:
    editor = RuleEditor(data={"name": "longe", "folder": str(tmp_path / "share-away"),
                              "database": "vendas", "table": "notas"}, runner=runner)
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: "does not exist" in editor.problems_label.text(), timeout=TIMEOUT)
    assert editor.ok_button.isEnabled()  # a share may be away for now
    editor.folder_edit.setText("relative/folder")
    assert not editor.ok_button.isEnabled()
    assert "full path" in editor.problems_label.text()


def test_the_tray_icon_s_right_click_is_for_its_menu_only(qtbot) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    tray = Tray(app_icon(), available=True)
    shown: list[bool] = []
    tray.activated.connect(lambda: shown.append(True))
    tray._activated(QSystemTrayIcon.ActivationReason.Context)
    assert not shown
    tray._activated(QSystemTrayIcon.ActivationReason.Trigger)
    assert shown == [True]
    tray.hide()


def test_the_form_offers_the_catalogs_databases_and_tables(qtbot, translator, runner,
                                                           services, tmp_path) -> None:
    from dino_desktop.services.ingestion import IngestRequest

    services.ingestion.ingest(IngestRequest(write_sales(tmp_path / "v.csv", [
        ("00012", "Ana Ltda", "1.234,56")]), "vendas", "notas_2026"))
    editor = RuleEditor(data={"name": "x", "folder": str(tmp_path), "database": "vendas"},
                        runner=runner, catalog=services.catalog)
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.database_names.stringList() == ["vendas"], timeout=15_000)
    qtbot.waitUntil(lambda: editor.table_names.stringList() == ["notas_2026"], timeout=15_000)
    assert editor.database_edit.completer().model() is editor.database_names
    editor.database_edit.setText("outra")
    editor.database_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: editor.table_names.stringList() == [], timeout=15_000)
