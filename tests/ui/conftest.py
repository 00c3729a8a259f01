"""A real Qt window on the offscreen platform (or the real display under Xvfb), driving
real services on the local profile in a temporary DINO_HOME."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    # offscreen, on a screen the size of the smallest laptop DINO must fit (1366×768)
    screen = Path(__file__).with_name("offscreen_screen.json")
    os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={screen}")

import pytest
from PySide6.QtCore import QSettings

from dino_desktop import config
from dino_desktop.bootstrap import App, build

if TYPE_CHECKING:
    from dino_desktop.ui.history_tab import HistoryTab

REPO = Path(__file__).resolve().parents[2]
TS_DIR = REPO / "resources" / "translations"


def lrelease() -> str:
    exe = Path(sys.executable).with_name("pyside6-lrelease")
    return str(exe) if exe.exists() else (shutil.which("pyside6-lrelease") or "pyside6-lrelease")


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .ts sources compiled now, so tests always see the current translations."""
    out = tmp_path_factory.mktemp("qm")
    for ts in sorted(TS_DIR.glob("dino_*.ts")):
        subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(out / f"{ts.stem}.qm")],
                       check=True)
    return out


@pytest.fixture
def ui_env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("DINO_")}
    e.update(DINO_HOME=str(tmp_path / "dino-home"), DINO_CONFIG=str(tmp_path / "no.toml"),
             DINO_USER="ana@contoso.com")
    return e


@pytest.fixture
def services(ui_env: dict[str, str]) -> App:
    return build(config.load(env=ui_env))


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "dino-ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def translator(qapp, qm_dir: Path) -> Iterator:
    from dino_desktop.ui.i18n import Translator

    t = Translator(qapp, qm_dir)
    t.use("en")
    yield t
    t.use("en")


@pytest.fixture
def runner(qapp) -> Iterator:
    from dino_desktop.ui.workers import TaskRunner

    r = TaskRunner()
    yield r
    r.cancel_all()
    assert r.wait(60_000), "a background task did not finish"


@pytest.fixture
def window(qtbot, services: App, translator, qsettings: QSettings, runner) -> Iterator:
    from dino_desktop.ui.main_window import MainWindow

    w = MainWindow(services, translator, qsettings, runner)
    qtbot.addWidget(w)
    w.show()
    yield w
    runner.cancel_all()
    runner.wait(60_000)


def wait_loaded(qtbot, tab: HistoryTab) -> None:
    """Until the History tab's list has finished loading."""
    qtbot.waitUntil(lambda: not tab.model.loading, timeout=15_000)


@pytest.fixture
def open_tab(qtbot, services: App, runner, translator) -> Callable[[], HistoryTab]:
    """Opens a History tab on `services`, shown and loaded (call it once the runs are in)."""
    from dino_desktop.ui.history_tab import HistoryTab

    def make() -> HistoryTab:
        tab = HistoryTab(services, runner)
        qtbot.addWidget(tab)
        tab.resize(1400, 800)
        tab.show()
        wait_loaded(qtbot, tab)
        return tab
    return make
