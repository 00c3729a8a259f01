"""Automation rules: parsing and checking, schedules, and when a file counts as complete."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dino_desktop.core.alerts import AlertChannels
from dino_desktop.core.messages import MESSAGES, render
from dino_desktop.core.models import BadRowPolicy, Severity, WriteMode
from dino_desktop.core.rules import (
    Rule,
    Seen,
    aside_name,
    first_due,
    is_settled,
    matches,
    next_fire,
    observe,
    parse_rule,
    validate_rules,
)

UTC = dt.UTC
T0 = dt.datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def rule_dict(tmp_path: Path, **kw) -> dict:
    return {"name": "vendas", "folder": str(tmp_path), "database": "vendas",
            "table": "notas", **kw}


def codes(check) -> list[str]:
    return [p.code for p in check.problems]


def test_a_full_rule_parses_and_round_trips(tmp_path: Path):
    data = rule_dict(tmp_path, pattern="vendas_*.csv;*.xlsx", mode="merge", keys=["codigo"],
                     sheet="Plan1", bad_rows="skip", schedule="0  7 * * 1-5",
                     alerts={"on_success": True, "desktop": False, "webhook": "teams-vendas",
                             "email": ["ana@contoso.com", "bruno@contoso.com"]})
    check = parse_rule(data)
    assert check.ok and check.problems == []
    rule = check.rule
    assert rule == Rule(name="vendas", folder=str(tmp_path), database="vendas", table="notas",
                        patterns=("vendas_*.csv", "*.xlsx"), mode=WriteMode.MERGE,
                        keys=("codigo",), sheet="Plan1", bad_rows=BadRowPolicy.SKIP,
                        schedule="0 7 * * 1-5",
                        alerts=AlertChannels(True, False, "teams-vendas",
                                             ("ana@contoso.com", "bruno@contoso.com")))
    assert not rule.on_arrival
    assert parse_rule(rule.to_dict()).rule == rule


def test_defaults_are_on_arrival_csv_append_reject(tmp_path: Path):
    rule = parse_rule(rule_dict(tmp_path)).rule
    assert rule is not None and rule.on_arrival and rule.enabled
    assert (rule.patterns, rule.mode, rule.bad_rows) == (("*.csv",), WriteMode.APPEND,
                                                         BadRowPolicy.REJECT)
    assert rule.alerts == AlertChannels()
    assert rule.to_dict() == {"name": "vendas", "folder": str(tmp_path), "pattern": "*.csv",
                              "database": "vendas", "table": "notas", "mode": "append",
                              "bad_rows": "reject"}


@pytest.mark.parametrize(("change", "code"), [
    ({"schedule": "every morning"}, "rule_cron_invalid"),
    ({"schedule": "0 25 * * *"}, "rule_cron_invalid"),
    ({"database": "Vendas"}, "name_invalid"),
    ({"table": "notas 2026"}, "name_invalid"),
    ({"table": None}, "rule_setting_missing"),
    ({"folder": "relative/path"}, "rule_folder_relative"),
    ({"mode": "upsert"}, "rule_value_invalid"),
    ({"mode": "merge"}, "merge_keys_missing"),
    ({"bad_rows": "ignore"}, "rule_value_invalid"),
    ({"pattern": "sub/*.csv"}, "rule_pattern_invalid"),
    ({"pattern": ""}, "rule_pattern_invalid"),
    ({"enabled": "yes"}, "rule_value_invalid"),
    ({"shedule": "0 7 * * *"}, "rule_setting_unknown"),
    ({"alerts": {"email": ["not an address"]}}, "rule_value_invalid"),
    ({"alerts": {"sms": True}}, "rule_setting_unknown"),
    ({"alerts": "yes"}, "rule_value_invalid"),
    ({"name": ""}, "rule_name_missing"),
])
def test_a_wrong_setting_is_reported_not_raised(tmp_path: Path, change: dict, code: str):
    check = parse_rule({**rule_dict(tmp_path), **change})
    assert not check.ok
    assert code in codes(check)
    for p in check.problems:  # every problem renders fully, in both languages
        for lang in ("en", "pt_BR"):
            text = render(p, lang)
            assert "{" not in text, text


def test_a_missing_folder_is_a_warning_the_rule_still_runs(tmp_path: Path):
    check = parse_rule(rule_dict(tmp_path, folder=str(tmp_path / "offline-share")))
    assert check.ok
    assert [(p.severity, p.code) for p in check.problems] == [
        (Severity.WARNING, "rule_folder_missing")]
    assert parse_rule(rule_dict(tmp_path, folder=str(tmp_path / "x")),
                      folder_exists=None).problems == []


def test_windows_and_unc_folders_count_as_full_paths(tmp_path: Path):
    for folder in (r"C:\Dados\Vendas", r"\\servidor\share\vendas", "/srv/vendas", "~/vendas"):
        check = parse_rule(rule_dict(tmp_path, folder=folder), folder_exists=None)
        assert check.ok, (folder, codes(check))


def test_one_bad_rule_does_not_spoil_the_others_and_names_must_be_unique(tmp_path: Path):
    checks = validate_rules([
        rule_dict(tmp_path, name="a"),
        rule_dict(tmp_path, name="b", schedule="nonsense"),
        "not a table",
        rule_dict(tmp_path, name="c"),
        rule_dict(tmp_path, name="C"),
    ])
    assert [c.name for c in checks] == ["a", "b", "#3", "c", "C"]
    assert [c.ok for c in checks] == [True, False, False, False, False]
    assert codes(checks[2]) == ["rule_not_a_table"]
    assert codes(checks[3]) == ["rule_name_duplicate"]


def test_every_rule_and_automation_message_has_both_languages():
    fields = re.compile(r"{(\w+)}")
    for code, (en, pt) in MESSAGES.items():
        if code.startswith(("rule_", "auto_")):
            assert en and pt and en != pt, code
            assert set(fields.findall(en)) == set(fields.findall(pt)), code


def test_next_fire_follows_cron_in_the_given_zone():
    assert next_fire("0 7 * * 1-5", T0, UTC) == dt.datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    friday_evening = dt.datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    assert next_fire("0 7 * * 1-5", friday_evening, UTC) == dt.datetime(
        2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday
    sao_paulo = dt.timezone(dt.timedelta(hours=-3))
    assert next_fire("0 7 * * *", T0, sao_paulo) == dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    # strictly after: at 07:00 the next one is tomorrow
    at_seven = dt.datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    assert next_fire("0 7 * * *", at_seven, UTC) == at_seven + dt.timedelta(days=1)
    # the computer's own zone, whatever it is: still in the future, on the hour
    local = next_fire("0 * * * *", T0)
    assert T0 < local <= T0 + dt.timedelta(hours=1) and local.tzinfo is not None


def test_a_time_missed_while_closed_is_made_up_once():
    yesterday = dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    now = dt.datetime(2026, 11, 26, 9, 30, tzinfo=UTC)  # 07:00 today was missed
    assert first_due("0 7 * * *", yesterday, now, UTC) == now
    today = dt.datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    assert first_due("0 7 * * *", today, now, UTC) == today + dt.timedelta(days=1)
    assert first_due("0 7 * * *", None, now, UTC) == today + dt.timedelta(days=1)


def test_a_file_is_complete_only_when_unchanged_for_the_settle_time():
    s1 = observe(None, 100, 1, T0)
    assert not is_settled(s1, T0, 10)
    later = T0 + dt.timedelta(seconds=5)
    s2 = observe(s1, 200, 2, later)  # it grew: the clock starts again
    assert s2 == Seen(200, 2, later)
    assert not is_settled(s2, T0 + dt.timedelta(seconds=12), 10)
    s3 = observe(s2, 200, 2, T0 + dt.timedelta(seconds=15))
    assert s3 is s2 and is_settled(s3, T0 + dt.timedelta(seconds=15), 10)
    assert is_settled(observe(None, 1, 1, T0), T0, 0)  # settle 0: trusted at once


def test_patterns_are_case_insensitive_and_skip_temporary_files():
    assert matches("Vendas_Nov.CSV", ["vendas_*.csv"])
    assert not matches("vendas.xlsx", ["*.csv"])
    for temp in ("~$vendas.xlsx", ".~lock.vendas.csv#", "vendas.csv.tmp", ".hidden.csv",
                 "vendas.csv.part", "vendas.csv.crdownload"):
        assert not matches(temp, ["*", "*.csv", "*.xlsx"]), temp


def test_names_aside_get_a_time_suffix_on_collision():
    taken = {"vendas.csv", "vendas.20261126-060000.csv"}
    now = T0
    assert aside_name("novo.csv", taken.__contains__, now) == "novo.csv"
    assert aside_name("vendas.csv", {"vendas.csv"}.__contains__, now) == \
        "vendas.20261126-060000.csv"
    assert aside_name("vendas.csv", taken.__contains__, now) == "vendas.20261126-060000-2.csv"
    assert aside_name("LEIAME", {"LEIAME"}.__contains__, now) == "LEIAME.20261126-060000"
