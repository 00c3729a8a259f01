"""The Databricks workspace as the azure adapters see it: one client, built lazily, errors mapped.

Building a `WorkspaceClient` does network I/O (the SDK probes
`/.well-known/databricks-config`, up to `retry_timeout_seconds` when the host is down), so
`Workspace` builds it on first use, which is on a worker thread: never construct the client
on the GUI thread. Every SDK error is mapped once, here, into a DinoError a person can read
(engine_unreachable, engine_auth, engine_api_error ...). SQL statements (table history,
restore) go through the Statement Execution API on the configured warehouse.

Credentials, in this order: a PAT from DATABRICKS_TOKEN, a PAT from the OS keyring (service
"dino-databricks", user = the workspace host), else an Entra ID token from the azure-identity
credential the app signed in with (scope AZURE_DATABRICKS_SCOPE).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from databricks.sdk import WorkspaceClient
from databricks.sdk.config import Config
from databricks.sdk.credentials_provider import CredentialsProvider, CredentialsStrategy
from databricks.sdk.errors import DatabricksError, NotFound, PermissionDenied, Unauthenticated
from databricks.sdk.service.sql import (
    Disposition,
    ExecuteStatementRequestOnWaitTimeout,
    Format,
    StatementResponse,
    StatementState,
)

from dino_desktop.config import AzureSettings
from dino_desktop.core.models import DinoError, Problem, Severity
from dino_desktop.core.runs import Commit

log = logging.getLogger(__name__)
T = TypeVar("T")

AZURE_DATABRICKS_SCOPE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default"
KEYRING_SERVICE = "dino-databricks"
RETRY_TIMEOUT_S = 10  # the SDK's own retries (429, 503, refused connections)
HTTP_TIMEOUT_S = 30  # above the statements' wait_timeout
_RAISE = object()
_AUTH_ERRORS = {"ClientAuthenticationError", "CredentialUnavailableError",
                "AuthenticationRequiredError"}  # azure-identity, while getting a token


_FIXES = {"engine_unreachable": "check_network", "engine_auth": "sign_in_again",
          "engine_job_missing": "check_job_settings", "engine_failed": "retry_run",
          "engine_timeout": "retry_run", "engine_result_missing": "retry_run"}


def problem(code: str, **params: Any) -> DinoError:
    return DinoError(Problem(Severity.ERROR, code, params, fix=_FIXES.get(code)))


def _first_line(text: object, limit: int = 500) -> str:
    lines = str(text).strip().splitlines()
    return (lines[0] if lines else "")[:limit].rstrip(".")  # the messages add their own


_NETWORK = (("certificate", "a TLS certificate problem"), ("ssl", "a TLS problem"),
            ("refused", "the connection was refused"),
            ("name or service not known", "the host name is unknown"),
            ("getaddrinfo", "the host name is unknown"), ("nodename", "the host name is unknown"),
            ("temporarily unavailable", "the service is temporarily unavailable"),
            ("timed out", "no answer in time"), ("timeout", "no answer in time"))


def network_reason(exc: BaseException) -> str:
    """What went wrong on the way, in words (the SDK hides the cause behind a TimeoutError)."""
    chain, seen = [], exc
    while seen is not None and len(chain) < 8:
        chain.append(str(seen).lower())
        seen = seen.__cause__ or seen.__context__
    text = " ".join(chain)
    return next((words for key, words in _NETWORK if key in text), _first_line(exc))


def map_error(exc: BaseException, host: str) -> DinoError:
    """Any failure talking to Databricks, as the problem a person sees."""
    if isinstance(exc, DinoError):
        return exc
    if isinstance(exc, Unauthenticated | PermissionDenied) or type(exc).__name__ in _AUTH_ERRORS:
        return problem("engine_auth", host=host, message=_first_line(exc))
    if isinstance(exc, TimeoutError | requests.ConnectionError | requests.Timeout
                  | ConnectionError):
        return problem("engine_unreachable", host=host, reason=network_reason(exc))
    if isinstance(exc, DatabricksError):
        return problem("engine_api_error", host=host, message=_first_line(exc))
    return problem("engine_api_error", host=host,
                   message=f"{type(exc).__name__}: {_first_line(exc)}")


def is_unreachable(err: DinoError) -> bool:
    return err.problem.code == "engine_unreachable"


class EntraToken(CredentialsStrategy):
    """Bearer tokens for the Azure Databricks resource from an azure-identity credential.

    Nothing happens until the first request: then the credential is asked for a token (which
    may open a browser: never on the GUI thread), and again five minutes before it expires.
    """

    def __init__(self, credential: Any, clock: Callable[[], float] = time.time) -> None:
        self._credential = credential
        self._clock = clock
        self._lock = threading.Lock()
        self._token: tuple[str, float] | None = None

    def auth_type(self) -> str:
        return "dino-entra-id"

    def __call__(self, cfg: Config) -> CredentialsProvider:
        def headers() -> dict[str, str]:
            return {"Authorization": f"Bearer {self.token()}"}
        return headers

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._token[1] - 300 <= self._clock():
                if isinstance(self._credential, type) or not hasattr(self._credential,
                                                                     "get_token"):
                    self._credential = self._credential()  # a factory: made once, here
                got = self._credential.get_token(AZURE_DATABRICKS_SCOPE)
                self._token = (got.token, float(got.expires_on))
            return self._token[0]


def keyring_token(host: str) -> str | None:
    """A PAT kept in the OS keyring; None when there is none or no keyring works here."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, host) or None
    except Exception as exc:  # no backend (bare Linux), locked keychain, ...
        log.debug("no keyring: %s", exc)
        return None


