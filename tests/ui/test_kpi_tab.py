"""The KPI tab against real runs: real ingests into Delta tables, a real SQLite run log."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest

from dino_desktop.bootstrap import App
from dino_desktop.services.ingestion import IngestRequest
from dino_desktop.ui import formatting
from dino_desktop.ui.charts import day_seconds, day_text
from dino_desktop.ui.kpi_tab import KpiTab, today_utc
from tests.e2e.conftest import write_sales

TIMEOUT = 30_000


def ingest(services: App, tmp_path: Path, table: str, rows: int) -> tuple[str, int]:
    """One real run; returns its id and the source file's size."""
    data = [(f"{i:05d}", f"Cliente {i}", f"{i},50") for i in range(rows)]
    src = write_sales(tmp_path / f"{table}.csv", data)
    run = services.ingestion.ingest(IngestRequest(src, "vendas", table))
    return run.run_id, src.stat().st_size


def refreshed(qtbot, tab: KpiTab, action=None) -> None:
    with qtbot.waitSignal(tab.updated, timeout=TIMEOUT):
        (action or tab.refresh)()


def move_to_past(services: App, run_id: str, days: int) -> dt.date:
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    services.runlog.update(run_id, created_at=when)
    return when.date()


@pytest.fixture
def tab(qtbot, services: App, runner, translator) -> KpiTab:
    w = KpiTab(services, runner)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_cards_and_charts_show_the_runs_of_the_period(qtbot, tab: KpiTab, services: App,
                                                      tmp_path: Path) -> None:
    _, small = ingest(services, tmp_path, "notas", 2)
    _, big = ingest(services, tmp_path, "clientes", 40)
    refreshed(qtbot, tab)

    today = today_utc()
    since = dt.datetime.combine(today - dt.timedelta(days=29), dt.time.min, dt.UTC)
    expected = services.kpis.compute(since, since + dt.timedelta(days=30))
    assert (expected.files, expected.rows, expected.bytes) == (2, 42, small + big)
    assert expected.cost > 0
    cards = {key: card.value_label.text() for key, card in tab.cards.items()}
    assert cards == {"cost": formatting.money(expected.cost, "BRL"), "files": "2",
                     "volume": formatting.size(small + big), "rows": "42", "success": "100%"}
    assert "R$" in cards["cost"]
    assert not tab.is_empty

    assert len(tab.volume_chart.days) == 30 and tab.volume_chart.days[-1] == today
    assert tab.volume_chart.bar_at(today) == small + big
    assert tab.files_chart.bar_at(today) == 2
    assert tab.cost_chart.bar_at(today) == pytest.approx(expected.cost)
    assert tab.volume_chart.bar_at(today - dt.timedelta(days=1)) == 0
    assert tab.tables_chart.names == ["vendas.clientes", "vendas.notas"]  # biggest first
    assert tab.tables_chart.values == [big, small]
    ticks = tab.tables_chart.getPlotItem().getAxis("left")._tickLevels[0]
    assert [name for _pos, name in ticks] == ["vendas.clientes", "vendas.notas"]


def test_changing_the_period_changes_the_numbers(qtbot, tab: KpiTab, services: App,
                                                 tmp_path: Path) -> None:
    run_id, size = ingest(services, tmp_path, "notas", 3)
    past = move_to_past(services, run_id, 20)
    refreshed(qtbot, tab)  # last 30 days
    assert tab.cards["files"].value_label.text() == "1"
    assert tab.volume_chart.bar_at(past) == size

    refreshed(qtbot, tab, lambda: tab.period_combo.setCurrentIndex(0))  # last 7 days
    assert tab.cards["files"].value_label.text() == "0"
    assert tab.cards["success"].value_label.text() == "—"
    assert tab.is_empty and tab.empty_label.isVisible()
    assert "No runs" in tab.empty_label.text()
    assert not tab.png_button.isEnabled()

    refreshed(qtbot, tab, lambda: tab.period_combo.setCurrentIndex(3))  # custom
    assert tab.since_edit.isEnabled() and tab.until_edit.isEnabled()
    assert tab.since_edit.date().toPython() == today_utc() - dt.timedelta(days=6)  # as shown
    refreshed(qtbot, tab, lambda: tab.set_custom_period(past, past))
    assert tab.cards["rows"].value_label.text() == "3"
    assert tab.volume_chart.days == [past]
    assert not tab.is_empty and tab.png_button.isEnabled()

    # the date fields themselves refresh the tab
    refreshed(qtbot, tab, lambda: tab.until_edit.setDate(tab.until_edit.date().addDays(5)))
    assert tab.shown_period == (past, past + dt.timedelta(days=5))
    assert tab.cards["files"].value_label.text() == "1"
    refreshed(qtbot, tab, lambda: tab.since_edit.setDate(tab.since_edit.date().addDays(1)))
    assert tab.shown_period == (past + dt.timedelta(days=1), past + dt.timedelta(days=5))
    assert tab.is_empty and tab.cards["files"].value_label.text() == "0"


def test_a_newer_refresh_wins_over_an_older_one(qtbot, tab: KpiTab, services: App, runner,
                                                tmp_path: Path) -> None:
    ingest(services, tmp_path, "notas", 2)
    old = today_utc() - dt.timedelta(days=400)
    tab.period_combo.setCurrentIndex(2)  # 90 days: has the run
    tab.set_custom_period(old, old)  # then an empty period, started later
    qtbot.waitUntil(lambda: runner.active == 0 and tab.shown_period is not None,
                    timeout=TIMEOUT)
    assert tab.shown_period == (old, old)
    assert tab.is_empty


