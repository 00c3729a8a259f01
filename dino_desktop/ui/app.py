"""`dino` with no arguments: the desktop app.

Services are built on a worker (the azure profile reaches the network while building), so the
window appears at once; until they are ready a small "starting" window says so.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from dino_desktop import __version__
from dino_desktop import config as config_mod
from dino_desktop.bootstrap import App, build, build_alerter
from dino_desktop.core.manifest import resources_dir
from dino_desktop.core.models import DinoError
from dino_desktop.logs import setup_logging
from dino_desktop.services.alerting import AlertDispatcher
from dino_desktop.ui.i18n import Translator, normalize, problem_text, system_language
from dino_desktop.ui.workers import TaskRunner

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "dino.svg"))


def make_application(argv: list[str]) -> QApplication:
    QApplication.setOrganizationName("DINO")
    QApplication.setApplicationName("DINO")
    QApplication.setApplicationVersion(__version__)
    qapp = QApplication.instance() or QApplication(argv)
    assert isinstance(qapp, QApplication)
    qapp.setApplicationDisplayName("DINO")
    qapp.setWindowIcon(app_icon())
    return qapp


def pick_language(settings: QSettings, configured: str) -> str:
    """Remembered choice > configuration (IT or DINO_LANG) > the OS language."""
    return (normalize(str(settings.value("language") or "")) or normalize(configured)
            or system_language())


def start_alerts(window: QWidget, services: App, translator: Translator) -> AlertDispatcher:
    """The tray icon and the Alerter the automation rules send through (`window.alerter`,
    `window.tray`): desktop notifications in the language shown at the time; clicking one
    opens the run in History."""
    from dino_desktop.ui.tray import Tray

    tray = Tray(app_icon(), window)
    tray.open_run.connect(getattr(window, "show_run", lambda _run_id: None))
    tray.activated.connect(lambda: (window.showNormal(), window.raise_(),
                                    window.activateWindow()))
    alerter = build_alerter(services.settings, tray.notify, lambda: translator.lang)
    window.tray = tray  # type: ignore[attr-defined]
    window.alerter = alerter  # type: ignore[attr-defined]
    attach = getattr(window, "attach_tray", None)
    if attach is not None:  # rule alerts and the tray menu (ui/main_window.py)
        attach(tray, alerter)
    return alerter


def run(argv: list[str] | None = None, file: Path | None = None, check: bool = False) -> int:
    """Start the app; `file` opens in the Upload tab, ready to try. With `check`, quit once
    the window is up (and the file inspected): exit 0 if all went well (for builds and CI)."""
    qapp = make_application(list(argv if argv is not None else sys.argv))
    settings = QSettings()
    try:
        cfg = config_mod.load()
    except config_mod.ConfigError as exc:
        QMessageBox.critical(None, "DINO", str(exc))
        return 2
    setup_logging(cfg.home_path)
    translator = Translator(qapp)
    translator.use(pick_language(settings, cfg.language))
    runner = TaskRunner(qapp)
    splash = QLabel(qapp.translate("app", "Starting DINO…"))
    splash.setWindowFlag(Qt.WindowType.SplashScreen)
    splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
    splash.setMinimumSize(320, 120)
    splash.show()
    state: dict[str, object] = {}

    def ready(services: App) -> None:
        from dino_desktop.ui.main_window import MainWindow

        window = MainWindow(services, translator, settings, runner)
        state["window"] = window
        state["alerter"] = start_alerts(window, services, translator)
        window.closed.connect(qapp.quit)  # hidden to the tray is not closed
        qapp.commitDataRequest.connect(  # the session ends: closing is quitting
            lambda _manager: setattr(window, "quitting", True))
        window.show()
        splash.close()
        if file is not None:
            window.tabs.setCurrentWidget(window.upload)
            window.upload.load(file)
        if check:
            def done() -> None:
                insp = window.upload.inspection
                ok = file is None or (insp is not None and insp.ok)
                print(f"dino gui: window up ({window.width()}x{window.height()}, "
                      f"device pixel ratio {window.devicePixelRatioF():g}), "
                      f"language {translator.lang}"
                      + (f", {file.name}: {len(insp.columns)} columns" if insp else ""),
                      flush=True)  # now, not at exit: bench/bench_binary.py times this line
                window.quit_app()
                qapp.exit(0 if ok else 1)

            if file is None:
                QTimer.singleShot(0, done)
            else:
                window.upload.inspected.connect(done)

    def failed(exc: Exception) -> None:
        splash.close()
        text = problem_text(exc.problem) if isinstance(exc, DinoError) else str(exc)
        QMessageBox.critical(None, "DINO", qapp.translate(
            "app", "DINO could not start:\n%1").replace("%1", text))
        qapp.exit(1)

    runner.submit(build, cfg, on_result=ready, on_error=failed, name="start")
    code = qapp.exec()
    window = state.get("window")
    automation = getattr(window, "automation", None)
    if automation is not None:  # however the loop ended: the rules stop, boundedly
        automation.shutdown()
    alerter = state.get("alerter")
    if isinstance(alerter, AlertDispatcher):
        alerter.close(5)
    runner.cancel_all()
    runner.wait(30_000)
    return code
