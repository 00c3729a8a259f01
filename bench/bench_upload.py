"""Benchmark: DINO's BlobStorage.stage against the SDK's own BlobClient.upload_blob.

Not a test (pytest never collects it): run it by hand, from the repository root, after
`npm ci` (Azurite comes from npm).

    python bench/bench_upload.py                         256 MB and 512 MB, 3 rounds
    python bench/bench_upload.py --size-mb 64 --rounds 1 a quick look

One file of random bytes per size is generated once into bench/out/ (git-ignored). The
script starts its own Azurite on 127.0.0.1 (data in a temporary folder under bench/out/),
then uploads the same file, with the same block size and concurrency, each upload in its
own child process (bench_convert.measure: wall time and peak RSS of that child alone):

- **sdk**: `BlobClient.upload_blob(file, max_concurrency=N)`, `max_block_size` = the block
  size (the baseline: no checksum at all);
- **sdk+crc64**: the same with `validate_content="crc64"` (a CRC64 on every block, as DINO
  does by default);
- **dino**: `BlobStorage.stage()` of a run folder holding the file and a manifest that lists
  it with its sha256, as the conversion writes it (blocks with their CRC64, block list, then
  the manifest);
- with `--engines`, also **sdk+md5** (`validate_content=True`) and **dino+md5** (DINO with
  `blob_checksum = "md5"`).

Sizes are decimal: 1 MB = 10^6 bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_convert import measure, report_verdicts  # noqa: E402

AZURITE = ROOT / "node_modules" / ".bin" / "azurite-blob"
KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
       "KBHBeksoGMGw==")
RATIO_TARGET = 0.95  # DINO throughput / the SDK's, at least
FLAT_TARGET_MB = 16  # DINO's peak RSS may grow this much when the file doubles, at most
ENGINES = ("sdk", "dino", "sdk+crc64")  # DINO next to each baseline in every round
CHOICES = ("sdk", "sdk+crc64", "sdk+md5", "dino", "dino+md5")


def _default_store() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else OUT


def connection_string(port: int) -> str:
    return (f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};"
            f"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;")


# --------------------------------------------------------------------------- input, Azurite


def generate(size_mb: int) -> Path:
    """bench/out/upload_<size>mb.bin: random bytes (incompressible), made once."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"upload_{size_mb}mb.bin"
    size = size_mb * 10**6
    if path.exists() and path.stat().st_size == size:
        return path
    print(f"generating {path.name} ...", flush=True)
    partial = path.with_suffix(".partial")
    with open(partial, "wb") as fout:
        left = size
        while left:
            n = min(left, 16 << 20)
            fout.write(os.urandom(n))
            left -= n
    partial.replace(path)
    return path


def start_azurite(location: Path) -> tuple[subprocess.Popen, int]:
    if shutil.which("node") is None or not AZURITE.exists():
        raise SystemExit("Azurite is needed: install node, then run `npm ci`")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--location",
         str(location), "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, port
        except OSError:
            try:
                proc.wait(timeout=0.05)
                raise SystemExit(f"azurite-blob exited with {proc.returncode}")
            except subprocess.TimeoutExpired:
                pass
    proc.kill()
    raise SystemExit("azurite-blob did not start within 30 s")


# --------------------------------------------------------------------------- child runs


