"""Azure Cost Management as the cost source: recorded response shapes served through an
azure-core transport to the real CostManagementClient (its own pipeline, no network), and
the sync into a real SQLite run log that the KPIs then read."""

from __future__ import annotations

import datetime as dt
import json
import time
import types
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError
from azure.core.pipeline.transport import HttpResponse, HttpTransport
from azure.core.utils import case_insensitive_dict

from dino_desktop import bootstrap, cli
from dino_desktop.adapters import azure_costs
from dino_desktop.adapters.azure_costs import AzureCostSource, azure_cost_source, retry_after
from dino_desktop.adapters.cost_model import PriceModel
from dino_desktop.adapters.sql_runlog import SqlRunLog
from dino_desktop.config import AzureSettings, Settings
from dino_desktop.core.messages import render
from dino_desktop.core.models import DinoError
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.services.costs import costs_due, last_cost_sync, sync_costs
from dino_desktop.services.kpis import KpiService

SCOPE = "/subscriptions/00000000-0000-0000-0000-00000000c057/resourceGroups/rg-dino"
TODAY = dt.date(2026, 11, 25)
D = dt.date


# ---- a recorded transport: the documented response shapes, written by hand

class Reply(HttpResponse):
    """One recorded HTTP response (azure-core's legacy transport response)."""

    def __init__(self, request, status: int, body: dict | None, headers: dict[str, str]):
        super().__init__(request, None)
        self.status_code = status
        self.reason = {200: "OK", 204: "No Content", 403: "Forbidden", 404: "Not Found",
                       429: "Too Many Requests", 503: "Service Unavailable"}.get(status, "")
        self.headers = case_insensitive_dict({"Content-Type": "application/json", **headers})
        self.content_type = "application/json"
        self._body = b"" if body is None else json.dumps(body).encode()

    def body(self) -> bytes:
        return self._body


class Recorded(HttpTransport):
    """Serves the replies in order and keeps every request the SDK sent."""

    def __init__(self, *replies: tuple[int, dict | None, dict[str, str]]) -> None:
        self.replies = list(replies)
        self.requests: list = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        assert self.replies, f"unexpected request {request.method} {request.url}"
        status, body, headers = self.replies.pop(0)
        return Reply(request, status, body, headers)

    def open(self) -> None: ...

    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None: ...

    def sleep(self, duration: float) -> None:
        raise AssertionError("the SDK must not wait on its own: AzureCostSource does")

    def bodies(self) -> list[dict]:
        return [json.loads(r.body) for r in self.requests]


class Credential:
    """A TokenCredential handing out one token (no sign-in)."""

    def __init__(self, fail: bool = False) -> None:
        self.fail, self.scopes = fail, []

    def get_token(self, *scopes: str, **kwargs) -> AccessToken:
        self.scopes.extend(scopes)
        if self.fail:
            raise ClientAuthenticationError("AADSTS700082: the refresh token has expired")
        return AccessToken("token-for-arm", int(time.time()) + 3600)


def page(rows: list[list], next_link: str | None = None,
         columns: tuple[tuple[str, str], ...] = (("PreTaxCost", "Number"),
                                                 ("UsageDate", "Number"),
                                                 ("Currency", "String"))) -> dict:
    """A QueryResult as the REST API returns it (properties.columns/rows/nextLink)."""
    return {"id": f"{SCOPE}/providers/Microsoft.CostManagement/query/5f2b3c1e",
            "name": "5f2b3c1e", "type": "Microsoft.CostManagement/query",
            "properties": {"nextLink": next_link,
                           "columns": [{"name": n, "type": t} for n, t in columns],
                           "rows": rows}}


def ok(body: dict | None, **headers: str) -> tuple[int, dict | None, dict[str, str]]:
    return (200 if body is not None else 204, body, headers)


def error(status: int, code: str, message: str, **headers: str):
    return (status, {"error": {"code": code, "message": message}}, headers)


