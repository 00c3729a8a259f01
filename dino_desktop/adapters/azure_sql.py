"""The run log on Azure SQL: the same SqlRunLog and migrations, over mssql+pyodbc.

No password anywhere: every new connection gets a fresh Entra ID access token from the
azure-identity credential, handed to the ODBC driver before it connects (the pre-connect
attribute SQL_COPT_SS_ACCESS_TOKEN). IT may instead give a whole ODBC connection string
(`sql_connection_string`), which is used as given and never shown unmasked.

pyodbc is imported by SQLAlchemy when the engine is made, never when this module is
imported: a machine without unixODBC can still run the local profile and the tests.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dino_desktop.adapters.runlog_db import HEAD_REVISION, make_engine, sql_server_dialect
from dino_desktop.config import AzureSettings
from dino_desktop.core.models import DinoError, Problem, Severity

__all__ = ["SQL_COPT_SS_ACCESS_TOKEN", "SQL_SCOPE", "azure_runlog", "check_azure_sql",
           "check_sql", "make_azure_sql_engine", "mask_odbc", "odbc_connection_string",
           "sql_problem", "sql_server_dialect", "sql_target", "token_struct"]

SQL_COPT_SS_ACCESS_TOKEN = 1256  # msodbcsql.h: the access token, set before connecting
SQL_SCOPE = "https://database.windows.net/.default"
LOGIN_TIMEOUT_S = 30
_SECRET_KEYS = ("pwd", "password", "accesstoken", "access_token", "secret", "token")
_AUTH_KEYS = ("uid", "user id", "pwd", "password", "authentication", "trusted_connection")


def token_struct(token: str) -> bytes:
    """The ACCESSTOKEN struct the driver expects: a little-endian 4-byte length, then the
    token in UTF-16-LE (each ASCII byte followed by a zero byte), no terminator."""
    raw = token.encode("utf-16-le")
    return struct.pack(f"<I{len(raw)}s", len(raw), raw)


def _odbc_value(value: str) -> str:
    """A value braced when it holds ; { } or edge spaces (ODBC connection-string rules)."""
    if re.search(r"[;{}]", value) or value != value.strip():
        return "{" + value.replace("}", "}}") + "}"
    return value


def odbc_connection_string(azure: AzureSettings, *,
                           login_timeout: int = LOGIN_TIMEOUT_S) -> str:
    """ODBC Driver 18, encrypted with the server's certificate checked, no UID/PWD (the
    token is the login). ValueError when server or database is missing."""
    if not azure.sql_server or not azure.sql_database:
        raise ValueError("sql_server and sql_database are both needed")
    server = azure.sql_server.strip()
    if not server.lower().startswith(("tcp:", "np:", "lpc:")):
        server = "tcp:" + server
    if "," not in server:
        server += ",1433"
    parts = {
        "Driver": "{" + (azure.sql_driver or "ODBC Driver 18 for SQL Server") + "}",
        "Server": _odbc_value(server),
        "Database": _odbc_value(azure.sql_database.strip()),
        "Encrypt": "yes",
        "TrustServerCertificate": "no",
        "Connection Timeout": str(int(login_timeout)),  # login, in seconds
        "ConnectRetryCount": "3",  # idle connections dropped by the gateway reconnect
        "ConnectRetryInterval": "10",
        "APP": "DINO",
    }
    return ";".join(f"{k}={v}" for k, v in parts.items())


def _pairs(conn_str: str) -> list[tuple[str, str]]:
    """key=value pairs of an ODBC string ({...} values may hold ; and }})."""
    out, i = [], 0
    while i < len(conn_str):
        eq = conn_str.find("=", i)
        if eq < 0:
            break
        key = conn_str[i:eq].strip()
        j = eq + 1
        if conn_str[j:j + 1] == "{":
            k = j + 1
            while True:
                close = conn_str.find("}", k)
                if close < 0:
                    close = len(conn_str) - 1
                    break
                if conn_str[close + 1:close + 2] == "}":
                    k = close + 2
                    continue
                break
            value, i = conn_str[j:close + 1], conn_str.find(";", close) + 1 or len(conn_str)
        else:
            end = conn_str.find(";", j)
            end = len(conn_str) if end < 0 else end
            value, i = conn_str[j:end], end + 1
        if key:
            out.append((key, value))
    return out


def mask_odbc(conn_str: str) -> str:
    """The connection string with every secret (PWD, Password, AccessToken...) as ****."""
    return ";".join(f"{k}=****" if k.lower().replace(" ", "") in _SECRET_KEYS else f"{k}={v}"
                    for k, v in _pairs(conn_str))


def _has_login(conn_str: str) -> bool:
    return any(k.lower() in _AUTH_KEYS for k, _ in _pairs(conn_str))


def sql_target(azure: AzureSettings) -> str:
    """What `dino doctor` and logs may show: the connection string, secrets masked."""
    if azure.sql_connection_string:
        return mask_odbc(azure.sql_connection_string)
    try:
        return odbc_connection_string(azure)
    except ValueError:
        return ""


def make_azure_sql_engine(azure: AzureSettings, credential: Any = None, *,
                          echo: bool = False, login_timeout: int = LOGIN_TIMEOUT_S) -> Engine:
    """An engine on Azure SQL. Every new connection signs in with a token from
    `credential` (an azure-identity TokenCredential), unless `sql_connection_string` is set
    and carries its own login. The engine's URL holds the masked string only: the real one
    is handed to pyodbc at connect time, so no log or error message can show a password.
    DinoError: not configured, pyodbc missing, or no credential to sign in with."""
    if azure.sql_connection_string:
        real = azure.sql_connection_string
    else:
        try:
            real = odbc_connection_string(azure, login_timeout=login_timeout)
        except ValueError:
            raise DinoError(Problem(Severity.ERROR, "sql_not_configured", {},
                                    fix="set_sql_server")) from None
    needs_token = not _has_login(real)
    if needs_token and credential is None:
        raise DinoError(Problem(Severity.ERROR, "sql_not_configured", {},
                                fix="set_sql_server"))
    url = sa.URL.create("mssql+pyodbc", query={"odbc_connect": mask_odbc(real)})
    try:
        engine = make_engine(url.render_as_string(hide_password=False), echo=echo)
    except ImportError as exc:  # pyodbc, or the unixODBC library it loads
        raise DinoError(Problem(Severity.ERROR, "sql_driver_missing",
                                {"driver": azure.sql_driver, "reason": str(exc)},
                                fix="install_odbc_driver")) from exc
    sa.event.listen(engine, "do_connect", _connector(real, credential if needs_token else None))
    return engine


def _connector(conn_str: str, credential: Any) -> Callable[..., None]:
    """The do_connect hook: the real connection string, and a fresh token if signing in."""

    def do_connect(dialect: Any, conn_rec: Any, cargs: list[Any], cparams: dict[str, Any]
                   ) -> None:
        cargs[:] = [conn_str]  # replaces the masked string SQLAlchemy built from the URL
        if credential is not None:  # azure-identity caches tokens: cheap until they expire
            token = credential.get_token(SQL_SCOPE).token
            attrs = dict(cparams.get("attrs_before") or {})
            attrs[SQL_COPT_SS_ACCESS_TOKEN] = token_struct(token)
            cparams["attrs_before"] = attrs

    return do_connect


def azure_runlog(azure: AzureSettings, credential: Any = None, **kwargs: Any) -> Any:
    """The RunLog for the azure profile (migrates on open: do it on a worker thread)."""
    from dino_desktop.adapters.sql_runlog import SqlRunLog

    return SqlRunLog(make_azure_sql_engine(azure, credential), **kwargs)


# ---- errors a person can act on

_DRIVER_STATES = {"IM002", "IM003"}  # no such driver / the driver cannot be loaded
_DRIVER_TEXT = ("can't open lib", "data source name not found", "driver not found")
_LOGIN_STATES = {"28000", "FA001", "FA004"}
_LOGIN_TEXT = ("login failed", "18456")


def _is_credential_error(exc: BaseException) -> bool:
    try:
        from azure.core.exceptions import ClientAuthenticationError
    except ImportError:  # pragma: no cover - the azure extra is what brings us here
        return False
    return isinstance(exc, ClientAuthenticationError)


def sql_problem(exc: BaseException, azure: AzureSettings) -> Problem:
    """What went wrong reaching Azure SQL, for a person: driver, sign-in or network."""
    text = str(getattr(exc, "orig", None) or exc)
    lower = text.lower()
    params = {"server": azure.sql_server or "?", "database": azure.sql_database or "?",
              "driver": azure.sql_driver, "reason": _first_line(text)}
    states = set(re.findall(r"\b([0-9A-Z]{5})\b", text))
    if _is_credential_error(exc):
        return Problem(Severity.ERROR, "sql_login_failed", params, fix="sql_grant_user")
    if states & _DRIVER_STATES or any(t in lower for t in _DRIVER_TEXT):
        return Problem(Severity.ERROR, "sql_driver_missing", params, fix="install_odbc_driver")
    if states & _LOGIN_STATES or any(t in lower for t in _LOGIN_TEXT):
        return Problem(Severity.ERROR, "sql_login_failed", params, fix="sql_grant_user")
    return Problem(Severity.ERROR, "sql_unreachable", params, fix="sql_check_network")


def _first_line(text: str, limit: int = 300) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:limit]


def _no_such_table(exc: sa.exc.DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "42s02" in text or "invalid object name" in text or "no such table" in text


def check_sql(engine: Engine, azure: AzureSettings) -> Problem | None:
    """`dino doctor`: one connection and one small read. None when the run log is reachable
    and at the newest schema; else the problem (driver, sign-in, network, not migrated)."""
    try:
        with engine.connect() as conn:
            try:
                found = conn.exec_driver_sql("SELECT version_num FROM alembic_version"
                                             ).scalar()
            except sa.exc.DBAPIError as exc:
                if not _no_such_table(exc):
                    raise
                found = None  # never opened by DINO
    except DinoError as exc:
        return exc.problem
    except Exception as exc:  # DBAPIError, or the credential failing inside do_connect
        return sql_problem(exc, azure)
    if found != HEAD_REVISION:
        return Problem(Severity.ERROR, "sql_not_migrated",
                       {"database": azure.sql_database or "?", "found": found or "-",
                        "expected": HEAD_REVISION}, fix="sql_migrate")
    return None


def check_azure_sql(azure: AzureSettings, credential: Any = None, *,
                    login_timeout: int = 10) -> Problem | None:
    """`dino doctor` from the settings: builds a throwaway engine, runs check_sql, disposes
    it. None when the run log is reachable and migrated; else what to do about it."""
    try:
        engine = make_azure_sql_engine(azure, credential, login_timeout=login_timeout)
    except DinoError as exc:
        return exc.problem
    try:
        return check_sql(engine, azure)
    finally:
        engine.dispose()
