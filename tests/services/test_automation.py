"""The automation engine against real Delta tables and a real SQLite run log, with a fake
clock and a fake sleep: rules fire on arrival and on schedule, files are taken only when
complete, never twice, and end in processed/ or failed/ with an alert."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from deltalake import DeltaTable

from dino_desktop.bootstrap import App, build
from dino_desktop.config import load
from dino_desktop.core.alerts import Alert, history_link
from dino_desktop.core.rules import validate_rules
from dino_desktop.core.runs import RunState
from dino_desktop.services.automation import AutomationEvent, RuleRunner
from dino_desktop.services.ingestion import IngestRequest
from tests.e2e.conftest import write_sales

UTC = dt.UTC
T0 = dt.datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
ROWS = [("00012", "Ana Ltda", "1.234,56"), ("00013", "Bruno ME", "99,90")]


class FakeTime:
    """The runner's clock and sleep: sleeping moves the clock, nothing waits."""

    def __init__(self, start: dt.datetime = T0):
        self.now = start
        self.slept: list[float] = []
        self.on_sleep = None

    def clock(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)
        if self.on_sleep is not None:
            self.on_sleep(seconds)

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


class FakeAlerter:
    def __init__(self, fail: bool = False):
        self.alerts: list[Alert] = []
        self.fail = fail

    def send(self, alert: Alert) -> None:
        self.alerts.append(alert)
        if self.fail:
            raise RuntimeError("the mail server is down")


@pytest.fixture
def t() -> FakeTime:
    return FakeTime()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "entrada"
    folder.mkdir()
    return folder


def rule(inbox: Path, **kw) -> dict:
    return {"name": "vendas", "folder": str(inbox), "pattern": "*.csv", "database": "vendas",
            "table": "notas", **kw}


def make_runner(app: App, rules: list[dict], t: FakeTime, alerter=None, events=None,
                **kw) -> RuleRunner:
    kw.setdefault("settle_seconds", 10)
    runner = RuleRunner(app.ingestion, validate_rules(rules),
                        state_dir=app.settings.home_path / "automation", alerter=alerter,
                        scan_seconds=30, clock=t.clock, sleep=t.sleep, tz=UTC, **kw)
    if events is not None:
        runner.subscribe(events.append)
    return runner


def kinds(events: list[AutomationEvent]) -> list[str]:
    return [e.kind for e in events]


def table_rows(app: App, name: str = "notas") -> int:
    return DeltaTable(str(app.settings.lakehouse / "vendas" / name)).to_pyarrow_table().num_rows


def test_a_file_that_arrives_is_loaded_once_complete_and_moved_to_processed(
        app: App, inbox: Path, t: FakeTime):
    events: list[AutomationEvent] = []
    alerter = FakeAlerter()
    runner = make_runner(app, [rule(inbox, alerts={"on_success": True})], t, alerter, events)
    src = write_sales(inbox / "vendas_nov.csv", ROWS)
    runner.tick()  # first seen: not yet known to be complete
    assert src.exists() and app.runlog.count() == 0
    assert runner.rule_status("vendas").waiting == 1
    assert runner.seconds_to_next() == 10  # back when the settle time is over
    t.advance(10)
    runner.tick()
    assert not src.exists() and (inbox / "processed" / "vendas_nov.csv").exists()
    assert table_rows(app) == 2
    [run] = app.runlog.query()
    assert run.state is RunState.SUCCEEDED
    assert run.source_path == str(inbox / "processed" / "vendas_nov.csv")  # retry finds it
    assert kinds(events) == ["run_started", "run_succeeded"]
    assert "2 row(s) written" in events[-1].text("en")
    assert "linha(s) gravada(s)" in events[-1].text("pt_BR")
    [alert] = alerter.alerts
    assert alert == Alert(run_id=run.run_id, file=str(src), target="main.vendas.notas",
                          succeeded=True, error="", link=history_link(run.run_id),
                          rule="vendas", channels=alert.channels)
    assert alert.channels.on_success
    status = runner.rule_status("vendas")
    assert (status.last_run_id, status.last_state, status.last_outcome) == (
        run.run_id, RunState.SUCCEEDED, "succeeded")
    assert status.last_at == t.now and status.last_file == str(src)
    assert status.next_at == t.now + dt.timedelta(seconds=30)  # the next scan
    runner.tick()  # nothing new: processed/ is never looked into
    assert app.runlog.count() == 1


