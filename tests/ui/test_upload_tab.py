"""The Upload tab with real files, real inspection and real runs into Delta tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from dino_desktop.core.models import Target
from dino_desktop.core.runs import RunState
from tests.e2e.conftest import write_sales

ROWS = [("001", "Ana Lúcia", "1.234,56"), ("002", "João", "10,00"), ("003", "Zé", "0,99")]


@pytest.fixture
def upload(qtbot, services, translator, qsettings, runner):
    from dino_desktop.ui.upload_tab import UploadTab

    tab = UploadTab(services, runner, qsettings)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    yield tab
    runner.cancel_all()
    runner.wait(60_000)


def drop_file(widget, path: Path) -> None:
    """Drag enter, then drop: the events the window system delivers."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(*args)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the drop zone refused the file"
    QApplication.sendEvent(widget, QDropEvent(*args))


def load(qtbot, upload, path: Path) -> None:
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        upload.load(path)
    qtbot.waitUntil(lambda: upload.plan is not None or bool(upload.target.name_problems()),
                    timeout=30_000)


def ready(qtbot, upload) -> None:
    qtbot.waitUntil(upload.ingest_button.isEnabled, timeout=30_000)


def test_dropped_file_shows_preview_settings_and_problems(qtbot, upload, tmp_path) -> None:
    path = write_sales(tmp_path / "Vendas Nov.csv", ROWS)
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        drop_file(upload.drop, path)
    model = upload.preview.preview
    assert model.rowCount() == 3
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
    assert headers[0].startswith("codigo\n") and "text" in headers[0]
    assert headers[2].startswith("valor_r") and "decimal" in headers[2]
    assert model.data(model.index(0, 0)) == "001"  # leading zeros kept
    assert model.data(model.index(0, 2)) == "1,234.56"  # shown the en way
    assert upload.detected.encoding.currentText() == "cp1252"
    assert upload.detected.delimiter.currentData() == ";"
    assert upload.detected.decimal.currentData() == ","
    assert upload.detected.header_row.value() == 3
    texts = [upload.problems.item(i).text() for i in range(upload.problems.count())]
    assert any("title" in t.lower() or "skipped" in t.lower() for t in texts), texts
    assert upload.target.table_name == "vendas_nov"  # suggested from the file name


def test_ingest_lands_rows_and_links_to_history(qtbot, upload, services, tmp_path) -> None:
    path = write_sales(tmp_path / "vendas.csv", ROWS)
    upload.target.database.setEditText("vendas")
    load(qtbot, upload, path)
    ready(qtbot, upload)
    with qtbot.waitSignal(upload.run_finished, timeout=60_000) as sig:
        qtbot.mouseClick(upload.ingest_button, Qt.MouseButton.LeftButton)
    run = services.runlog.get(sig.args[0])
    assert run.state is RunState.SUCCEEDED and run.rows == 3
    assert services.catalog.schema(Target("vendas", "vendas")) is not None
    assert "3 rows loaded into vendas.vendas" in upload.summary.text()
    with qtbot.waitSignal(upload.open_run) as link:
        upload.summary.linkActivated.emit(f"run:{run.run_id}")
    assert link.args == [run.run_id]


def test_invalid_table_name_blocks_ingest_and_says_why(qtbot, upload, tmp_path) -> None:
    load(qtbot, upload, write_sales(tmp_path / "vendas.csv", ROWS))
    upload.target.database.setEditText("vendas")
    ready(qtbot, upload)
    upload.target.table.setEditText("Notas 2026")
    assert not upload.ingest_button.isEnabled()
    reason = upload.target.reason.text()
    assert upload.target.reason.isVisibleTo(upload) and "Notas 2026" in reason
    assert "notas_2026" in reason  # the fix it suggests
    assert "Notas 2026" in upload.ingest_button.toolTip()
    upload.target.table.setEditText("notas_2026")
    ready(qtbot, upload)
    assert not upload.target.reason.isVisibleTo(upload)


def test_changing_a_setting_reinspects_at_once(qtbot, upload, tmp_path) -> None:
    load(qtbot, upload, write_sales(tmp_path / "vendas.csv", ROWS))
    assert upload.preview.preview.columnCount() == 4
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        upload.detected.delimiter.setCurrentIndex(upload.detected.delimiter.findData(","))
    assert upload.inspection.setting("delimiter") == ","
    assert upload.detected.delimiter.currentData() == ","
    assert upload.preview.preview.columnCount() != 4
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        upload.detected.redetect.click()
    assert upload.preview.preview.columnCount() == 4