def make_client(azure: AzureSettings, credential: Any = None, *,
                env: Mapping[str, str] | None = None,
                keyring_get: Callable[[str], str | None] = keyring_token,
                retry_timeout_seconds: int = RETRY_TIMEOUT_S,
                http_timeout_seconds: int = HTTP_TIMEOUT_S) -> WorkspaceClient:
    """A WorkspaceClient for the configured workspace. Network I/O: on a worker thread only.

    `credential` is an azure-identity credential (or a callable returning one, so signing in
    waits until a token is needed).
    """
    host = azure.databricks_host.strip().rstrip("/")
    if not host:
        raise problem("config_invalid", reason="azure.databricks_host is not set")
    env = os.environ if env is None else env
    common: dict[str, Any] = {"host": host, "retry_timeout_seconds": retry_timeout_seconds,
                              "http_timeout_seconds": http_timeout_seconds}
    token = env.get("DATABRICKS_TOKEN") or keyring_get(host)
    try:
        if token:
            cfg = Config(token=token, auth_type="pat", **common)
        elif credential is not None:
            cfg = Config(credentials_strategy=EntraToken(credential), **common)
        else:
            raise problem("engine_auth", host=host,
                          message="no sign-in and no Databricks token (DATABRICKS_TOKEN or the "
                                  "OS keyring)")
        return WorkspaceClient(config=cfg)
    except (ValueError, DatabricksError) as exc:
        raise problem("config_invalid", reason=f"Databricks: {_first_line(exc)}") from exc


class Workspace:
    """A WorkspaceClient (or a factory for one, called on first use) with mapped errors."""

    def __init__(self, client: WorkspaceClient | Callable[[], WorkspaceClient]) -> None:
        self._client = client if isinstance(client, WorkspaceClient) else None
        self._factory = None if isinstance(client, WorkspaceClient) else client
        self._lock = threading.Lock()

    @property
    def client(self) -> WorkspaceClient:
        with self._lock:
            if self._client is None:
                assert self._factory is not None
                try:
                    self._client = self._factory()
                except DinoError:
                    raise
                except Exception as exc:
                    raise map_error(exc, "Databricks") from exc
            return self._client

    @property
    def host(self) -> str:
        return str(self.client.config.host or "")

    def call(self, fn: Callable[[WorkspaceClient], T], *, not_found: Any = _RAISE) -> T:
        """fn(client); a 404 gives `not_found` when one is passed; other errors are mapped."""
        client = self.client
        try:
            return fn(client)
        except NotFound as exc:
            if not_found is _RAISE:
                raise map_error(exc, str(client.config.host or "")) from exc
            return not_found  # type: ignore[no-any-return]
        except Exception as exc:
            raise map_error(exc, str(client.config.host or "")) from exc


class TableMissing(Exception):
    """The statement's table does not exist (TABLE_OR_VIEW_NOT_FOUND)."""


_MISSING = ("TABLE_OR_VIEW_NOT_FOUND", "DELTA_TABLE_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE",
            "SCHEMA_NOT_FOUND")
