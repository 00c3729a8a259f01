"""An app on the local profile in a temporary DINO_HOME, and files to feed it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dino_desktop import config
from dino_desktop.bootstrap import App, build


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "dino-home"


@pytest.fixture
def env(home: Path, tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("DINO_")}
    e.update(DINO_HOME=str(home), DINO_CONFIG=str(tmp_path / "no-config.toml"),
             DINO_USER="ana@contoso.com", DINO_LANG="en")
    return e


@pytest.fixture
def app(env: dict[str, str]) -> Iterator[App]:
    yield build(config.load(env=env))


def write_sales(path: Path, rows: list[tuple[str, str, str]], *, title: bool = True,
                extra: str | None = None) -> Path:
    """A Brazilian export: cp1252, ';', a title line, decimal comma, dd/mm/yyyy, a total."""
    head = "Código;Cliente;Valor (R$);Data" + (f";{extra}" if extra else "")
    lines = (["Relatório de vendas", ""] if title else []) + [head]
    for code, client, value in rows:
        lines.append(f"{code};{client};{value};25/11/2026" + (";x" if extra else ""))
    lines += ["", "Total;;;"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def dino(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dino_desktop", *args], capture_output=True,
                          text=True, env=env, timeout=300)