MODEL = PriceModel(compute_per_hour=4.0, storage_per_gb_month=0.12, per_run=0.02,
                   currency="BRL")


def source(transport: Recorded, *, tag: str = "", sleeps: list[float] | None = None,
           **kwargs) -> AzureCostSource:
    azure = AzureSettings(cost_scope=SCOPE, cost_tag=tag)
    waits = sleeps if sleeps is not None else []
    return azure_cost_source(azure, kwargs.pop("credential", Credential()), MODEL,
                             transport=transport, sleep=waits.append, today=lambda: TODAY,
                             **kwargs)


# ---- the request the SDK sends

def test_the_request_body_time_period_granularity_aggregation_and_tag_filter() -> None:
    transport = Recorded(ok(page([[12.5, 20261101, "BRL"], [3.25, 20261103, "BRL"]])))
    cred = Credential()
    days = source(transport, tag="app=dino", credential=cred).daily(D(2026, 11, 1),
                                                                     D(2026, 11, 3))
    assert days == [(D(2026, 11, 1), 12.5), (D(2026, 11, 2), 0.0), (D(2026, 11, 3), 3.25)]

    (request,) = transport.requests
    url = urlsplit(request.url)
    assert request.method == "POST" and url.netloc == "management.azure.com"
    assert url.path == f"{SCOPE}/providers/Microsoft.CostManagement/query"
    assert parse_qs(url.query) == {"api-version": ["2022-10-01"]}
    assert request.headers["Authorization"] == "Bearer token-for-arm"
    assert cred.scopes == ["https://management.azure.com/.default"]
    assert json.loads(request.body) == {
        "type": "ActualCost", "timeframe": "Custom",
        "timePeriod": {"from": "2026-11-01T00:00:00.000Z", "to": "2026-11-03T23:59:59.000Z"},
        "dataset": {"granularity": "Daily",
                    "aggregation": {"totalCost": {"name": "PreTaxCost", "function": "Sum"}},
                    "filter": {"tags": {"name": "app", "operator": "In", "values": ["dino"]}}}}


def test_no_tag_no_filter_and_a_subscription_scope() -> None:
    transport = Recorded(ok(page([])))
    azure = AzureSettings(subscription_id="sub-1")
    src = azure_cost_source(azure, Credential(), MODEL, transport=transport,
                            today=lambda: TODAY, cost_column="Cost")
    assert src.daily(D(2026, 11, 24), D(2026, 11, 30)) == [(D(2026, 11, 24), 0.0),
                                                            (D(2026, 11, 25), 0.0)]
    body = transport.bodies()[0]
    assert "filter" not in body["dataset"]
    assert body["dataset"]["aggregation"]["totalCost"]["name"] == "Cost"
    assert body["timePeriod"]["to"] == "2026-11-25T23:59:59.000Z"  # never past today
    assert urlsplit(transport.requests[0].url).path == (
        "/subscriptions/sub-1/providers/Microsoft.CostManagement/query")


def test_a_long_period_is_asked_in_windows_of_at_most_31_days() -> None:
    transport = Recorded(ok(page([[1.0, 20261001, "BRL"]])), ok(page([[2.0, 20261105, "BRL"]])))
    days = source(transport).daily(D(2026, 10, 1), D(2026, 11, 9))
    assert len(days) == 40 and days[0] == (D(2026, 10, 1), 1.0)
    assert dict(days)[D(2026, 11, 5)] == 2.0 and sum(a for _, a in days) == 3.0
    periods = [b["timePeriod"] for b in transport.bodies()]
    assert periods == [
        {"from": "2026-10-01T00:00:00.000Z", "to": "2026-10-31T23:59:59.000Z"},
        {"from": "2026-11-01T00:00:00.000Z", "to": "2026-11-09T23:59:59.000Z"}]


# ---- response shapes

