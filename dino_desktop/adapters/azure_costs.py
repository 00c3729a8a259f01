"""The azure profile's CostSource: what Azure Cost Management measured, per day.

A run's own cost stays an estimate from the price model (Cost Management has no notion of
a DINO run, and its data arrives hours later); `daily` asks Cost Management's Query API for
the scope's actual cost per day, which `services.costs.sync_costs` keeps in the run log.

Throttling is handled here, not by azure-core: Cost Management says how long to wait in
its own headers (x-ms-ratelimit-microsoft.costmanagement-*-retry-after), which azure-core's
retry policy does not read, and the wait goes through an injected `sleep` so tests take no
time. The query is read-only, so retrying it after a 429/5xx or a dropped connection is safe.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.pipeline.policies import RetryPolicy
from azure.mgmt.costmanagement import CostManagementClient
from azure.mgmt.costmanagement.models import (
    QueryAggregation,
    QueryComparisonExpression,
    QueryDataset,
    QueryDefinition,
    QueryFilter,
    QueryTimePeriod,
)

from dino_desktop.config import AzureSettings
from dino_desktop.core.models import DinoError, Problem, Severity
from dino_desktop.core.runs import RunRecord
from dino_desktop.ports import CostSource

__all__ = ["AzureCostSource", "azure_cost_source", "check_cost_access", "check_cost_scope",
           "make_cost_client", "parse_tag", "retry_after", "scope_of"]

MAX_DAYS_PER_QUERY = 31  # Daily granularity: longer periods are cut short by the service
MAX_PAGES = 200  # 5,000 rows a page: far more than days; a guard against a looping link
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
AGGREGATE = "totalCost"  # the alias of the summed cost column in the request
_THROTTLE_HEADER = re.compile(r"^x-ms-ratelimit-microsoft\.costmanagement-[\w.-]*retry-after$",
                              re.IGNORECASE)


def parse_tag(text: str) -> tuple[str, str] | None:
    """"name=value" → (name, value); "" → None. ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise ValueError(f"a cost tag is written name=value, not {text!r}")
    return name.strip(), value.strip()


def scope_of(azure: AzureSettings) -> str:
    """cost_scope, else the subscription; without the slashes the SDK adds itself."""
    scope = azure.cost_scope.strip() or (
        f"/subscriptions/{azure.subscription_id.strip()}" if azure.subscription_id.strip()
        else "")
    return scope.strip("/")


def retry_after(headers: Mapping[str, str], now: dt.datetime | None = None) -> float | None:
    """Seconds to wait, from the longest of Retry-After (seconds or an HTTP date),
    retry-after-ms / x-ms-retry-after-ms and Cost Management's per-quota retry-after
    headers (qpu, entity, tenant, client type). None when none is given."""
    waits: list[float] = []
    for name, value in headers.items():
        key = name.lower()
        try:
            if key in ("retry-after-ms", "x-ms-retry-after-ms"):
                waits.append(float(value) / 1000)
            elif key == "retry-after" or _THROTTLE_HEADER.match(key):
                waits.append(_seconds(value, now))
        except (TypeError, ValueError):
            continue
    return max(waits) if waits else None


def _seconds(value: str, now: dt.datetime | None) -> float:
    try:
        return float(value)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)  # ValueError if not a date either
        return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def make_cost_client(credential: Any, *, transport: Any = None,
                     base_url: str = "https://management.azure.com",
                     **kwargs: Any) -> CostManagementClient:
    """A client whose pipeline never retries by itself (AzureCostSource does, honouring
    Cost Management's headers); `transport` lets tests serve recorded responses."""
    kwargs.setdefault("connection_timeout", 15)
    kwargs.setdefault("read_timeout", 120)
    if transport is not None:
        kwargs["transport"] = transport
    return CostManagementClient(credential, base_url=base_url,
                                retry_policy=RetryPolicy.no_retries(), **kwargs)


