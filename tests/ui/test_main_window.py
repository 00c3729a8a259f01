from __future__ import annotations


def test_window_opens_with_three_tabs_and_the_status_bar(window) -> None:
    assert [window.tabs.tabText(i) for i in range(3)] == ["&Upload", "&History", "&KPIs"]
    assert "local" in window.status_profile.text()
    assert "ana@contoso.com" in window.status_user.text()


def test_switching_language_changes_the_texts_and_is_remembered(window, qsettings) -> None:
    upload = window.upload
    window.language_actions["pt_BR"].trigger()
    assert window.tabs.tabText(0) == "E&nviar"
    assert window.menu_language.title() == "&Idioma"
    assert upload.ingest_button.text() == "&Carregar"
    assert upload.target.db_label.text() == "&Banco de dados:"
    assert upload.detected.title() == "Configurações detectadas"
    assert "Nenhuma execução" in window.status_runs.text()
    assert qsettings.value("language") == "pt_BR"
    assert window.language_actions["pt_BR"].isChecked()
    window.language_actions["en"].trigger()
    assert window.tabs.tabText(0) == "&Upload"
    assert upload.target.db_label.text() == "&Database:"
    assert qsettings.value("language") == "en"


def test_numbers_follow_the_language(window) -> None:
    from dino_desktop.ui import formatting

    window.set_language("pt_BR")
    assert formatting.number(1234567) == "1.234.567"
    assert formatting.size(1536) == "1,5 KB"
    assert formatting.money(1234.5, "BRL").replace("\xa0", " ") == "R$ 1.234,50"
    window.set_language("en")
    assert formatting.number(1234567) == "1,234,567"
    assert formatting.size(1536) == "1.5 KB"


def test_geometry_and_tab_are_remembered(qtbot, window, services, translator, qsettings,
                                         runner) -> None:
    from dino_desktop.ui.main_window import MainWindow

    window.resize(1000, 700)
    qtbot.waitUntil(lambda: window.width() == 1000)
    window.tabs.setCurrentIndex(2)
    window.close()
    again = MainWindow(services, translator, qsettings, runner)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 2
    assert (again.width(), again.height()) == (1000, 700)


def test_fits_a_1366x768_screen(window) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 740, hint