def test_pagination_follows_next_link_across_two_pages() -> None:
    link = (f"https://management.azure.com{SCOPE}/providers/Microsoft.CostManagement/query"
            "?api-version=2022-10-01&$skiptoken=AQAAAA%3D%3D")
    transport = Recorded(ok(page([[10.0, 20261120, "BRL"], [1.5, 20261121, "BRL"]], link)),
                         ok(page([[0.5, 20261121, "BRL"], [4.0, 20261122, "BRL"]])))
    days = source(transport).daily(D(2026, 11, 20), D(2026, 11, 22))
    assert days == [(D(2026, 11, 20), 10.0), (D(2026, 11, 21), 2.0), (D(2026, 11, 22), 4.0)]
    first, second = transport.requests
    assert "skiptoken" not in first.url
    query = parse_qs(urlsplit(second.url).query)
    assert query == {"api-version": ["2022-10-01"], "$skiptoken": ["AQAAAA=="]}
    assert urlsplit(second.url).path == urlsplit(first.url).path
    assert json.loads(second.body) == json.loads(first.body)  # the same query, next page


def test_204_means_no_cost_and_dates_may_come_as_iso_text() -> None:
    transport = Recorded(ok(None))
    assert source(transport).daily(D(2026, 11, 24), D(2026, 11, 25)) == [
        (D(2026, 11, 24), 0.0), (D(2026, 11, 25), 0.0)]
    columns = (("UsageDate", "Datetime"), ("Cost", "Number"), ("Currency", "String"))
    transport = Recorded(ok(page([["2026-11-24T00:00:00", 7.0, "brl"]], columns=columns)))
    assert source(transport).daily(D(2026, 11, 24), D(2026, 11, 24)) == [(D(2026, 11, 24),
                                                                          7.0)]


def test_another_currency_is_refused_not_mixed_with_the_estimates() -> None:
    transport = Recorded(ok(page([[3.0, 20261124, "USD"]])))
    with pytest.raises(DinoError) as err:
        source(transport).daily(D(2026, 11, 24), D(2026, 11, 24))
    p = err.value.problem
    assert (p.code, p.params, p.fix) == ("costs_currency_mismatch",
                                        {"found": "USD", "expected": "BRL"}, "set_currency")


# ---- throttling and errors

def test_429_with_retry_after_waits_that_long_then_succeeds() -> None:
    sleeps: list[float] = []
    transport = Recorded(error(429, "429", "Too many requests.", **{"Retry-After": "7"}),
                         ok(page([[5.0, 20261124, "BRL"]])))
    days = source(transport, sleeps=sleeps).daily(D(2026, 11, 24), D(2026, 11, 24))
    assert days == [(D(2026, 11, 24), 5.0)]
    assert sleeps == [7.0] and len(transport.requests) == 2


def test_429_with_cost_management_headers_waits_for_the_longest() -> None:
    sleeps: list[float] = []
    headers = {"x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "12",
               "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after": "30",
               "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining": "QueryUsage:0"}
    transport = Recorded(error(429, "429", "Throttled", **headers),
                         (503, None, {}), ok(page([])))
    source(transport, sleeps=sleeps).daily(D(2026, 11, 24), D(2026, 11, 24))
    assert sleeps == [30.0, 4.0]  # the header's wait; then a backoff for the bare 503


def test_throttling_that_never_ends_gives_up_after_bounded_retries() -> None:
    sleeps: list[float] = []
    transport = Recorded(*[error(429, "429", "Throttled", **{"Retry-After": "2"})] * 3)
    with pytest.raises(DinoError) as err:
        source(transport, sleeps=sleeps, max_retries=2).daily(TODAY, TODAY)
    assert err.value.problem.code == "costs_throttled"
    assert err.value.problem.params == {"seconds": 2}
    assert sleeps == [2.0, 2.0] and not transport.replies

    sleeps.clear()  # asked to wait longer than we are willing to: say so, at once
    transport = Recorded(error(429, "429", "Throttled", **{"Retry-After": "3600"}))
    with pytest.raises(DinoError) as err:
        source(transport, sleeps=sleeps).daily(TODAY, TODAY)
    assert err.value.problem.params == {"seconds": 3600} and sleeps == []


