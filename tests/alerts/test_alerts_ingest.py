"""A real local ingestion (delta-rs, SQLite log) with alert channels that are down, hang or
raise: the runs finish as they would without alerts, and `send` returns at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dino_desktop.adapters.alert_webhook import WebhookChannel
from dino_desktop.bootstrap import App
from dino_desktop.core.alerts import AlertChannels
from dino_desktop.core.runs import RunState
from dino_desktop.services.alerting import AlertDispatcher, Channels, alert_for_run
from dino_desktop.services.ingestion import IngestError, IngestRequest
from tests.alerts.conftest import Receiver, free_port
from tests.e2e.conftest import write_sales

ROWS = [("00012", "Ana Ltda", "1.234,56"), ("00013", "Bruno ME", "99,90")]
RULE = AlertChannels(on_success=True, desktop=True, webhook="ops")


class Exploding:
    name = "desktop"

    def __init__(self) -> None:
        self.calls = 0

    def send(self, alert) -> None:
        self.calls += 1
        raise RuntimeError("the tray is gone")


def run_and_alert(app: App, alerter: AlertDispatcher, src: Path, table: str = "notas"):
    """What the automation rules do: run, then tell (the alert must not change the run)."""
    try:
        run = app.ingestion.ingest(IngestRequest(src, "vendas", table))
    except IngestError as exc:
        run = exc.run
    assert run is not None
    started = time.monotonic()
    alerter.send(alert_for_run(run, RULE, rule="vendas", lang="pt_BR"))
    return run, time.monotonic() - started


@pytest.mark.parametrize("receiver_state", ["down", "hangs"])
def test_a_broken_alert_channel_neither_fails_nor_blocks_ingestion(
        app: App, tmp_path: Path, memory_keyring, receiver: Receiver, receiver_state: str):
    url = (f"http://127.0.0.1:{free_port()}/hook/AbCdEfGhIjKlMnOpQr0123456789"
           if receiver_state == "down" else receiver.url)
    if receiver_state == "hangs":
        receiver.hang.clear()
    memory_keyring.set_password("dino", "webhook:ops", url)
    desktop = Exploding()
    alerter = AlertDispatcher(
        Channels(desktop=desktop, webhook=lambda name: WebhookChannel(name, timeout=30)),
        attempts=3, sleep=lambda s: None)
    try:
        check_runs(app, alerter, desktop, receiver, receiver_state, tmp_path)
    finally:
        alerter.close(1)


def check_runs(app: App, alerter: AlertDispatcher, desktop: Exploding, receiver: Receiver,
               receiver_state: str, tmp_path: Path) -> None:
    ok, took_ok = run_and_alert(app, alerter, write_sales(tmp_path / "vendas.csv", ROWS))
    bad = tmp_path / "bad.csv"
    lines = ["codigo;valor"] + [f"{i:05d};{i},5" for i in range(5000)]
    lines[4500] = "04499;abc"  # past the sample the types are inferred from
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    failed, took_failed = run_and_alert(app, alerter, bad, table="outra")
    assert took_ok < 0.5 and took_failed < 0.5
    assert ok.state is RunState.SUCCEEDED and ok.rows == 2
    assert failed.state is RunState.FAILED
    logged = app.runlog.get(ok.run_id)
    assert logged is not None and logged.state is RunState.SUCCEEDED
    assert (app.settings.lakehouse / "vendas" / "notas").exists()
    # the next run goes on while the alerts are still being tried
    more = write_sales(tmp_path / "mais.csv", [("00014", "Carla SA", "5,00")])
    again, _ = run_and_alert(app, alerter, more)
    assert again.state is RunState.SUCCEEDED
    if receiver_state == "hangs":
        assert receiver.wait_for(1)
        assert not alerter.flush(0.05)
        receiver.hang.set()
        assert receiver.wait_for(3)
        assert receiver.bodies[1]["dino"]["run_id"] == failed.run_id
        assert "abc" in receiver.bodies[1]["dino"]["error"]
    assert alerter.flush(30)
    assert desktop.calls == 3