def test_a_file_still_being_written_is_skipped_until_complete(app: App, inbox: Path,
                                                             t: FakeTime):
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events)
    lines = ["codigo;valor"] + [f"{i:05d};{i},5" for i in range(1000)]
    part = inbox / "grande.csv"
    part.write_text("\n".join(lines[:400]) + "\n", "utf-8")  # the writer is half-way
    runner.tick()
    t.advance(10)
    with part.open("a", encoding="utf-8") as f:  # ... and still writing
        f.write("\n".join(lines[400:700]) + "\n")
    runner.tick()
    assert app.runlog.count() == 0 and part.exists()
    assert kinds(events) == ["waiting"]  # told once
    t.advance(10)
    with part.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines[700:]) + "\n")
    runner.tick()
    assert app.runlog.count() == 0 and kinds(events) == ["waiting"]
    t.advance(10)
    runner.tick()  # unchanged for the settle time: complete
    [run] = app.runlog.query()
    assert run.state is RunState.SUCCEEDED and run.rows == 1000


def test_a_file_held_open_by_its_writer_waits_even_when_its_size_is_stable(
        app: App, inbox: Path, t: FakeTime):
    held: set[str] = set()
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events,
                         lock_probe=lambda p: p.name in held)
    src = write_sales(inbox / "aberto.csv", ROWS)
    held.add(src.name)
    runner.tick()
    t.advance(10)
    runner.tick()
    t.advance(30)
    runner.tick()
    assert app.runlog.count() == 0 and src.exists()
    assert kinds(events) == ["waiting"]
    held.clear()  # the program closed it
    t.advance(5)
    runner.tick()
    assert app.runlog.count() == 0  # the settle time counts from when it was last held
    t.advance(5)
    runner.tick()
    assert app.runlog.count() == 1 and not src.exists()


def test_a_file_is_never_loaded_twice_even_after_a_restart(app: App, inbox: Path, t: FakeTime,
                                                           env: dict[str, str]):
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events, settle_seconds=0)
    original = write_sales(inbox / "vendas.csv", ROWS)
    copy = inbox.parent / "copia.csv"
    shutil.copy(original, copy)
    runner.tick()
    first = app.runlog.query()[0]
    shutil.copy(copy, inbox / "vendas_de_novo.csv")  # the same bytes under another name
    t.advance(30)
    runner.tick()
    assert app.runlog.count() == 1 and table_rows(app) == 2
    assert (inbox / "processed" / "vendas_de_novo.csv").exists()
    assert events[-1].kind == "duplicate" and events[-1].run_id == first.run_id
    assert "not loaded again" in events[-1].text("en")
    assert runner.rule_status("vendas").last_outcome == "duplicate"

    # A restart: a new app and a new runner on the same DINO_HOME.
    again = build(load(env=env))
    later: list[AutomationEvent] = []
    restarted = make_runner(again, [rule(inbox)], t, events=later, settle_seconds=0)
    assert restarted.rule_status("vendas").last_run_id == first.run_id  # kept across starts
    shutil.copy(copy, inbox / "vendas.csv")  # processed/ already has this name
    restarted.tick()
    assert again.runlog.count() == 1 and table_rows(again) == 2
    assert kinds(later) == ["run_started", "duplicate"]
    aside = sorted(p.name for p in (inbox / "processed").iterdir())
    assert aside == ["vendas.20261126-060030.csv", "vendas.csv", "vendas_de_novo.csv"]


def test_a_file_loaded_just_before_a_crash_is_set_aside_not_loaded_again(
        app: App, inbox: Path, t: FakeTime):
    src = write_sales(inbox / "vendas.csv", ROWS)
    # The last process loaded it and died before moving it.
    app.ingestion.ingest(IngestRequest(src, "vendas", "notas"))
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events, settle_seconds=0)
    runner.tick()
    assert app.runlog.count() == 1 and table_rows(app) == 2
    assert kinds(events) == ["run_started", "duplicate"]
    assert (inbox / "processed" / "vendas.csv").exists()


def test_a_failed_file_goes_to_failed_and_the_alert_says_why(app: App, inbox: Path,
                                                              t: FakeTime):
    alerter = FakeAlerter()
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, alerter, events, settle_seconds=0)
    bad = inbox / "ruim.csv"
    lines = ["codigo;valor"] + [f"{i:05d};{i},5" for i in range(5000)]
    lines[4500] = "04499;abc"
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    runner.tick()
    assert (inbox / "failed" / "ruim.csv").exists() and not bad.exists()
    [run] = app.runlog.query()
    assert run.state is RunState.FAILED
    assert run.source_path == str(inbox / "failed" / "ruim.csv")
    [alert] = alerter.alerts
    assert (alert.run_id, alert.file, alert.target, alert.succeeded, alert.rule) == (
        run.run_id, str(bad), "main.vendas.notas", False, "vendas")
    assert alert.link == history_link(run.run_id) == f"dino://history/{run.run_id}"
    assert "abc" in alert.error and "Row 4501" in alert.error
    assert events[-1].kind == "run_failed" and "abc" in events[-1].text("en")
    assert runner.rule_status("vendas").last_state is RunState.FAILED


