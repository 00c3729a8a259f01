"""Azurite fixtures: one real Blob Storage emulator per test session, a fresh container per
test. Azurite comes from npm (package.json, `npm ci`) and listens on 127.0.0.1 only."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.standins.databricks import DatabricksStandin

ROOT = Path(__file__).resolve().parents[2]
AZURITE = ROOT / "node_modules" / ".bin" / "azurite-blob"
ACCOUNT = "devstoreaccount1"
KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
       "KBHBeksoGMGw==")  # Azurite's well-known development key
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class Azurite:
    port: int

    def connection_string(self, port: int | None = None) -> str:
        """The development connection string; `port` points it elsewhere (a test proxy)."""
        return (f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
                f"BlobEndpoint=http://127.0.0.1:{port or self.port}/{ACCOUNT};")

    def container_client(self, name: str, *, port: int | None = None, **kwargs: Any) -> Any:
        """A ContainerClient that fails fast: one retry, no backoff, short timeouts."""
        from azure.storage.blob import ContainerClient, LinearRetry

        options: dict[str, Any] = {
            "retry_policy": LinearRetry(backoff=0, retry_total=1, random_jitter_range=0),
            "connection_timeout": 5, "read_timeout": 20,
        }
        options.update(kwargs)
        return ContainerClient.from_connection_string(self.connection_string(port), name,
                                                      **options)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(proc: subprocess.Popen, port: int, deadline: float) -> None:
    """Poll the port until it answers; between tries, wait on the process (ends the wait at
    once if Azurite dies), never a blind sleep."""
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"azurite-blob did not listen on 127.0.0.1:{port} within "
                               f"{START_TIMEOUT:.0f} s")
        try:
            proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"azurite-blob exited with {proc.returncode}: {err}")


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    """A real Azurite (blob service) started for the session and stopped at its end."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: Azurite (npm) cannot run")
    if not AZURITE.exists():
        pytest.fail(f"{AZURITE} is missing: run `npm ci` in the repository root")
    port = _free_port()
    location = tmp_path_factory.mktemp("azurite")
    proc = subprocess.Popen(
        [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(port),
         "--location", str(location), "--silent", "--skipApiVersionCheck",
         "--disableTelemetry", "--loose"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        _wait_listening(proc, port, time.monotonic() + START_TIMEOUT)
        yield Azurite(port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture
def blob_container(azurite: Azurite) -> Iterator[Any]:
    """A fresh, empty container (a ContainerClient on it), deleted after the test."""
    client = azurite.container_client(f"t{uuid.uuid4().hex[:20]}")
    client.create_container()
    try:
        yield client
    finally:
        client.delete_container()
        client.close()


# The azure profile end to end: a landing container in Azurite, the Databricks stand-in,
# and the environment that points a desktop at both.
VOLUME = "/Volumes/main/dino/landing"


@pytest.fixture
def landing(azurite: Azurite) -> Iterator[Any]:
    """The landing container (a ContainerClient on it), deleted after the test."""
    client = azurite.container_client(f"landing{uuid.uuid4().hex[:12]}")
    client.create_container()
    yield client
    client.delete_container()


@pytest.fixture
def standin() -> Iterator[DatabricksStandin]:
    """The Databricks stand-in (jobs, SQL warehouse, Unity Catalog) on 127.0.0.1."""
    with DatabricksStandin() as db:
        yield db


@pytest.fixture
def azure_env(azurite: Azurite, landing: Any, standin: DatabricksStandin, tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The azure profile on Azurite (`landing`) and the Databricks stand-in (`standin`); no
    DINO_USER: each test says who runs."""
    monkeypatch.setenv("DATABRICKS_TOKEN", standin.state.token)
    return {"DINO_PROFILE": "azure", "DINO_HOME": str(tmp_path / "home"),
            "DINO_CONFIG": str(tmp_path / "none.toml"),
            "DINO_AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string(),
            "DINO_AZURE_CONTAINER": landing.container_name, "DINO_AZURE_PREFIX": "landing",
            "DINO_AZURE_DATABRICKS_HOST": standin.url, "DINO_AZURE_DATABRICKS_JOB_ID": "123",
            "DINO_AZURE_DATABRICKS_WAREHOUSE_ID": "wh1", "DINO_AZURE_VOLUME_PATH": VOLUME,
            "DINO_AZURE_POLL_SECONDS": "0.01"}
