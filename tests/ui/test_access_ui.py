"""The Upload tab with IT's access list: the combos offer only allowed targets and modes, and
a denied target typed by hand says why (in English and Brazilian Portuguese)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dino_desktop import config
from dino_desktop.bootstrap import App, build
from dino_desktop.services.ingestion import IngestRequest
from tests.access_lists import CENTRAL_TOML
from tests.e2e.conftest import write_sales

ROWS = [("001", "Ana", "1,00"), ("002", "Bia", "2,00")]
TABLES = [("vendas", "notas"), ("vendas", "itens"), ("financeiro", "contas"),
          ("sandbox", "tmp_a"), ("sandbox", "perm")]


@pytest.fixture
def listed_env(ui_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A lakehouse with a few tables (written before IT's list), then the list."""
    src = write_sales(tmp_path / "v.csv", ROWS)
    before = build(config.load(env=ui_env))
    for database, table in TABLES:
        before.ingestion.ingest(IngestRequest(src, database, table), confirm={"duplicate"})
    central = tmp_path / "dino.toml"
    central.write_text(CENTRAL_TOML, "utf-8")
    return {**ui_env, "DINO_CENTRAL_CONFIG": str(central)}


def services_for(env: dict[str, str], user: str) -> App:
    return build(config.load(env={**env, "DINO_USER": user}))


@pytest.fixture
def make_tab(qtbot, translator, qsettings, runner):
    from dino_desktop.ui.upload_tab import UploadTab

    def make(services: App) -> UploadTab:
        tab = UploadTab(services, runner, qsettings)
        qtbot.addWidget(tab)
        tab.resize(1200, 700)
        tab.show()
        return tab

    yield make
    runner.cancel_all()
    runner.wait(60_000)


def items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def modes(form) -> list[str]:
    return [form.mode.itemData(i) for i in range(form.mode.count())]


def test_the_combos_offer_only_the_targets_and_modes_allowed(qtbot, listed_env, make_tab):
    tab = make_tab(services_for(listed_env, "Ana@Contoso.com"))
    form = tab.target
    qtbot.waitUntil(lambda: items(form.database) == ["sandbox", "vendas"], timeout=30_000)
    form.database.setEditText("vendas")
    qtbot.waitUntil(lambda: items(form.table) == ["itens", "notas"], timeout=30_000)
    form.table.setEditText("notas")
    assert modes(form) == ["append", "merge"]  # overwrite: the owner's only
    assert not form.reason.isVisibleTo(tab)
    form.database.setEditText("sandbox")
    qtbot.waitUntil(lambda: items(form.table) == ["tmp_a"], timeout=30_000)  # not "perm"
    form.table.setEditText("tmp_a")
    assert modes(form) == ["append", "overwrite"]


def test_the_owner_may_choose_overwrite(qtbot, listed_env, make_tab):
    tab = make_tab(services_for(listed_env, "carlos@contoso.com"))
    form = tab.target
    qtbot.waitUntil(lambda: items(form.database) == ["sandbox", "vendas"], timeout=30_000)
    form.database.setEditText("vendas")
    qtbot.waitUntil(lambda: items(form.table) == ["notas"], timeout=30_000)  # not "itens"
    form.table.setEditText("notas")
    assert modes(form) == ["append", "overwrite", "merge"]
    form.mode.setCurrentIndex(form.mode.findData("overwrite"))
    form.database.setEditText("sandbox")
    form.table.setEditText("tmp_a")  # still allowed there: kept
    assert modes(form) == ["append", "overwrite"] and form.write_mode.value == "overwrite"
    form.database.setEditText("vendas")
    form.table.setEditText("notas")
    form.mode.setCurrentIndex(form.mode.findData("merge"))
    form.database.setEditText("sandbox")
    form.table.setEditText("tmp_a")  # merge is not allowed there: back to the first mode
    assert form.write_mode.value == "append"


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "DINO's access list does not let ana@contoso.com write to table financeiro.contas"),
    ("pt_BR", "A lista de acesso do DINO não permite que ana@contoso.com grave na tabela "
              "financeiro.contas"),
])
def test_a_denied_target_typed_by_hand_says_why_and_blocks_ingest(
        qtbot, listed_env, make_tab, translator, tmp_path, lang, words):
    translator.use(lang)
    tab = make_tab(services_for(listed_env, "ana@contoso.com"))
    with qtbot.waitSignal(tab.inspected, timeout=30_000):
        tab.load(write_sales(tmp_path / "novo.csv", ROWS))
    tab.target.database.setEditText("financeiro")
    tab.target.table.setEditText("contas")
    reason = tab.target.reason
    assert reason.isVisibleTo(tab) and words in reason.text()
    assert not tab.ingest_button.isEnabled() and words in tab.ingest_button.toolTip()
    problems = [tab.problems.item(i).text() for i in range(tab.problems.count())]
    assert any(words in t for t in problems), problems
    assert modes(tab.target) == ["append", "overwrite", "merge"]  # the reason says it all
    tab.target.database.setEditText("vendas")
    tab.target.table.setEditText("notas")
    qtbot.waitUntil(tab.ingest_button.isEnabled, timeout=30_000)
    assert not reason.isVisibleTo(tab)


def test_without_a_list_everything_is_offered(qtbot, services, make_tab, tmp_path):
    src = write_sales(tmp_path / "v.csv", ROWS)
    services.ingestion.ingest(IngestRequest(src, "financeiro", "contas"))
    tab = make_tab(services)
    qtbot.waitUntil(lambda: items(tab.target.database) == ["financeiro"], timeout=30_000)
    tab.target.database.setEditText("financeiro")
    tab.target.table.setEditText("contas")
    assert modes(tab.target) == ["append", "overwrite", "merge"]
    assert not tab.target.reason.isVisibleTo(tab)
