"""Desktop alerts: the dispatcher's worker thread calls the tray, the message shows on the
GUI thread in the language shown, and clicking it opens the run in History."""

from __future__ import annotations

import threading

from dino_desktop.core.alerts import Alert, AlertChannels, history_link
from dino_desktop.ui.app import app_icon, start_alerts
from dino_desktop.ui.tray import Tray

RUN_ID = "01JDTRAY000000000000000000"


def test_notify_from_another_thread_reaches_the_gui_thread(qtbot) -> None:
    tray = Tray(app_icon())
    seen: list[str] = []
    tray.open_run.connect(seen.append)
    worker = threading.Thread(target=tray.notify,
                              args=("DINO: failed", f"boom\n{history_link(RUN_ID)}"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(tray.shown), timeout=5000)
    assert tray.shown == [("DINO: failed", f"boom\n{history_link(RUN_ID)}")]
    tray._clicked()  # what clicking the balloon does
    assert seen == [RUN_ID]


def test_the_window_gets_an_alerter_that_speaks_its_language(qtbot, window,
                                                             translator) -> None:
    alerter = start_alerts(window, window.services, translator)
    try:
        window.set_language("pt_BR")
        alerter.send(Alert(RUN_ID, "vendas.csv", "main.vendas.notas", False, "falhou aqui",
                           history_link(RUN_ID), channels=AlertChannels(desktop=True)))
        assert alerter.flush(5)
        qtbot.waitUntil(lambda: bool(window.tray.shown), timeout=5000)
        title, text = window.tray.shown[0]
        assert title == "DINO: a execução em main.vendas.notas falhou"
        assert "falhou aqui" in text and history_link(RUN_ID) in text
        window.tray.open_run.emit(RUN_ID)
        assert window.tabs.currentWidget() is window.history
    finally:
        alerter.close(1)
        window.set_language("en")
