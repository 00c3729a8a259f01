"""`dino kpi` and `dino sync-costs`: cost, files and volume over a period; measured costs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from dino_desktop.cli_runs import EXIT_FAILED, EXIT_OK, err, parse_when, size_text
from dino_desktop.services import costs


def kpi(app: Any, args: argparse.Namespace, lang: str, _: Any) -> int:
    since = parse_when(args.since) or dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    until = parse_when(args.until, end=True) or dt.datetime.now(dt.UTC)
    k = app.kpis.compute(since, until)
    if args.json:
        print(json.dumps(k.to_dict(), indent=2, ensure_ascii=False, default=str))
        return EXIT_OK
    rate = "-" if k.success_rate is None else f"{k.success_rate:.0%}"
    print(f"{since:%Y-%m-%d} → {until:%Y-%m-%d}")
    print(f"  cost      {k.estimated_cost:,.2f} {k.currency} estimated")
    if k.actual_cost is not None:
        print(f"            {k.actual_cost:,.2f} {k.currency} actual (Azure), "
              f"{k.actual_days} day(s) measured")
    elif app.settings.profile == "azure":
        print("            - actual (Azure): not synced yet (dino sync-costs)")
    print(f"  files     {k.files:,}  ({k.runs:,} runs, success {rate})")
    print(f"  volume    {size_text(k.bytes)}")
    print(f"  rows      {k.rows:,}")
    for row in k.per_table[:10]:
        print(f"    {row['key']:<30} {size_text(row['source_bytes']):>9} {row['runs']:>5} runs")
    return EXIT_OK


def sync_costs(app: Any, args: argparse.Namespace, lang: str, _: Any) -> int:
    pt, today = lang.startswith("pt"), dt.datetime.now(dt.UTC).date()
    try:
        since = (parse_when(args.since) or dt.datetime.now(dt.UTC)).date()
        result = costs.sync_costs(app.runlog, app.costs, since,
                            dt.date.fromisoformat(args.until) if args.until else today)
    except ValueError as exc:  # a date that is not one, or --since after --until
        err(("Período inválido" if pt else "Invalid period") + f": {exc}")
        return EXIT_FAILED
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif not result.days:
        print(f"Nada a sincronizar: o perfil {app.settings.profile} não mede custos." if pt
              else f"Nothing to sync: the {app.settings.profile} profile measures no cost.")
    else:
        print(f"{result.since} → {result.until}: {len(result.days)} " +
              ("dia(s) de custo real (Azure) gravados" if pt
               else "day(s) of actual cost (Azure) written") +
              f", {result.total:,.2f} {result.currency}")
    return EXIT_OK
