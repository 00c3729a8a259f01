"""One example access list for the tests of both sides (desktop and Spark job), and the table of
cases they must agree on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# As IT writes it in the central dino.toml.
CENTRAL_TOML = """
[access]
groups = { vendas = ["Ana@Contoso.com", "bia@contoso.com"], ti = ["it@contoso.com"] }

[[access.allow]]
who = ["group:vendas"]
database = "vendas"
table = "*"
modes = ["append", "merge"]

[[access.allow]]
who = ["carlos@contoso.com"]      # the table's owner
database = "vendas"
table = "notas"
modes = ["append", "merge", "overwrite"]

[[access.allow]]
who = "group:ti"
database = "*"
table = "*"
modes = "*"

[[access.allow]]
who = "*"
database = "sandbox"
table = "tmp_*"
modes = ["append", "overwrite"]
"""

# The same list as the JSON file the Databricks job reads.
LIST: dict[str, Any] = {
    "groups": {"vendas": ["Ana@Contoso.com", "bia@contoso.com"], "ti": ["it@contoso.com"]},
    "allow": [
        {"who": ["group:vendas"], "database": "vendas", "table": "*",
         "modes": ["append", "merge"]},
        {"who": ["carlos@contoso.com"], "database": "vendas", "table": "notas",
         "modes": ["append", "merge", "overwrite"]},
        {"who": "group:ti", "database": "*", "table": "*", "modes": "*"},
        {"who": "*", "database": "sandbox", "table": "tmp_*", "modes": ["append", "overwrite"]},
    ],
}

# user, database, table, mode -> allowed?
CASES: list[tuple[str, str, str, str, bool]] = [
    ("ana@contoso.com", "vendas", "notas", "append", True),
    ("ANA@CONTOSO.COM", "vendas", "notas", "merge", True),  # users compare case-insensitively
    (" ana@contoso.com ", "vendas", "itens", "append", True),
    ("ana@contoso.com", "vendas", "notas", "overwrite", False),  # overwrite: owners only
    ("carlos@contoso.com", "vendas", "notas", "overwrite", True),
    ("carlos@contoso.com", "vendas", "itens", "append", False),
    ("bia@contoso.com", "vendas", "notas_2026", "merge", True),
    ("bia@contoso.com", "financeiro", "contas", "append", False),
    ("it@contoso.com", "financeiro", "contas", "overwrite", True),
    ("it@contoso.com", "vendas", "notas", "merge", True),
    ("ze@contoso.com", "sandbox", "tmp_1", "overwrite", True),
    ("ze@contoso.com", "sandbox", "tmp_", "append", True),
    ("ze@contoso.com", "sandbox", "tmp_1", "merge", False),
    ("ze@contoso.com", "sandbox", "perm", "append", False),
    ("ze@contoso.com", "vendas", "notas", "append", False),
    ("", "sandbox", "tmp_x", "append", True),
    ("", "vendas", "notas", "append", False),
    ("group:vendas", "vendas", "notas", "append", False),  # a group name is not a user
    ("*", "vendas", "notas", "append", False),
    ("ana@contoso.com", "Vendas", "Notas", "append", True),  # names are lower-case anyway
]

# lists both sides refuse, and the words the refusal must contain
BAD_LISTS: list[tuple[Any, str]] = [
    ({"allow": [{"who": "*", "database": "x", "table": "*"}]}, "allow entry 1"),
    ({"allow": [{"who": "*", "database": "x", "table": "*", "modes": ["append"]},
                {"who": "*", "database": "x", "table": "*", "modes": ["delete"]}]},
     "allow entry 2"),
    ({"allow": [{"who": "group:nope", "database": "x", "table": "*", "modes": "*"}]}, "nope"),
    ({"allow": [{"who": "*", "database": "Vendas", "table": "*", "modes": "*"}]}, "Vendas"),
    ({"allow": [{"who": "*", "database": "x", "table": "a b", "modes": "*"}]}, "table"),
    ({"allow": [{"who": [], "database": "x", "table": "*", "modes": "*"}]}, "who"),
    ({"allow": [{"who": "*", "database": "x", "table": "*", "modes": [], "x": 1}]}, "x"),
    ({"allow": [{"who": "*", "database": "x", "table": "*", "modes": []}]}, "modes"),
    ({"groups": {"g": "ana"}, "allow": []}, "group 'g'"),
    ({"groups": {"g": ["group:h"]}, "allow": []}, "group 'g'"),
    ({"groups": {"g": ["ana"]}}, "allow"),
    ({"allow": {"who": "*"}}, "allow"),
    ({"allow": [], "deny": []}, "deny"),
    (["allow"], "access list"),
]


def write_json(path: Path, data: Any = None) -> Path:
    path.write_text(json.dumps(LIST if data is None else data), "utf-8")
    return path
