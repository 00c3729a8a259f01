"""`dino gui` as users start it: a real process, a real window (offscreen here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from dino_desktop.ui.app import pick_language

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "vendas_exemplo.csv"


def gui(tmp_path: Path, platform: str = "offscreen") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DINO_")}
    env.update(DINO_HOME=str(tmp_path / "home"), DINO_CONFIG=str(tmp_path / "none.toml"),
               DINO_USER="ana", DINO_LANG="pt_BR", XDG_CONFIG_HOME=str(tmp_path / "xdg"),
               HOME=str(tmp_path), QT_QPA_PLATFORM=platform)
    return subprocess.run([sys.executable, "-m", "dino_desktop", "gui", str(SAMPLE), "--check"],
                          capture_output=True, text=True, env=env, timeout=120)


def test_dino_gui_opens_the_window_with_the_sample(tmp_path: Path, qm_dir: Path) -> None:
    proc = gui(tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "window up" in proc.stdout and "vendas_exemplo.csv: 7 columns" in proc.stdout
    assert "language pt_BR" in proc.stdout  # from the configuration: nothing remembered yet


def test_high_dpi_screen(tmp_path: Path) -> None:
    """A 2× screen (a 4K laptop at 200%): the window comes up at twice the pixels."""
    screen = tmp_path / "hidpi.json"
    screen.write_text('{"screens": [{"name": "4k", "x": 0, "y": 0, "width": 1920, '
                      '"height": 1080, "logicalDpi": 192, "dpr": 2}]}')
    proc = gui(tmp_path, f"offscreen:configfile={screen}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "device pixel ratio 2" in proc.stdout


def test_language_remembered_beats_configured_beats_the_os(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert pick_language(settings, "pt-BR") == "pt_BR"
    assert pick_language(settings, "en") == "en"
    settings.setValue("language", "pt_BR")
    assert pick_language(settings, "en") == "pt_BR"
    settings.remove("language")
    assert pick_language(settings, "") in ("pt_BR", "en")  # the OS's
