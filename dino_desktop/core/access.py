"""Who may write where: IT's access list, checked before anything is converted or uploaded.

The list says which users (or groups of them) may write to which databases and tables, and
in which modes; for example, overwrite only for a table's owners. It comes from IT's central
configuration only (config.py refuses it anywhere else). With no list, everyone may write
everywhere (the default on both profiles).

On the azure profile the Databricks job checks the same rules again before it writes, so a
modified client cannot get around them: `spark_job/src/dino_spark_job/access.py` is this
module written again (the job never imports dino_desktop), and a test keeps the two in
agreement. Change one, change the other.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dino_desktop.core.models import Problem, Severity, Target

MODES = ("append", "overwrite", "merge")
EVERYONE = "*"
GROUP = "group:"
LIST_KEYS = ("groups", "allow", "list_file")  # list_file: where IT keeps it (information)
RULE_KEYS = ("who", "database", "table", "modes")
# a database or table name, or a glob of one: notas_*, vendas_202?, *
PATTERN = re.compile(r"^[a-z0-9_*?\[\]!-]{1,128}$")
_GLOB = re.compile(r"[*?\[]")


class AccessListError(ValueError):
    """The list cannot be used; the message names the entry that is wrong."""


@dataclass(frozen=True)
class Rule:
    """One `[[access.allow]]` entry: who may write to the matching tables, and how."""

    who: frozenset[str]  # lower-case users, "group:<name>", or "*"
    database: str  # a name or a glob
    table: str  # a name or a glob
    modes: tuple[str, ...]
    entry: int  # 1-based position in the list, for messages

    def matches(self, database: str, table: str) -> bool:
        return (fnmatch.fnmatchcase(database.lower(), self.database)
                and fnmatch.fnmatchcase(table.lower(), self.table))

    def describe(self) -> str:
        return f"{self.database}.{self.table} ({', '.join(self.modes)})"


@dataclass(frozen=True)
class AccessList:
    """The parsed list; `configured=False` (no list) lets everyone write everywhere."""

    rules: tuple[Rule, ...] = ()
    groups: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)
    configured: bool = False
    source: str = ""  # where IT keeps it, for `dino doctor`

    def principals(self, user: str) -> set[str]:
        """What a rule's `who` may name to mean this user."""
        me = normalize_user(user)
        if not me or me == EVERYONE or me.startswith(GROUP):  # not a user: only "*" rules
            return {EVERYONE}
        return {me, EVERYONE} | {GROUP + name for name, members in self.groups.items()
                                 if me in members}

    def rules_for(self, user: str) -> list[Rule]:
        mine = self.principals(user)
        return [r for r in self.rules if r.who & mine]

    def allowed_modes(self, user: str, target: Target) -> list[str]:
        """The modes this user may write to the target in (MODES order)."""
        if not self.configured:
            return list(MODES)
        found = {m for r in self.rules_for(user) if r.matches(target.database, target.table)
                 for m in r.modes}
        return [m for m in MODES if m in found]

    def allowed(self, user: str, target: Target, mode: str) -> bool:
        return str(mode) in self.allowed_modes(user, target)

    def check(self, user: str, target: Target, mode: str) -> Problem | None:
        """None when allowed; else the problem that says who may not do what, and whom to
        ask."""
        modes = self.allowed_modes(user, target)
        mode = str(getattr(mode, "value", mode))
        if mode in modes:
            return None
        params: dict[str, Any] = {"user": user, "target": f"{target.database}.{target.table}",
                                  "mode": mode}
        if not modes:
            return Problem(Severity.ERROR, "access_denied", params, fix="ask_access")
        return Problem(Severity.ERROR, "access_mode_denied", {**params, "modes": modes},
                       fix="choose_allowed_mode")

    # ---- what the target combo boxes offer

    def databases(self, user: str, existing: Iterable[str]) -> list[str]:
        """The existing databases this user may write some table of, and the databases the
        list names outright (so a new one can be picked before it exists)."""
        names = list(existing)
        if not self.configured:
            return names
        mine = self.rules_for(user)
        offered = {n for n in names if any(fnmatch.fnmatchcase(n.lower(), r.database)
                                           for r in mine)}
        offered |= {r.database for r in mine if not _GLOB.search(r.database)}
        return sorted(offered)

    def tables(self, user: str, database: str, existing: Iterable[str]) -> list[str]:
        """The existing tables of `database` this user may write to, and the tables the list
        names outright in it."""
        names = list(existing)
        if not self.configured:
            return names
        mine = [r for r in self.rules_for(user)
                if fnmatch.fnmatchcase(database.lower(), r.database)]
        offered = {n for n in names if any(r.matches(database, n) for r in mine)}
        offered |= {r.table for r in mine if not _GLOB.search(r.table)}
        return sorted(offered)

    def summary(self, user: str) -> str:
        """One line for `dino doctor`."""
        if not self.configured:
            return "no access list: everyone may write everywhere"
        mine = self.rules_for(user)
        where = "; ".join(r.describe() for r in mine) or "nowhere"
        return (f"access list {self.source or '(central file)'}: {len(self.rules)} rule(s), "
                f"{len(self.groups)} group(s); {user} may write to {where}")