class AzureCostSource:
    """ports.CostSource: runs estimated by the price model, days measured by Azure."""

    def __init__(self, client: CostManagementClient, scope: str, model: CostSource, *,
                 tag: str = "", cost_column: str = "PreTaxCost", query_type: str = "ActualCost",
                 sleep: Callable[[float], None] = time.sleep, max_retries: int = 4,
                 max_wait_s: float = 300.0, today: Callable[[], dt.date] | None = None) -> None:
        if not scope.strip("/"):
            raise DinoError(Problem(Severity.ERROR, "costs_scope_missing", {},
                                    fix="set_cost_scope"))
        try:
            self.tag = parse_tag(tag)
        except ValueError:
            raise DinoError(Problem(Severity.ERROR, "costs_tag_invalid", {"tag": tag},
                                    fix="set_cost_tag")) from None
        self.client, self.scope, self.model = client, scope.strip("/"), model
        self.cost_column, self.query_type = cost_column, query_type
        self.max_retries, self.max_wait_s = max_retries, max_wait_s
        self._sleep = sleep
        self._today = today or (lambda: dt.datetime.now(dt.UTC).date())

    @property
    def currency(self) -> str:
        return self.model.currency

    def estimate(self, run: RunRecord) -> float:
        return self.model.estimate(run)

    # -- the query

    def definition(self, since: dt.date, until: dt.date) -> QueryDefinition:
        """Actual cost per day over [since, until] (whole UTC days), tag-filtered if set."""
        start = dt.datetime.combine(since, dt.time(0, 0), dt.UTC)
        end = dt.datetime.combine(until, dt.time(23, 59, 59), dt.UTC)
        flt = None
        if self.tag:
            flt = QueryFilter(tags=QueryComparisonExpression(
                name=self.tag[0], operator="In", values=[self.tag[1]]))
        return QueryDefinition(
            type=self.query_type, timeframe="Custom",
            time_period=QueryTimePeriod(from_property=start, to=end),
            dataset=QueryDataset(granularity="Daily", filter=flt, aggregation={
                AGGREGATE: QueryAggregation(name=self.cost_column, function="Sum")}))

    def daily(self, since: dt.date, until: dt.date) -> list[tuple[dt.date, float]]:
        """Every day of [since, until] up to today, in order: what Azure measured, 0.0 for
        a day it lists no cost for (it omits days without usage). DinoError when Azure
        refuses (forbidden, unknown scope, throttled too long) or the currency differs."""
        last = min(until, self._today())
        if since > last:
            return []
        totals: dict[dt.date, float] = {}
        start = since
        while start <= last:
            end = min(last, start + dt.timedelta(days=MAX_DAYS_PER_QUERY - 1))
            for day, amount in self._query(start, end):
                if since <= day <= last:
                    totals[day] = totals.get(day, 0.0) + amount
            start = end + dt.timedelta(days=1)
        days = [since + dt.timedelta(days=i) for i in range((last - since).days + 1)]
        return [(day, round(totals.get(day, 0.0), 6)) for day in days]

    def _query(self, since: dt.date, until: dt.date,
               retries: int | None = None) -> list[tuple[dt.date, float]]:
        """All pages of one query, following properties.nextLink."""
        definition = self.definition(since, until)
        params: dict[str, str] = {}
        out: list[tuple[dt.date, float]] = []
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            result = self._call(definition, params,
                                self.max_retries if retries is None else retries)
            if result is None:  # 204: nothing to report for the period
                break
            out.extend(self._rows(result))
            link = result.next_link
            if not link or link in seen:
                break
            seen.add(link)
            params = dict(parse_qsl(urlsplit(link).query))  # $skiptoken, api-version
        return out

    def _call(self, definition: QueryDefinition, params: dict[str, str], retries: int) -> Any:
        """One request, retried after throttling (waiting as told) or a passing failure."""
        attempt = 0
        while True:
            try:
                return self.client.query.usage(self.scope, definition,
                                               params=dict(params))
            except ClientAuthenticationError as exc:
                if exc.status_code is None:  # the credential failed: no request was sent
                    raise DinoError(self._problem(exc, 401)) from exc
                raise DinoError(self._problem(exc, exc.status_code)) from exc
            except HttpResponseError as exc:
                status = exc.status_code or 0
                if status not in RETRY_STATUSES or attempt >= retries:
                    raise DinoError(self._problem(exc, status)) from exc
                headers = exc.response.headers if exc.response is not None else {}
                wait = retry_after(headers)
                if wait is None:
                    wait = min(60.0, 2.0 * 2 ** attempt)
                if wait > self.max_wait_s:
                    raise DinoError(self._problem(exc, status, wait)) from exc
            except (ServiceRequestError, ServiceResponseError) as exc:
                if attempt >= retries:
                    raise DinoError(self._problem(exc, 0)) from exc
                wait = min(60.0, 2.0 * 2 ** attempt)
            except AzureError as exc:
                raise DinoError(self._problem(exc, 0)) from exc
            attempt += 1
            self._sleep(wait)

    def _problem(self, exc: AzureError, status: int, wait: float | None = None) -> Problem:
        scope = "/" + self.scope
        reason = _reason(exc)
        if status == 403:
            return Problem(Severity.ERROR, "costs_forbidden", {"scope": scope, "reason": reason},
                           fix="grant_cost_reader")
        if status == 401:
            return Problem(Severity.ERROR, "costs_unauthorized",
                           {"scope": scope, "reason": reason}, fix="azure_sign_in")
        if status == 404:
            return Problem(Severity.ERROR, "costs_scope_not_found", {"scope": scope},
                           fix="set_cost_scope")
        if status == 429:
            seconds = round(wait if wait is not None else retry_after(
                getattr(getattr(exc, "response", None), "headers", None) or {}) or 60)
            return Problem(Severity.ERROR, "costs_throttled", {"seconds": seconds})
        if status == 400:
            return Problem(Severity.ERROR, "costs_query_refused",
                           {"scope": scope, "reason": reason})
        return Problem(Severity.ERROR, "costs_unavailable", {"reason": reason or str(status)})

    def _rows(self, result: Any) -> list[tuple[dt.date, float]]:
        columns = [(c.name or "", (c.type or "").lower()) for c in (result.columns or [])]
        names = [n.lower() for n, _ in columns]
        date_i = _index(names, ("usagedate", "date", "billingperiod"))
        cost_i = _index(names, (AGGREGATE.lower(), self.cost_column.lower(), "cost",
                                "pretaxcost"))
        if cost_i is None:  # any other number that is not the date
            cost_i = next((i for i, (_, t) in enumerate(columns)
                           if t == "number" and i != date_i), None)
        cur_i = _index(names, ("currency", "billingcurrency", "billingcurrencycode"))
        if date_i is None or cost_i is None:
            raise DinoError(Problem(Severity.ERROR, "costs_unavailable", {
                "reason": f"unexpected columns {[n for n, _ in columns]}"}))
        out = []
        for row in result.rows or []:
            currency = str(row[cur_i]).strip() if cur_i is not None and row[cur_i] else ""
            if currency and currency.upper() != self.currency.upper():
                raise DinoError(Problem(Severity.ERROR, "costs_currency_mismatch",
                                        {"found": currency, "expected": self.currency},
                                        fix="set_currency"))
            out.append((_day(row[date_i]), float(row[cost_i] or 0.0)))
        return out

    def check(self) -> Problem | None:
        """`dino doctor`: one small query (today) on the scope, not retried (a 429 is
        reported as costs_throttled); None when the scope can be read."""
        today = self._today()
        try:
            self._query(today, today, retries=0)
        except DinoError as exc:
            return exc.problem
        return None


