"""`dino ingest | history | show | retry | undo | tables | config`: the run commands (kpi and
sync-costs are in cli_costs.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

from dino_desktop.core.messages import render
from dino_desktop.core.models import (
    BadRowPolicy,
    DinoError,
    Problem,
    Progress,
    Severity,
    WriteMode,
)
from dino_desktop.core.runs import RunFilter, RunRecord, RunState

EXIT_OK, EXIT_FAILED, EXIT_CONFIRM, EXIT_CANCELLED = 0, 3, 4, 130


def add_parsers(sub: Any, add_inspect_options: Any) -> None:
    p = sub.add_parser("ingest", help="load a file into a table (inspect, convert, write, log)")
    add_inspect_options(p)
    p.add_argument("--database", required=True)
    p.add_argument("--table", required=True)
    p.add_argument("--mode", choices=[m.value for m in WriteMode], default="append")
    p.add_argument("--key", action="append", default=[], help="merge key column (repeat)")
    p.add_argument("--on-bad-rows", choices=["reject", "skip"], default="reject")
    p.add_argument("--yes", action="store_true",
                   help="confirm overwriting a table or loading the same file again")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("history", help="list runs")
    p.add_argument("--status", action="append", default=[],
                   choices=[s.value for s in RunState])
    p.add_argument("--table", help="database.table or table")
    p.add_argument("--user")
    p.add_argument("--since", help="a date (2026-11-01) or a period (7d, 24h)")
    p.add_argument("--until")
    p.add_argument("--search", help="text in the file name, table, run id or error")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")

    for name, text in (("show", "one run in full"), ("retry", "run a failed run again"),
                       ("undo", "restore the table to before a run")):
        p = sub.add_parser(name, help=text)
        p.add_argument("run_id")
        p.add_argument("--json", action="store_true")
        if name == "retry":
            p.add_argument("--yes", action="store_true")

    p = sub.add_parser("kpi", help="cost, files, volume, rows and success rate over a period")
    p.add_argument("--since", default="30d")
    p.add_argument("--until")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sync-costs", help="copy the measured cost per day (Azure Cost "
                       "Management) into the run log, for the KPIs")
    p.add_argument("--since", default="30d", help="a date (2026-11-01) or a period (30d)")
    p.add_argument("--until", help="the last day to sync (default: today, UTC)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("tables", help="databases and tables, with rows and last ingestion")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("config", help="the effective configuration")
    p.add_argument("action", choices=["show"])
    p.add_argument("--json", action="store_true")


COMMANDS = ("ingest", "history", "show", "retry", "undo", "kpi", "sync-costs", "tables",
            "config")


def run_command(args: argparse.Namespace, lang: str, options_from_args: Any) -> int:
    from dino_desktop import config, config_show, config_toml

    try:
        settings = config.load()
    except config.ConfigError as exc:
        err(render(Problem(Severity.ERROR, "config_invalid", {"reason": str(exc)}), lang))
        return EXIT_FAILED
    if args.command == "config":
        data = config_show.masked(settings)
        print(json.dumps(data, indent=2, ensure_ascii=False) if args.json
              else config_toml.to_toml(data))
        return EXIT_OK
    if args.command == "ingest" and Path(args.file).is_file():
        from dino_desktop.core.scan import start_sha256

        start_sha256(Path(args.file))  # on the idle core, while everything else loads
    from dino_desktop.bootstrap import build

    app = build(settings)
    from dino_desktop.cli_costs import kpi, sync_costs

    handler = {"ingest": _ingest, "history": _history, "show": _show, "retry": _retry,
               "undo": _undo, "kpi": kpi, "sync-costs": sync_costs,
               "tables": _tables}[args.command]
    try:
        return handler(app, args, lang, options_from_args)
    except DinoError as exc:  # refused (unknown run, undo not possible, …): say why
        err(render(exc.problem, lang))
        return EXIT_FAILED


# ---------------------------------------------------------------- ingest


class _Bar:
    """A one-line progress bar on stderr (only on a terminal)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and p.fraction < 1):
            return
        self.last = now
        elapsed = now - self.started
        rate = p.bytes_done / elapsed / 1e6 if elapsed > 0 else 0
        left = elapsed * (1 - p.fraction) / p.fraction if p.fraction > 0.01 else 0
        filled = int(p.fraction * 30)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {p.fraction:4.0%} "
                         f"{p.stage:<8} {rate:6.1f} MB/s  {left:4.0f}s left ")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _ingest(app: Any, args: argparse.Namespace, lang: str, options_from_args: Any) -> int:
    from dino_desktop.services.ingestion import IngestError, IngestRequest, NeedsConfirmation

    req = IngestRequest(Path(args.file), args.database, args.table, mode=WriteMode(args.mode),
                        keys=args.key, policy=BadRowPolicy(args.on_bad_rows),
                        options=options_from_args(args))
    bar = _Bar()
    cancel = threading.Event()
    confirm: set[str] = set()
    started = time.monotonic()
    while True:
        try:
            run = app.ingestion.ingest(req, confirm=frozenset(confirm), progress=bar,
                                       cancel=cancel)
            break
        except NeedsConfirmation as need:
            questions = [render(Problem(Severity.WARNING, f"confirm_{k}", need.plan.
                                        confirmations[k]), lang) for k in need.missing]
            if args.yes or _ask(questions, lang):
                confirm.update(need.missing)
                continue
            for q in questions:
                err(q)
            err("Use --yes to confirm." if not lang.startswith("pt")
                 else "Use --yes para confirmar.")
            return EXIT_CONFIRM
        except IngestError as exc:
            bar.done()
            return _report_failure(exc.run, exc.problems, args, lang, started)
        except KeyboardInterrupt:
            cancel.set()
            bar.done()
            err(render(Problem(Severity.INFO, "cancelled"), lang))
            return EXIT_CANCELLED
    bar.done()
    if run.state is RunState.CANCELLED:
        err(render(Problem(Severity.INFO, "cancelled"), lang))
        return EXIT_CANCELLED
    out = _run_summary(run, lang, started)
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    else:
        print(f"{run.state.value}: {run.rows or 0:,} rows → {run.database}.{run.table} "
              f"(version {run.version_after}) in {out['duration_s']:.1f} s  run {run.run_id}")
        for p in out["problems"]:
            if p["severity"] != "info":
                print(f"  {p['message']}")
    return EXIT_OK


