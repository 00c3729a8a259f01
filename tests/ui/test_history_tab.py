"""The History tab against real runs: a real SQLite run log and real Delta tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from dino_desktop.adapters.migrations.schema import runs as runs_table
from dino_desktop.adapters.sql_runlog import run_to_row
from dino_desktop.bootstrap import App
from dino_desktop.core.manifest import new_run_id
from dino_desktop.core.models import Target
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.services.ingestion import IngestError, IngestRequest
from dino_desktop.ui.history_model import KEYS, PAGE_SIZE, column
from dino_desktop.ui.history_tab import HistoryTab
from dino_desktop.ui.style import state_color
from tests.e2e.conftest import write_sales
from tests.ui.conftest import wait_loaded

ROWS = [("00012", "Ana Ltda", "1.234,56"), ("00013", "Bruno ME", "99,90")]
NEEDLE = "agulha_no_palheiro.csv"


def bad_file(path: Path, *, fixed: bool = False) -> Path:
    """5,000 rows; one value past the inspection sample is not a number (unless fixed)."""
    lines = ["codigo;valor"] + [f"{i:05d};{i},5" for i in range(5000)]
    if not fixed:
        lines[4500] = "04499;abc"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def ingest(services: App, path: Path, table: str = "notas") -> RunRecord:
    return services.ingestion.ingest(IngestRequest(path, "vendas", table))


def ingest_failing(services: App, path: Path) -> RunRecord:
    with pytest.raises(IngestError) as err:
        ingest(services, bad_file(path), "ruim")
    assert err.value.run is not None
    return err.value.run


def record(run_id: str | None = None, state: RunState = RunState.CREATED, **kw) -> RunRecord:
    fields = dict(user="ana@contoso.com", machine="pc-01", source_name="manual.csv",
                  source_path=None, source_bytes=1000, sha256=None, source_format="csv",
                  catalog="main", database="vendas", table="notas", mode="append")
    fields.update(kw)
    return RunRecord(run_id or new_run_id(), state, **fields)  # type: ignore[arg-type]


# open_tab (a History tab, shown and loaded) and wait_loaded come from tests/ui/conftest.py,
# shared with test_history_failures.


def cell(tab: HistoryTab, row: int, key: str) -> str:
    return tab.model.index(row, column(key)).data()


def column_texts(tab: HistoryTab, key: str) -> list[str]:
    return [cell(tab, r, key) for r in range(tab.model.rowCount())]


def row_of(tab: HistoryTab, run_id: str) -> int:
    row = tab.model.row_of(run_id)
    assert row is not None, f"run {run_id} is not listed"
    return row


def select(qtbot, tab: HistoryTab, run_id: str) -> None:
    tab.view.selectRow(row_of(tab, run_id))
    qtbot.waitUntil(lambda: tab.details.extras is not None
                    and tab.details.extras.run_id == run_id, timeout=10_000)


@pytest.fixture
def two_runs(services: App, tmp_path: Path) -> tuple[RunRecord, RunRecord]:
    ok = ingest(services, write_sales(tmp_path / "vendas.csv", ROWS))
    failed = ingest_failing(services, tmp_path / "ruim.csv")
    return ok, failed


def test_lists_real_runs_with_their_states_and_numbers(open_tab, two_runs) -> None:
    ok, failed = two_runs
    tab = open_tab()
    assert tab.model.rowCount() == 2 and tab.count.text() == "2 runs"
    r = row_of(tab, ok.run_id)
    assert cell(tab, r, "state") == "succeeded"
    assert (cell(tab, r, "file"), cell(tab, r, "target"), cell(tab, r, "rows")) == (
        "vendas.csv", "vendas.notas", "2")
    assert not tab.act_retry.isEnabled() and not tab.act_undo.isEnabled()  # nothing selected
    assert not tab.act_copy.isEnabled()
    assert cell(tab, r, "mode") == "append" and cell(tab, r, "user") == "ana@contoso.com"
    assert cell(tab, r, "run_id") == ok.run_id[:12]
    assert cell(tab, r, "cost").startswith("R$")
    f = row_of(tab, failed.run_id)
    assert cell(tab, f, "state") == "failed" and cell(tab, f, "rows") == "—"
    assert cell(tab, f, "target") == "vendas.ruim"
    assert row_of(tab, failed.run_id) == 0  # newest first
    colour = Qt.ItemDataRole.ForegroundRole
    ok_colour = tab.model.index(r, column("state")).data(colour)
    failed_colour = tab.model.index(f, column("state")).data(colour)
    assert ok_colour is not None and failed_colour is not None and ok_colour != failed_colour
    headers = [tab.model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(KEYS))]
    assert headers == ["State", "Started", "File", "Target", "Mode", "Rows", "Size",
                       "Duration", "Cost", "User", "Run id"]


def test_filters_narrow_the_list(qtbot, open_tab, two_runs, services: App) -> None:
    ok, failed = two_runs
    old = record(state=RunState.CANCELLED, user="bruno@contoso.com", source_name="antigo.csv",
                 created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=60))
    services.runlog.create(old)
    tab = open_tab()
    bar = tab.filters
    assert tab.model.rowCount() == 3

    def shows(*ids: str) -> None:
        qtbot.waitUntil(lambda: not tab.model.loading
                        and {r.run_id for r in tab.model.runs} == set(ids), timeout=10_000)

    bar.state.setCurrentIndex(bar.state.findData("failed"))
    shows(failed.run_id)
    assert tab.count.text() == "1 run"
    bar.state.setCurrentIndex(0)
    shows(ok.run_id, failed.run_id, old.run_id)
    qtbot.keyClicks(bar.search, "ruim")  # typed: one query after the pause
    shows(failed.run_id)
    bar.search.clear()
    shows(ok.run_id, failed.run_id, old.run_id)
    qtbot.waitUntil(lambda: bar.table.findData("vendas.notas") > 0, timeout=10_000)
    bar.table.setCurrentIndex(bar.table.findData("vendas.notas"))
    shows(ok.run_id, old.run_id)
    bar.user.setCurrentIndex(bar.user.findData("bruno@contoso.com"))
    shows(old.run_id)
    bar.reset()
    shows(ok.run_id, failed.run_id, old.run_id)
    bar.period.setCurrentIndex(bar.period.findData(30))
    shows(ok.run_id, failed.run_id)
    assert not bar.date_from.isVisible()
    bar.period.setCurrentIndex(bar.period.findData(-1))  # custom: around 60 days ago
    assert bar.date_from.isVisible() and bar.date_to.isVisible()
    bar.date_from.setDate(QDate.currentDate().addDays(-61))
    bar.date_to.setDate(QDate.currentDate().addDays(-59))
    shows(old.run_id)


def test_sorting_by_a_header_click_orders_in_sql(qtbot, open_tab, two_runs, services: App,
                                                 tmp_path: Path) -> None:
    ingest(services, write_sales(tmp_path / "tres.csv", [*ROWS, ("00014", "Carla", "1,00")]),
           "outra")
    tab = open_tab()
    header = tab.view.horizontalHeader()
    section = column("rows")

    def click() -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))

    click()
    qtbot.waitUntil(lambda: tab.model.order_by == "rows" and not tab.model.loading)
    first = column_texts(tab, "rows")
    expected = ["—", "2", "3"] if not tab.model.descending else ["3", "2", "—"]
    assert first == expected
    click()
    qtbot.waitUntil(lambda: not tab.model.loading and column_texts(tab, "rows") == first[::-1])
    # A column the run log cannot order by leaves the order (and the arrow) alone.
    tab.view.sortByColumn(column("duration"), Qt.SortOrder.AscendingOrder)
    assert tab.model.order_by == "rows" and header.sortIndicatorSection() == section


def test_details_show_timings_rows_and_the_error(qtbot, open_tab, two_runs,
                                                 translator) -> None:
    ok, failed = two_runs
    tab = open_tab()
    details = tab.details
    select(qtbot, tab, failed.run_id)
    assert "Run " + failed.run_id == details.title.text()
    assert details.state.text() == "failed"
    error = details.error.toPlainText()
    assert "abc" in error and "Row 4501" in error
    assert details.error_box.isVisible() and details.error.isReadOnly()
    assert "abc" in details.problems.toPlainText()
    assert details.timings.rowCount() >= 2  # inspect, convert (+ total)
    assert not tab.act_undo.isEnabled() and tab.act_retry.isEnabled()
    translator.use("pt_BR")  # the log keeps English; the pane speaks the user's language
    select(qtbot, tab, ok.run_id)
    select(qtbot, tab, failed.run_id)
    assert "Linha 4501" in details.error.toPlainText(), details.error.toPlainText()
    translator.use("en")
    select(qtbot, tab, ok.run_id)
    assert details.values["rows"].text() == "2"
    assert details.values["bad_rows"].text() == "0"
    assert details.values["version"].text() == "none (new table) → 0"
    labels = [details.timings.itemAt(i, details.timings.ItemRole.LabelRole).widget().text()
              for i in range(details.timings.rowCount())]
    assert labels[:2] == ["Inspect", "Convert"] and labels[-1] == "Total"
    assert not details.error_box.isVisible()
    assert "removed after the run succeeded" in details.manifest_note.text()
    states = [details.events.topLevelItem(i).text(1)
              for i in range(details.events.topLevelItemCount())]
    assert states[0] == "created" and states[-1] == "succeeded"
    assert tab.act_undo.isEnabled() and not tab.act_retry.isEnabled()
    assert not tab.act_landing.isEnabled()  # removed after success: nothing to open
    assert tab.act_table.isEnabled() and tab.act_copy.isEnabled()


def test_manifest_shown_while_the_landing_folder_holds_it(qtbot, ui_env, qapp, runner,
                                                          translator, tmp_path: Path,
                                                          monkeypatch) -> None:
    from dino_desktop import config
    from dino_desktop.bootstrap import build

    keep = build(config.load(env={**ui_env, "DINO_LANDING_RETENTION_DAYS": "7"}))
    run = ingest(keep, write_sales(tmp_path / "a.csv", ROWS))
    tab = HistoryTab(keep, runner)
    qtbot.addWidget(tab)
    tab.show()
    wait_loaded(qtbot, tab)
    select(qtbot, tab, run.run_id)
    assert run.run_id in tab.details.manifest.toPlainText()
    assert '"manifest_version"' in tab.details.manifest.toPlainText()
    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", opened.append)
    assert tab.act_landing.isEnabled()
    tab.act_landing.trigger()
    assert [u.toLocalFile() for u in opened] == [str(keep.settings.landing / run.run_id)]


def test_undo_puts_the_table_back(qtbot, open_tab, two_runs, services: App,
                                  monkeypatch) -> None:
    ok, _failed = two_runs
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2])
                        or QMessageBox.StandardButton.Yes)
    tab = open_tab()
    select(qtbot, tab, ok.run_id)
    with qtbot.waitSignal(tab.runs_changed, timeout=20_000):
        tab.act_undo.trigger()
    assert "vendas.notas" in asked[0]
    qtbot.waitUntil(lambda: not tab.model.loading
                    and cell(tab, row_of(tab, ok.run_id), "state") == "undone")
    assert "undone" in tab.message.text() and tab.message.isVisible()
    info = {f"{t.database}.{t.table}": t for t in services.catalog.tables()}
    assert info["vendas.notas"].rows == 0  # the run's rows are gone
    assert services.runlog.get(ok.run_id).state is RunState.UNDONE
    qtbot.waitUntil(lambda: not tab.act_undo.isEnabled())


def test_undo_refused_when_a_later_run_wrote_the_table(qtbot, open_tab, services: App,
                                                       tmp_path: Path, monkeypatch) -> None:
    first = ingest(services, write_sales(tmp_path / "a.csv", ROWS))
    ingest(services, write_sales(tmp_path / "b.csv", [("00030", "Eva", "3,00")]))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab = open_tab()
    select(qtbot, tab, first.run_id)
    tab.act_undo.trigger()
    qtbot.waitUntil(lambda: tab.message.isVisible(), timeout=20_000)
    assert "cannot be undone" in tab.message.text()
    assert services.runlog.get(first.run_id).state is RunState.SUCCEEDED
    assert tab.act_undo.isEnabled()  # nothing changed; it may be tried again later


def test_undo_asks_first_and_no_does_nothing(qtbot, open_tab, two_runs, services: App,
                                             monkeypatch) -> None:
    ok, _failed = two_runs
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    tab = open_tab()
    select(qtbot, tab, ok.run_id)
    tab.act_undo.trigger()
    assert tab.op is None and services.runlog.get(ok.run_id).state is RunState.SUCCEEDED


def test_retry_after_fixing_the_file_succeeds(qtbot, open_tab, two_runs, services: App,
                                              tmp_path: Path) -> None:
    _ok, failed = two_runs
    tab = open_tab()
    select(qtbot, tab, failed.run_id)
    bad_file(tmp_path / "ruim.csv", fixed=True)  # the person fixed the file
    with qtbot.waitSignal(tab.runs_changed, timeout=60_000):
        tab.act_retry.trigger()
        assert tab.progress.isVisible() and tab.cancel_button.isVisible()
    assert not tab.progress.isVisible()
    assert "5,000 rows written to vendas.ruim" in tab.message.text()
    qtbot.waitUntil(lambda: (run := tab.selected_run()) is not None
                    and run.replay_of == failed.run_id, timeout=10_000)
    new = tab.selected_run()
    assert new.state is RunState.SUCCEEDED and new.rows == 5000
    assert cell(tab, row_of(tab, new.run_id), "state") == "succeeded"
    assert cell(tab, row_of(tab, failed.run_id), "state") == "failed"
    assert services.engine.table_version(Target("vendas", "ruim")) == 0


@pytest.fixture
def many_runs(services: App) -> list[str]:
    """100,000 runs written straight into the run log (seconds, not hours of ingests)."""
    base = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    states = (RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED)
    template = run_to_row(record(state=RunState.SUCCEEDED, rows=10, cost=0.01))
    rows, ids = [], []
    for i in range(100_000):
        created = base - dt.timedelta(minutes=i)
        run_id = new_run_id(created.timestamp())
        rows.append({**template, "run_id": run_id, "state": states[i % 4].value,
                     "created_at": created, "finished_at": created + dt.timedelta(seconds=9),
                     "source_name": NEEDLE if i == 73_210 else f"vendas_{i:06d}.csv",
                     "rows": i})
        ids.append(run_id)
    with services.runlog.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(runs_table.insert(), rows)
    return ids


def test_100k_runs_load_a_page_at_a_time(qtbot, open_tab, many_runs: list[str]) -> None:
    tab = open_tab()
    assert tab.model.rowCount() == PAGE_SIZE
    assert tab.count.text() == "100,000 runs"
    assert cell(tab, 0, "file") == "vendas_000000.csv"
    tab.view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2 * PAGE_SIZE, timeout=10_000)
    assert cell(tab, PAGE_SIZE, "file") == f"vendas_{PAGE_SIZE:06d}.csv"
    qtbot.keyClicks(tab.filters.search, "agulha")
    qtbot.waitUntil(lambda: not tab.model.loading and tab.model.rowCount() == 1,
                    timeout=10_000)
    assert cell(tab, 0, "file") == NEEDLE and tab.count.text() == "1 run"
    assert tab.model.runs[0].run_id == many_runs[73_210]


def test_show_run_finds_a_run_deep_in_the_log_whatever_the_filters(
        qtbot, open_tab, many_runs: list[str]) -> None:
    tab = open_tab()
    bar = tab.filters
    bar.state.setCurrentIndex(bar.state.findData("cancelled"))
    wait_loaded(qtbot, tab)
    wanted = many_runs[50_000]  # succeeded, far beyond the first pages
    tab.show_run(wanted)
    qtbot.waitUntil(lambda: (run := tab.selected_run()) is not None and run.run_id == wanted,
                    timeout=15_000)
    assert tab.details.title.text() == "Run " + wanted
    assert tab.details.values["file"].text() == "vendas_050000.csv"
    assert bar.state.currentIndex() == 0  # the filter that hid it was cleared
    recent = many_runs[3]
    tab.show_run(recent)  # listed already? (here: after the search, no) — found again
    qtbot.waitUntil(lambda: (run := tab.selected_run()) is not None and run.run_id == recent,
                    timeout=15_000)


def test_a_running_run_updates_on_its_own(qtbot, open_tab, services: App) -> None:
    run = record(state=RunState.CREATED)
    services.runlog.create(run)
    services.runlog.transition(run.run_id, RunState.RUNNING, "writing the table", stage="run")
    tab = open_tab()
    assert cell(tab, 0, "state") == "running"
    assert tab.poll.isActive()  # a run is going: the tab looks again by itself
    tab.view.selectRow(0)
    services.runlog.transition(run.run_id, RunState.SUCCEEDED, "done", rows=7)
    qtbot.waitUntil(lambda: cell(tab, 0, "state") == "succeeded", timeout=10_000)
    assert cell(tab, 0, "rows") == "7"
    qtbot.waitUntil(lambda: tab.details.state.text() == "succeeded", timeout=10_000)
    assert tab.selected_run().run_id == run.run_id  # the selection stayed
    assert not tab.poll.isActive()  # nothing going any more: polling stopped


def test_refresh_keeps_the_selection_and_shows_new_runs(qtbot, open_tab, two_runs,
                                                        services: App, tmp_path: Path) -> None:
    ok, _failed = two_runs
    tab = open_tab()
    select(qtbot, tab, ok.run_id)
    newer = ingest(services, write_sales(tmp_path / "c.csv", ROWS[:1]), "outra")
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.model.loading and tab.model.rowCount() == 3)
    assert tab.model.runs[0].run_id == newer.run_id
    assert tab.selected_run().run_id == ok.run_id


def test_keyboard_copy_enter_and_shortcuts(qtbot, open_tab, two_runs) -> None:
    ok, _failed = two_runs
    tab = open_tab()
    assert tab.act_retry.shortcut().toString() == "Ctrl+R"
    assert tab.act_undo.shortcut().toString() == "Ctrl+Z"
    assert tab.act_copy.shortcut().toString() == "Ctrl+Shift+C"
    tab.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab)
    tab.view.setFocus()
    tab.view.selectRow(row_of(tab, ok.run_id))
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(tab.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == ok.run_id
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is tab.details
    assert tab.details.run is not None and tab.details.run.run_id == ok.run_id


def test_language_change_rereads_the_headers(qtbot, open_tab, two_runs, translator) -> None:
    tab = open_tab()
    with qtbot.waitSignal(tab.model.headerDataChanged, timeout=5_000):
        translator.use("pt_BR")
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == tab.model.header_text("state")


def test_portuguese_headers(qtbot, open_tab, two_runs, translator) -> None:
    tab = open_tab()
    with qtbot.waitSignal(tab.model.headerDataChanged, timeout=5_000):
        translator.use("pt_BR")
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "Estado"
    assert tab.act_retry.text() == "&Reexecutar"


def test_state_colours_stay_readable_on_light_and_dark_palettes(qapp) -> None:
    light = QPalette(QColor("#e8e8e8"), QColor("#fafafa"))
    dark = QPalette(QColor("#3a3a3a"), QColor("#1e1e1e"))
    for state in (RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED, RunState.RUNNING):
        assert state_color(state, light).lightness() < 110, state  # dark text on light
        assert state_color(state, dark).lightness() > 150, state  # light text on dark
    assert len({state_color(s, light).name() for s in (RunState.SUCCEEDED, RunState.FAILED,
                                                         RunState.CANCELLED)}) == 3


def test_a_retry_can_be_cancelled_from_the_tab(qtbot, open_tab, two_runs, services: App,
                                               tmp_path: Path) -> None:
    _ok, failed = two_runs
    tab = open_tab()
    select(qtbot, tab, failed.run_id)
    bad_file(tmp_path / "ruim.csv", fixed=True)
    with qtbot.waitSignal(tab.runs_changed, timeout=60_000):
        tab.act_retry.trigger()
        assert not tab.act_retry.isEnabled()  # one at a time
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert "cancelled" in tab.message.text()
    assert services.engine.table_version(Target("vendas", "ruim")) is None  # nothing written
    qtbot.waitUntil(lambda: (run := tab.selected_run()) is not None
                    and run.replay_of == failed.run_id, timeout=10_000)
    assert tab.selected_run().state is RunState.CANCELLED


def test_the_main_window_opens_a_run_in_history(qtbot, window, two_runs) -> None:
    ok, _failed = two_runs
    window.show_run(ok.run_id[:10])  # a prefix, as people type them
    assert window.tabs.currentWidget() is window.history
    qtbot.waitUntil(lambda: (run := window.history.selected_run()) is not None
                    and run.run_id == ok.run_id, timeout=10_000)