def test_hovering_a_bar_shows_the_day_and_the_value(qtbot, tab: KpiTab, services: App,
                                                    tmp_path: Path) -> None:
    _, size = ingest(services, tmp_path, "notas", 5)
    refreshed(qtbot, tab)
    chart = tab.volume_chart
    today = today_utc()
    box = chart.getPlotItem().getViewBox()
    scene = box.mapViewToScene(QPointF(day_seconds(today), size / 2))
    QTest.mouseMove(chart.viewport(), chart.mapFromScene(scene))
    qtbot.waitUntil(lambda: chart.hover_text != "", timeout=5_000)
    assert day_text(today, long=True) in chart.hover_text
    assert formatting.size(size) in chart.hover_text
    assert "Volume per day" in chart.hover_text

    text = tab.files_chart.hover_at(tab.files_chart.getPlotItem().getViewBox().mapViewToScene(
        QPointF(day_seconds(today), 0.5)))
    assert day_text(today, long=True) in text and text.endswith(": 1")

    tables = tab.tables_chart
    text = tables.hover_at(tables.getPlotItem().getViewBox().mapViewToScene(
        QPointF(size / 2, 0)))
    assert "vendas.notas" in text and formatting.size(size) in text
    assert tables.hover_at(QPointF(-50, -50)) == "" and tables.hover_text == ""


def test_charts_export_as_a_png(qtbot, tab: KpiTab, services: App, tmp_path: Path) -> None:
    ingest(services, tmp_path, "notas", 2)
    refreshed(qtbot, tab)
    out = tmp_path / "kpis.png"
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT) as blocker:
        tab.export_png(out)
    assert blocker.args == [str(out)]
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() >= tab.report.width() and image.height() >= tab.report.height()
    colours = {image.pixelColor(x, y).rgb() for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 3  # cards and bars, not a blank picture
    assert str(out) in tab.status_label.text()


def read_csv(path: Path, delimiter: str) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to see UTF-8
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=delimiter))


def test_numbers_export_as_csv(qtbot, tab: KpiTab, services: App, tmp_path: Path) -> None:
    _, size = ingest(services, tmp_path, "notas", 4)
    refreshed(qtbot, tab)
    k = tab.kpis
    assert k is not None
    out = tmp_path / "kpis.csv"
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT):
        tab.export_csv(out)
    rows = read_csv(out, ",")
    assert ["Files", "1"] in rows and ["Rows", "4"] in rows
    assert ["Volume (bytes)", str(size)] in rows
    assert ["Total cost", f"{k.cost:.4f}"] in rows
    assert ["Success rate (%)", "100.0"] in rows
    today = today_utc().isoformat()
    day_row = next(r for r in rows if r and r[0] == today)
    assert day_row[1:3] == ["1", "1"] and day_row[5] == str(size)
    table_row = next(r for r in rows if r and r[0] == "vendas.notas")
    assert table_row[4:6] == ["4", str(size)]


def test_csv_in_portuguese_uses_semicolons_and_decimal_commas(qtbot, tab: KpiTab, translator,
                                                              services: App,
                                                              tmp_path: Path) -> None:
    ingest(services, tmp_path, "notas", 2)
    refreshed(qtbot, tab)
    translator.use("pt_BR")
    k = tab.kpis
    assert k is not None
    qtbot.waitUntil(lambda: "," in tab.cards["cost"].value_label.text())  # R$ 0,05
    out = tmp_path / "kpis.csv"
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT):
        tab.export_csv(out)
    rows = read_csv(out, ";")
    cost = f"{k.cost:.4f}".replace(".", ",")
    assert any(r[1:] == [cost] for r in rows if len(r) == 2)
    assert any(r and r[0] == "vendas.notas" for r in rows)


def test_charts_follow_the_palette(qtbot, tab: KpiTab) -> None:
    dark = QPalette(tab.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    tab.setPalette(dark)
    for chart in (tab.cost_chart, tab.tables_chart):
        assert chart.backgroundBrush().color() == QColor("#1e1e1e")
        assert chart.getPlotItem().getAxis("left").textPen().color() == QColor("#f0f0f0")


def test_the_window_refreshes_the_tab_when_it_is_shown(qtbot, window, services: App,
                                                       tmp_path: Path) -> None:
    ingest(services, tmp_path, "notas", 2)
    window.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(window.kpis.updated, timeout=TIMEOUT):
        window.tabs.setCurrentWidget(window.kpis)
    assert window.kpis.cards["files"].value_label.text() == "1"


def test_measured_cost_shows_beside_the_estimate(qtbot, tab: KpiTab, services: App,
                                                 tmp_path: Path) -> None:
    ingest(services, tmp_path, "notas", 3)
    today = today_utc()
    refreshed(qtbot, tab)
    assert "Actual" not in tab.cards["cost"].note_label.text()
    assert tab.cost_chart.line_values == [None] * len(tab.cost_chart.days)
    services.runlog.add_daily_cost(today, 7.5, "azure")  # what `dino sync-costs` writes
    refreshed(qtbot, tab)
    note = tab.cards["cost"].note_label.text()
    assert "Estimated" in note and "Actual (Azure): " + formatting.money(7.5, "BRL") in note
    assert tab.cost_chart.line_values[-1] == 7.5
    chart = tab.cost_chart
    text = chart.hover_at(chart.getPlotItem().getViewBox().mapViewToScene(
        QPointF(day_seconds(today), 0.001)))
    assert "Actual (Azure): " + formatting.money(7.5, "BRL") in text
