"""`dino watch` as the Task Scheduler or a service manager runs it: a temporary DINO_HOME and
rules in a temporary config file."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from deltalake import DeltaTable

from tests.e2e.conftest import dino, write_sales

ROWS = [("00012", "Ana Ltda", "1.234,56"), ("00013", "Bruno ME", "99,90")]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "entrada"
    folder.mkdir()
    return folder


@pytest.fixture
def watch_env(env: dict[str, str], tmp_path: Path, inbox: Path) -> dict[str, str]:
    cfg = tmp_path / "dino.toml"
    cfg.write_text(f"""
[automation]
settle_seconds = 0
scan_seconds = 1

[[rules]]
name = "vendas"
folder = '{inbox}'
pattern = "vendas*.csv"
database = "vendas"
table = "notas"

[[rules]]
name = "quebrada"
folder = '{inbox}'
database = "vendas"
table = "notas"
schedule = "toda manhã"
""", "utf-8")
    return {**env, "DINO_CONFIG": str(cfg)}


def test_watch_once_loads_sets_aside_and_never_loads_twice(watch_env: dict[str, str],
                                                          inbox: Path, home: Path,
                                                          tmp_path: Path):
    src = write_sales(inbox / "vendas_nov.csv", ROWS)
    keep = tmp_path / "copia.csv"
    shutil.copy(src, keep)
    (inbox / "outro.txt").write_text("not for this rule", "utf-8")
    res = dino(watch_env, "watch", "--once")
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout
    assert "Rule 'quebrada' is not used until it is corrected:" in out
    assert "not a valid cron expression" in out
    assert "One pass over 1 rule(s): vendas." in out
    assert "vendas_nov.csv → main.vendas.notas: 2 row(s) written" in out
    assert (inbox / "processed" / "vendas_nov.csv").exists()
    assert (inbox / "outro.txt").exists()
    table = DeltaTable(str(home / "lakehouse" / "vendas" / "notas"))
    assert table.to_pyarrow_table().num_rows == 2

    shutil.copy(keep, inbox / "vendas_nov.csv")  # the same file again, a new process
    again = dino(watch_env, "watch", "--once", "--rule", "vendas", "--json")
    assert again.returncode == 0, again.stdout + again.stderr
    events = [json.loads(line) for line in again.stdout.splitlines()]
    assert [e["event"] for e in events] == ["once", "run_started", "duplicate"]
    assert "not loaded again" in events[-1]["message"]
    assert table.to_pyarrow_table().num_rows == 2
    assert sorted(p.name for p in (inbox / "processed").iterdir())[0].startswith("vendas_nov.")

    listed = dino(watch_env, "watch", "--list", "--json")
    rules = {r["rule"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rules["vendas"]["last_outcome"] == "duplicate"
    assert rules["vendas"]["last_state"] == "succeeded"
    assert rules["quebrada"]["valid"] is False

    nothing = dino(watch_env, "watch", "--once", "--rule", "vendas")
    assert nothing.returncode == 0 and "no new files" in nothing.stdout


def test_watch_once_fails_with_status_3_in_portuguese(watch_env: dict[str, str], inbox: Path):
    (inbox / "vendas_vazio.csv").write_bytes(b"")
    res = dino({**watch_env, "DINO_LANG": "pt_BR"}, "watch", "--once")
    assert res.returncode == 3
    assert "a carga de" in res.stdout and "falhou" in res.stdout
    assert "O arquivo está vazio." in res.stdout
    assert (inbox / "failed" / "vendas_vazio.csv").exists()
    history = json.loads(dino(watch_env, "history", "--json").stdout)
    assert [h["status"] for h in history] == ["failed"]


def test_watch_names_an_unknown_rule(watch_env: dict[str, str]):
    res = dino(watch_env, "watch", "--once", "--rule", "nenhuma")
    assert res.returncode == 2
    assert "There is no rule named 'nenhuma'. Rules: vendas, quebrada." in res.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_watch_runs_until_interrupted_and_stops_cleanly(watch_env: dict[str, str],
                                                        inbox: Path):
    proc = subprocess.Popen([sys.executable, "-m", "dino_desktop", "watch"], env=watch_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:  # read until it says it is watching
            lines.append(line)
            if "Watching 1 rule(s)" in line:
                break
        write_sales(inbox / "vendas_dez.csv", ROWS)
        for line in proc.stdout:  # the next scan takes it
            lines.append(line)
            if "row(s) written" in line:
                break
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Stopped watching." in rest
    assert (inbox / "processed" / "vendas_dez.csv").exists()


def test_watch_with_no_rule_that_can_run_says_why_and_exits(watch_env: dict[str, str]):
    res = dino(watch_env, "watch", "--rule", "quebrada")  # not --once: it must not hang
    assert res.returncode == 3
    assert "Rule 'quebrada' is not used until it is corrected:" in res.stdout
    assert "No automation rule can run" in res.stdout