_RUNNING = (StatementState.PENDING, StatementState.RUNNING)


def quote(*parts: str) -> str:
    """`catalog`.`db`.`table`: each part in backticks (a backtick inside doubled)."""
    return ".".join("`" + p.replace("`", "``") + "`" for p in parts)


def literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Sql:
    """Statements on one SQL warehouse, as rows of {column: text}; waits with the given sleep."""

    def __init__(self, ws: Workspace, warehouse_id: str, *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 timeout_s: float = 600.0) -> None:
        self.ws, self.warehouse_id = ws, warehouse_id
        self._sleep, self._clock, self.timeout_s = sleep, clock, timeout_s

    def rows(self, statement: str) -> list[dict[str, str | None]]:
        """Run one statement; raise TableMissing or a DinoError (engine_sql_failed ...)."""
        if not self.warehouse_id:
            raise problem("config_invalid", reason="azure.databricks_warehouse_id is not set")
        resp = self.ws.call(lambda c: c.statement_execution.execute_statement(
            statement=statement, warehouse_id=self.warehouse_id, wait_timeout="20s",
            on_wait_timeout=ExecuteStatementRequestOnWaitTimeout.CONTINUE,
            format=Format.JSON_ARRAY, disposition=Disposition.INLINE))
        resp = self._wait(resp)
        return self._fetch(resp)

    def _wait(self, resp: StatementResponse) -> StatementResponse:
        """A warehouse that is starting answers PENDING: ask again until it is done."""
        deadline = self._clock() + self.timeout_s
        interval = 1.0
        while resp.status is not None and resp.status.state in _RUNNING:
            if self._clock() >= deadline:
                self.ws.call(lambda c, s=resp.statement_id or "":
                             c.statement_execution.cancel_execution(s))
                raise problem("engine_sql_failed", warehouse=self.warehouse_id,
                              message=f"no answer after {int(self.timeout_s)} s")
            self._sleep(interval)
            interval = min(interval * 1.5, 10.0)
            resp = self.ws.call(lambda c, s=resp.statement_id or "":
                                c.statement_execution.get_statement(s))
        state = resp.status.state if resp.status else None
        if state is not StatementState.SUCCEEDED:
            err = resp.status.error if resp.status else None
            message = (err.message if err else None) or f"statement {state}"
            if any(code in message for code in _MISSING):
                raise TableMissing(message)
            raise problem("engine_sql_failed", warehouse=self.warehouse_id,
                          message=_first_line(message))
        return resp

    def _fetch(self, resp: StatementResponse) -> list[dict[str, str | None]]:
        schema = resp.manifest.schema if resp.manifest else None
        names = [c.name or "" for c in (schema.columns or [])] if schema else []
        out: list[dict[str, str | None]] = []
        chunk = resp.result
        while chunk is not None:
            out += [dict(zip(names, row, strict=False)) for row in (chunk.data_array or [])]
            if chunk.next_chunk_index is None:
                break
            chunk = self.ws.call(lambda c, s=resp.statement_id or "", i=chunk.next_chunk_index:
                                 c.statement_execution.get_statement_result_chunk_n(s, i))
        return out


# ---- Delta table history through the warehouse (reconcile, undo)

UNDO_OF, UNDO_COMMIT, RESTORED_TO = "dino.undo_of", "dino.undo_commit", "dino.restored_to"


@dataclass(frozen=True)
class Entry:
    """One row of DESCRIBE HISTORY, with the DINO metadata decoded."""

    version: int
    operation: str
    params: dict[str, Any]  # operationParameters
    meta: dict[str, Any]  # userMetadata, when it is a JSON object
    read_version: int | None


