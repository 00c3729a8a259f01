"""Benchmark: DINO's CSV -> Parquet (inspect + convert) against DuckDB's own COPY.

Not a test (pytest never collects it): run it by hand, from the repository root.

    python bench/bench_convert.py                       1 GB file
    python bench/bench_convert.py --size-gb 2           2 GB file
    python bench/bench_convert.py --size-gb 0.05 --only duckdb --rows-check
    python bench/bench_convert.py --repeat 3            3 rounds, verdict on the median

The input, a Brazilian-style CSV (`;`, decimal comma with `.` thousands, dd/mm/yyyy,
leading-zero codes, Sim/Não, accented UTF-8 text), is generated once by DuckDB and cached
in bench/out/ (git-ignored). Each engine then runs in its own child process, so the peak
RSS reported is that engine's alone. Sizes are decimal: 1 GB = 10^9 bytes, 1 MB = 10^6.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

RATIO_TARGET = 0.8  # DINO throughput / DuckDB throughput, at least
RSS_TARGET_MB = 500  # DINO peak RSS, below

# One row per i; about 72 bytes a row.
ROWS_SQL = """
SELECT
    lpad(CAST(i % 999983 AS VARCHAR), 8, '0') AS "Código",
    'Cliente ' || CAST(i % 5003 AS VARCHAR) || ' Ação' AS "Razão Social",
    strftime(DATE '2020-01-01' + CAST(i % 2000 AS INTEGER), '%d/%m/%Y') AS "Data Emissão",
    replace(replace(replace(format('{{:,.2f}}', (i % 1000003) * 1.37),
        ',', '_'), '.', ','), '_', '.') AS "Valor (R$)",
    CAST(i % 977 AS VARCHAR) AS "Quantidade",
    CASE WHEN i % 3 = 0 THEN 'Sim' ELSE 'Não' END AS "Ativo",
    'obs ' || CAST(i AS VARCHAR) AS "Observação"