def _ask(questions: list[str], lang: str) -> bool:
    if not sys.stdin.isatty():
        return False
    for q in questions:
        err(q)
    answer = input("Continuar? [s/N] " if lang.startswith("pt") else "Go on? [y/N] ")
    return answer.strip().lower() in ("y", "yes", "s", "sim")


def _problems_out(problems: list[dict[str, Any]] | list[Problem], lang: str) -> list[dict]:
    out = []
    for p in problems:
        prob = p if isinstance(p, Problem) else Problem(
            Severity(p["severity"]), p["code"], p.get("params") or {}, p.get("row"),
            p.get("column"), p.get("fix"))
        out.append({**prob.to_dict(), "message": render(prob, lang)})
    return out


def _run_summary(run: RunRecord, lang: str, started: float | None = None) -> dict[str, Any]:
    duration = run.duration_s if run.duration_s is not None else (
        time.monotonic() - started if started else None)
    return {
        "run_id": run.run_id, "status": run.state.value, "rows_written": run.rows or 0,
        "bad_rows": run.bad_rows or 0, "table": f"{run.database}.{run.table}",
        "table_uri": run.table_uri, "table_version": run.version_after,
        "version_before": run.version_before, "duration_s": round(duration or 0.0, 3),
        "timings": {k: round(v, 3) for k, v in run.timings.items()}, "cost": run.cost,
        "sha256": run.sha256, "error": run.error,
        "problems": _problems_out(run.problems, lang),
    }


def _report_failure(run: RunRecord | None, problems: list[Problem], args: argparse.Namespace,
                    lang: str, started: float) -> int:
    messages = list(dict.fromkeys(render(p, lang) for p in problems))
    if args.json:
        out = _run_summary(run, lang, started) if run else {
            "run_id": None, "status": "refused", "rows_written": 0, "table_uri": None,
            "table_version": None, "duration_s": round(time.monotonic() - started, 3)}
        out["problems"] = _problems_out(problems, lang)
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    for m in messages[:20]:
        err(m)
    if len(messages) > 20:
        err(f"… {len(messages) - 20} more")
    if run is not None:
        err(("Execução" if lang.startswith("pt") else "Run") + f" {run.run_id}: "
             f"{run.state.value}")
    return EXIT_FAILED


# ---------------------------------------------------------------- history and friends


def parse_when(text: str | None, *, end: bool = False) -> dt.datetime | None:
    """'7d', '24h', '2026-11-01' or an ISO time, as an aware UTC datetime."""
    if not text:
        return None
    m = re.fullmatch(r"(\d+)([dhw])", text.strip())
    now = dt.datetime.now(dt.UTC)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        delta = {"d": dt.timedelta(days=n), "h": dt.timedelta(hours=n),
                 "w": dt.timedelta(weeks=n)}[unit]
        return now - delta
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    if end and len(text) == 10:
        value += dt.timedelta(days=1)
    return value


