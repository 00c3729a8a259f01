"""Refusals the desktop shows in the user's language, and a sentence for whoever reads the log.

The desktop finds `DINO_PROBLEM {"code": ..., "params": ...}` in the run's error text and
renders the problem from its own catalogue (the codes are the desktop's); the English
sentence before it is for the person reading the job run page.
"""

from __future__ import annotations

import json
from typing import Any

MARKER = "DINO_PROBLEM"

# The problems this job can raise, as the desktop names them, with what to do about them.
SENTENCES = {
    "file_unreadable": "The manifest cannot be used: {reason}. Stage the file again from the "
                       "desktop app.",
    "name_invalid": "The {kind} name {name!r} is not valid ({reason}). Use lower-case letters, "
                    "digits and _, starting with a letter or _.",
    "column_name_invalid": "Column {name!r} cannot be written ({reason}). Rename it in the app "
                           "and stage the file again.",
    "schema_type_conflict": "Column {column!r} holds {file_type} values but the table's column "
                            "is {table_type}. Change the column's type in the app, or write "
                            "to another table.",
    "schema_new_column_refused": "The file brings new columns ({column}) and the run does not "
                                 "allow new columns. Allow them in the app, or remove them.",
    "schema_required_missing": "The table requires column {column!r}, which the file lacks.",
    "table_merge_duplicate_keys": "{count} key values appear more than once in the file for "
                                  "{table} (keys {keys}, e.g. {example}). Merge keys must "
                                  "identify one row each: pick other keys.",
    "table_write_failed": "Writing {table} failed: {reason}. The table was left as it was; "
                          "retry the run.",
    "table_busy": "Other runs kept changing {table} while this one wrote ({attempts} "
                  "attempts). Nothing was written; retry the run.",
    "engine_action_unknown": "Unknown action {action!r}: this job only knows 'write'.",
    "engine_run_id_mismatch": "The job was asked for run {run_id} but the manifest is for run "
                              "{manifest_run_id}.",
    "access_denied": "DINO's access list does not let {user} write to {target}. Ask IT, or the "
                     "table's owner, to add them to the list, or write to another table.",
    "access_mode_denied": "DINO's access list lets {user} write to {target} only by {modes}, "
                          "not by {mode}. Choose one of those modes, or ask IT for this one.",
    "access_user_mismatch": "Run {run_id} was prepared by {user} but started by "
                            "{trigger_user}: refused. Load the file again as yourself.",
    "access_check_failed": "Who may write where could not be checked ({reason}); nothing was "
                           "written. Check DINO_ACCESS_LIST on the job cluster and that the "
                           "job's run-as identity may read its own runs.",
}

# What to do, as the desktop's fix codes (dino_desktop/core/messages.py FIXES), for problems
# whose advice the desktop cannot guess from the code alone.
FIXES = {
    "access_denied": "ask_access",
    "access_mode_denied": "choose_allowed_mode",
    "access_user_mismatch": "ingest_yourself",
    "access_check_failed": "ask_it_access_list",
}


class JobProblem(Exception):
    """A refusal: nothing was written, and the message says what to do."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = {k: v for k, v in params.items() if v is not None}
        super().__init__(self.text())

    def sentence(self) -> str:
        template = SENTENCES.get(self.code)
        if template is None:
            return self.code
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return f"{self.code}: {self.params}"

    def payload(self) -> dict[str, Any]:
        """What the desktop reads (the DINO_PROBLEM line, `_result.json`'s "problem")."""
        found = {"code": self.code, "params": self.params}
        if self.code in FIXES:
            found["fix"] = FIXES[self.code]
        return found

    def text(self) -> str:
        payload = json.dumps(self.payload(), ensure_ascii=False, default=str)
        return f"{self.sentence()}\n{MARKER} {payload}"
