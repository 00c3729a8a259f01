"""Benchmark: the single-file build's size and its start to the first window, beside the app
started from the source tree, in the same run.

Not a test (pytest never collects it): build first (`bash scripts/build.sh`), then run it
from the repository root with the environment DINO is installed in:

    python bench/bench_binary.py                     dist/dino, 5 rounds
    python bench/bench_binary.py --rounds 9          more rounds on a noisy machine
    python bench/bench_binary.py --exe path/to/dino

"First window" is the moment `dino gui --check` prints "dino gui: window up": the main
window has been shown (services built, tabs made, the event loop running). Every start is a
new process (binary and source alternate), offscreen, in one DINO_HOME that an untimed first
start of each has already created; the OS file cache is warm, as on a second start on a desktop.
`--version` is timed too: for the binary it is nearly all unpacking (a one-file build unpacks
itself to a temporary folder on every start). Sizes are decimal: 1 MB = 10^6 bytes.
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_convert import report_verdicts

REPO = Path(__file__).resolve().parents[1]
SIZE_TARGET_MB = 120  # the single file, at most
START_TARGET_S = 2.5  # binary: start to the first window, at most (median)
MARK = "dino gui: window up"
TIMEOUT_S = 120


def default_exe() -> Path:
    return REPO / "dist" / ("dino.exe" if sys.platform == "win32" else "dino")


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DINO_")}
    env.update(DINO_HOME=str(home / "home"), DINO_CONFIG=str(home / "none.toml"),
               DINO_CENTRAL_CONFIG=str(home / "none-central.toml"), DINO_LANG="pt_BR",
               XDG_CONFIG_HOME=str(home / "xdg"), QT_QPA_PLATFORM="offscreen")
    return env


def timed(cmd: list[str], env: dict[str, str], mark: str | None) -> tuple[float, float]:
    """Seconds from launch to the `mark` line on stdout (or to the end), and to the end."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env,
                                cwd=tempfile.gettempdir())
        watchdog = threading.Timer(TIMEOUT_S, proc.kill)
        watchdog.start()
        seen = None
        assert proc.stdout is not None
        for line in proc.stdout:
            if seen is None and (mark is None or line.startswith(mark)):
                seen = time.perf_counter() - started
        rc = proc.wait()
        ended = time.perf_counter() - started
        watchdog.cancel()
        if rc != 0 or seen is None:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(cmd)} exited {rc}:\n{tail}")
        return seen, ended


def contents(exe: Path, top: int) -> list[tuple[str, float, float]]:
    """The biggest parts of the build: (name, MB in the file, MB unpacked), by package."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return []
    packed: collections.Counter[str] = collections.Counter()
    unpacked: collections.Counter[str] = collections.Counter()
    for name, (_off, length, ulength, _flag, kind) in CArchiveReader(str(exe)).toc.items():
        part = name.split("/")[0] if "/" in name else name
        if "/" not in name and kind == "b" and part.startswith("lib") and ".so" in part:
            part = "system libraries"
        packed[part] += length
        unpacked[part] += ulength
    return [(k, v / 1e6, unpacked[k] / 1e6) for k, v in packed.most_common(top)]


def stats(values: list[float]) -> str:
    return (f"{statistics.median(values):6.2f} s  (min {min(values):.2f}, "
            f"max {max(values):.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path, default=default_exe())
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--contents", type=int, default=8, metavar="N",
                        help="list the N biggest parts of the file (0: none)")
    args = parser.parse_args(argv)
    exe = args.exe.resolve()
    if not exe.is_file():
        print(f"{exe} not found: build it first (bash scripts/build.sh)")
        return 2
    size_mb = exe.stat().st_size / 1e6
    print(f"binary  {exe}: {size_mb:.1f} MB")
    print(f"machine {platform.platform()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, load average "
          + (" ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg")
             else "?"))
    parts = contents(exe, args.contents)
    if parts:
        print(f"\n{'largest parts':<44}{'in file':>9}{'unpacked':>10}")
        for name, packed, unpacked in parts:
            print(f"{name[:43]:<44}{packed:>6.1f} MB{unpacked:>7.1f} MB")
    runs = {
        "binary": [str(exe)],
        "source": [sys.executable, "-m", "dino_desktop"],
    }
    window: dict[str, list[float]] = {k: [] for k in runs}
    version: dict[str, list[float]] = {k: [] for k in runs}
    exit_: dict[str, list[float]] = {k: [] for k in runs}
    with tempfile.TemporaryDirectory(prefix="dino-bench-binary-") as tmp:
        env = env_for(Path(tmp))
        try:
            for cmd in runs.values():  # untimed: creates the run log, warms the file cache
                timed([*cmd, "gui", "--check"], env, MARK)
            for _ in range(args.rounds):
                for name, cmd in runs.items():
                    first, end = timed([*cmd, "gui", "--check"], env, MARK)
                    window[name].append(first)
                    exit_[name].append(end)
                    version[name].append(timed([*cmd, "--version"], env, None)[1])
        except RuntimeError as exc:
            print(f"\n{exc}")
            return report_verdicts([], failed=True)
    print(f"\n{args.rounds} rounds, binary and source alternating")
    for name in runs:
        print(f"{name:<7} start to first window {stats(window[name])}")
        print(f"{'':<7} ... to exit             {stats(exit_[name])}")
        print(f"{'':<7} --version               {stats(version[name])}")
    unpack = statistics.median(version["binary"]) - statistics.median(version["source"])
    print(f"unpacking the binary (its --version minus the source's): about {unpack:.2f} s")
    start = statistics.median(window["binary"])
    return report_verdicts([
        (f"size {size_mb:.1f} MB <= {SIZE_TARGET_MB} MB", size_mb <= SIZE_TARGET_MB),
        (f"binary start to first window {start:.2f} s (median) <= {START_TARGET_S} s "
         f"(source: {statistics.median(window['source']):.2f} s)", start <= START_TARGET_S),
    ], failed=False)


if __name__ == "__main__":
    sys.exit(main())