def child(engine: str, port: int, container: str, src: str, block: int, conc: int) -> None:
    """One upload in this (child) process; prints its timings as one JSON line."""
    from azure.storage.blob import BlobClient, ContainerClient

    path = Path(src)
    size = path.stat().st_size
    conn = connection_string(port)
    result: dict[str, float] = {}
    if engine.startswith("dino"):
        from dino_desktop.adapters.azure_blob import BlobStorage

        run_dir = Path(tempfile.mkdtemp(dir=OUT, prefix="upload-run-"))
        try:
            os.link(path, run_dir / "part-00000.parquet")  # same bytes, no copy
            # as the conversion writes it: each part with its sha256 (hashed before the clock)
            digest = hashlib.sha256()
            with open(path, "rb") as fin:
                while chunk := fin.read(8 << 20):
                    digest.update(chunk)
            (run_dir / "manifest.json").write_text(json.dumps({"parts": [{
                "path": "part-00000.parquet", "bytes": size, "sha256": digest.hexdigest()}]}))
            client = ContainerClient.from_connection_string(conn, container)
            store = BlobStorage(client, "bench", concurrency=conc, block_size=block,
                                checksum="md5" if engine == "dino+md5" else "crc64")
            result["rss_before"] = _peak_rss()
            cpu, started = _cpu(), time.perf_counter()
            store.stage("01BENCH" + uuid.uuid4().hex[:19].upper(), run_dir, None)
            result["seconds"] = time.perf_counter() - started
            result["cpu"] = _cpu() - cpu
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)
    else:
        blob = BlobClient.from_connection_string(conn, container, f"sdk/{uuid.uuid4().hex}",
                                                 max_block_size=block,
                                                 max_single_put_size=block)
        result["rss_before"] = _peak_rss()
        cpu, started = _cpu(), time.perf_counter()
        with open(path, "rb") as fin:
            blob.upload_blob(fin, length=size, max_concurrency=conc, overwrite=True,
                             validate_content={"sdk+md5": True, "sdk+crc64": "crc64"}.get(
                                 engine, False))
        result["seconds"] = time.perf_counter() - started
        result["cpu"] = _cpu() - cpu
    print(json.dumps(result))


