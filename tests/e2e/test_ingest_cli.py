"""`dino ingest | history | show | undo | kpi | tables` as a person or a script uses them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from deltalake import DeltaTable

from tests.e2e.conftest import dino, write_sales

ROWS = [("00012", "Ana Ltda", "1.234,56"), ("00013", "Bruno ME", "99,90")]


def test_ingest_json_then_history_show_kpi_tables_undo(env: dict[str, str], tmp_path: Path,
                                                       home: Path):
    src = write_sales(tmp_path / "vendas.csv", ROWS)
    res = dino(env, "ingest", str(src), "--database", "vendas", "--table", "notas", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["status"] == "succeeded" and out["rows_written"] == 2
    assert out["table_version"] == 0 and out["duration_s"] > 0
    assert out["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert Path(out["table_uri"]) == home / "lakehouse" / "vendas" / "notas"
    assert DeltaTable(out["table_uri"]).to_pyarrow_table().num_rows == 2
    run_id = out["run_id"]

    hist = json.loads(dino(env, "history", "--json").stdout)
    assert [h["run_id"] for h in hist] == [run_id]
    assert json.loads(dino(env, "history", "--status", "failed", "--json").stdout) == []
    assert "vendas.notas" in dino(env, "history", "--table", "notas").stdout

    show = json.loads(dino(env, "show", run_id[:10], "--json").stdout)
    assert show["run_id"] == run_id and show["user"] == "ana@contoso.com"
    assert [e["state"] for e in show["events"]][-1] == "succeeded"

    kpi = json.loads(dino(env, "kpi", "--since", "7d", "--json").stdout)
    assert (kpi["files"], kpi["rows"], kpi["success_rate"]) == (1, 2, 1.0)

    tables = json.loads(dino(env, "tables", "--json").stdout)
    assert [(t["database"], t["table"], t["rows"]) for t in tables] == [("vendas", "notas", 2)]

    undo = dino(env, "undo", run_id, "--json")
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["status"] == "undone"
    assert DeltaTable(out["table_uri"]).to_pyarrow_table().num_rows == 0


def test_confirmations_and_failures_have_exit_codes_and_messages(env: dict[str, str],
                                                                 tmp_path: Path):
    src = write_sales(tmp_path / "vendas.csv", ROWS)
    args = ["ingest", str(src), "--database", "vendas", "--table", "notas"]
    assert dino(env, *args).returncode == 0
    again = dino(env, *args)
    assert again.returncode == 4
    assert "already loaded" in again.stderr and "--yes" in again.stderr
    assert dino(env, *args, "--yes").returncode == 0
    over = dino(env, *args, "--mode", "overwrite")
    assert over.returncode == 4 and "overwriting replaces" in over.stderr
    bad = dino(env, "ingest", str(src), "--database", "Vendas", "--table", "notas")
    assert bad.returncode == 3 and "upper-case" in bad.stderr and "Traceback" not in bad.stderr
    pt = dino({**env, "DINO_LANG": "pt_BR"}, "ingest", str(src), "--database", "Vendas",
              "--table", "notas")
    assert "maiúsculas" in pt.stderr
    missing = dino(env, "ingest", str(tmp_path / "nope.csv"), "--database", "a", "--table", "b")
    assert missing.returncode == 3 and "not found" in missing.stderr


def test_two_ingests_into_one_table_at_once(env: dict[str, str], tmp_path: Path):
    a = write_sales(tmp_path / "a.csv", [(f"{i:05d}", "A", "1,00") for i in range(300)])
    b = write_sales(tmp_path / "b.csv", [(f"{i:05d}", "B", "2,00") for i in range(300, 500)])
    procs = [subprocess.Popen([sys.executable, "-m", "dino_desktop", "ingest", str(p),
                               "--database", "vendas", "--table", "notas", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env) for p in (a, b)]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    ok = [json.loads(out) for code, out, _ in results if code == 0]
    assert ok, results
    for code, _, err in results:
        assert code in (0, 3) and "Traceback" not in err, err
    table = DeltaTable(ok[0]["table_uri"]).to_pyarrow_table()
    assert table.num_rows == sum(r["rows_written"] for r in ok)
    hist = json.loads(dino(env, "history", "--json").stdout)
    assert sorted(h["status"] for h in hist) == sorted(
        "succeeded" if code == 0 else "failed" for code, _, _ in results)
