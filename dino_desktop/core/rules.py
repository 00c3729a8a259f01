"""Automation rules: what to watch, where the rows go, and when (plain logic, no I/O here
except the folder check a caller can swap out).

A rule comes from the configuration as a dict (`[[rules]]` in TOML); `validate_rules` turns
the list into `RuleCheck`s: a `Rule` when it can run, and the problems found either way, so
one wrong rule is reported and the others still run.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from croniter import croniter

from dino_desktop.core.alerts import AlertChannels
from dino_desktop.core.models import BadRowPolicy, Problem, Severity, WriteMode
from dino_desktop.core.naming import check_target_name

PROCESSED = "processed"  # beside the watched files: where a file goes after its run
FAILED = "failed"
RULE_KEYS = ("name", "folder", "pattern", "database", "table", "mode", "keys", "sheet",
             "bad_rows", "schedule", "enabled", "alerts")
ALERT_KEYS = ("on_success", "desktop", "webhook", "email")
DEFAULT_PATTERN = "*.csv"
MAX_NAME = 100
# Files that programs leave while they work: never data to load.
TEMPORARY = ("~$*", ".~lock.*", "*.tmp", "*.temp", "*.part", "*.partial", "*.crdownload",
             "*.download", ".*")


@dataclass(frozen=True)
class Rule:
    """One watched folder (or share) and the table its files go to."""

    name: str
    folder: str
    database: str
    table: str
    patterns: tuple[str, ...] = (DEFAULT_PATTERN,)
    mode: WriteMode = WriteMode.APPEND
    keys: tuple[str, ...] = ()
    sheet: str | None = None
    bad_rows: BadRowPolicy = BadRowPolicy.REJECT
    schedule: str = ""  # a cron expression; "" = as files arrive
    enabled: bool = True
    alerts: AlertChannels = field(default_factory=AlertChannels)

    @property
    def on_arrival(self) -> bool:
        return not self.schedule

    @property
    def folder_path(self) -> Path:
        return Path(self.folder).expanduser()

    def matches(self, file_name: str) -> bool:
        return matches(file_name, self.patterns)

    def to_dict(self) -> dict[str, Any]:
        """The rule as the configuration file holds it (defaults left out)."""
        out: dict[str, Any] = {"name": self.name, "folder": self.folder,
                               "pattern": ";".join(self.patterns),
                               "database": self.database, "table": self.table,
                               "mode": self.mode.value}
        if self.keys:
            out["keys"] = list(self.keys)
        if self.sheet:
            out["sheet"] = self.sheet
        out["bad_rows"] = self.bad_rows.value
        if self.schedule:
            out["schedule"] = self.schedule
        if not self.enabled:
            out["enabled"] = False
        if self.alerts != AlertChannels():
            a = self.alerts
            out["alerts"] = {"on_success": a.on_success, "desktop": a.desktop,
                             "webhook": a.webhook, "email": list(a.email)}
        return out


@dataclass
class RuleCheck:
    """One entry of the configured list: the rule when it can run, and what is wrong."""

    name: str  # the rule's name, or "#3" when it has none
    rule: Rule | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rule is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


# ---------------------------------------------------------------- parsing and validation


def folder_is_dir(folder: str) -> bool:
    return Path(folder).expanduser().is_dir()


def validate_rules(items: Iterable[Any],
                   folder_exists: Callable[[str], bool] | None = folder_is_dir
                   ) -> list[RuleCheck]:
    """Every configured rule checked; a name used twice makes both entries invalid.
    `folder_exists=None` skips the folder check (a network share may be away for now)."""
    checks = [parse_rule(item, i + 1, folder_exists) for i, item in enumerate(items)]
    seen: dict[str, int] = {}
    for c in checks:
        if c.name and not c.name.startswith("#"):
            seen[c.name.casefold()] = seen.get(c.name.casefold(), 0) + 1
    for c in checks:
        if seen.get(c.name.casefold(), 0) > 1:
            c.problems.append(_err("rule_name_duplicate", rule=c.name))
            c.rule = None
    return checks


def parse_rule(data: Any, index: int = 1,
               folder_exists: Callable[[str], bool] | None = folder_is_dir) -> RuleCheck:
    """A rule dict → RuleCheck; never raises on bad input (it is reported instead)."""
    if not isinstance(data, dict):
        return RuleCheck(f"#{index}", None, [_err("rule_not_a_table", index=index)])
    raw_name = data.get("name")
    name = raw_name.strip() if isinstance(raw_name, str) else ""
    problems: list[Problem] = []
    if not name or len(name) > MAX_NAME:
        problems.append(_err("rule_name_missing", index=index, max=MAX_NAME))
    label = name or f"#{index}"
    for key in data:
        if key not in RULE_KEYS:
            problems.append(_err("rule_setting_unknown", rule=label, setting=key,
                                 known=", ".join(RULE_KEYS)))
    p = _Parser(label, data, problems)
    folder = p.text("folder", required=True)
    if folder:
        if not is_absolute_folder(folder):
            problems.append(_err("rule_folder_relative", rule=label, folder=folder))
        elif folder_exists is not None and not _safe_exists(folder_exists, folder):
            problems.append(Problem(Severity.WARNING, "rule_folder_missing",
                                    {"rule": label, "folder": folder}))
    database = p.text("database", required=True)
    table = p.text("table", required=True)
    for kind, value in (("database", database), ("table", table)):
        if value:
            bad = check_target_name(kind, value)
            if bad is not None:
                problems.append(bad)
    patterns = p.patterns()
    mode = p.choice("mode", [m.value for m in WriteMode], WriteMode.APPEND.value)
    keys = p.text_list("keys")
    if mode == WriteMode.MERGE.value and not keys:
        problems.append(Problem(Severity.ERROR, "merge_keys_missing", {"rule": label},
                                fix="pick_keys"))
    sheet = p.text("sheet") or None
    bad_rows = p.choice("bad_rows", [b.value for b in BadRowPolicy], BadRowPolicy.REJECT.value)
    schedule = " ".join(p.text("schedule").split())
    if schedule and not cron_is_valid(schedule):
        problems.append(_err("rule_cron_invalid", rule=label, schedule=schedule))
    enabled = p.flag(data, "enabled", True)
    alerts = p.alerts()
    if any(x.severity is Severity.ERROR for x in problems):
        return RuleCheck(label, None, problems)
    rule = Rule(name=name, folder=folder, database=database, table=table,
                patterns=tuple(patterns), mode=WriteMode(mode), keys=tuple(keys), sheet=sheet,
                bad_rows=BadRowPolicy(bad_rows), schedule=schedule, enabled=enabled,
                alerts=alerts)
    return RuleCheck(label, rule, problems)


class _Parser:
    """Reads one rule's values, adding a problem (never raising) for each bad one."""

    def __init__(self, rule: str, data: dict[str, Any], problems: list[Problem]):
        self.rule, self.data, self.problems = rule, data, problems

    def _bad(self, setting: str, value: Any, expected: str) -> None:
        self.problems.append(_err("rule_value_invalid", rule=self.rule, setting=setting,
                                  value=repr(value), expected=expected))

    def text(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(_err("rule_setting_missing", rule=self.rule, setting=key))
            return ""
        if not isinstance(value, str):
            self._bad(key, value, "text")
            return ""
        return value.strip()

    def text_list(self, key: str, data: dict[str, Any] | None = None) -> list[str]:
        value = (self.data if data is None else data).get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            self._bad(key, value, "a list of texts")
            return []
        return [v.strip() for v in value if v.strip()]

    def choice(self, key: str, allowed: list[str], default: str) -> str:
        value = self.data.get(key)
        if value is None or value == "":
            return default
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            self._bad(key, value, " | ".join(allowed))
            return default
        return value.strip().lower()

    def flag(self, data: dict[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self._bad(key, value, "true | false")
            return default
        return value

    def patterns(self) -> list[str]:
        value = self.data.get("pattern", DEFAULT_PATTERN)
        if isinstance(value, str):
            value = value.split(";")
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            self._bad("pattern", value, "'*.csv' or a list of such patterns")
            return [DEFAULT_PATTERN]
        found = [v.strip() for v in value if v.strip()]
        if not found:
            self.problems.append(_err("rule_pattern_invalid", rule=self.rule, pattern=""))
        for pattern in found:
            if "/" in pattern or "\\" in pattern or pattern in (".", ".."):
                self.problems.append(_err("rule_pattern_invalid", rule=self.rule,
                                          pattern=pattern))
        return found

    def alerts(self) -> AlertChannels:
        value = self.data.get("alerts")
        if value is None:
            return AlertChannels()
        if not isinstance(value, dict):
            self._bad("alerts", value, "a table: on_success, desktop, webhook, email")
            return AlertChannels()
        for key in value:
            if key not in ALERT_KEYS:
                self.problems.append(_err("rule_setting_unknown", rule=self.rule,
                                          setting=f"alerts.{key}", known=", ".join(ALERT_KEYS)))
        webhook = value.get("webhook", "")
        if not isinstance(webhook, str):
            self._bad("alerts.webhook", webhook, "a webhook's name")
            webhook = ""
        emails = self.text_list("email", value)
        for address in emails:
            local, at, domain = address.partition("@")
            if not (local and at and "." in domain) or " " in address:
                self._bad("alerts.email", address, "e-mail addresses, like ana@contoso.com")
        return AlertChannels(on_success=self.flag(value, "on_success", False),
                             desktop=self.flag(value, "desktop", True),
                             webhook=webhook.strip(), email=tuple(emails))


def is_absolute_folder(folder: str) -> bool:
    """C:\\..., \\\\server\\share\\..., /srv/... or ~/...: never relative to wherever DINO
    happened to start."""
    text = os.path.expanduser(folder)
    return PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() \
        or Path(text).is_absolute()


def _safe_exists(check: Callable[[str], bool], folder: str) -> bool:
    try:
        return check(folder)
    except OSError:
        return False


def _err(code: str, **params: Any) -> Problem:
    return Problem(Severity.ERROR, code, params)


# ---------------------------------------------------------------- schedules


def cron_is_valid(expression: str) -> bool:
    try:
        return bool(croniter.is_valid(expression))
    except (TypeError, ValueError):
        return False


def next_fire(schedule: str, after: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The first time strictly after `after` (aware) that the cron expression names, in UTC.
    The expression reads in `tz`, or in the computer's own time zone (None), as people
    write "0 7 * * 1-5" meaning seven in the morning where they are."""
    if tz is None:  # naive local wall time: the OS applies its own daylight-saving rules
        local = after.astimezone().replace(tzinfo=None)
        return croniter(schedule, local).get_next(dt.datetime).astimezone(dt.UTC)
    return croniter(schedule, after.astimezone(tz)).get_next(dt.datetime).astimezone(dt.UTC)


def first_due(schedule: str, last_fired: dt.datetime | None, now: dt.datetime,
              tz: dt.tzinfo | None = None) -> dt.datetime:
    """When a scheduled rule should run next. A time missed while DINO was closed (the
    computer off at 07:00) is made up once, at once, rather than skipped to tomorrow."""
    if last_fired is not None:
        missed = next_fire(schedule, last_fired, tz)
        if missed <= now:
            return now
    return next_fire(schedule, now, tz)


# ---------------------------------------------------------------- files


def matches(file_name: str, patterns: Iterable[str]) -> bool:
    """Case-insensitive (as on Windows and most shares); programs' temporary files never."""
    lower = file_name.lower()
    if any(fnmatch.fnmatchcase(lower, t) for t in TEMPORARY):
        return False
    return any(fnmatch.fnmatchcase(lower, p.lower()) for p in patterns)


@dataclass(frozen=True)
class Seen:
    """A file as a scan found it; `since` is when it first had this size and mtime."""

    size: int
    mtime_ns: int
    since: dt.datetime


def observe(previous: Seen | None, size: int, mtime_ns: int, now: dt.datetime) -> Seen:
    if previous is not None and (previous.size, previous.mtime_ns) == (size, mtime_ns):
        return previous
    return Seen(size, mtime_ns, now)


def is_settled(seen: Seen, now: dt.datetime, settle_seconds: float) -> bool:
    """Unchanged for the whole settle time: whoever wrote it has stopped. A settle time
    of 0 trusts a file as soon as it is seen."""
    return settle_seconds <= 0 or (now - seen.since).total_seconds() >= settle_seconds


def settles_at(seen: Seen, settle_seconds: float) -> dt.datetime:
    return seen.since + dt.timedelta(seconds=max(settle_seconds, 0))


def aside_name(name: str, taken: Callable[[str], bool], now: dt.datetime) -> str:
    """The name a file gets in processed/ or failed/: its own, or with a time suffix when
    that is taken (vendas.csv → vendas.20261126-140300.csv, then ...-2.csv)."""
    if not taken(name):
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    suffix = now.strftime("%Y%m%d-%H%M%S")
    candidate = f"{stem}.{suffix}" + (f".{ext}" if ext else "")
    n = 1
    while taken(candidate):
        n += 1
        candidate = f"{stem}.{suffix}-{n}" + (f".{ext}" if ext else "")
    return candidate
