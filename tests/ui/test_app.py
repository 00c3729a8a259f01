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


def test_dino_gui_opens_the_window_with_the_sample(tmp_path: Path, qm_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DINO_")}
    env.update(DINO_HOME=str(tmp_path / "home"), DINO_CONFIG=str(tmp_path / "none.toml"),
               DINO_USER="ana", DINO_LANG="pt_BR", XDG_CONFIG_HOME=str(tmp_path / "xdg"),
               HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "dino_desktop", "gui", str(SAMPLE), "--check"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "window up" in proc.stdout and "vendas_exemplo.csv: 7 columns" in proc.stdout
    assert "language pt_BR" in proc.stdout  # from the configuration: nothing remembered yet


def test_language_remembered_beats_configured_beats_the_os(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert pick_language(settings, "pt-BR") == "pt_BR"
    assert pick_language(settings, "en") == "en"
    settings.setValue("language", "pt_BR")
    assert pick_language(settings, "en") == "pt_BR"
    settings.remove("language")
    assert pick_language(settings, "") in ("pt_BR", "en")  # the OS's