def test_a_file_refused_before_any_run_still_gets_a_failed_run_and_an_alert(
        app: App, inbox: Path, t: FakeTime):
    alerter = FakeAlerter()
    runner = make_runner(app, [rule(inbox)], t, alerter, settle_seconds=0)
    (inbox / "vazio.csv").write_bytes(b"")
    runner.tick()
    [run] = app.runlog.query()
    assert run.state is RunState.FAILED and run.error_code == "file_empty"
    assert run.source_path == str(inbox / "failed" / "vazio.csv")
    [alert] = alerter.alerts
    assert alert.run_id == run.run_id and "empty" in alert.error


def test_alerts_in_the_users_language_and_successes_only_when_asked(app: App, inbox: Path,
                                                                    t: FakeTime):
    alerter = FakeAlerter()
    runner = make_runner(app, [rule(inbox)], t, alerter, settle_seconds=0, lang="pt_BR")
    write_sales(inbox / "bom.csv", ROWS)
    (inbox / "vazio.csv").write_bytes(b"")
    runner.tick()
    assert [a.succeeded for a in alerter.alerts] == [False]  # on_success is off
    assert "vazio" in alerter.alerts[0].error


def test_a_failing_alerter_never_fails_the_loading(app: App, inbox: Path, t: FakeTime):
    alerter = FakeAlerter(fail=True)
    runner = make_runner(app, [rule(inbox, alerts={"on_success": True})], t, alerter,
                         settle_seconds=0)
    write_sales(inbox / "a.csv", ROWS)
    (inbox / "b.csv").write_bytes(b"")
    runner.tick()
    assert len(alerter.alerts) == 2
    assert {r.state for r in app.runlog.query()} == {RunState.SUCCEEDED, RunState.FAILED}
    assert (inbox / "processed" / "a.csv").exists() and (inbox / "failed" / "b.csv").exists()


def test_a_scheduled_rule_runs_at_its_times_only(app: App, inbox: Path, t: FakeTime,
                                                 env: dict[str, str]):
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox, schedule="0 7 * * *")], t, events=events)
    seven = dt.datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    assert runner.rule_status("vendas").next_at == seven
    write_sales(inbox / "vendas.csv", ROWS)
    runner.tick()
    assert app.runlog.count() == 0 and events == []  # 06:00: not yet
    assert runner.seconds_to_next() == 3600
    t.now = seven
    runner.tick()  # the time came: the file is looked at, and must settle first
    assert kinds(events) == ["schedule_due"] and app.runlog.count() == 0
    t.advance(runner.seconds_to_next())
    runner.tick()
    assert app.runlog.count() == 1 and table_rows(app) == 2
    assert runner.rule_status("vendas").next_at == seven + dt.timedelta(days=1)
    write_sales(inbox / "tarde.csv", [("00099", "Zé", "1,00")])  # arrives after the time
    t.advance(3 * 3600)
    runner.tick()
    assert app.runlog.count() == 1  # waits for tomorrow's 07:00

    # Closed over night and opened at 09:00: the 07:00 that was missed runs at once.
    t.now = seven + dt.timedelta(days=1, hours=2)
    later: list[AutomationEvent] = []
    restarted = make_runner(build(load(env=env)), [rule(inbox, schedule="0 7 * * *")], t,
                            events=later, settle_seconds=0)
    assert restarted.rule_status("vendas").next_at == t.now
    restarted.tick()
    assert app.runlog.count() == 2 and table_rows(app) == 3
    assert restarted.rule_status("vendas").next_at == seven + dt.timedelta(days=2)
    t.advance(86400)
    restarted.tick()
    assert later[-1].kind == "no_files"


def test_run_forever_sleeps_until_the_next_thing_due_and_stops_cleanly(app: App, inbox: Path,
                                                                     t: FakeTime):
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events)
    write_sales(inbox / "vendas.csv", ROWS)

    def after_sleep(_seconds: float) -> None:
        if app.runlog.count() == 1:
            runner.stop()

    t.on_sleep = after_sleep
    runner.run_forever()
    assert t.slept == [10, 30]  # woke when the file had settled, then at the next scan
    assert kinds(events) == ["watching", "run_started", "run_succeeded", "stopped"]
    assert not (inbox / "vendas.csv").exists()


def test_stopping_during_a_run_cancels_it_and_leaves_the_file(app: App, inbox: Path,
                                                              t: FakeTime):
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events, settle_seconds=0)
    runner.subscribe(lambda e: runner.stop() if e.kind == "run_started" else None)
    src = write_sales(inbox / "vendas.csv", ROWS)
    runner.tick()
    assert src.exists() and not (inbox / "processed").exists()
    [run] = app.runlog.query()
    assert run.state is RunState.CANCELLED
    assert kinds(events) == ["run_started", "stopping", "run_cancelled"]
    assert not (app.settings.lakehouse / "vendas" / "notas").exists()