def _json_map(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def entry(row: dict[str, str | None]) -> Entry:
    return Entry(int(row["version"] or 0), str(row.get("operation") or ""),
                 _json_map(row.get("operationParameters")), _json_map(row.get("userMetadata")),
                 _int(row.get("readVersion")))


class DeltaHistory:
    """A table's DINO commits, read with DESCRIBE HISTORY; undo with RESTORE TABLE.

    The Statement Execution API runs each statement in its own session, so a `SET
    spark.databricks.delta.commitInfo.userMetadata` would not reach the RESTORE. An undo is
    therefore recorded by a follow-up commit, `ALTER TABLE ... SET TBLPROPERTIES
    ('dino.undo_of' = <run id>, 'dino.undo_commit' = <the RESTORE's version>, ...)`; a RESTORE
    that lacks it (the follow-up failed) is attributed to the DINO run committed just after
    the version it restored to. Undoing a run that created the table empties it (DELETE FROM).
    """

    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    def entries(self, target: Any, limit: int | None = None) -> list[Entry] | None:
        """Newest first; None when the table does not exist."""
        statement = f"DESCRIBE HISTORY {self.name(target)}" + (f" LIMIT {limit}" if limit else "")
        try:
            rows = self.sql.rows(statement)
        except TableMissing:
            return None
        return sorted(map(entry, rows), key=lambda e: e.version, reverse=True)

    @staticmethod
    def name(target: Any) -> str:
        return quote(target.catalog, target.database, target.table)

    def committed_version(self, target: Any, run_id: str) -> int | None:
        for e in self.entries(target) or []:
            if e.meta.get("dino_run_id") == run_id and e.operation != "RESTORE":
                return e.version
        return None

    def table_version(self, target: Any) -> int | None:
        found = self.entries(target, limit=1)
        return found[0].version if found else None

    def runs_after(self, target: Any, version: int) -> list[Commit]:
        found = [c for c in attribute(self.entries(target) or []) if c.version > version]
        return sorted(found, key=lambda c: c.version)

    def restore(self, target: Any, version: int, run_id: str) -> int:
        """The table as it was at `version` (-1: empty); asking twice restores once."""
        table = str(target)
        history = self.entries(target)
        if not history:
            raise problem("undo_refused", table=table, reason="undo_no_table")
        done = [c.version for c in attribute(history) if c.undo_of == run_id]
        if done:
            return max(done)
        current = history[0].version
        if not -1 <= version < current:
            raise problem("undo_refused", table=table, reason="undo_bad_version")
        name, op = self.name(target), "RESTORE" if version >= 0 else "DELETE"
        try:
            self.sql.rows(f"RESTORE TABLE {name} TO VERSION AS OF {int(version)}"
                          if version >= 0 else f"DELETE FROM {name}")
        except TableMissing as exc:
            raise problem("undo_refused", table=table, reason="undo_no_table") from exc
        except DinoError as err:
            raise problem("undo_refused", table=table,
                          reason=err.problem.params.get("message") or err.problem.code) from err
        made = next((e for e in self.entries(target) or [] if e.operation == op
                     and e.version > current and e.read_version in (current, None)), None)
        if made is None:
            raise problem("undo_refused", table=table, reason="commit not found")
        props = {UNDO_OF: run_id, UNDO_COMMIT: str(made.version), RESTORED_TO: str(version)}
        pairs = ", ".join(f"{literal(k)} = {literal(v)}" for k, v in props.items())
        try:
            self.sql.rows(f"ALTER TABLE {name} SET TBLPROPERTIES ({pairs})")
        except (DinoError, TableMissing) as exc:  # the RESTORE stands; attributed by version
            log.warning("undo of %s on %s: recording it failed: %s", run_id, table, exc)
            return made.version
        marked = [c.version for c in attribute(self.entries(target, limit=20) or [])
                  if c.undo_of == run_id]
        return max(marked, default=made.version)


def attribute(history: list[Entry]) -> list[Commit]:
    """Which DINO run wrote each commit, or which run it undid."""
    by_version = {e.version: e for e in history}
    runs = {e.version: e.meta.get("dino_run_id") if e.operation != "RESTORE" else None
            for e in history}
    undo: dict[int, str | None] = {e.version: e.meta.get("dino_undo_of") for e in history}
    for e in history:
        if e.operation != "SET TBLPROPERTIES":
            continue
        props = _json_map(e.params.get("properties"))
        of = props.get(UNDO_OF)
        if isinstance(of, str) and of:
            undo[e.version] = of
            commit = _int(props.get(UNDO_COMMIT))
            if commit in undo:
                undo[commit] = of  # type: ignore[index]
    for e in history:
        if e.operation == "RESTORE" and not undo[e.version]:
            to = _int(e.params.get("version"))
            after = by_version.get(to + 1) if to is not None else None
            if after is not None and after.operation != "RESTORE":
                undo[e.version] = after.meta.get("dino_run_id")
    return [Commit(v, runs[v], undo[v]) for v in sorted(by_version)]