def test_403_is_a_clear_problem_with_what_to_do() -> None:
    transport = Recorded(error(403, "RBACAccessDenied", "The client 'ana@contoso.com' does "
                               "not have authorization to perform action "
                               "'Microsoft.CostManagement/query/action'."))
    with pytest.raises(DinoError) as err:
        source(transport).daily(TODAY, TODAY)
    p = err.value.problem
    assert (p.code, p.fix, p.params["scope"]) == ("costs_forbidden", "grant_cost_reader", SCOPE)
    assert "Microsoft.CostManagement/query/action" in p.params["reason"]
    en, pt = render(p, "en"), render(p, "pt_BR")
    assert SCOPE in en and "Cost Management Reader" in en and "refused" in en
    assert "Cost Management Reader" in pt and "recusou" in pt
    assert len(transport.requests) == 1  # never retried


@pytest.mark.parametrize(("reply", "code"), [
    (error(404, "NotFound", "Subscription not found"), "costs_scope_not_found"),
    (error(400, "BadRequest", "Invalid dataset grouping"), "costs_query_refused"),
    (error(401, "InvalidAuthenticationToken", "expired"), "costs_unauthorized"),
])
def test_other_refusals(reply, code) -> None:
    with pytest.raises(DinoError) as err:
        source(Recorded(reply)).daily(TODAY, TODAY)
    assert err.value.problem.code == code
    assert not render(err.value.problem, "pt_BR").startswith(code)


def test_a_failing_sign_in_sends_nothing() -> None:
    transport = Recorded()
    with pytest.raises(DinoError) as err:
        source(transport, credential=Credential(fail=True)).daily(TODAY, TODAY)
    assert err.value.problem.code == "costs_unauthorized"
    assert "AADSTS700082" in err.value.problem.params["reason"]
    assert transport.requests == []


def test_settings_that_cannot_work_are_refused_up_front() -> None:
    with pytest.raises(DinoError) as err:
        azure_cost_source(AzureSettings(), Credential(), MODEL)
    assert (err.value.problem.code, err.value.problem.fix) == ("costs_scope_missing",
                                                              "set_cost_scope")
    with pytest.raises(DinoError) as err:
        azure_cost_source(AzureSettings(cost_scope=SCOPE, cost_tag="app"), Credential(), MODEL)
    assert err.value.problem.code == "costs_tag_invalid"


def test_retry_after_header_forms() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    assert retry_after({"Retry-After": "Wed, 25 Nov 2026 12:00:45 GMT"}, now) == 45.0
    assert retry_after({"retry-after-ms": "1500"}) == 1.5
    assert retry_after({"x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after": "9",
                        "Retry-After": "3"}) == 9.0
    assert retry_after({"Retry-After": "soon", "Content-Type": "x"}) is None


def test_check_cost_scope_for_dino_doctor() -> None:
    assert azure_costs.check_cost_scope(source(Recorded(ok(page([]))))) is None
    problem = azure_costs.check_cost_scope(source(Recorded(error(403, "Denied", "no"))))
    assert problem is not None and problem.code == "costs_forbidden"
    assert azure_costs.check_cost_access(AzureSettings(), Credential(), MODEL).code == (
        "costs_scope_missing")
    assert azure_costs.check_cost_access(AzureSettings(cost_scope=SCOPE), Credential(), MODEL,
                                         transport=Recorded(ok(page([])))) is None
    sleeps: list[float] = []  # doctor does not wait out throttling: it says so
    busy = source(Recorded(error(429, "429", "busy", **{"Retry-After": "20"})), sleeps=sleeps)
    assert azure_costs.check_cost_scope(busy).params == {"seconds": 20} and sleeps == []


