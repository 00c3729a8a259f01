"""`dino ingest` end to end (inspect, convert, stage, Delta write, run log) beside DuckDB's
CSV → Parquet COPY on the same Brazilian-style file, in the same run.

    python bench/bench_ingest.py              # 1 GB
    python bench/bench_ingest.py --size-gb 2

Targets: at least 0.7× DuckDB's throughput; DINO's peak RSS under 600 MB. Each engine runs
in its own process; both are timed on the wall clock, interpreter start included.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_convert import OUT, generate, measure, run_child

RATIO_TARGET = 0.7
RSS_TARGET_MB = 600


def run_ingest(src: Path, home: Path) -> dict:
    # As installed (and as the one-file build ships it): with compiled bytecode.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DINO_") and k != "PYTHONDONTWRITEBYTECODE"}
    import dino_desktop

    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    str(Path(dino_desktop.__file__).parent)], check=True, env=env)
    env.update(DINO_HOME=str(home), DINO_CONFIG=str(home / "none.toml"), DINO_USER="bench")
    cmd = [sys.executable, "-m", "dino_desktop", "ingest", str(src), "--database", "bench",
           "--table", "vendas", "--json", "--yes"]
    rc, wall, peak, stdout, stderr = measure(cmd, env)
    result = {"engine": "dino ingest", "rc": rc, "wall": wall, "peak_rss": peak}
    if rc == 0:
        result.update(json.loads(stdout))
    else:
        result["error"] = "\n".join(stderr.strip().splitlines()[-15:])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=1.0)
    args = parser.parse_args(argv)
    src, rows = generate(int(args.size_gb * 1e9))
    mb = src.stat().st_size / 1e6
    print(f"input   {src} ({mb:,.0f} MB, {rows:,} rows)")
    print(f"machine {platform.platform()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}")
    work = Path(tempfile.mkdtemp(prefix="dino-bench-", dir=OUT))
    try:
        print("\nrunning duckdb ...", flush=True)
        duck = run_child("duckdb", src, work / "duck.parquet")
        print("running dino ingest ...", flush=True)
        dino = run_ingest(src, work / "home")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'engine':<12} {'wall s':>8} {'MB/s':>8} {'peak RSS MB':>12}")
    for r in (duck, dino):
        if r["rc"] != 0:
            print(f"{r['engine']:<12} failed:\n{r.get('error', '')}")
            continue
        print(f"{r['engine']:<12} {r['wall']:>8.2f} {mb / r['wall']:>8.1f} "
              f"{r['peak_rss'] / 1e6:>12.0f}")
    if duck["rc"] != 0 or dino["rc"] != 0:
        return 2
    print("\nDINO stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in dino["timings"].items()))
    ratio = duck["wall"] / dino["wall"]
    rss = dino["peak_rss"] / 1e6
    checks = [(ratio >= RATIO_TARGET, f"throughput DINO/DuckDB {ratio:.2f} >= {RATIO_TARGET}"),
              (rss < RSS_TARGET_MB, f"DINO peak RSS {rss:.0f} MB < {RSS_TARGET_MB} MB"),
              (dino["rows_written"] == rows, f"rows written {dino['rows_written']:,} "
                                             f"== {rows:,}")]
    print()
    for ok, text in checks:
        print(("PASS  " if ok else "FAIL  ") + text)
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
