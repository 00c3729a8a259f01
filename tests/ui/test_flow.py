"""The whole window, as a user goes through it: drop, look, ingest, History, KPIs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dino_desktop.core.runs import RunState
from tests.e2e.conftest import write_sales
from tests.ui.test_upload_tab import ROWS, drop_file


def test_drop_ingest_then_history_and_kpis_show_the_run(qtbot, window, services,
                                                        tmp_path) -> None:
    upload, history, kpis = window.upload, window.history, window.kpis
    window.tabs.setCurrentWidget(kpis)
    qtbot.waitUntil(lambda: kpis.cards["files"].value_label.text() == "0", timeout=15_000)
    window.tabs.setCurrentWidget(upload)

    path = write_sales(tmp_path / "vendas_nov.csv", ROWS)
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        drop_file(upload.drop, path)
    assert upload.preview.preview.rowCount() == 3
    assert upload.problems.count() >= 1
    qtbot.keyClicks(upload.target.database.lineEdit(), "vendas")
    qtbot.waitUntil(upload.ingest_button.isEnabled, timeout=30_000)
    with qtbot.waitSignal(upload.run_finished, timeout=60_000) as sig:
        qtbot.mouseClick(upload.ingest_button, Qt.MouseButton.LeftButton)
    run_id = sig.args[0]
    assert services.runlog.get(run_id).state is RunState.SUCCEEDED

    upload.summary.linkActivated.emit(f"run:{run_id}")  # "Show this run in History"
    assert window.tabs.currentWidget() is history
    qtbot.waitUntil(lambda: history.selected_run() is not None
                    and history.selected_run().run_id == run_id, timeout=15_000)
    assert history.model.rowCount() == 1
    qtbot.waitUntil(lambda: history.details.values["rows"].text() == "3", timeout=15_000)

    window.tabs.setCurrentWidget(kpis)
    qtbot.waitUntil(lambda: kpis.cards["files"].value_label.text() == "1", timeout=15_000)
    assert kpis.cards["rows"].value_label.text() == "3"