def test_column_header_edits_name_and_type(qtbot, upload, tmp_path) -> None:
    load(qtbot, upload, write_sales(tmp_path / "vendas.csv", ROWS))
    view = upload.preview
    view.edit_column(0)
    assert view.editor.isVisible()
    view.editor.name.setText("codigo produto")  # a space: refused, with the reason
    assert not view.editor.ok.isEnabled() and view.editor.reason.isVisible()
    view.editor.name.setText("codigo_produto")
    view.editor.type.setCurrentIndex(view.editor.type.findData("bigint"))
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        qtbot.keyClick(view.editor.name, Qt.Key.Key_Return)
    col = upload.inspection.columns[0]
    assert (col.name, col.type_name) == ("codigo_produto", "bigint")
    assert upload.preview.preview.data(upload.preview.preview.index(0, 0)) == "1"


def test_problem_click_selects_its_cell(qtbot, upload, tmp_path) -> None:
    path = tmp_path / "datas.csv"
    path.write_text("id;quando\n1;01/02/2026\n2;03/04/2026\n3;nunca\n", "utf-8")
    load(qtbot, upload, path)
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        upload.edit_column(1, "quando", "date")
    problems = upload.problems.problems
    located = [p for p in problems if p.row is not None and p.column == "quando"]
    assert located, problems
    upload.problems.problem_selected.emit(located[0])
    current = upload.preview.currentIndex()
    assert (current.row(), current.column()) == (2, 1)


def test_cancel_during_a_run_leaves_no_table(qtbot, upload, services, tmp_path) -> None:
    rows = [(f"{i:06d}", f"Cliente {i}", f"{i},50") for i in range(300_000)]
    path = write_sales(tmp_path / "grande.csv", rows)
    upload.target.database.setEditText("vendas")
    upload.target.table.setEditText("grande")
    load(qtbot, upload, path)
    ready(qtbot, upload)
    with qtbot.waitSignal(upload.run_finished, timeout=120_000) as sig:
        upload.start_ingest()
        upload.task.progress.connect(lambda _p: upload.progress.cancel.click())
    run = services.runlog.get(sig.args[0])
    assert run.state is RunState.CANCELLED
    assert services.catalog.schema(Target("vendas", "grande")) is None
    assert "Cancelled" in upload.summary.text()


def test_overwrite_and_a_second_load_ask_first(qtbot, upload, services, tmp_path) -> None:
    path = write_sales(tmp_path / "vendas.csv", ROWS)
    upload.target.database.setEditText("vendas")
    load(qtbot, upload, path)
    ready(qtbot, upload)
    with qtbot.waitSignal(upload.run_finished, timeout=60_000):
        upload.start_ingest()
    asked: list[str] = []
    upload.ask = lambda kind, details: asked.append(kind) or False
    qtbot.waitUntil(lambda: upload.plan is not None and bool(upload.plan.confirmations),
                    timeout=30_000)
    upload.start_ingest()
    assert asked == ["duplicate"] and not upload.running
    upload.target.mode.setCurrentIndex(upload.target.mode.findData("overwrite"))
    qtbot.waitUntil(lambda: upload.plan is not None and "overwrite" in upload.plan.confirmations,
                    timeout=30_000)
    asked.clear()
    upload.ask = lambda kind, details: asked.append(kind) or True
    with qtbot.waitSignal(upload.run_finished, timeout=60_000) as sig:
        upload.start_ingest()
    assert sorted(asked) == ["duplicate", "overwrite"]
    assert services.runlog.get(sig.args[0]).state is RunState.SUCCEEDED


