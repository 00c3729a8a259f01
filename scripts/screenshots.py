"""Render each tab of the real window, in Portuguese and English, as PNGs for the README.

    bash scripts/test.sh -k nothing >/dev/null   # once: makes .venv and the .qm files
    .venv/bin/python scripts/screenshots.py       # re-runs itself under xvfb-run if no screen

Real services on the local profile in a temporary DINO_HOME: a few real runs of the sample
file (spread over the last days, one of them failed) give History and KPIs something to show.
Output: docs/screenshots/{upload,history,kpis}_{pt_BR,en}.png at 1366×768.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SAMPLE = ROOT / "resources" / "samples" / "vendas_exemplo.csv"
SIZE = (1366, 768)


def under_xvfb() -> int:
    exe = shutil.which("xvfb-run")
    if exe is None:
        sys.exit("no screen and no xvfb-run: apt-get install xvfb (or run on a desktop)")
    return subprocess.call([exe, "-a", "-s", f"-screen 0 {SIZE[0]}x{SIZE[1]}x24",
                            sys.executable, *sys.argv], env={**os.environ, "DINO_XVFB": "1"})


def demo_runs(app, work: Path) -> str:
    """Real runs of the sample into three tables, moved back in time; returns one run id."""
    import sqlalchemy as sa

    from dino_desktop.adapters.migrations.schema import runs
    from dino_desktop.core.models import BadRowPolicy, InspectOptions, WriteMode
    from dino_desktop.services.ingestion import IngestError, IngestRequest

    plan = [("vendas", "notas_2026", 13), ("vendas", "notas_2026", 9), ("financeiro", "boletos", 6),
            ("vendas", "notas_2026", 4), ("estoque", "posicao", 2), ("financeiro", "boletos", 1)]
    ids = []
    for i, (db, table, days) in enumerate(plan):
        copy = work / f"vendas_{i}.csv"
        lines = SAMPLE.read_bytes().split(b"\r\n")
        body = lines[3:-3] * (1 + (i * 7) % 5)  # data lines (between header and totals)
        copy.write_bytes(b"\r\n".join(lines[:3] + body + lines[-3:]))
        run = app.ingestion.ingest(IngestRequest(copy, db, table, mode=WriteMode.APPEND),
                                   confirm={"duplicate", "overwrite"})
        ids.append((run.run_id, days))
    bad = work / "pedidos_out.csv"
    bad.write_text("pedido;quantidade\n1;10\n2;dez\n3;7\n", "utf-8")
    try:
        app.ingestion.ingest(IngestRequest(
            bad, "vendas", "pedidos", policy=BadRowPolicy.REJECT,
            options=InspectOptions(column_types={"quantidade": "bigint"})))
    except IngestError as exc:
        if exc.run is not None:
            ids.append((exc.run.run_id, 0))
    now = dt.datetime.now(dt.UTC)
    with app.runlog.engine.begin() as conn:
        for run_id, days in ids:
            when = now - dt.timedelta(days=days, hours=days % 5)
            conn.execute(sa.update(runs).where(runs.c.run_id == run_id)
                         .values(created_at=when, finished_at=when + dt.timedelta(seconds=3)))
    return ids[-1][0]


def settle(qapp, runner, rounds: int = 40) -> None:
    """Let workers finish and their answers reach the widgets."""
    for _ in range(rounds):
        runner.wait(10_000)
        qapp.processEvents()


def main() -> int:
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        return under_xvfb()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from dino_desktop import config
    from dino_desktop.bootstrap import build
    from dino_desktop.ui.app import make_application
    from dino_desktop.ui.i18n import Translator
    from dino_desktop.ui.main_window import MainWindow
    from dino_desktop.ui.workers import TaskRunner

    OUT.mkdir(parents=True, exist_ok=True)
    qapp = make_application(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    with tempfile.TemporaryDirectory(prefix="dino-shots-") as tmp:
        work = Path(tmp)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("DINO_")},
               "DINO_HOME": str(work / "home"), "DINO_CONFIG": str(work / "none.toml"),
               "DINO_USER": "ana.souza@contoso.com.br"}
        services = build(config.load(env=env))
        failed_run = demo_runs(services, work)
        translator = Translator(qapp)
        for lang in ("pt_BR", "en"):
            translator.use(lang)
            settings = QSettings(str(work / f"ui-{lang}.ini"), QSettings.Format.IniFormat)
            runner = TaskRunner()
            window = MainWindow(services, translator, settings, runner)
            window.resize(*SIZE)
            window.show()
            upload = window.upload
            upload.target.database.setEditText("vendas")
            upload.target.table.setEditText("notas_2026")
            upload.load(SAMPLE)
            settle(qapp, runner)
            shots = {"upload": window.upload, "history": window.history, "kpis": window.kpis}
            for name, tab in shots.items():
                window.tabs.setCurrentWidget(tab)
                if tab is window.history:
                    window.history.show_run(failed_run)
                settle(qapp, runner)
                path = OUT / f"{name}_{lang}.png"
                window.grab().save(str(path))
                print(f"wrote {path.relative_to(ROOT)}")
            window.close()
            runner.wait(30_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
