"""`dino doctor` on the local profile: one line per check, exit 0 when all pass."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import dino


def test_doctor_on_the_local_profile(env: dict[str, str], home: Path) -> None:
    done = dino(env, "doctor")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "profile: local"
    assert lines[1].startswith("ok   folder") and str(home) in lines[1]
    assert lines[2].startswith("ok   run log") and "schema" in lines[2]
    data = json.loads(dino(env, "doctor", "--json").stdout)
    assert [c["check"] for c in data] == ["folder", "run log"] and all(c["ok"] for c in data)


def test_doctor_says_what_is_wrong(env: dict[str, str], tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    done = dino({**env, "DINO_HOME": str(blocked / "home"), "DINO_LANG": "pt_BR"}, "doctor")
    assert done.returncode == 3
    assert "FAIL folder" in done.stdout