def test_a_run_is_still_estimated_by_the_price_model() -> None:
    src = source(Recorded())
    run = make_run("R1", timings={"run": 3600.0}, bytes_staged=0)
    assert src.estimate(run) == MODEL.estimate(run) == pytest.approx(4.02)
    assert src.currency == "BRL"


# ---- the sync into a real run log, and the KPIs beside the estimates

class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def make_run(run_id: str, **kw) -> RunRecord:
    base = dict(run_id=run_id, state=RunState.SUCCEEDED, user="ana", machine="pc",
                source_name=f"{run_id}.csv", source_path=None, source_bytes=100, sha256=None,
                source_format="csv", catalog="main", database="vendas", table="notas",
                mode="append", created_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    base.update(kw)
    return RunRecord(**base)


@pytest.fixture
def log(tmp_path: Path):
    clock = Clock(dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC))
    with SqlRunLog(f"sqlite:///{(tmp_path / 'runs.sqlite').as_posix()}", clock=clock) as runlog:
        runlog.test_clock = clock
        yield runlog


def test_sync_writes_each_day_and_a_resync_overwrites_not_duplicates(log) -> None:
    first = Recorded(ok(page([[10.0, 20261121, "BRL"], [2.0, 20261122, "BRL"]])))
    result = sync_costs(log, source(first), D(2026, 11, 21), D(2026, 11, 30), today=TODAY)
    assert (result.since, result.until, result.currency) == (D(2026, 11, 21), TODAY, "BRL")
    assert result.days == [(D(2026, 11, 21), 10.0), (D(2026, 11, 22), 2.0),
                           (D(2026, 11, 23), 0.0), (D(2026, 11, 24), 0.0),
                           (D(2026, 11, 25), 0.0)]
    assert result.to_dict()["days_written"] == 5 and result.total == 12.0

    log.test_clock.now += dt.timedelta(hours=3)  # Azure revised the 22nd
    again = Recorded(ok(page([[10.0, 20261121, "BRL"], [2.5, 20261122, "BRL"],
                              [1.0, 20261125, "BRL"]])))
    sync_costs(log, source(again), D(2026, 11, 21), D(2026, 11, 25), today=TODAY)
    assert log.daily_costs(D(2026, 11, 21), D(2026, 11, 25)) == [
        (D(2026, 11, 21), 10.0), (D(2026, 11, 22), 2.5), (D(2026, 11, 23), 0.0),
        (D(2026, 11, 24), 0.0), (D(2026, 11, 25), 1.0)]
    with log.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*), count(DISTINCT day) FROM daily_costs"
                                    ).one() == (5, 5)
    assert last_cost_sync(log) == dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def test_costs_due_once_a_day(log) -> None:
    now = dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC)
    assert costs_due(log, now)  # never synced
    log.add_daily_cost(D(2026, 11, 24), 1.0, "model")  # another source does not count
    assert costs_due(log, now)
    sync_costs(log, source(Recorded(ok(page([])))), D(2026, 11, 24), TODAY, today=TODAY)
    assert not costs_due(log, now + dt.timedelta(hours=23, minutes=59))
    assert costs_due(log, now + dt.timedelta(hours=24))
    assert not costs_due(log, (now + dt.timedelta(hours=1)).replace(tzinfo=None))


def test_a_price_model_measures_nothing_so_nothing_is_written(log) -> None:
    result = sync_costs(log, MODEL, D(2026, 11, 1), D(2026, 11, 30), today=TODAY)
    assert result.days == [] and log.daily_costs(D(2026, 11, 1), TODAY) == []
    with pytest.raises(ValueError):
        sync_costs(log, MODEL, D(2026, 11, 26), D(2026, 11, 30), today=TODAY)