def _cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _proc_cpu(pid: int) -> float:
    """CPU seconds of another process (Azurite: node, single-threaded), where /proc has it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss() -> int:
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def run_child(engine: str, store: Path, src: Path, block: int, conc: int) -> dict:
    """One upload in a child process, against an Azurite started for it alone (a fresh
    one each time: its own bookkeeping and memory never carry over between runs)."""
    from azure.storage.blob import ContainerClient

    location = Path(tempfile.mkdtemp(dir=store, prefix="dino-azurite-"))
    proc, port = start_azurite(location)
    try:
        container = "bench"
        ContainerClient.from_connection_string(connection_string(port),
                                               container).create_container()
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, str(port),
               container, str(src), str(block), str(conc)]
        server_cpu = _proc_cpu(proc.pid)
        rc, wall, peak, stdout, stderr = measure(cmd)
        server_cpu = _proc_cpu(proc.pid) - server_cpu
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(location, ignore_errors=True)
    res = {"engine": engine, "rc": rc, "wall": wall, "peak_rss": peak, "server_cpu": server_cpu}
    if rc == 0:
        res.update(json.loads(stdout.strip().splitlines()[-1]))
    else:
        res["error"] = "\n".join(stderr.strip().splitlines()[-15:])
    return res


def _paired(results: dict[tuple[int, str], list[dict]], mb: int, other: str,
            mine: str = "dino") -> list[float]:
    """DINO's speed over `other`'s in the same round: the two ran back to back, so a load
    that comes and goes on the machine affects both alike."""
    ours, theirs = results.get((mb, mine), []), results.get((mb, other), [])
    return [b["seconds"] / a["seconds"] for a, b in zip(ours, theirs, strict=False)
            if a["rc"] == 0 and b["rc"] == 0]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DINO BlobStorage vs the SDK's upload_blob.")
    parser.add_argument("--size-mb", type=int, nargs="+", default=[256, 512],
                        help="file sizes in MB (default 256 512: memory must stay flat)")
    parser.add_argument("--block-mb", type=int, default=8, help="block size, MiB (default 8)")
    parser.add_argument("--concurrency", type=int, default=4, help="blocks in flight (4)")
    parser.add_argument("--rounds", type=int, default=3, help="uploads per engine and size")
    parser.add_argument("--azurite-dir", type=Path, default=_default_store(),
                        help="where Azurite keeps the blobs (default: /dev/shm when there is "
                             "one, so the disk's write-back does not set the pace)")
    parser.add_argument("--engines", nargs="+", choices=CHOICES, default=list(ENGINES),
                        help="what to run in every round (default: sdk dino sdk+crc64; "
                             "sdk and dino are always run)")
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        engine, port, container, src, block, conc = args.child
        child(engine, int(port), container, src, int(block), int(conc))
        return 0

    import azure.storage.blob

    block, conc = args.block_mb << 20, args.concurrency
    engines = tuple(dict.fromkeys(["sdk", "dino", *args.engines]))
    files = {mb: generate(mb) for mb in args.size_mb}
    print(f"machine {platform.platform()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, azure-storage-blob {azure.storage.blob.__version__}")
    print(f"block {args.block_mb} MiB, concurrency {conc}, {args.rounds} rounds, engines "
          f"alternate\n", flush=True)
    args.azurite_dir.mkdir(parents=True, exist_ok=True)
    print(f"Azurite (a fresh one for every upload) keeps the blobs under {args.azurite_dir}")
    results: dict[tuple[int, str], list[dict]] = {}
    failed = False
    for mb, src in files.items():
        for rnd in range(args.rounds):
            order = engines if rnd % 2 == 0 else tuple(reversed(engines))
            for engine in order:
                res = run_child(engine, args.azurite_dir, src, block, conc)
                results.setdefault((mb, engine), []).append(res)
                if res["rc"] != 0:
                    failed = True
                    print(f"  {engine} {mb} MB FAILED:\n{res['error']}", flush=True)
                else:
                    print(f"  {mb} MB {engine:<9} {mb / res['seconds']:7.1f} MB/s  "
                          f"CPU {res['cpu']:5.2f} s  Azurite CPU {res['server_cpu']:5.2f} s  "
                          f"peak RSS {res['peak_rss'] / 1e6:5.0f} MB",
                          flush=True)

    print(f"\n{'size':>6} {'engine':<9} {'MB/s (median, all)':<34} {'CPU s':>6} "
          f"{'Azurite':>7} {'peak RSS MB':>11} {'growth MB':>9}")
    summary: dict[tuple[int, str], dict[str, float]] = {}
    for (mb, engine), runs in results.items():
        ok = [r for r in runs if r["rc"] == 0]
        if not ok:
            continue
        speeds = [mb / r["seconds"] for r in ok]
        peak = max(r["peak_rss"] for r in ok) / 1e6
        growth = max(r["peak_rss"] - r["rss_before"] for r in ok) / 1e6
        cpu = statistics.median(r["cpu"] for r in ok)
        server = statistics.median(r["server_cpu"] for r in ok)
        summary[(mb, engine)] = {"speed": statistics.median(speeds), "peak": peak}
        every = ", ".join(f"{s:.0f}" for s in speeds)
        print(f"{mb:>6} {engine:<9} {statistics.median(speeds):7.1f} ({every})"
              f"{'':<{max(25 - len(every), 0)}} {cpu:6.2f} {server:7.2f} {peak:11.0f} "
              f"{growth:9.0f}")
    print("(CPU: the uploading child's user + system seconds; Azurite: the server's, both "
          "medians; growth: the child's peak RSS during the upload above its peak before it)")

    verdicts = []
    for mb in files:
        pairs = _paired(results, mb, "sdk")
        if pairs:
            ratio = statistics.median(pairs)
            every = ", ".join(f"{r:.2f}" for r in pairs)
            verdicts.append((f"{mb} MB: throughput DINO/SDK {ratio:.2f} >= {RATIO_TARGET} "
                             f"(per round: {every})", ratio >= RATIO_TARGET))
        for other in (e for e in engines if e.startswith("sdk+")):
            mine = "dino+md5" if other == "sdk+md5" and "dino+md5" in engines else "dino"
            ratios = _paired(results, mb, other, mine)
            if ratios:
                print(f"{mb} MB: {mine} / {other}, per round: "
                      f"{', '.join(f'{r:.2f}' for r in ratios)}; median "
                      f"{statistics.median(ratios):.2f}")
    sizes = sorted(files)
    if len(sizes) > 1 and all((mb, "dino") in summary for mb in sizes):
        grow = summary[(sizes[-1], "dino")]["peak"] - summary[(sizes[0], "dino")]["peak"]
        verdicts.append((f"DINO peak RSS {sizes[0]} MB -> {sizes[-1]} MB file grew "
                         f"{grow:.0f} MB <= {FLAT_TARGET_MB} MB", grow <= FLAT_TARGET_MB))
    return report_verdicts(verdicts, failed)


if __name__ == "__main__":
    sys.exit(main())