def _index(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for name in wanted:
        if name in names:
            return names.index(name)
    return None


def _day(value: Any) -> dt.date:
    """UsageDate: 20261125 (a number, the Query API's Daily format) or an ISO date/time."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()


def _reason(exc: AzureError) -> str:
    error = getattr(exc, "error", None)
    text = getattr(error, "message", None) or getattr(exc, "message", None) or str(exc)
    return str(text).strip().splitlines()[0][:300] if str(text).strip() else ""


def azure_cost_source(azure: AzureSettings, credential: Any, model: CostSource,
                      **kwargs: Any) -> AzureCostSource:
    """The CostSource for the azure profile (the client is made here; no I/O until used).
    `transport` goes to the client; everything else to AzureCostSource."""
    client_kw = {k: kwargs.pop(k) for k in ("transport", "base_url") if k in kwargs}
    return AzureCostSource(make_cost_client(credential, **client_kw), scope_of(azure), model,
                           tag=azure.cost_tag, **kwargs)


def check_cost_scope(source: AzureCostSource) -> Problem | None:
    """`dino doctor`: can the signed-in identity read the cost scope? None when it can."""
    return source.check()


def check_cost_access(azure: AzureSettings, credential: Any, model: CostSource,
                      **kwargs: Any) -> Problem | None:
    """`dino doctor` from the settings: scope set, tag well formed, scope readable."""
    try:
        return azure_cost_source(azure, credential, model, **kwargs).check()
    except DinoError as exc:
        return exc.problem
