"""`dino doctor`: is each configured service usable? One line per check, with what to do.

Like bootstrap, this is allowed to know the adapters: it builds each one from the settings
and asks it the cheapest question that proves it works (a token, a blob written and deleted,
the job, the catalog, the run log's migration, one cost query).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dino_desktop.config import Settings
from dino_desktop.core.messages import render
from dino_desktop.core.models import DinoError, Problem, Severity


@dataclass
class Check:
    name: str  # sign-in, storage, job, catalog, run log, costs, folder
    detail: str = ""  # what was found when it worked
    problem: Problem | None = None  # what is wrong, with its fix

    @property
    def ok(self) -> bool:
        return self.problem is None or self.problem.severity is not Severity.ERROR


def _run(name: str, fn: Callable[[], str]) -> Check:
    try:
        return Check(name, fn())
    except DinoError as exc:
        return Check(name, problem=exc.problem)
    except Exception as exc:  # an SDK error nobody mapped: still one line, not a traceback
        return Check(name, problem=Problem(Severity.ERROR, "doctor_failed", {
            "check": name, "reason": f"{type(exc).__name__}: {exc}"[:300]}))


def _problem(p: Problem | None) -> None:
    if p is not None:
        raise DinoError(p)


def local_checks(settings: Settings) -> list[Check]:
    def folder() -> str:
        home = settings.home_path
        home.mkdir(parents=True, exist_ok=True)
        probe = home / f".doctor-{uuid.uuid4().hex}"
        probe.write_text("ok", "utf-8")
        probe.unlink()
        return f"{home}: writable"

    def runlog() -> str:
        from dino_desktop.adapters.runlog_db import HEAD_REVISION
        from dino_desktop.adapters.sql_runlog import SqlRunLog

        log = SqlRunLog(settings.runlog_url)
        return f"{settings.runlog_url}: {log.count():,} runs, schema {HEAD_REVISION}"

    return [_run("folder", folder), _run("run log", runlog)]


def azure_checks(settings: Settings, credential: Any = None) -> list[Check]:
    from dino_desktop import bootstrap

    az = settings.azure
    checks: list[Check] = []
    state: dict[str, Any] = {"credential": credential}

    def sign_in() -> str:
        from dino_desktop.adapters.azure_auth import make_credential, signed_in_user

        if not bootstrap.needs_sign_in(settings) and state["credential"] is None:
            return "not needed: connection strings and a Databricks token are configured"
        state["credential"] = state["credential"] or make_credential(az)
        return f"signed in as {signed_in_user(state['credential']) or 'an unnamed identity'}"

    checks.append(_run("sign-in", sign_in))

    def storage() -> str:
        from dino_desktop.adapters.azure_blob import BlobStorage

        store = BlobStorage.from_settings(az, state["credential"], user=settings.user)
        return store.check()

    checks.append(_run("storage", storage))

    def job() -> str:
        from dino_desktop.adapters.databricks_engine import DatabricksEngine

        return DatabricksEngine.from_settings(az, state["credential"]).check()

    checks.append(_run("job", job))

    def catalog() -> str:
        from dino_desktop.adapters.unity_catalog import UnityCatalog

        found = UnityCatalog.from_settings(az, state["credential"]).databases()
        return f"catalog {az.catalog}: {len(found)} schemas"

    checks.append(_run("catalog", catalog))

    def runlog() -> str:
        if not (az.sql_server or az.sql_connection_string):
            return local_checks(settings)[1].detail or "local SQLite run log"
        from dino_desktop.adapters.azure_sql import check_azure_sql, sql_target

        _problem(check_azure_sql(az, state["credential"]))
        return f"{sql_target(az)}: reachable, schema current"

    checks.append(_run("run log", runlog))

    def costs() -> str:
        if not az.cost_scope:
            return "no cost scope set: costs are the price model's estimates"
        from dino_desktop.adapters.azure_costs import check_cost_access

        _problem(check_cost_access(az, state["credential"], bootstrap.price_model(settings)))
        return f"{az.cost_scope}: readable"

    checks.append(_run("costs", costs))

    def access() -> str:
        from dino_desktop.adapters.azure_auth import signed_in_user
        from dino_desktop.adapters.databricks_engine import DatabricksEngine

        user = settings.user
        if state["credential"] is not None:
            user = signed_in_user(state["credential"]) or user
        text = bootstrap.access_of(settings).summary(user)
        if not az.databricks_job_id:
            return text
        try:
            where = DatabricksEngine.from_settings(az, state["credential"]).job_access_list()
        except DinoError:  # the job line says what is wrong with the job
            return text + "; the job's own access list could not be read"
        if where is None:
            return text + "; the job runs on an existing cluster: check DINO_ACCESS_LIST there"
        if not where:
            return text + "; the job has no access list (DINO_ACCESS_LIST): it writes " \
                          "wherever a client asks"
        return text + f"; the job checks {where}"

    checks.append(_run("access", access))
    return checks


def access_check(settings: Settings) -> Check:
    """Who may write where, per IT's access list (no list: everyone, everywhere)."""
    from dino_desktop import bootstrap

    return _run("access", lambda: bootstrap.access_of(settings).summary(settings.user))


def run_checks(settings: Settings, credential: Any = None) -> list[Check]:
    if settings.profile == "azure":
        return azure_checks(settings, credential)
    checks = local_checks(settings)
    if settings.access:  # the local default (no list) needs no line
        checks.append(access_check(settings))
    return checks


def report(checks: list[Check], lang: str, as_json: bool = False) -> str:
    if as_json:
        return json.dumps([{"check": c.name, "ok": c.ok, "detail": c.detail,
                            "problem": c.problem.to_dict() if c.problem else None,
                            "message": render(c.problem, lang) if c.problem else None}
                           for c in checks], ensure_ascii=False, indent=2)
    width = max(len(c.name) for c in checks)
    lines = []
    for c in checks:
        mark = "ok  " if c.ok else "FAIL"
        text = c.detail if c.problem is None else render(c.problem, lang)  # type: ignore[arg-type]
        lines.append(f"{mark} {c.name:<{width}}  {text}")
    return "\n".join(lines)
