"""History's failures view: real failed runs grouped by cause, and back to those runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from dino_desktop.bootstrap import App
from dino_desktop.core.runs import RunState
from tests.e2e.conftest import write_sales
from tests.ui.conftest import wait_loaded
from tests.ui.test_history_tab import column_texts, ingest, ingest_failing, record

ROWS = [("00012", "Ana Ltda", "1.234,56")]


def seed(services: App, tmp_path: Path) -> list[str]:
    """Two real failures with one cause, one without a code, and a success."""
    bad = [ingest_failing(services, tmp_path / f"ruim{i}.csv").run_id for i in range(2)]
    ingest(services, write_sales(tmp_path / "ok.csv", ROWS))
    odd = record(state=RunState.FAILED, error="RuntimeError: disk full", source_name="x.csv")
    services.runlog.create(odd)
    return [*bad, odd.run_id]


def wait_causes(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: tab.failures.model.rowCount() > 0, timeout=15_000)


def test_failures_are_grouped_by_cause_with_a_daily_chart(qtbot, services, tmp_path,
                                                         open_tab):
    seed(services, tmp_path)
    tab = open_tab()
    assert tab.pages.currentWidget() is tab.splitter
    tab.act_failures.trigger()
    assert tab.pages.currentWidget() is tab.failures
    wait_causes(qtbot, tab)
    view = tab.failures
    rows = [(view.model.item(r, 0).text(), view.model.item(r, 1).text())
            for r in range(view.model.rowCount())]
    assert rows[0][1] == "2" and "do not fit their column types" in rows[0][0]
    assert rows[1] == ("RuntimeError: disk full", "1")
    assert view.summary.text() == "3 failed runs, 2 causes"
    assert sum(view.chart.values) == 2  # the selected cause, per day
    assert not tab.filters.search.isEnabled()  # the runs' filters do not apply here


def test_show_these_runs_lists_the_failures_of_that_cause(qtbot, services, tmp_path,
                                                          open_tab):
    bad_one, bad_two, odd = seed(services, tmp_path)
    tab = open_tab()
    tab.show_failures(True)
    wait_causes(qtbot, tab)
    tab.failures.view.selectRow(1)
    qtbot.mouseClick(tab.failures.open_button, Qt.MouseButton.LeftButton)
    assert tab.pages.currentWidget() is tab.splitter
    wait_loaded(qtbot, tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=15_000)
    assert tab.model.run_at(0).run_id == odd
    assert tab.filters.cause_chip.isVisible() and "disk full" in tab.filters.cause_chip.text()
    tab.failures.view.selectRow(0)
    tab.show_failures(True)
    wait_causes(qtbot, tab)
    tab.failures.open_runs()
    qtbot.waitUntil(lambda: {tab.model.run_at(r).run_id for r in range(tab.model.rowCount())}
                    == {bad_one, bad_two}, timeout=15_000)
    qtbot.mouseClick(tab.filters.cause_chip, Qt.MouseButton.LeftButton)  # every run again
    assert not tab.filters.cause_chip.isVisible()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 + 3, timeout=15_000)
    assert sorted(column_texts(tab, "state")) == ["failed"] * 3 + ["succeeded"]


def test_no_failures_says_so(qtbot, services, tmp_path, open_tab):
    ingest(services, write_sales(tmp_path / "ok.csv", ROWS))
    tab = open_tab()
    tab.show_failures(True)
    qtbot.waitUntil(lambda: tab.failures.summary.text() == "No failed runs in this period.",
                    timeout=15_000)
    assert tab.failures.model.rowCount() == 0 and not tab.failures.open_button.isEnabled()