def _history(app: Any, args: argparse.Namespace, lang: str, _: Any) -> int:
    flt = RunFilter(states=tuple(RunState(s) for s in args.status), table=args.table,
                    user=args.user, since=parse_when(args.since),
                    until=parse_when(args.until, end=True), text=args.search)
    runs = app.history.runs(flt, limit=args.limit)
    if args.json:
        print(json.dumps([_run_summary(r, lang) | {"user": r.user, "source": r.source_name,
                                                    "created_at": r.created_at.isoformat()}
                          for r in runs], indent=2, ensure_ascii=False, default=str))
        return EXIT_OK
    if not runs:
        print("Nenhuma execução." if lang.startswith("pt") else "No runs.")
        return EXIT_OK
    print(f"{'run':<26}  {'when (UTC)':<16}  {'state':<10} {'user':<12} {'table':<24} "
          f"{'rows':>10} {'size':>9}  file")
    for r in runs:
        print(f"{r.run_id:<26}  {r.created_at:%Y-%m-%d %H:%M}  {r.state.value:<10} "
              f"{(r.user or '')[:12]:<12} {(r.database + '.' + r.table)[:24]:<24} "
              f"{r.rows or 0:>10,} {size_text(r.source_bytes):>9}  {r.source_name}")
    return EXIT_OK


def size_text(n: int | None) -> str:
    value = float(n or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def _show(app: Any, args: argparse.Namespace, lang: str, _: Any) -> int:
    run = app.history.get(args.run_id)
    events = app.history.events(run.run_id)
    out = _run_summary(run, lang) | {
        "user": run.user, "machine": run.machine, "source": run.source_name,
        "source_path": run.source_path, "source_bytes": run.source_bytes,
        "format": run.source_format, "mode": run.mode, "keys": run.keys,
        "created_at": run.created_at.isoformat(), "landing": run.landing_uri,
        "events": [{"at": e.at.isoformat(), "state": e.state.value, "stage": e.stage,
                    "message": e.message} for e in events]}
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        return EXIT_OK
    for key in ("run_id", "status", "user", "machine", "source", "source_bytes", "format",
                "table", "mode", "keys", "rows_written", "bad_rows", "table_version",
                "version_before", "duration_s", "cost", "sha256", "table_uri", "landing"):
        print(f"{key:<15} {out[key]}")
    print("timings        " + ", ".join(f"{k} {v:.2f}s" for k, v in out["timings"].items()))
    print("events:")
    for e in out["events"]:
        print(f"  {e['at'][:19]}  {e['state']:<10} {e['message']}")
    if out["problems"]:
        print("problems:")
        for p in out["problems"]:
            print(f"  [{p['severity']}] {p['message']}")
    if run.error:
        print("error:\n  " + run.error.replace("\n", "\n  "))
    return EXIT_OK


def _retry(app: Any, args: argparse.Namespace, lang: str, _: Any) -> int:
    from dino_desktop.services.ingestion import IngestError, NeedsConfirmation

    started = time.monotonic()
    confirm = frozenset({"overwrite", "duplicate"}) if args.yes else frozenset()
    try:
        run = app.history.retry(args.run_id, progress=_Bar(), confirm=confirm)
    except NeedsConfirmation as need:
        for k in need.missing:
            err(render(Problem(Severity.WARNING, f"confirm_{k}",
                                need.plan.confirmations[k]), lang))
        return EXIT_CONFIRM
    except IngestError as exc:
        return _report_failure(exc.run, exc.problems, args, lang, started)
    out = _run_summary(run, lang, started)
    print(json.dumps(out, indent=2, ensure_ascii=False, default=str) if args.json
          else f"{run.state.value}: {run.rows or 0:,} rows, run {run.run_id}")
    return EXIT_OK if run.state is RunState.SUCCEEDED else EXIT_FAILED


def _undo(app: Any, args: argparse.Namespace, lang: str, _: Any) -> int:
    run = app.history.undo(args.run_id)
    events = app.history.events(run.run_id)
    message = events[-1].message if events else run.state.value
    print(json.dumps(_run_summary(run, lang) | {"message": message}, indent=2, default=str)
          if args.json else f"{run.run_id}: {message}")
    return EXIT_OK


def _tables(app: Any, args: argparse.Namespace, lang: str, _: Any) -> int:
    tables = app.catalog.tables()
    if args.json:
        print(json.dumps([t.__dict__ for t in tables], indent=2, default=str))
        return EXIT_OK
    if not tables:
        print("Nenhuma tabela." if lang.startswith("pt") else "No tables yet.")
    for t in tables:
        when = f"{t.last_ingested_at:%Y-%m-%d %H:%M}" if t.last_ingested_at else "-"
        print(f"{t.database + '.' + t.table:<40} {t.rows or 0:>12,} rows  v{t.version}  {when}")
    return EXIT_OK


def err(text: str) -> None:
    print(f"dino: {text}", file=sys.stderr)