FROM {source}
"""
CSV_OPTIONS = "(DELIMITER ';', HEADER true)"


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# --------------------------------------------------------------------------- input file


def generate(size_bytes: int) -> tuple[Path, int]:
    """The cached input CSV of about size_bytes, and its row count (generated if missing)."""
    import duckdb

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"vendas_{size_bytes / 1e9:g}gb.csv"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        info = json.loads(meta.read_text())
        if info.get("bytes") == path.stat().st_size:
            return path, int(info["rows"])

    con = duckdb.connect()
    # Bytes per row grow with i (more digits): measure them on a sample spread over the range.
    guess = max(size_bytes // 72, 1000)
    step = max(guess // 200_000, 1)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        sample = Path(tmp) / "sample.csv"
        source = f"range(0, {guess}, {step}) t(i)"
        con.execute(f"COPY ({ROWS_SQL.format(source=source)}) TO '{_sql_path(sample)}' "
                    f"{CSV_OPTIONS}")
        sample_rows = len(range(0, guess, step))
        header = len(sample.read_bytes().split(b"\n", 1)[0]) + 1
        per_row = (sample.stat().st_size - header) / sample_rows
    rows = max(int((size_bytes - header) / per_row), 1)

    print(f"generating {path.name}: {rows:,} rows, ~{size_bytes / 1e9:g} GB ...", flush=True)
    started = time.perf_counter()
    partial = path.with_suffix(".csv.partial")
    con.execute(f"COPY ({ROWS_SQL.format(source=f'range({rows}) t(i)')}) "
                f"TO '{_sql_path(partial)}' {CSV_OPTIONS}")
    partial.replace(path)
    meta.write_text(json.dumps({"rows": rows, "bytes": path.stat().st_size}))
    print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return path, rows


# --------------------------------------------------------------------------- child runs


def child(engine: str, src: str, dst: str) -> None:
    """Runs one engine in this (child) process; prints its timings as one JSON line."""
    result: dict[str, float] = {}
    if engine == "duckdb":
        import duckdb

        started, cpu = time.perf_counter(), time.process_time()
        duckdb.connect().execute(
            f"COPY (SELECT * FROM read_csv('{_sql_path(Path(src))}')) "
            f"TO '{_sql_path(Path(dst))}' (FORMAT parquet)"
        )
        result["seconds"] = time.perf_counter() - started
        result["cpu_seconds"] = time.process_time() - cpu
    else:
        from dino_desktop.core.convert import convert
        from dino_desktop.core.inspect import inspect_file
        from dino_desktop.core.models import Target

        started, cpu = time.perf_counter(), time.process_time()
        insp = inspect_file(Path(src))
        inspected = time.perf_counter()
        convert(insp, Path(dst), Target("bench", "vendas"))
        result["seconds"] = time.perf_counter() - started
        result["cpu_seconds"] = time.process_time() - cpu
        result["inspect_seconds"] = inspected - started
    print(json.dumps(result))


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[int, float, int, str,
                                                                         str]:
    """Run a child; (exit code, wall seconds, peak RSS bytes, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        if hasattr(os, "wait4"):  # exact: the kernel's high-water mark for this child alone
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB
            peak = usage.ru_maxrss * scale
        else:  # Windows: sample with psutil
            import psutil

            ps, peak = psutil.Process(proc.pid), 0
            while proc.poll() is None:
                with contextlib.suppress(psutil.Error):
                    peak = max(peak, ps.memory_info().rss)
                time.sleep(0.05)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return proc.returncode, wall, peak, stdout, stderr


def run_child(engine: str, src: Path, dst: Path) -> dict:
    """Runs `engine` in a fresh interpreter; adds wall time, peak RSS and exit code."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, str(src), str(dst)]
    rc, wall, peak, stdout, stderr = measure(cmd)
    result = {"engine": engine, "rc": rc, "wall": wall, "peak_rss": peak}
    if rc == 0:
        result.update(json.loads(stdout.strip().splitlines()[-1]))
    else:
        result["error"] = "\n".join(stderr.strip().splitlines()[-15:])
    return result


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    files = [path] if path.is_file() else sorted(path.rglob("*.parquet"))
    return sum(pq.ParquetFile(f).metadata.num_rows for f in files)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DINO CSV->Parquet vs DuckDB COPY.")
    parser.add_argument("--size-gb", type=float, default=1.0, help="input size (default 1)")
    parser.add_argument("--only", choices=["duckdb", "dino"], help="run one engine only")
    parser.add_argument("--keep", action="store_true", help="keep the Parquet outputs")
    parser.add_argument("--rows-check", action="store_true",
                        help="check the Parquet row counts against the generated rows")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run both engines N times, alternating; verdict on the median "
                             "ratio (default 1)")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "SRC", "DST"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    import duckdb

    src, rows = generate(int(args.size_gb * 1e9))
    size = src.stat().st_size
    print(f"input   {src} ({size / 1e6:,.0f} MB, {rows:,} rows)")
    print(f"machine {platform.platform()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, duckdb {duckdb.__version__}\n", flush=True)

    tag = src.stem
    outputs = {"duckdb": OUT / f"{tag}.duckdb.parquet", "dino": OUT / f"{tag}.dino"}
    engines = [args.only] if args.only else ["duckdb", "dino"]
    runs: dict[str, list[dict]] = {e: [] for e in engines}
    failed = False
    for n in range(args.repeat):
        for engine in engines:
            dst = outputs[engine]
            _remove(dst)
            if engine == "dino":
                dst.mkdir(parents=True)
            round_ = f" (round {n + 1} of {args.repeat})" if args.repeat > 1 else ""
            print(f"running {engine}{round_} ...", flush=True)
            res = run_child(engine, src, dst)
            runs[engine].append(res)
            if res["rc"] != 0:
                print(f"  {engine} FAILED (exit {res['rc']}):\n{res['error']}\n", flush=True)
                failed = True
            elif args.rows_check:
                got = parquet_rows(dst)
                res["rows_ok"] = got == rows
                print(f"  rows check: {got:,} of {rows:,}: {'PASS' if got == rows else 'FAIL'}")
            if not args.keep:
                _remove(dst)
        if failed:
            break

    print(f"\n{'engine':<8} {'seconds':>8} {'wall s':>8} {'MB/s':>8} {'peak RSS MB':>12} "
          f"{'CPU s':>7}")
    for engine, done in runs.items():
        for res in done:
            if res["rc"] != 0:
                print(f"{engine:<8} {'failed':>8}")
                continue
            print(f"{engine:<8} {res['seconds']:8.2f} {res['wall']:8.2f} "
                  f"{size / 1e6 / res['seconds']:8.1f} {res['peak_rss'] / 1e6:12.0f} "
                  f"{res['cpu_seconds']:7.2f}")
    print("(seconds: the work in the child; wall: with interpreter start and imports; "
          "CPU s: all threads, the work only)")

    # One ratio per round, from the two runs next to each other: the fairest comparison
    # on a machine whose load changes; with --repeat, the verdict is on the median.
    ok_runs = {e: [r for r in done if r["rc"] == 0] for e, done in runs.items()}
    ratios = [duck["seconds"] / dino["seconds"]
              for duck, dino in zip(runs.get("duckdb", []), runs.get("dino", []), strict=False)
              if duck["rc"] == 0 and dino["rc"] == 0]
    verdicts = []
    if ok_runs.get("dino"):
        dino_runs = ok_runs["dino"]
        inspect = statistics.median(r["inspect_seconds"] for r in dino_runs)
        print(f"\nDINO inspect alone: {inspect:.2f} s")
        rss_mb = max(r["peak_rss"] for r in dino_runs) / 1e6
        verdicts.append((f"DINO peak RSS {rss_mb:.0f} MB < {RSS_TARGET_MB} MB",
                         rss_mb < RSS_TARGET_MB))
        if ratios:
            ratio = statistics.median(ratios)
            if len(ratios) > 1:
                print("ratios  " + " ".join(f"{r:.2f}" for r in ratios)
                      + f"  (min {min(ratios):.2f}, median {ratio:.2f})")
            what = "median " if len(ratios) > 1 else ""
            verdicts.append((f"throughput DINO/DuckDB {what}{ratio:.2f} >= {RATIO_TARGET}",
                             ratio >= RATIO_TARGET))
    verdicts += [(f"{e} row count", all(r["rows_ok"] for r in done))
                 for e, done in ok_runs.items() if done and "rows_ok" in done[0]]
    return report_verdicts(verdicts, failed)


def report_verdicts(verdicts: list[tuple[str, bool]], failed: bool) -> int:
    """PASS/FAIL lines; the exit code: 2 an engine crashed, 1 a target missed, else 0."""
    if verdicts:
        print()
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    if failed:
        return 2
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
