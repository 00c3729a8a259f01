"""`dino selftest` and `dino --version`, as IT runs them: a real process, from the source tree
here (CI runs the same commands against the built file: scripts/build.sh --check)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHECKS_EN = ["version", "resources", "inspect", "ingest", "run log", "azure", "window"]
CHECKS_PT = ["versão", "recursos", "inspeção", "ingestão", "registro", "azure", "janela"]


def dino(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`dino ARGS` with the user's own folders in tmp_path (the self-test must not use them)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith(("DINO_", "QT_QPA"))}
    e.update(DINO_HOME=str(tmp_path / "users-home"), DINO_CONFIG=str(tmp_path / "user.toml"),
             HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "xdg"),
             TMPDIR=str(tmp_path), DINO_LANG="en")
    e.update(env)
    return subprocess.run([sys.executable, "-m", "dino_desktop", *args], capture_output=True,
                          text=True, env=e, cwd=tmp_path, timeout=300)


def checks(stdout: str) -> list[tuple[str, str, str]]:
    """(mark, check, detail) of each check line."""
    rows = []
    for line in stdout.splitlines()[:-1]:
        mark, rest = line[:4].strip(), line[5:]
        name, _, detail = rest.partition("  ")
        rows.append((mark, name.strip(), detail.strip()))
    return rows


def test_version_comes_from_the_package_metadata(tmp_path: Path):
    done = dino(tmp_path, "--version")
    assert done.returncode == 0
    assert done.stdout == f"dino {version('dino-desktop')}\n"


def test_selftest_passes_and_leaves_nothing_behind(tmp_path: Path):
    # the user's configuration asks for the azure profile: the self-test ignores it
    (tmp_path / "user.toml").write_text('profile = "azure"\n', "utf-8")
    done = dino(tmp_path, "selftest")
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    rows = checks(done.stdout)
    assert [r[1] for r in rows] == CHECKS_EN
    assert all(mark == "ok" for mark, _, _ in rows), done.stdout
    detail = {name: text for _, name, text in rows}
    assert detail["version"].startswith(f"dino {version('dino-desktop')}, from the source tree")
    assert detail["inspect"].startswith("vendas_exemplo.csv: 7 columns, cp1252")
    assert detail["ingest"].startswith("60 rows -> main.selftest.vendas (Delta version 0)")
    assert "recorded as succeeded; the table has 60 rows" in detail["run log"]
    assert "3 tabs, language en, vendas_exemplo.csv open with 7 columns" in detail["window"]
    assert done.stdout.splitlines()[-1] == "all 7 checks passed"
    users = tmp_path / "users-home"  # untouched: the self-test had a DINO_HOME of its own...
    assert not [p for p in ("runs.sqlite", "landing", "lakehouse", "logs")
                if (users / p).exists()]
    assert not list(tmp_path.glob("dino-selftest-*"))  # ...and removed it


def test_a_missing_sample_fails_in_portuguese_with_a_non_zero_exit(tmp_path: Path):
    done = dino(tmp_path, "selftest", "--sample", str(tmp_path / "sumiu.csv"),
                DINO_LANG="pt_BR")
    assert done.returncode == 3
    rows = checks(done.stdout)
    assert [r[1] for r in rows] == CHECKS_PT
    marks = {name: mark for mark, name, _ in rows}
    assert [n for n in CHECKS_PT if marks[n] == "FAIL"] == ["inspeção", "ingestão", "registro",
                                                           "janela"]
    detail = {name: text for _, name, text in rows}
    assert detail["inspeção"].startswith(f"Arquivo não encontrado: {tmp_path / 'sumiu.csv'}")
    assert detail["ingestão"] == "não executada: a verificação de inspeção falhou"
    assert done.stdout.splitlines()[-1] == "4 de 7 verificações falharam"


def test_a_build_without_its_resources_fails(tmp_path: Path):
    """What a build that forgot its data files looks like: only the schema is there."""
    broken = tmp_path / "resources"
    broken.mkdir()
    shutil.copy(REPO / "resources" / "manifest.schema.json", broken)
    done = dino(tmp_path, "selftest", DINO_RESOURCES=str(broken))
    assert done.returncode == 3
    rows = {name: (mark, text) for mark, name, text in checks(done.stdout)}
    assert rows["version"][0] == "ok"
    mark, text = rows["resources"]
    assert mark == "FAIL" and text == (
        f"missing from {broken}: icons/dino.svg, samples/vendas_exemplo.csv, "
        "translations/dino_pt_BR.qm, translations/dino_en.qm")
    assert rows["inspect"] == ("FAIL", "not run: the resources check failed")
    assert done.stdout.splitlines()[-1] == "5 of 7 checks failed"


def test_the_version_line_says_which_build_runs(monkeypatch, tmp_path: Path):
    """The built app knows whether the single file started it (its launcher says where that
    file is) or it runs as the one-folder build; CI checks the first on the built file."""
    from dino_desktop.selftest import SelfTest, isolated_env

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("DINO_LAUNCHER", "/opt/dino/dino")
    monkeypatch.setenv("DINO_APP_CACHE", str(tmp_path / "cache"))
    with isolated_env(tmp_path):  # the self-test's own environment keeps both
        assert ", single file /opt/dino/dino, " in SelfTest("en", None).version()
        assert ", executável único /opt/dino/dino, " in SelfTest("pt_BR", None).version()
        assert os.environ["DINO_APP_CACHE"] == str(tmp_path / "cache")
    monkeypatch.delenv("DINO_LAUNCHER")
    assert ", one-folder build, " in SelfTest("en", None).version()