def test_kpis_show_actual_beside_estimated(log) -> None:
    for i, (day, cost) in enumerate([(20, 0.5), (20, 0.25), (21, 1.0), (23, 2.0)]):
        log.create(make_run(f"R{i}", cost=cost,
                            created_at=dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC)))
    src = source(Recorded(ok(page([[9.0, 20261121, "BRL"], [3.0, 20261122, "BRL"]]))))
    sync_costs(log, src, D(2026, 11, 21), D(2026, 11, 22), today=TODAY)

    k = KpiService(log, src).compute(dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
                                     dt.datetime(2026, 11, 23, 23, tzinfo=dt.UTC))
    days = {r["key"]: (r["estimated_cost"], r["actual_cost"], r["cost"]) for r in k.per_day}
    assert days == {D(2026, 11, 20): (0.75, None, 0.75),  # not synced: the estimate only
                    D(2026, 11, 21): (1.0, 9.0, 9.0),  # measured wins in `cost`
                    D(2026, 11, 22): (0.0, 3.0, 3.0),  # a cost with no run (storage, ...)
                    D(2026, 11, 23): (2.0, None, 2.0)}
    assert (k.estimated_cost, k.actual_cost, k.actual_days) == (3.75, 12.0, 2)
    assert k.cost == pytest.approx(14.75) and k.currency == "BRL"
    out = json.loads(json.dumps(k.to_dict()))
    assert (out["estimated_cost"], out["actual_cost"], out["actual_days"]) == (3.75, 12.0, 2)
    assert out["per_day"][1] | {"key": None} == out["per_day"][1] | {
        "key": None, "estimated_cost": 1.0, "actual_cost": 9.0, "cost": 9.0}

    nothing = KpiService(log, MODEL).compute(dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                                             dt.datetime(2026, 11, 5, tzinfo=dt.UTC))
    assert (nothing.actual_cost, nothing.actual_days, nothing.cost) == (None, 0, 0.0)
    assert all(r["actual_cost"] is None for r in nothing.per_day)


# ---- `dino sync-costs`

def _app(log, src, profile: str = "azure"):
    return types.SimpleNamespace(settings=Settings(profile=profile), runlog=log, costs=src)


@pytest.fixture
def cli_env(monkeypatch, tmp_path: Path) -> None:
    for name in ("DINO_PROFILE", "DINO_CENTRAL_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DINO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DINO_CONFIG", str(tmp_path / "no-config.toml"))


def test_cli_sync_costs_json_and_failure_exit_codes(log, cli_env, monkeypatch, capsys) -> None:
    today = dt.datetime.now(dt.UTC).date()
    stamp = int(today.strftime("%Y%m%d"))
    src = azure_cost_source(AzureSettings(cost_scope=SCOPE), Credential(), MODEL,
                            transport=Recorded(ok(page([[4.5, stamp, "BRL"]]))))
    monkeypatch.setattr(bootstrap, "build", lambda settings: _app(log, src))
    monkeypatch.setenv("DINO_LANG", "en")
    assert cli.main(["sync-costs", "--since", "1d", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["days"][-1] == {"day": today.isoformat(), "amount": 4.5}
    assert out["currency"] == "BRL" and out["source"] == "azure"
    assert log.daily_costs(today, today) == [(today, 4.5)]

    denied = azure_cost_source(AzureSettings(cost_scope=SCOPE), Credential(), MODEL,
                               transport=Recorded(error(403, "RBACAccessDenied", "denied")))
    monkeypatch.setattr(bootstrap, "build", lambda settings: _app(log, denied))
    monkeypatch.setenv("DINO_LANG", "pt_BR")
    assert cli.main(["sync-costs"]) == 3
    err = capsys.readouterr().err
    assert "Cost Management Reader" in err and SCOPE in err

    assert cli.main(["sync-costs", "--since", "2026-13-01"]) == 3
    assert "Período inválido" in capsys.readouterr().err


def test_cli_sync_costs_on_the_local_profile_writes_nothing(cli_env, monkeypatch,
                                                             capsys) -> None:
    monkeypatch.setenv("DINO_LANG", "en")
    assert cli.main(["sync-costs"]) == 0
    assert "measures no cost" in capsys.readouterr().out
    assert cli.main(["sync-costs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["days"] == []