def test_an_invalid_rule_is_reported_and_never_stops_the_others(app: App, inbox: Path,
                                                                t: FakeTime, tmp_path: Path):
    events: list[AutomationEvent] = []
    rules = [rule(inbox, name="ruim", schedule="toda manhã"),
             rule(inbox, name="sumida", folder=str(tmp_path / "offline")),
             rule(inbox, name="Vendas 2", table="Notas"),
             rule(inbox, name="boa", table="boas")]
    runner = make_runner(app, rules, t, events=events, settle_seconds=0)
    write_sales(inbox / "vendas.csv", ROWS)
    result = runner.run_once()
    assert result.succeeded == 1 and result.ok
    assert table_rows(app, "boas") == 2
    by_kind = {e.kind: e for e in events}
    assert [e.rule for e in events if e.kind == "rule_invalid"] == ["ruim", "Vendas 2"]
    assert "cron" in by_kind["rule_invalid"].text("en") or "name" in by_kind[
        "rule_invalid"].text("en")
    assert by_kind["folder_missing"].rule == "sumida"
    assert "boa" in by_kind["once"].text("en") and "ruim" not in by_kind["once"].text("en")
    statuses = {s.name: s for s in runner.statuses()}
    assert not statuses["ruim"].valid and statuses["ruim"].next_at is None
    assert [p.code for p in statuses["ruim"].problems] == ["rule_cron_invalid"]
    assert statuses["sumida"].valid and [p.code for p in statuses["sumida"].problems] == [
        "rule_folder_missing"]


def test_run_once_waits_for_files_to_settle_then_leaves_unfinished_ones(app: App, inbox: Path,
                                                                       t: FakeTime):
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events)
    write_sales(inbox / "pronto.csv", ROWS)
    growing = inbox / "crescendo.csv"
    growing.write_text("codigo;valor\n", "utf-8")

    def keep_writing(_seconds: float) -> None:
        with growing.open("a", encoding="utf-8") as f:
            f.write(f"{len(t.slept):05d};1,0\n")

    t.on_sleep = keep_writing
    result = runner.run_once()
    assert (result.succeeded, result.left, result.failed) == (1, 1, 0)
    assert t.slept == [10, 10, 10]  # four looks, then the growing file is left for next time
    assert growing.exists() and (inbox / "processed" / "pronto.csv").exists()
    assert events[-1].kind == "incomplete" and events[-1].file == str(growing)


def test_a_file_that_cannot_be_moved_is_not_loaded_again(app: App, inbox: Path, t: FakeTime):
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(inbox)], t, events=events, settle_seconds=0)
    (inbox / "processed").write_text("a file where the folder should be", "utf-8")
    write_sales(inbox / "vendas.csv", ROWS)
    runner.tick()
    assert kinds(events) == ["run_started", "move_failed", "run_succeeded"]
    t.advance(30)
    runner.tick()
    assert app.runlog.count() == 1 and len(events) == 3


def test_a_share_that_goes_away_is_told_once_and_when_it_is_back(app: App, inbox: Path,
                                                                 t: FakeTime, tmp_path: Path):
    share = tmp_path / "share"
    events: list[AutomationEvent] = []
    runner = make_runner(app, [rule(share)], t, events=events, settle_seconds=0)
    for _ in range(3):
        runner.tick()
        t.advance(30)
    assert kinds(events) == ["folder_missing"]
    share.mkdir()
    write_sales(share / "vendas.csv", ROWS)
    runner.tick()
    assert kinds(events) == ["folder_missing", "folder_back", "run_started", "run_succeeded"]


def test_overwrite_rules_confirm_themselves_and_reload_keeps_bookkeeping(app: App, inbox: Path,
                                                                        t: FakeTime):
    runner = make_runner(app, [rule(inbox, mode="overwrite")], t, settle_seconds=0)
    write_sales(inbox / "a.csv", ROWS)
    runner.tick()
    write_sales(inbox / "b.csv", [("00099", "Zé", "1,00")])
    t.advance(30)
    runner.tick()
    assert table_rows(app) == 1
    assert [r.state for r in app.runlog.query()] == [RunState.SUCCEEDED] * 2
    runner.reload(validate_rules([rule(inbox, mode="overwrite"),
                                  rule(inbox, name="outra", table="outra")]))
    assert [s.name for s in runner.statuses()] == ["vendas", "outra"]
    assert runner.rule_status("vendas").last_outcome == "succeeded"
