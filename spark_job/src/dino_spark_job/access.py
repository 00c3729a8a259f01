"""Who may write where: IT's access list, checked again by the job before it writes.

The desktop checks the list before it uploads anything; this is the check a modified client
cannot skip. Two things come from the job's own definition, never from the client:

- the list: a JSON file named by the environment variable DINO_ACCESS_LIST on the job
  cluster (`spark_env_vars` in databricks.yml / deploy.py), e.g. a /Volumes or /Workspace
  path that only IT may change. Empty or unset: no list, everyone may write everywhere.
- who started the run: the Jobs API's `creator_user_name` of this job run (the task gets
  its run id as the base parameter `job_run_id` = `{{job.run_id}}`). The manifest's `user`
  must be that same person.

The rules are dino_desktop/core/access.py's, written again (the job never imports the
desktop); tests/spark_job/test_access.py keeps the two in agreement. Change both together.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dino_spark_job.problems import JobProblem

ENV = "DINO_ACCESS_LIST"
MODES = ("append", "overwrite", "merge")
EVERYONE = "*"
GROUP = "group:"
LIST_KEYS = ("groups", "allow", "list_file")
RULE_KEYS = ("who", "database", "table", "modes")
PATTERN = re.compile(r"^[a-z0-9_*?\[\]!-]{1,128}$")

# the DINO run id -> who started this job run for it (raises when that cannot be known)
TriggerUser = Callable[[str], str]


class AccessListError(ValueError):
    """The list cannot be used; the message names the entry that is wrong."""


@dataclass(frozen=True)
class Rule:
    who: frozenset  # lower-case users, "group:<name>", or "*"
    database: str
    table: str
    modes: tuple
    entry: int

    def matches(self, database: str, table: str) -> bool:
        return (fnmatch.fnmatchcase(database.lower(), self.database)
                and fnmatch.fnmatchcase(table.lower(), self.table))


@dataclass(frozen=True)
class AccessList:
    rules: tuple = ()
    groups: Mapping[str, frozenset] = field(default_factory=dict, hash=False)

    def principals(self, user: str) -> set:
        me = normalize_user(user)
        if not me or me == EVERYONE or me.startswith(GROUP):  # not a user: only "*" rules
            return {EVERYONE}
        return {me, EVERYONE} | {GROUP + name for name, members in self.groups.items()
                                 if me in members}

    def allowed_modes(self, user: str, database: str, table: str) -> list:
        mine = self.principals(user)
        found = {m for r in self.rules if r.who & mine and r.matches(database, table)
                 for m in r.modes}
        return [m for m in MODES if m in found]

    def allowed(self, user: str, database: str, table: str, mode: str) -> bool:
        return mode in self.allowed_modes(user, database, table)


def normalize_user(user: str) -> str:
    return str(user).strip().lower()


def parse(data: Any) -> AccessList:
    """The list as IT wrote it: {"groups": {...}, "allow": [...]} (or {"access": {...}})."""
    if isinstance(data, Mapping) and set(data) == {"access"}:
        data = data["access"]
    if not isinstance(data, Mapping):
        raise AccessListError("the access list must be an object with 'groups' and 'allow'")
    unknown = sorted(set(data) - set(LIST_KEYS))
    if unknown:
        raise AccessListError(f"unknown key(s) {', '.join(unknown)} in the access list "
                              f"(known: {', '.join(LIST_KEYS)})")
    groups = _groups(data.get("groups", {}))
    if "allow" not in data:
        raise AccessListError("the access list has no 'allow' entries; to let everyone write "
                              "everywhere, remove the list instead")
    allow = data["allow"]
    if not isinstance(allow, list):
        raise AccessListError("'allow' must be a list of entries")
    return AccessList(tuple(_rule(i, e, groups) for i, e in enumerate(allow, 1)), groups)


def _groups(raw: Any) -> dict:
    if not isinstance(raw, Mapping):
        raise AccessListError("'groups' must map each group name to a list of users")
    out = {}
    for name, members in raw.items():
        where = f"group '{name}'"
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise AccessListError(f"{where}: a group needs a name without spaces at the ends")
        if isinstance(members, str) or not isinstance(members, list):
            raise AccessListError(f"{where}: members must be a list of users")
        users = set()
        for member in members:
            if not isinstance(member, str) or not normalize_user(member):
                raise AccessListError(f"{where}: member {member!r} is not a user")
            if member.strip().startswith(GROUP) or member.strip() == EVERYONE:
                raise AccessListError(f"{where}: member '{member}': a group holds users, not "
                                      f"groups or '*'")
            users.add(normalize_user(member))
        out[name] = frozenset(users)
    return out


def _strings(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _rule(n: int, entry: Any, groups: Mapping[str, frozenset]) -> Rule:
    where = f"allow entry {n}"
    if not isinstance(entry, Mapping):
        raise AccessListError(f"{where}: must be an object with who, database, table, modes")
    unknown = sorted(set(entry) - set(RULE_KEYS))
    if unknown:
        raise AccessListError(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = [k for k in RULE_KEYS if k not in entry]
    if missing:
        raise AccessListError(f"{where}: {', '.join(missing)} missing")
    who = _strings(entry["who"])
    if not isinstance(who, list) or not who:
        raise AccessListError(f"{where}: who must be a user, 'group:<name>' or '*', or a list")
    names = set()
    for item in who:
        if not isinstance(item, str) or not normalize_user(item):
            raise AccessListError(f"{where}: who {item!r} is not a user, group or '*'")
        text = item.strip()
        if text.startswith(GROUP):
            if text[len(GROUP):] not in groups:
                raise AccessListError(f"{where}: group '{text[len(GROUP):]}' is not defined")
            names.add(text)
        else:
            names.add(normalize_user(text))
    patterns = []
    for key in ("database", "table"):
        value = entry[key]
        if not isinstance(value, str) or not PATTERN.match(value):
            raise AccessListError(f"{where}: {key} {value!r} must be a lower-case name, a glob "
                                  f"such as notas_*, or '*'")
        patterns.append(value)
    modes = _strings(entry["modes"])
    if not isinstance(modes, list) or not modes:
        raise AccessListError(f"{where}: modes must list some of {', '.join(MODES)} (or '*')")
    chosen = set()
    for mode in modes:
        if mode == EVERYONE:
            chosen.update(MODES)
        elif mode in MODES:
            chosen.add(mode)
        else:
            raise AccessListError(f"{where}: mode {mode!r} is not one of {', '.join(MODES)}")
    return Rule(frozenset(names), patterns[0], patterns[1],
                tuple(m for m in MODES if m in chosen), n)


# ---- the check the job makes


@dataclass
class Gate:
    """What the job checks before it writes: the list (None: no list) and who started it."""

    rules: AccessList | None = None
    trigger_user: TriggerUser | None = None
    source: str = ""

    def check(self, doc: Mapping[str, Any]) -> None:
        """Raise JobProblem unless the person who started this run may write the manifest's
        target in its mode; with no list, everything is allowed."""
        if self.rules is None:
            return
        if self.trigger_user is None:
            raise JobProblem("access_check_failed", reason="the job does not know who started "
                             "this run (its task needs the parameter job_run_id = "
                             "{{job.run_id}})")
        try:
            trigger = self.trigger_user(str(doc.get("run_id") or ""))
        except JobProblem:
            raise
        except Exception as exc:
            raise JobProblem("access_check_failed", reason="who started this run cannot be "
                             f"read from the Jobs API: {_short(exc)}") from exc
        if not trigger:
            raise JobProblem("access_check_failed",
                             reason="the Jobs API does not say who started this run")
        user = str(doc.get("user") or "")
        if normalize_user(user) != normalize_user(trigger):
            raise JobProblem("access_user_mismatch", run_id=doc.get("run_id"), user=user,
                             trigger_user=trigger)
        target, mode = doc["target"], doc["mode"]
        database, table = target["database"], target["table"]
        modes = self.rules.allowed_modes(trigger, database, table)
        if mode in modes:
            return
        params = {"user": trigger, "target": f"{database}.{table}", "mode": mode}
        if not modes:
            raise JobProblem("access_denied", **params)
        raise JobProblem("access_mode_denied", modes=modes, **params)


def gate_from_environment(read: Callable[[str], str], job_run_id: str | None,
                          env: Mapping[str, str] | None = None,
                          lookup: Callable[[str], str] | None = None) -> Gate:
    """The gate as the job's definition sets it up: the list at DINO_ACCESS_LIST (read with
    `read`), who started `job_run_id` from the Jobs API (`lookup`, injectable for tests)."""
    location = (os.environ if env is None else env).get(ENV, "").strip()
    if not location:
        return Gate()
    try:
        rules = parse(json.loads(read(location)))
    except AccessListError as exc:
        raise JobProblem("access_check_failed", reason=f"{location}: {exc}") from exc
    except Exception as exc:  # unreadable, not JSON: refuse rather than let anyone write
        raise JobProblem("access_check_failed",
                         reason=f"{location} cannot be read: {_short(exc)}") from exc
    find = lookup or jobs_api_trigger_user
    trigger = (lambda run_id: find(str(job_run_id), run_id)) if job_run_id else None
    return Gate(rules, trigger, location)


def jobs_api_trigger_user(job_run_id: str, dino_run_id: str, client: Any = None) -> str:
    """Who started this job run, as Databricks recorded it (databricks-sdk ships with the
    runtime; on a cluster the client signs in as the job's run-as identity). The job run must
    be the one started for this DINO run: its `run_id` job parameter says so."""
    if client is None:
        from databricks.sdk import WorkspaceClient

        client = WorkspaceClient()
    run = client.jobs.get_run(int(job_run_id))
    given = {p.name: p.value for p in (run.job_parameters or [])}.get("run_id")
    if given != dino_run_id:
        raise JobProblem("access_check_failed", reason=f"job run {job_run_id} was started for "
                         f"DINO run {given!r}, not {dino_run_id!r}")
    return str(run.creator_user_name or "")


def _short(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    return (lines[0] if lines else type(exc).__name__)[:300]
