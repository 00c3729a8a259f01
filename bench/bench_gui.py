"""The GUI never freezes: the longest stall of the event loop while the Upload tab ingests
the 1 GB Brazilian CSV, beside the same loop idle (the baseline), in the same run.

    python bench/bench_gui.py               # 1 GB, offscreen (or the real display)
    python bench/bench_gui.py --size-gb 0.05

A 5 ms precise QTimer ticks in the GUI thread; a stall is how late a tick comes. Also printed:
the run's time in the GUI beside `dino ingest` on the same file (what the window costs).
Target: longest stall under 50 ms while the run goes on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STALL_TARGET_MS = 50.0
TICK_MS = 5


def child(src: str, home: str) -> None:
    """In a fresh process: the real main window, an idle baseline, then a run from Upload."""
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.update(DINO_HOME=home, DINO_CONFIG=str(Path(home) / "none.toml"),
                      DINO_USER="bench")
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from dino_desktop import config
    from dino_desktop.bootstrap import build
    from dino_desktop.ui.i18n import Translator
    from dino_desktop.ui.main_window import MainWindow
    from dino_desktop.ui.workers import TaskRunner

    app = QApplication([])
    settings = QSettings(str(Path(home) / "ui.ini"), QSettings.Format.IniFormat)
    translator = Translator(app)
    translator.use("pt_BR")
    runner = TaskRunner()
    window = MainWindow(build(config.load()), translator, settings, runner)
    window.show()
    upload = window.upload

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - TICK_MS)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    def wait(condition, seconds: float) -> None:
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: condition() and loop.quit())
        poll.start(20)
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        poll.stop()

    def measure(seconds: float | None, until=None) -> list[float]:
        gaps.clear()
        last[0] = time.perf_counter()
        timer.start()
        if until is None:
            wait(lambda: False, seconds or 0)
        else:
            wait(until, 3600)
        timer.stop()
        return list(gaps)

    idle = measure(3.0)
    upload.target.database.setEditText("bench")
    upload.target.table.setEditText("vendas_gui")
    upload.load(Path(src))
    wait(upload.ingest_button.isEnabled, 120)
    started = time.perf_counter()
    done: list[str] = []
    upload.run_finished.connect(done.append)
    timer_started = time.perf_counter()
    gaps.clear()
    last[0] = timer_started
    timer.start()
    upload.start_ingest()
    wait(lambda: bool(done), 3600)
    timer.stop()
    during = list(gaps)
    seconds = time.perf_counter() - started
    run = window.services.runlog.get(done[0]) if done else None
    window.close()
    runner.wait(60_000)
    print(json.dumps({
        "idle": summary(idle), "during": summary(during), "seconds": seconds,
        "state": run.state.value if run else "none", "rows": run.rows if run else None,
    }))


def summary(gaps: list[float]) -> dict:
    if not gaps:
        return {"ticks": 0, "max_ms": 0.0, "p99_ms": 0.0, "over_target": 0}
    ordered = sorted(gaps)
    return {"ticks": len(gaps), "max_ms": ordered[-1],
            "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "median_ms": statistics.median(ordered),
            "over_target": sum(1 for g in gaps if g > STALL_TARGET_MS)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=1.0)
    parser.add_argument("--child", nargs=2, metavar=("SRC", "HOME"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    from bench_convert import OUT, generate, measure
    from bench_ingest import run_ingest

    src, rows = generate(int(args.size_gb * 1e9))
    print(f"input   {src} ({src.stat().st_size / 1e6:,.0f} MB, {rows:,} rows)")
    qpa = os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY")
                                                else "offscreen")
    print(f"machine {platform.platform()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, Qt platform {qpa}")
    with tempfile.TemporaryDirectory(prefix="dino-bench-gui-", dir=OUT) as tmp:
        cli = run_ingest(src, Path(tmp) / "cli")
        rc, _wall, peak, stdout, stderr = measure(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(src),
             str(Path(tmp) / "gui")])
    if rc != 0:
        print(stderr[-3000:])
        return 2
    gui = json.loads(stdout.strip().splitlines()[-1])
    idle, during = gui["idle"], gui["during"]
    print(f"\n{'event loop':<28}{'ticks':>8}{'median ms':>11}{'p99 ms':>9}{'max ms':>9}"
          f"{'>50 ms':>8}")
    for name, s in (("idle window (baseline)", idle), ("during the run", during)):
        print(f"{name:<28}{s['ticks']:>8,}{s.get('median_ms', 0):>11.1f}{s['p99_ms']:>9.1f}"
              f"{s['max_ms']:>9.1f}{s['over_target']:>8}")
    cli_s = cli.get("seconds") or cli["wall"]
    print(f"\nrun time: GUI {gui['seconds']:.1f} s ({gui['state']}, {gui['rows']:,} rows) vs "
          f"`dino ingest` {cli_s:.1f} s → {gui['seconds'] / cli_s:.2f}×; GUI peak RSS "
          f"{peak / 2**20:,.0f} MB")
    ok = gui["state"] == "succeeded" and during["max_ms"] < STALL_TARGET_MS
    print(f"{'PASS' if ok else 'FAIL'}: longest stall {during['max_ms']:.1f} ms "
          f"(target < {STALL_TARGET_MS:.0f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
