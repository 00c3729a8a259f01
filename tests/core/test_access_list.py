"""Who may write where: the access list's rules, its checks, and what the combos offer."""

from __future__ import annotations

import tomllib

import pytest

from dino_desktop.core import access
from dino_desktop.core.messages import MESSAGES, render
from dino_desktop.core.models import Problem, Severity, Target, WriteMode
from tests.access_lists import BAD_LISTS, CASES, CENTRAL_TOML, LIST


@pytest.fixture
def rules() -> access.AccessList:
    return access.parse(tomllib.loads(CENTRAL_TOML)["access"], source="central.toml")


def test_the_toml_and_the_json_forms_are_the_same_list(rules):
    assert access.parse(LIST) == access.AccessList(rules.rules, rules.groups, configured=True)


@pytest.mark.parametrize(("user", "database", "table", "mode", "expected"), CASES)
def test_who_may_write_where(rules, user, database, table, mode, expected):
    assert rules.allowed(user, Target(database, table), mode) is expected


def test_no_list_lets_everyone_write_everywhere():
    for no_list in (access.OPEN, access.parse(None)):
        assert not no_list.configured
        assert no_list.allowed("anyone", Target("x", "y"), "overwrite")
        assert no_list.check("anyone", Target("x", "y"), WriteMode.OVERWRITE) is None
        assert no_list.databases("anyone", ["b", "a"]) == ["b", "a"]
        assert no_list.tables("anyone", "a", ["t"]) == ["t"]
        assert no_list.summary("anyone") == "no access list: everyone may write everywhere"


def test_an_empty_allow_list_lets_nobody_write():
    nobody = access.parse({"allow": []})
    assert nobody.configured and not nobody.allowed("it@contoso.com", Target("a", "b"), "append")


def test_allowed_modes_follow_the_order_of_the_mode_choices(rules):
    assert rules.allowed_modes("carlos@contoso.com", Target("vendas", "notas")) == [
        "append", "overwrite", "merge"]
    assert rules.allowed_modes("ana@contoso.com", Target("vendas", "notas")) == [
        "append", "merge"]
    assert rules.allowed_modes("ze@contoso.com", Target("vendas", "notas")) == []


@pytest.mark.parametrize("user", ["group:ti", " GROUP:TI ", "*"])
def test_a_user_named_like_a_group_or_everyone_gets_only_what_everyone_gets(rules, user):
    assert not rules.allowed(user, Target("financeiro", "contas"), "append")
    assert rules.allowed(user, Target("sandbox", "tmp_1"), "append")


def test_a_denied_target_says_who_where_and_whom_to_ask_in_both_languages(rules):
    problem = rules.check("ze@contoso.com", Target("vendas", "notas"), WriteMode.APPEND)
    assert problem is not None and problem.severity is Severity.ERROR
    assert problem.code == "access_denied" and problem.fix == "ask_access"
    assert problem.params == {"user": "ze@contoso.com", "target": "vendas.notas",
                              "mode": "append"}
    en, pt = render(problem, "en"), render(problem, "pt_BR")
    assert en == ("DINO's access list does not let ze@contoso.com write to table vendas.notas. "
                  "Ask IT, or the table's owner, to add you to DINO's access list for this "
                  "table; or choose another table.")
    assert pt == ("A lista de acesso do DINO não permite que ze@contoso.com grave na tabela "
                  "vendas.notas. Peça à TI, ou ao dono da tabela, para incluir você na lista "
                  "de acesso do DINO para esta tabela; ou escolha outra tabela.")


def test_a_denied_mode_names_the_modes_allowed_in_both_languages(rules):
    problem = rules.check("ana@contoso.com", Target("vendas", "notas"), "overwrite")
    assert problem is not None and problem.code == "access_mode_denied"
    assert problem.params["modes"] == ["append", "merge"]
    assert render(problem, "en") == (
        "DINO's access list lets ana@contoso.com write to table vendas.notas only by appending "
        "or merging, not by overwriting. Choose one of those modes, or ask IT or the table's "
        "owner for this one.")
    assert render(problem, "pt_BR") == (
        "A lista de acesso do DINO permite que ana@contoso.com grave na tabela vendas.notas só "
        "por acréscimo ou mesclagem, não por sobrescrita. Escolha um desses modos, ou peça este "
        "à TI ou ao dono da tabela.")


def test_every_access_problem_renders_in_both_languages():
    params = {"user": "u", "target": "a.b", "mode": "merge", "modes": ["append"],
              "run_id": "r", "trigger_user": "t", "reason": "why"}
    for code in ("access_denied", "access_mode_denied", "access_user_mismatch",
                 "access_check_failed"):
        assert code in MESSAGES
        for lang in ("en", "pt_BR"):
            text = render(Problem(Severity.ERROR, code, params), lang)
            assert "{" not in text, (code, lang, text)


def test_the_combos_offer_only_what_the_user_may_write(rules):
    existing = ["financeiro", "sandbox", "vendas"]
    assert rules.databases("ana@contoso.com", existing) == ["sandbox", "vendas"]
    assert rules.databases("it@contoso.com", existing) == existing
    assert rules.databases("ze@contoso.com", existing) == ["sandbox"]
    # a database the list names outright is offered before it exists
    assert rules.databases("carlos@contoso.com", []) == ["sandbox", "vendas"]
    assert rules.tables("ana@contoso.com", "vendas", ["itens", "notas"]) == ["itens", "notas"]
    assert rules.tables("ze@contoso.com", "sandbox", ["perm", "tmp_1"]) == ["tmp_1"]
    assert rules.tables("carlos@contoso.com", "vendas", ["itens"]) == ["notas"]
    assert rules.tables("ze@contoso.com", "financeiro", ["contas"]) == []


def test_the_summary_for_dino_doctor(rules):
    text = rules.summary("ana@contoso.com")
    assert text.startswith("access list central.toml: 4 rule(s), 2 group(s)")
    assert "vendas.* (append, merge)" in text and "sandbox.tmp_* (append, overwrite)" in text
    assert rules.summary("nobody").endswith("nobody may write to sandbox.tmp_* "
                                            "(append, overwrite)")


@pytest.mark.parametrize(("data", "words"), BAD_LISTS)
def test_a_broken_list_is_refused_naming_the_entry(data, words):
    with pytest.raises(access.AccessListError) as info:
        access.parse(data)
    assert words in str(info.value)


def test_modes_and_who_may_be_single_strings_and_star_means_every_mode():
    one = access.parse({"allow": [{"who": "Ana@X.com", "database": "d", "table": "t_?",
                                   "modes": "*"}]})
    assert one.rules[0].who == frozenset({"ana@x.com"})
    assert one.allowed_modes("ana@x.com", Target("d", "t_1")) == list(access.MODES)
    assert not one.allowed("ana@x.com", Target("d", "t_10"), "append")