def test_excel_file_gets_a_sheet_picker(qtbot, upload, tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Resumo"
    wb.active.append(["nota", "valor"])
    wb.active.append([1, 10.5])
    other = wb.create_sheet("Itens")
    other.append(["item", "produto", "qtd"])
    other.append([1, "Café", 3])
    path = tmp_path / "pedidos.xlsx"
    wb.save(path)
    load(qtbot, upload, path)
    picker = upload.detected.sheet
    assert picker.isVisibleTo(upload)
    assert [picker.itemText(i) for i in range(picker.count())] == ["Resumo", "Itens"]
    assert not upload.detected.delimiter.isEnabled()  # no delimiter in a workbook
    assert upload.preview.preview.columnCount() == 2
    with qtbot.waitSignal(upload.inspected, timeout=30_000):
        picker.setCurrentText("Itens")
    assert [c.name for c in upload.inspection.columns] == ["item", "produto", "qtd"]
    assert picker.currentText() == "Itens"


def test_merge_needs_a_key_then_updates_rows(qtbot, upload, services, tmp_path) -> None:
    import deltalake

    upload.target.database.setEditText("vendas")
    upload.target.table.setEditText("clientes")
    load(qtbot, upload, write_sales(tmp_path / "v1.csv", ROWS))
    ready(qtbot, upload)
    with qtbot.waitSignal(upload.run_finished, timeout=60_000):
        upload.start_ingest()
    load(qtbot, upload, write_sales(tmp_path / "v2.csv", [("002", "João Silva", "20,00"),
                                                          ("004", "Bia", "5,00")]))
    upload.target.mode.setCurrentIndex(upload.target.mode.findData("merge"))
    assert upload.target.keys_button.isVisible()
    assert not upload.ingest_button.isEnabled()
    assert "key column" in upload.ingest_button.toolTip()
    key = next(a for a in upload.target.keys_menu.actions() if a.data() == "codigo")
    key.setChecked(True)
    assert "codigo" in upload.target.keys_button.text()
    ready(qtbot, upload)
    with qtbot.waitSignal(upload.run_finished, timeout=60_000) as sig:
        upload.start_ingest()
    assert services.runlog.get(sig.args[0]).state is RunState.SUCCEEDED
    uri = services.catalog.location(Target("vendas", "clientes"))
    rows = deltalake.DeltaTable(uri).to_pyarrow_table(columns=["codigo", "cliente"]).to_pylist()
    assert sorted((r["codigo"], r["cliente"]) for r in rows) == [
        ("001", "Ana Lúcia"), ("002", "João Silva"), ("003", "Zé"), ("004", "Bia")]


def test_a_table_made_meanwhile_is_asked_about_then_loaded(qtbot, upload, services,
                                                          tmp_path) -> None:
    """The plan said nothing to ask; by the time Ingest is pressed someone has loaded the same
    file: the run's own check asks, and a yes runs it again."""
    path = write_sales(tmp_path / "vendas.csv", ROWS)
    upload.target.database.setEditText("vendas")
    load(qtbot, upload, path)
    ready(qtbot, upload)
    assert not upload.plan.confirmations
    services.ingestion.ingest(upload.request())  # another window, the same file
    asked: list[str] = []
    upload.ask = lambda kind, details: asked.append(kind) or True
    with qtbot.waitSignal(upload.run_finished, timeout=60_000) as sig:
        upload.start_ingest()
    assert asked == ["duplicate"]
    run = services.runlog.get(sig.args[0])
    assert run.state is RunState.SUCCEEDED and run.rows == len(ROWS)
    assert "3 rows loaded into vendas." in upload.summary.text()


def test_a_no_to_the_runs_own_question_loads_nothing(qtbot, upload, services,
                                                    tmp_path) -> None:
    path = write_sales(tmp_path / "vendas.csv", ROWS)
    upload.target.database.setEditText("vendas")
    load(qtbot, upload, path)
    ready(qtbot, upload)
    first = services.ingestion.ingest(upload.request())
    asked: list[str] = []
    upload.ask = lambda kind, details: asked.append(kind) or False
    upload.start_ingest()
    qtbot.waitUntil(lambda: bool(asked) and not upload.running, timeout=60_000)
    assert asked == ["duplicate"]
    ready(qtbot, upload)  # the form is back, its plan now knows the table
    assert "duplicate" in upload.plan.confirmations
    assert [r.run_id for r in services.runlog.query()] == [first.run_id]  # no second run


def test_a_run_that_fails_says_why_and_leaves_no_table(qtbot, upload, services,
                                                      tmp_path) -> None:
    path = write_sales(tmp_path / "vendas.csv", ROWS)
    upload.target.database.setEditText("vendas")
    upload.target.table.setEditText("sumiu")
    load(qtbot, upload, path)
    ready(qtbot, upload)
    path.unlink()  # moved away after it was previewed
    upload.start_ingest()
    qtbot.waitUntil(lambda: "✖" in upload.summary.text() and not upload.running,
                    timeout=60_000)
    assert upload.problems.count() >= 1
    assert services.catalog.schema(Target("vendas", "sumiu")) is None