OPEN = AccessList()


def normalize_user(user: str) -> str:
    """Users compare case-insensitively (UPNs, e-mail addresses)."""
    return str(user).strip().lower()


def parse(data: Mapping[str, Any] | None, source: str = "") -> AccessList:
    """The list as IT wrote it ({"groups": {...}, "allow": [...]}, from TOML or JSON);
    None is "no list". AccessListError names what is wrong."""
    if data is None:
        return OPEN
    if not isinstance(data, Mapping):
        raise AccessListError("the access list must be a table with 'groups' and 'allow'")
    unknown = sorted(set(data) - set(LIST_KEYS))
    if unknown:
        raise AccessListError(f"unknown key(s) {', '.join(unknown)} in the access list "
                              f"(known: {', '.join(LIST_KEYS)})")
    groups = _groups(data.get("groups", {}))
    if "allow" not in data:
        raise AccessListError("the access list has no 'allow' entries ([[access.allow]]); "
                              "to let everyone write everywhere, remove the list instead")
    allow = data["allow"]
    if not isinstance(allow, list):
        raise AccessListError("'allow' must be a list of entries ([[access.allow]])")
    rules = tuple(_rule(i, entry, groups) for i, entry in enumerate(allow, 1))
    return AccessList(rules, groups, configured=True, source=source)


def _groups(raw: Any) -> dict[str, frozenset[str]]:
    if not isinstance(raw, Mapping):
        raise AccessListError("'groups' must map each group name to a list of users")
    out: dict[str, frozenset[str]] = {}
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


def _rule(n: int, entry: Any, groups: Mapping[str, frozenset[str]]) -> Rule:
    where = f"allow entry {n}"
    if not isinstance(entry, Mapping):
        raise AccessListError(f"{where}: must be a table with who, database, table and modes")
    unknown = sorted(set(entry) - set(RULE_KEYS))
    if unknown:
        raise AccessListError(f"{where}: unknown key(s) {', '.join(unknown)} (known: "
                              f"{', '.join(RULE_KEYS)})")
    missing = [k for k in RULE_KEYS if k not in entry]
    if missing:
        raise AccessListError(f"{where}: {', '.join(missing)} missing")
    who = entry["who"]
    who = [who] if isinstance(who, str) else who
    if not isinstance(who, list) or not who:
        raise AccessListError(f"{where}: who must be a user, 'group:<name>' or '*', or a list "
                              f"of them")
    names = set()
    for item in who:
        if not isinstance(item, str) or not normalize_user(item):
            raise AccessListError(f"{where}: who {item!r} is not a user, group or '*'")
        text = item.strip()
        if text.startswith(GROUP):
            group = text[len(GROUP):]
            if group not in groups:
                raise AccessListError(f"{where}: group '{group}' is not defined in 'groups'")
            names.add(GROUP + group)
        else:
            names.add(normalize_user(text))
    patterns = []
    for key in ("database", "table"):
        value = entry[key]
        if not isinstance(value, str) or not PATTERN.match(value):
            raise AccessListError(f"{where}: {key} {value!r} must be a lower-case name, a glob "
                                  f"such as notas_*, or '*'")
        patterns.append(value)
    modes = entry["modes"]
    modes = [modes] if isinstance(modes, str) else modes
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
