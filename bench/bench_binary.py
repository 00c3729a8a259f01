"""Benchmark: the single file's size and its start to the first window, beside the app
started from the source tree, in the same run.

Not a test (pytest never collects it): build first (`bash scripts/build.sh`), then run it
from the repository root with the environment DINO is installed in:

    python bench/bench_binary.py                     dist/dino, 5 rounds
    python bench/bench_binary.py --rounds 9          more rounds on a noisy machine
    python bench/bench_binary.py --exe path/to/dino

"First window" is the moment `dino gui --check` prints "dino gui: window up": the main
window has been shown (services built, tabs made, the event loop running). Every start is a
new process, offscreen, in one DINO_HOME that an untimed first start of each has already
created; the OS file cache is warm, as on a second start on a desktop. Three kinds of start
alternate: the single file as users start it every day (the app already unpacked in the
user's cache by an earlier start), its first start after an install or an upgrade (an empty
cache: it unpacks the app first, once per version), and the source tree. The target is for
the everyday start; the first start is reported beside it. Sizes: 1 MB = 10^6 bytes.
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_convert import report_verdicts

from dino_desktop.launcher.payload import Payload, PayloadError

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


def contents(exe: Path, top: int) -> tuple[list[str], list[tuple[str, float, int]]]:
    """What the file holds: the launcher and the payload's streams (lines to print), and the
    biggest parts of the app it carries, unpacked (name, MB, files), by package."""
    found = Payload.in_executable(exe)
    launcher = exe.stat().st_size - sum(s.length for s in found.streams)
    lines = [f"launcher (bootloader, Python, standard library) {launcher / 1e6:6.1f} MB"]
    for n, stream in enumerate(found.streams, 1):
        lines.append(f"payload stream {n}: {stream.files:4d} files, {stream.size / 1e6:6.1f} MB "
                     f"-> {stream.length / 1e6:5.1f} MB of xz ({stream.length / stream.size:.0%})")
    size: collections.Counter[str] = collections.Counter()
    count: collections.Counter[str] = collections.Counter()
    for name, length in found.files.items():
        parts = name.split("/")
        part = parts[1] if parts[0] == "_internal" and len(parts) > 2 else "(top level)"
        size[part] += max(0, length)
        count[part] += 1
    return lines, [(k, v / 1e6, count[k]) for k, v in size.most_common(top)]


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
    try:
        lines, parts = contents(exe, args.contents)
    except PayloadError as exc:
        print(f"{exc}: build it with scripts/build.sh")
        return 2
    print("\n" + "\n".join(lines))
    if parts:
        print(f"\n{'largest parts of the app, unpacked':<44}{'size':>9}{'files':>7}")
        for name, mb, files in parts:
            print(f"{name[:43]:<44}{mb:>6.1f} MB{files:>7d}")
    runs = {
        "binary": [str(exe)],  # the everyday start: the app already unpacked
        "first": [str(exe)],  # an empty cache each time: unpacks first
        "source": [sys.executable, "-m", "dino_desktop"],
    }
    window: dict[str, list[float]] = {k: [] for k in runs}
    version: dict[str, list[float]] = {k: [] for k in runs}
    exit_: dict[str, list[float]] = {k: [] for k in runs}
    with tempfile.TemporaryDirectory(prefix="dino-bench-binary-") as tmp:
        env = env_for(Path(tmp))
        envs = {name: {**env, "DINO_APP_CACHE": str(Path(tmp) / "cache")} for name in runs}
        try:
            for name, cmd in runs.items():  # untimed: the run log, the cache, the file cache
                timed([*cmd, "gui", "--check"], envs[name], MARK)
            for n in range(args.rounds):
                for name, cmd in runs.items():
                    if name == "first":  # an empty cache for each of its two starts
                        envs[name]["DINO_APP_CACHE"] = str(Path(tmp) / f"first-{n}-window")
                    first, end = timed([*cmd, "gui", "--check"], envs[name], MARK)
                    window[name].append(first)
                    exit_[name].append(end)
                    if name == "first":
                        shutil.rmtree(envs[name]["DINO_APP_CACHE"])
                        envs[name]["DINO_APP_CACHE"] = str(Path(tmp) / f"first-{n}-version")
                    version[name].append(timed([*cmd, "--version"], envs[name], None)[1])
                    if name == "first":
                        shutil.rmtree(envs[name]["DINO_APP_CACHE"])
        except RuntimeError as exc:
            print(f"\n{exc}")
            return report_verdicts([], failed=True)
    print(f"\n{args.rounds} rounds; the three kinds of start alternating")
    labels = {"binary": "single file, every day (app already unpacked)",
              "first": "single file, first start of a version (unpacks)",
              "source": "from the source tree"}
    for name in runs:
        print(labels[name])
        print(f"    start to first window {stats(window[name])}")
        print(f"    ... to exit           {stats(exit_[name])}")
        print(f"    --version             {stats(version[name])}")
    unpack = statistics.median(version["first"]) - statistics.median(version["binary"])
    print(f"unpacking on a first start (its --version minus an everyday one): about "
          f"{unpack:.2f} s, once per version")
    start = statistics.median(window["binary"])
    return report_verdicts([
        (f"size {size_mb:.1f} MB <= {SIZE_TARGET_MB} MB", size_mb <= SIZE_TARGET_MB),
        (f"single file, start to first window {start:.2f} s (median) <= {START_TARGET_S} s "
         f"(source: {statistics.median(window['source']):.2f} s; first start of a version: "
         f"{statistics.median(window['first']):.2f} s)", start <= START_TARGET_S),
    ], failed=False)


if __name__ == "__main__":
    sys.exit(main())
